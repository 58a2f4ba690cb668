"""Local dates: the runner's timezone, the calendar's own VTIMEZONE under any name (issue 8 item 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.errors import PlannerInputError
from planner.importers import import_calendar_with_report


def calendar(tzid: str, offset_std: str, offset_dst: str, events: str, header: str = "") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
        f"{header}BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n"
        f"BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:{offset_dst}\r\nTZOFFSETTO:{offset_std}\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4\r\nEND:STANDARD\r\n"
        f"BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:{offset_std}\r\nTZOFFSETTO:{offset_dst}\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        f"{events}END:VCALENDAR\r\n"
    )


def timed(summary: str, start: str, tzid: str | None, uid: str) -> str:
    value = f"DTSTART;TZID={tzid}:{start}" if tzid else f"DTSTART:{start}"
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\n{value}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n"


SYDNEY_EVENTS = (
    timed("Tempo 8 km", "20270511T053000", "Customized Time Zone", "a")
    + timed("Long run 24 km", "20270516T060000", "Customized Time Zone", "b")
    + timed("Sydney Marathon", "20270829T061500", "Customized Time Zone", "c")
)


def test_a_customized_time_zone_is_read_with_the_files_own_rules_and_named_once() -> None:
    result = import_calendar_with_report(
        calendar("Customized Time Zone", "+1000", "+1100", SYDNEY_EVENTS), "outlook.ics"
    )
    # 05:30 in Sydney is the previous day in UTC: the run stays on its local Tuesday.
    assert [d.date for d in result.plan.training][:2] == [dt.date(2027, 5, 11), dt.date(2027, 5, 16)]
    assert result.plan.athlete.timezone.startswith("Australia/")
    assert "Customized Time Zone" in result.report.timezone_reason
    assert not [w for w in result.report.warnings if "timezone" in w]


def test_two_calendars_with_the_same_custom_tzid_keep_their_own_rules() -> None:
    sydney = import_calendar_with_report(
        calendar("Customized Time Zone", "+1000", "+1100", SYDNEY_EVENTS), "a.ics"
    )
    events = timed("Tempo 8 km", "20270511T230000", "Customized Time Zone", "x") + timed(
        "Boston Marathon", "20270517T100000", "Customized Time Zone", "y"
    )
    # Same TZID, other rules (US Eastern-like, -05:00 in May for this test): read after Sydney's.
    other = import_calendar_with_report(
        calendar("Customized Time Zone", "-0500", "-0500", events), "b.ics", timezone="UTC"
    )
    assert sydney.plan.training[0].date == dt.date(2027, 5, 11)
    # 23:00 at -05:00 is 04:00 UTC the next day: only the file's own rules give that.
    assert other.plan.training[0].date == dt.date(2027, 5, 12)


def test_windows_zone_names_are_resolved_by_icalendars_table() -> None:
    events = timed("Tempo 8 km", "20270713T063000", "W. Europe Standard Time", "a") + timed(
        "Wettkampf: Halbmarathon Köln", "20271003T090000", "W. Europe Standard Time", "b"
    )
    result = import_calendar_with_report(
        calendar("W. Europe Standard Time", "+0100", "+0200", events), "outlook.ics"
    )
    assert result.plan.athlete.timezone == "Europe/Berlin"
    assert "W. Europe Standard Time" in result.report.timezone_reason


def test_utc_times_land_on_the_runners_local_date_with_timezone() -> None:
    events = timed("Hills 8 x 60s", "20270726T180000Z", None, "a") + timed(
        "Auckland Marathon", "20271030T170000Z", None, "b"
    )
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{events}END:VCALENDAR\r\n"
    plain = import_calendar_with_report(text, "feed.ics")
    assert plain.plan.athlete.timezone == "UTC" and "--timezone" in plain.report.timezone_reason
    local = import_calendar_with_report(text, "feed.ics", timezone="Pacific/Auckland")
    assert local.plan.training[0].date == dt.date(2027, 7, 27)
    assert [r.date for r in local.plan.races] == [dt.date(2027, 10, 31)]
    assert local.report.timezone_reason == "given with --timezone"


def test_an_unknown_timezone_option_is_one_line() -> None:
    with pytest.raises(PlannerInputError, match="unknown timezone 'Mars/Olympus'"):
        import_calendar_with_report(
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "feed.ics", timezone="Mars/Olympus"
        )
    with pytest.raises(PlannerInputError, match="unknown timezone"):
        import_calendar_with_report(b"date,title\n2027-03-02,Tempo\n", "plan.csv", timezone="Mars/Olympus")
