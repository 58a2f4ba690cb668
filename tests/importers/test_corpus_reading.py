"""Issue 8's acceptance test: on every corpus calendar the importer finds every hard day, calls no
easy day hard, treats the unknowable as possibly hard, and reads the races and the timezone as the
plan means them. The expectations come from the plans the files imitate (data/corpus/README.md).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from planner.errors import PlannerInputError
from planner.importers import ImportResult, import_calendar_with_report
from planner.plan import HARD_KINDS
from tests.importers.corpus_expectations import Case, load_cases, strongest_kinds

CASES = load_cases()


def _read(case: Case) -> ImportResult:
    if case.error is None:
        return import_calendar_with_report(case.data, str(case.path), **case.import_options)
    with pytest.raises(PlannerInputError) as refused:
        import_calendar_with_report(case.data, str(case.path), **case.import_options)
    message = str(refused.value)
    assert case.error in message and case.path.name in message
    assert "\n" not in message and len(message) < 300
    return import_calendar_with_report(case.data, str(case.path), **case.retry_options)


@pytest.fixture(scope="module", params=CASES, ids=lambda case: case.name)
def reading(request: pytest.FixtureRequest) -> tuple[Case, ImportResult, dict[dt.date, str]]:
    case: Case = request.param
    result = _read(case)
    return case, result, strongest_kinds(result.plan)


def test_every_hard_day_is_found(reading) -> None:
    case, _, days = reading
    missed = sorted(day for day in case.hard_days if days.get(day) not in HARD_KINDS)
    assert missed == [], f"{case.name}: hard days read as easy or missing: {missed}"


def test_no_easy_day_is_called_hard_or_possibly_hard(reading) -> None:
    case, _, days = reading
    wrong = sorted(day for day in case.not_hard_days if days.get(day) in HARD_KINDS | {"unknown"})
    assert wrong == [], f"{case.name}: easy days called hard: {[(d, days[d]) for d in wrong]}"


def test_events_nobody_could_classify_are_possibly_hard_and_listed(reading) -> None:
    case, result, days = reading
    assert {day for day in case.possibly_hard_days if days.get(day) != "unknown"} == set()
    assert {note.date for note in result.report.unknown} == case.possibly_hard_days


def test_events_with_no_sport_stay_out_of_the_plan_and_are_listed(reading) -> None:
    case, result, days = reading
    ignored = {note.date for note in result.report.ignored}
    for day in case.ignored_days:
        assert day not in days, f"{case.name}: {day} has no sport but is in the plan"
    # Every ignored day that starts an ignored event is named in the report.
    assert all(day in case.days for day in ignored)


def test_races_have_the_expected_dates_priorities_and_taper_classes(reading) -> None:
    case, result, _ = reading
    got = [(race.date, race.priority, race.distance) for race in result.plan.races]
    assert got == [(race.date, race.priority, race.distance) for race in case.races]
    assert [(note.date, note.priority, note.distance) for note in result.report.races] == got


def test_dates_are_local_to_the_runners_timezone_when_the_file_says_where(reading) -> None:
    case, result, _ = reading
    plan = result.plan
    if result.report.timezone_reason.startswith(("the calendar names no timezone", "a CSV has dates only")):
        # Nothing in the file says where the runner is: the plan keeps UTC and the report says so
        # (the user corrects it with --timezone); the local dates are then the file's own dates.
        assert plan.athlete.timezone in ("UTC", "Etc/UTC")
        assert result.report.timezone == "UTC"
        return
    # A zone with the same offsets on every day of the block is the same zone for the plan
    # ("Customized Time Zone" with Sydney's rules may be named Australia/Sydney or Melbourne).
    first, last = plan.first_day, plan.last_day
    assert first is not None and last is not None
    got, expected = ZoneInfo(plan.athlete.timezone), ZoneInfo(case.timezone)
    for offset in range((last - first).days + 1):
        noon = dt.datetime.combine(first + dt.timedelta(days=offset), dt.time(12), tzinfo=dt.UTC)
        assert noon.astimezone(got).utcoffset() == noon.astimezone(expected).utcoffset()


def test_every_assumption_is_one_grouped_line(reading) -> None:
    case, result, _ = reading
    report = result.report
    assert report.events >= len(result.plan.training)
    topics = [a.topic for a in report.assumptions]
    assert len(topics) == len(set(topics)), "one line per assumption"
    for assumption in report.assumptions:
        assert "\n" not in assumption.text and len(assumption.text) < 400
    if case.possibly_hard_days:
        assert "unknown" in topics
