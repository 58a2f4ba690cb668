"""What the exported calendar says: times, zones, status, reminders, descriptions, privacy."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from export_cases import NOW, hand_cases, make_plan, make_schedule, unfolded

from planner.errors import PlannerInputError
from planner.export.ics import Alarm, ExportOptions, export_ics, parse_alarms
from planner.export.identity import read_export_state


def events(data: bytes, kind: str = "session") -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return [e for e in cal.walk("VEVENT") if str(e.get("X-PLANNER-KIND")) == kind]


def test_calendar_header_names_the_feed_and_publishes() -> None:
    plan, schedule, _ = hand_cases()["dst_day"]
    cal = icalendar.Calendar.from_ical(export_ics(plan, schedule, now=NOW).data)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["PRODID"]).startswith("-//planner//")
    assert str(cal["X-WR-CALNAME"]) == "Spring block: dry needling"
    named = export_ics(plan, schedule, options=ExportOptions(calendar_name="Sam's needles"), now=NOW)
    assert str(icalendar.Calendar.from_ical(named.data)["X-WR-CALNAME"]) == "Sam's needles"


def test_sessions_are_at_the_appointment_time_in_the_runners_zone_on_a_dst_day() -> None:
    plan, schedule, _ = hand_cases()["dst_day"]
    data = export_ics(plan, schedule, now=NOW).data
    text = unfolded(data)
    # Local wall time with TZID: 10:00 on the spring-forward day stays 10:00 (08:00 UTC).
    assert "DTSTART;TZID=Europe/Berlin:20250330T100000" in text
    assert "DTEND;TZID=Europe/Berlin:20250330T104500" in text
    start = events(data)[1].decoded("DTSTART")
    assert start.astimezone(dt.UTC) == dt.datetime(2025, 3, 30, 8, 0, tzinfo=dt.UTC)
    # The VTIMEZONE is narrowed to the plan and still holds the change to CEST.
    zone = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]
    assert str(zone["TZID"]) == "Europe/Berlin"
    assert [str(c["TZNAME"]) for c in zone.walk("DAYLIGHT")] == ["CEST"]
    assert "20250330T030000" in zone.to_ical().decode()
    assert "1970" not in zone.to_ical().decode()


def test_evening_before_alarm_is_exact_across_the_dst_night() -> None:
    plan, schedule, _ = hand_cases()["dst_day"]
    triggers = [
        [a.decoded("TRIGGER") for a in e.walk("VALARM")] for e in events(export_ics(plan, schedule).data)
    ]
    # 19:00 CET on the 23rd to 10:00 CET on the 24th is 15 h; over the lost hour of the 30th, 14 h.
    assert triggers[0] == [-dt.timedelta(hours=15), -dt.timedelta(hours=2)]
    assert triggers[1] == [-dt.timedelta(hours=14), -dt.timedelta(hours=2)]


def test_utc_plan_still_exports_local_times_with_a_vtimezone() -> None:
    plan, schedule, options = hand_cases()["utc_with_workouts"]
    data = export_ics(plan, schedule, options=options, now=NOW).data
    text = unfolded(data)
    assert "DTSTART;TZID=Etc/UTC:20250324T080000" in text
    cal = icalendar.Calendar.from_ical(data)
    for event in cal.walk("VEVENT"):
        for prop in ("DTSTART", "DTEND"):
            if isinstance(event[prop].dt, dt.datetime):
                assert event[prop].params["TZID"] == "Etc/UTC"
                assert f"{prop}:" not in event.to_ical().decode()  # never the `Z` form
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Etc/UTC"]


def test_all_day_plan_has_date_events_ending_the_next_day_and_no_vtimezone() -> None:
    plan, schedule, _ = hand_cases()["all_day"]
    data = export_ics(plan, schedule, now=NOW).data
    first = events(data)[0]
    assert first.decoded("DTSTART") == dt.date(2025, 3, 24)
    assert first.decoded("DTEND") == dt.date(2025, 3, 25)
    assert b"VTIMEZONE" not in data
    # "2 h before" midnight would ring at 22:00 the night before: only the evening alarm stays.
    assert [a.decoded("TRIGGER") for a in first.walk("VALARM")] == [-dt.timedelta(hours=5)]


def test_provisional_sessions_are_tentative_and_the_reassessment_is_an_event() -> None:
    plan, schedule, _ = hand_cases()["kathmandu"]
    data = export_ics(plan, schedule, now=NOW).data
    statuses = {e.decoded("DTSTART").date(): str(e["STATUS"]) for e in events(data)}
    assert statuses == {
        dt.date(2025, 3, 24): "CONFIRMED",
        dt.date(2025, 3, 30): "CONFIRMED",
        dt.date(2025, 4, 7): "CONFIRMED",
        dt.date(2025, 4, 20): "TENTATIVE",
    }
    (reassess,) = events(data, "reassess")
    assert reassess.decoded("DTSTART") == dt.date(2025, 4, 14)
    assert str(reassess["TRANSP"]) == "TRANSPARENT"


def test_alarms_are_configurable_and_can_be_off() -> None:
    plan, schedule, _ = hand_cases()["dst_day"]
    off = export_ics(plan, schedule, options=ExportOptions(alarms=parse_alarms("off")))
    assert b"VALARM" not in off.data
    custom = export_ics(plan, schedule, options=ExportOptions(alarms=parse_alarms("1d,30m,evening@20:30")))
    triggers = [a.decoded("TRIGGER") for a in events(custom.data)[0].walk("VALARM")]
    assert triggers == [-dt.timedelta(days=1), -dt.timedelta(minutes=30), -dt.timedelta(hours=13, minutes=30)]
    for alarm in events(custom.data)[0].walk("VALARM"):
        assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])


def test_parse_alarms_reads_the_documented_forms_and_rejects_others() -> None:
    assert parse_alarms("evening,2h") == (Alarm("evening"), Alarm("before", dt.timedelta(hours=2)))
    assert parse_alarms("1h30m") == (Alarm("before", dt.timedelta(hours=1, minutes=30)),)
    assert parse_alarms("OFF") == ()
    for bad in ("2x", "evening@25:00", "h", "60d"):
        with pytest.raises(PlannerInputError, match="--alarms"):
            parse_alarms(bad)


def test_description_has_purpose_reasons_after_care_and_clinic() -> None:
    plan, schedule, _ = hand_cases()["dst_day"]
    session = events(export_ics(plan, schedule).data)[1]
    description = str(session["DESCRIPTION"])
    assert "session 2 of 3: recovery" in description
    assert "day after the long run on Sat 29 Mar" in description
    assert "easy running is fine today; no hard session tomorrow." in description
    assert "Clinic: Praxis am Park, Parkstraße 1, Berlin" in description
    assert "Needs clinician clearance" in description  # the second session needs clearance
    assert "Calves" not in description  # hamstring focus: no lower-leg advice
    assert str(session["LOCATION"]) == "Praxis am Park, Parkstraße 1, Berlin"
    assert [str(c) for c in session["CATEGORIES"].cats] == ["Dry needling", "Recovery"]
    assert str(session["X-PLANNER-PURPOSE"]) == "recovery"
    first = str(events(export_ics(plan, schedule).data)[0]["DESCRIPTION"])
    assert "Needs clinician clearance" not in first


def test_lower_leg_after_care_only_with_include_health() -> None:
    plan, schedule, _ = hand_cases()["auckland"]  # calf focus
    private = str(events(export_ics(plan, schedule).data)[0]["DESCRIPTION"])
    assert "After-care: easy running is fine today; no hard session tomorrow." in private
    assert "Calves" not in private and "swap a long run" not in private
    shared = export_ics(plan, schedule, options=ExportOptions(include_health=True)).data
    description = str(events(shared)[0]["DESCRIPTION"])
    assert "keep the next 3 days easy and swap a long run for upper-body work or an easy bike" in description


REGION_WORDS = ("calf", "calves", "lower leg", "lower-leg", "achilles", "soleus", "plantar", "shin", "foot")


def test_a_calf_focus_plan_exports_no_byte_that_reveals_the_region_by_default() -> None:
    plan = make_plan(focus=("calf", "achilles"), screening={"notes": "calf strain in May"})
    for options in (ExportOptions(), ExportOptions(include_workouts=True), ExportOptions(alarms=())):
        text = unfolded(export_ics(plan, make_schedule(), options=options, now=NOW).data).lower()
        assert not [word for word in REGION_WORDS if word in text], options
    shared = unfolded(export_ics(plan, make_schedule(), options=ExportOptions(include_health=True)).data)
    assert "Focus: calf\\, achilles" in shared and "calf strain in May" in shared


def test_screening_answers_and_notes_only_leave_with_opt_in() -> None:
    plan = make_plan(screening={"bleeding_disorder_or_blood_thinners": True, "notes": "takes warfarin"})
    schedule = make_schedule()
    private = export_ics(plan, schedule, now=NOW).data.decode()
    assert "warfarin" not in unfolded(private.encode()) and "blood thinners" not in unfolded(private.encode())
    assert "hamstring" not in unfolded(private.encode())
    shared = unfolded(export_ics(plan, schedule, options=ExportOptions(include_health=True), now=NOW).data)
    assert "takes warfarin" in shared and "bleeding disorder or blood thinners" in shared
    assert "Focus: hamstring" in shared


def test_workouts_are_optional_with_their_own_categories() -> None:
    plan, schedule, _ = hand_cases()["dst_day"]
    assert not events(export_ics(plan, schedule).data, "workout")
    workouts = events(
        export_ics(plan, schedule, options=ExportOptions(include_workouts=True)).data, "workout"
    )
    assert [str(w["SUMMARY"]) for w in workouts] == ["Long run 28 km", "6x1 km", "Easy run"]
    assert [str(w["X-PLANNER-WORKOUT-KIND"]) for w in workouts] == ["long_run", "quality", "easy"]
    assert all(str(w["CATEGORIES"].cats[0]) == "Training" for w in workouts)
    intervals = workouts[1]
    assert intervals.decoded("DTEND") - intervals.decoded("DTSTART") == dt.timedelta(minutes=75)
    assert workouts[0].decoded("DTSTART") == dt.date(2025, 3, 23)
    assert not workouts[0].walk("VALARM")


def test_read_export_state_reads_back_what_was_exported() -> None:
    plan, schedule, _ = hand_cases()["dst_day"]
    result = export_ics(plan, schedule, now=NOW)
    state = read_export_state(result.data)
    assert [(s.uid, s.date, s.sequence, s.purpose) for s in state] == [
        (s.uid, s.date, s.sequence, s.purpose) for s in result.state
    ]
    assert [s.purpose for s in state] == ["trial", "recovery", "maintenance", None]  # None: reassess
    assert all(s.last_modified == NOW for s in state)


def test_read_export_state_rejects_a_file_that_is_not_a_calendar() -> None:
    with pytest.raises(PlannerInputError, match=r"^old\.ics: not a readable calendar"):
        read_export_state(b"this is not a calendar", source="old.ics")


def test_importer_reads_the_export_back_with_a_moved_session_pinned() -> None:
    # Issue 3 item 3 / issue 9: a runner moves a session in their calendar app and re-plans.
    from planner.io import load_plan_bytes

    plan, schedule, _ = hand_cases()["dst_day"]
    plan = plan.model_copy(update={"id": "0123456789abcdef"})
    data = export_ics(plan, schedule, options=ExportOptions(include_workouts=True), now=NOW).data
    moved = data.replace(b"20250330T1", b"20250331T1")  # the runner dragged session 2 to Monday
    imported = load_plan_bytes(moved, "exported.ics")
    assert [(p.date, p.purpose, p.note) for p in imported.pinned] == [
        (dt.date(2025, 3, 31), "recovery", "moved in your calendar")
    ]
    assert (imported.id, imported.name, imported.athlete.name) == (plan.id, "Spring block", "Sam")
    assert imported.athlete.timezone == "Europe/Berlin" and imported.clinic == plan.clinic
    assert imported.races == plan.races and imported.rules == plan.rules
    sessions = [e for e in imported.exported if e.kind == "session"]
    assert [e.date for e in sessions] == [dt.date(2025, 3, 24), dt.date(2025, 3, 31), dt.date(2025, 4, 7)]
