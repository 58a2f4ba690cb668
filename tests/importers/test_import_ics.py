"""A coach's Google Calendar feed, with every trap Google, phones and our own export put in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.errors import PlannerInputError
from planner.importers import import_calendar, import_calendar_with_report
from planner.io import load_plan, load_plan_bytes
from planner.plan import Plan

DATA = Path(__file__).parent / "data"
FEED = DATA / "google_feed.ics"
D = dt.date


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(FEED)


def kinds(plan: Plan) -> dict[dt.date, list[str]]:
    return {day.date: [w.kind for w in day.workouts] for day in plan.training}


def workout(plan: Plan, day: dt.date, index: int = 0):
    return next(d for d in plan.training if d.date == day).workouts[index]


def test_the_file_really_has_the_traps_it_claims() -> None:
    raw = FEED.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r\n " in raw  # folded lines
    assert b"BEGIN:VTIMEZONE" in raw and b"EXDATE" in raw and b"RDATE" in raw and b"RECURRENCE-ID" in raw
    assert b"DTSTART:20270307\r\n" in raw  # a DATE without VALUE=DATE


def test_name_timezone_and_block_span_come_from_the_calendar(plan: Plan) -> None:
    assert plan.name == "Jordan – Lakeside Half 🏅"
    assert plan.athlete.timezone == "America/New_York"
    assert (plan.start, plan.end) == (D(2027, 3, 1), D(2027, 3, 28))


def test_hard_days_are_the_quality_long_run_and_race_days(plan: Plan) -> None:
    hard = sorted(day for day, ks in kinds(plan).items() if {"quality", "long_run", "race"} & set(ks))
    assert hard == [
        D(2027, 3, 3),
        D(2027, 3, 7),
        D(2027, 3, 10),
        D(2027, 3, 14),
        D(2027, 3, 17),
        D(2027, 3, 21),
        D(2027, 3, 24),
        D(2027, 3, 28),
    ]


def test_recurring_easy_runs_follow_rrule_exdate_rdate_and_a_moved_instance(plan: Plan) -> None:
    easy_days = sorted(day for day, ks in kinds(plan).items() if "easy" in ks)
    assert easy_days == [
        D(2027, 3, 2),
        D(2027, 3, 4),
        D(2027, 3, 9),
        D(2027, 3, 13),  # RDATE: an extra Saturday run
        D(2027, 3, 16),
        D(2027, 3, 19),  # the Thursday 18th occurrence, moved to Friday (RECURRENCE-ID)
        D(2027, 3, 23),
        D(2027, 3, 25),
    ]
    assert D(2027, 3, 11) not in kinds(plan)  # EXDATE
    assert workout(plan, D(2027, 3, 13)).time == dt.time(8, 0)
    assert workout(plan, D(2027, 3, 19)).title == "Easy 5 mi (moved)"


def test_local_time_survives_the_daylight_saving_change(plan: Plan) -> None:
    # DST starts Sun 14 Mar 2027 in New York: the 06:30 run stays 06:30 on both sides.
    assert workout(plan, D(2027, 3, 9)).time == dt.time(6, 30)
    assert workout(plan, D(2027, 3, 16)).time == dt.time(6, 30)


def test_a_utc_event_near_midnight_lands_on_its_local_date(plan: Plan) -> None:
    # 03:00Z on Sat 6 Mar is 22:00 on Fri 5 Mar in New York.
    assert kinds(plan)[D(2027, 3, 5)] == ["strength"]
    assert D(2027, 3, 6) not in kinds(plan)
    strength = workout(plan, D(2027, 3, 5))
    assert (strength.time, strength.duration_min) == (dt.time(22, 0), 45)


def test_all_day_events_with_and_without_value_date(plan: Plan) -> None:
    long_run = workout(plan, D(2027, 3, 7))
    assert (long_run.kind, long_run.title, long_run.time) == ("long_run", "Long Run 14mi", None)
    assert long_run.distance_km == pytest.approx(22.53, abs=0.01)
    assert workout(plan, D(2027, 3, 10)).kind == "quality"
    assert [kinds(plan)[D(2027, 3, d)] for d in (1, 8, 15, 22)] == [["rest"]] * 4


def test_week_banner_cancelled_event_todo_and_x_properties_leave_no_trace(plan: Plan) -> None:
    titles = [w.title for day in plan.training for w in day.workouts]
    assert not any("Week" in t for t in titles)
    assert D(2027, 3, 26) not in kinds(plan)  # STATUS:CANCELLED
    assert "Buy new racing flats" not in titles
    assert workout(plan, D(2027, 3, 12)).title == "Bike: 60' easy spin"


def test_emoji_bullets_and_sport_prefixes_are_cleaned_from_titles(plan: Plan) -> None:
    assert workout(plan, D(2027, 3, 2)).title == "Easy 5 mi"
    assert workout(plan, D(2027, 3, 3)).title == "Tempo 4 mi"
    assert workout(plan, D(2027, 3, 17)).title == "Cruise intervals 3 x 1 mi"
    assert workout(plan, D(2027, 3, 5)).title == "Strength: core"


def test_races_latest_is_a_tune_up_is_c(plan: Plan) -> None:
    races = [(r.date, r.name, r.distance, r.priority) for r in plan.races]
    assert races == [
        (D(2027, 3, 21), "Tune-up race: Shamrock 10K", "10k", "C"),
        (D(2027, 3, 28), "Lakeside Half Marathon", "half", "A"),
    ]
    assert kinds(plan)[D(2027, 3, 28)] == ["race"]  # the race is one workout, not two


def test_our_exported_sessions_come_back_as_pins_and_export_state(plan: Plan) -> None:
    assert [(p.date, p.purpose) for p in plan.pinned] == [(D(2027, 3, 8), "trial"), (D(2027, 3, 18), None)]
    exported = {e.uid: e for e in plan.exported}
    # The planner's own events come back whole (the reassessment and the workout too); a session
    # another app created is kept as the importer read it.
    assert set(exported) == {
        "session-4f2c9e1a@planner.invalid",
        "reassess-1a2b3c4d5e@planner.invalid",
        "workout-1a2b3c4d5e-77aa@planner.invalid",
        "5c1e0d77a2@google.com",
    }
    assert plan.id == "1a2b3c4d5e"  # no X-PLANNER-PLAN-ID: the events' X-PLANNER-PLAN
    ours = exported["session-4f2c9e1a@planner.invalid"]
    assert (ours.date, ours.sequence, ours.purpose) == (D(2027, 3, 8), 2, "trial")
    assert ours.last_modified == dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC)
    # Sessions and the reassess marker are not workouts.
    assert kinds(plan)[D(2027, 3, 8)] == ["rest"]
    assert kinds(plan)[D(2027, 3, 15)] == ["rest"]


def test_a_planner_workout_event_uses_its_stated_kind(plan: Plan) -> None:
    # "Pre-race jog" alone would not classify: X-PLANNER-WORKOUT-KIND decides.
    assert kinds(plan)[D(2027, 3, 27)] == ["strides"]


def test_the_race_option_makes_that_date_the_a_race_with_the_given_distance() -> None:
    plan = load_plan(FEED, race=D(2027, 3, 21), distance="10k")
    by_date = {r.date: (r.name, r.distance, r.priority) for r in plan.races}
    assert by_date[D(2027, 3, 21)] == ("Tune-up race: Shamrock 10K", "10k", "A")
    # DOMAIN.md: a race the calendar lists after the A race is C unless it says otherwise.
    assert by_date[D(2027, 3, 28)][2] == "C"


def test_a_race_date_with_no_event_still_creates_the_a_race_and_extends_the_block() -> None:
    plan = load_plan(FEED, race="2027-04-04", distance="half")
    a_race = plan.a_races[0]
    assert (a_race.date, a_race.name, a_race.distance) == (D(2027, 4, 4), "Goal race", "half")
    assert plan.end == D(2027, 4, 4)


def test_a_race_date_before_the_block_is_refused() -> None:
    with pytest.raises(PlannerInputError, match=r"google_feed\.ics: the race date 2027-02-01 is before"):
        load_plan(FEED, race=D(2027, 2, 1))


def test_timezone_option_overrides_the_calendar() -> None:
    plan = load_plan(FEED, timezone="UTC")
    assert plan.athlete.timezone == "UTC"
    assert [w.kind for w in next(d for d in plan.training if d.date == D(2027, 3, 6)).workouts] == [
        "strength"
    ]


UNKNOWN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;VALUE=DATE:20270301\r\n"
    "SUMMARY:Tempo 5 mi\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b@x\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;VALUE=DATE:20270302\r\n"
    "SUMMARY:☕ Coffee with coach\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:c@x\r\nDTSTAMP:20261120T000000Z\r\nDTSTART;VALUE=DATE:20270303\r\n"
    "SUMMARY:Easy 5 mi\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_text_with_no_sport_in_it_is_ignored_and_listed_not_an_error() -> None:
    # Issue 8 changed this on purpose: unknown text used to stop the import.
    plan, report = import_calendar_with_report(UNKNOWN, "coach.ics")
    assert [d.date for d in plan.training] == [D(2027, 3, 1), D(2027, 3, 3)]
    assert [(n.date, n.text, n.why) for n in report.ignored] == [
        (D(2027, 3, 2), "Coffee with coach", "no sport in it")
    ]


def test_strict_stops_at_the_event_naming_it_and_how_to_fix_it() -> None:
    with pytest.raises(PlannerInputError) as caught:
        import_calendar(UNKNOWN, "coach.ics", strict=True)
    message = str(caught.value)
    assert message.startswith("coach.ics: event '☕ Coffee with coach' on 2027-03-02: cannot tell")
    assert '--keyword "Coffee with coach=kind"' in message
    assert "--strict" in message
    assert "\n" not in message


def test_a_keyword_option_classifies_the_unknown_text_and_is_kept_in_the_plan() -> None:
    plan = import_calendar(UNKNOWN, "coach.ics", keywords={"Coffee with coach": "rest"})
    assert [w.kind for w in plan.training[1].workouts] == ["rest"]
    assert plan.keywords == {"Coffee with coach": "rest"}


def test_a_keyword_with_an_unknown_kind_is_one_clear_error() -> None:
    with pytest.raises(PlannerInputError, match=r"keyword 'Coffee': unknown workout kind 'nap'"):
        import_calendar(UNKNOWN, "coach.ics", keywords={"Coffee": "nap"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this is not a calendar", "not an iCalendar file"),
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n", "not a valid iCalendar file"),
        (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Tempo\r\nDTSTART:2027XX01\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "event 'Tempo': bad DTSTART",
        ),
        (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Tempo\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "has no DTSTART",
        ),
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no training workouts found"),
    ],
)
def test_malformed_calendars_give_one_line_naming_the_file(text: str, expected: str) -> None:
    with pytest.raises(PlannerInputError) as caught:
        load_plan_bytes(text.encode(), "uploads/coach.ics")
    assert str(caught.value).startswith("uploads/coach.ics")
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_calendar_that_only_repeats_forever_imports_a_bounded_span() -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:r@x\r\nDTSTART;VALUE=DATE:20270301\r\n"
        "RRULE:FREQ=DAILY\r\nSUMMARY:Easy 30 min\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    plan, report = import_calendar_with_report(text, "forever.ics")
    assert len(plan.training) == 26 * 7
    assert any("repeats without an end" in w for w in report.warnings)
    # With a race date the race ends the block instead.
    plan = import_calendar(text, "forever.ics", race=D(2027, 5, 2), distance="10k")
    assert plan.training[-1].date == D(2027, 5, 2)


def test_empty_and_binary_files_are_refused_by_io(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ics"
    empty.write_bytes(b"  \r\n")
    with pytest.raises(PlannerInputError, match=r"empty\.ics: file is empty"):
        load_plan(empty)
    binary = tmp_path / "photo.ics"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(PlannerInputError, match=r"photo\.ics: is a binary file"):
        load_plan(binary)
