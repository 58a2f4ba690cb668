"""Hostile and extreme calendars (issue 13 items 1-2): one short line naming the file and the
event or line, or a grouped warning; never a traceback, a hang or a memory blow-up."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.errors import PlannerInputError
from planner.importers import import_calendar_with_report

CSV_HEADER = "Title,WorkoutType,WorkoutDescription,PlannedDuration,PlannedDistanceInMeters,WorkoutDay"
CSV_ROWS = [
    "Tempo 5 km,Run,,1,8000,2027-03-02",
    "Long Run 16 km,Run,,1.5,16000,2027-03-07",
    "City 10K race,Run,,1,10000,2027-03-28",
]


def event(summary: str, start: str, extra: str = "", uid: str | None = None) -> str:
    value = f"DTSTART;VALUE=DATE:{start}" if "T" not in start else f"DTSTART:{start}"
    return (
        f"BEGIN:VEVENT\r\nUID:{uid or summary[:20] + start}\r\nDTSTAMP:20270101T000000Z\r\n{value}\r\n"
        f"SUMMARY:{summary}\r\n{extra}END:VEVENT\r\n"
    )


BASE = "".join(
    event(title, f"202703{day:02d}")
    for day, title in [
        (2, "Tempo 5 km"),
        (4, "Intervals 6x800"),
        (7, "Long run 16 km"),
        (28, "City 10K race"),
    ]
)


def ics(extra: str) -> str:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nX-WR-TIMEZONE:Europe/London\r\n{BASE}{extra}END:VCALENDAR\r\n"


def csv(extra: str, header: str = CSV_HEADER) -> bytes:
    return ("\n".join([header, *CSV_ROWS, extra]) + "\n").encode()


def refused(data: bytes | str, name: str) -> str:
    with pytest.raises(PlannerInputError) as error:
        import_calendar_with_report(data, name)
    message = str(error.value)
    assert message.startswith(name) and "\n" not in message and len(message) < 300, message
    return message


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=SECONDLY", "20270301T060000Z"),
        ("FREQ=MINUTELY;UNTIL=20280301T000000Z", "20270301T060000Z"),
        ("FREQ=HOURLY;COUNT=100000", "20270301T060000Z"),
        ("FREQ=DAILY;BYHOUR=5,6,7,8;BYMINUTE=0,30", "20270301T060000Z"),
    ],
)
def test_a_series_repeating_many_times_a_day_is_skipped_with_one_grouped_warning(
    rule: str, start: str
) -> None:
    result = import_calendar_with_report(ics(event("Easy run", start, f"RRULE:{rule}\r\n")), "training.ics")
    assert [w for w in result.report.warnings if "times a day" in w and "Easy run" in w]
    assert all(w.kind != "easy" for day in result.plan.training for w in day.workouts)


def test_a_daily_series_with_a_count_in_the_millions_stops_at_the_block() -> None:
    result = import_calendar_with_report(
        ics(event("Easy run", "20270301", "RRULE:FREQ=DAILY;COUNT=10000000\r\n")), "t.ics"
    )
    assert (result.plan.start, result.plan.end) == (dt.date(2027, 3, 1), dt.date(2027, 3, 28))
    assert sum(1 for day in result.plan.training for w in day.workouts if w.kind == "easy") == 28


def test_a_series_begun_a_century_before_the_block_is_skipped_not_walked() -> None:
    result = import_calendar_with_report(ics(event("Easy run", "19000101", "RRULE:FREQ=DAILY\r\n")), "t.ics")
    assert any("began long before" in w for w in result.report.warnings)
    assert result.plan.start == dt.date(2027, 3, 2)


def test_a_weekly_club_run_since_years_fills_in_the_block_without_stretching_it() -> None:
    result = import_calendar_with_report(
        ics(event("Club run 8 km", "20190101", "RRULE:FREQ=WEEKLY\r\n")), "t.ics"
    )
    assert result.plan.start == dt.date(2027, 3, 2)
    assert [d.date for d in result.plan.training if any(w.title == "Club run 8 km" for w in d.workouts)] == [
        dt.date(2027, 3, 2) + dt.timedelta(weeks=i) for i in range(4)
    ]


@pytest.mark.parametrize("start", ["00010101", "99991231", "18991231", "22010101"])
def test_an_event_outside_1900_2200_is_one_line_naming_the_event(start: str) -> None:
    message = refused(ics(event("Easy run", start)), "training.ics")
    assert "'Easy run'" in message and "DTSTART" in message and "1900-2200" in message


def test_a_banner_from_year_1_to_9999_is_refused_clearly() -> None:
    message = refused(
        ics(event("Training Week 1", "00010101", "DTEND;VALUE=DATE:99991231\r\n")), "training.ics"
    )
    assert "Training Week 1" in message


def test_a_megabyte_summary_is_read_and_never_echoed_whole() -> None:
    result = import_calendar_with_report(ics(event("X" * 1_000_000, "20270305")), "training.ics")
    assert all(len(note.text) <= 80 for note in result.report.ignored + result.report.unknown)
    broken = ics(
        "BEGIN:VEVENT\r\nUID:z\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:garbage\r\nSUMMARY:"
        + "Y" * 1_000_000
        + "\r\nEND:VEVENT\r\n"
    )
    assert "DTSTART" in refused(broken, "training.ics")


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("Easy,Run,,inf,,2027-03-03", "PlannedDuration"),
        ("Easy,Run,,nan,,2027-03-03", "PlannedDuration"),
        ("Easy,Run,,1e400,,2027-03-03", "PlannedDuration"),
        ("Easy,Run,,25,,2027-03-03", "PlannedDuration"),
        ("Easy,Run,,0.5," + "9" * 5000 + ",2027-03-03", "PlannedDistanceInMeters"),
        ("Easy,Run,,0.5,-5,2027-03-03", "PlannedDistanceInMeters"),
        ("Easy,Run,,0.5,900000,2027-03-03", "PlannedDistanceInMeters"),
        ("Easy,Run,,0.5,,0001-01-01", "WorkoutDay"),
        ("Easy,Run,,0.5,,9999-12-31", "WorkoutDay"),
        ("Easy,Run,,0.5,,2027-02-30", "WorkoutDay"),
    ],
)
def test_a_bad_csv_value_is_one_line_naming_the_line_and_the_column(row: str, field: str) -> None:
    message = refused(csv(row), "training.csv")
    assert message.startswith("training.csv:5: ") and field in message


def test_ten_thousand_csv_columns_get_a_short_line() -> None:
    data = (",".join(f"Col{i}" for i in range(10_000)) + "\n1,2\n").encode()
    message = refused(data, "training.csv")
    assert "cannot find the columns" in message and "more" in message


def test_a_megabyte_csv_cell_is_refused_by_size_not_echoed() -> None:
    assert "field larger" in refused(csv("X" * 1_000_000 + ",Run,,0.5,,2027-03-03"), "training.csv")


def test_an_ambiguous_date_order_names_an_example_row_and_the_option() -> None:
    data = (
        b"Date,Session\n01/09/2027,Intervals 6 x 800m\n05/09/2027,Long run 16 km\n12/09/2027,Race day 10K\n"
    )
    message = refused(data, "club.csv")
    assert "line 2" in message and "--date-format" in message
    result = import_calendar_with_report(data, "club.csv", date_format="dd/mm/yyyy")
    assert [r.date for r in result.plan.races] == [dt.date(2027, 9, 12)]
    assert "--date-format dd/mm/yyyy" in " ".join(result.report.details)


@pytest.mark.parametrize("data", [b"\n\n", b"\xff\xfe\x00\x00garbage", b"not,a\ncalendar,at all\n"])
def test_garbage_is_one_line(data: bytes) -> None:
    refused(data, "training.csv")


def test_strict_stops_on_the_first_event_it_cannot_classify() -> None:
    data = b"date,title\n2027-03-02,Tempo 5 km\n2027-03-04,Coach's choice 45'\n2027-03-07,Dentist\n"
    result = import_calendar_with_report(data, "coach.csv")
    assert [n.text for n in result.report.unknown] == ["Coach's choice 45'"]
    assert [n.text for n in result.report.ignored] == ["Dentist"]
    with pytest.raises(PlannerInputError) as stopped:
        import_calendar_with_report(data, "coach.csv", strict=True)
    message = str(stopped.value)
    assert message.startswith("coach.csv:3: ") and "Coach's choice" in message and "--keyword" in message


def test_an_rrule_no_calendar_can_repeat_is_skipped_with_a_warning() -> None:
    result = import_calendar_with_report(
        ics(event("Easy run", "20270301", "RRULE:FREQ=DAILY;INTERVAL=0\r\n")), "t.ics"
    )
    assert any("INTERVAL=0" in w for w in result.report.warnings)


def test_a_vtimezone_changing_every_second_is_refused() -> None:
    bomb = (
        "BEGIN:VTIMEZONE\r\nTZID:Bomb/Zone\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=SECONDLY\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    message = refused(ics(bomb + event("Easy run", "20270303T070000")), "training.ics")
    assert "VTIMEZONE 'Bomb/Zone'" in message and "secondly" in message


def test_an_unterminated_csv_quote_is_refused_not_swallowed() -> None:
    assert "not a readable CSV file" in refused(csv('"Easy run,Run,,0.5,,2027-03-03'), "training.csv")
