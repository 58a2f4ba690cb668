"""The bundled training calendars import cleanly, leave room for sessions, and survive a round trip."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from planner.export.ics import ExportOptions, export_ics
from planner.export.identity import plan_id
from planner.importers import import_calendar_with_report
from planner.io import load_plan, load_plan_bytes
from planner.plan import HARD_KINDS, Plan
from planner.solver import optimize

SAMPLES = Path(__file__).resolve().parents[2] / "sample_plans"
CALENDARS = [SAMPLES / "training_calendar.ics", SAMPLES / "training_calendar.csv"]


def hard_days(plan: Plan) -> set[dt.date]:
    return {d.date for d in plan.training if {w.kind for w in d.workouts} & HARD_KINDS}


@pytest.mark.parametrize("path", CALENDARS, ids=lambda p: p.suffix)
def test_sample_calendar_imports_with_no_unknown_text_and_no_warnings(path: Path) -> None:
    plan, report = import_calendar_with_report(path.read_bytes(), str(path))
    assert report.warnings == [] and report.unknown == []
    weeks = ((plan.end - plan.start).days + 1) / 7
    assert 10 <= weeks <= 16
    assert plan.start.year == 2027
    a_race = plan.a_races[0]
    assert a_race.date == plan.end
    assert any(r.priority == "C" for r in plan.races)  # the tune-up
    # Hard days are not every day: at most three in any week.
    per_week = Counter(day.isocalendar()[:2] for day in hard_days(plan))
    assert max(per_week.values()) <= 3


def test_sample_ics_details() -> None:
    plan = load_plan(SAMPLES / "training_calendar.ics")
    assert plan.athlete.timezone == "America/Chicago"
    assert [(r.name, r.distance, r.priority) for r in plan.races] == [
        ("Tune-up race: Spring Forward 10K", "10k", "C"),
        ("Lakefront Half Marathon", "half", "A"),
    ]
    kinds = Counter(w.kind for d in plan.training for w in d.workouts)
    assert kinds["long_run"] == 10 and kinds["quality"] == 12 and kinds["race"] == 2


def test_sample_csv_details() -> None:
    plan = load_plan(SAMPLES / "training_calendar.csv")
    assert [(r.name, r.distance, r.priority) for r in plan.races] == [
        ("Tune-up: Fox Valley Half Marathon", "half", "C"),
        ("Chicago Marathon", "marathon", "A"),
    ]
    assert plan.races[-1].date == dt.date(2027, 10, 10)
    longest = max(w.distance_km or 0 for d in plan.training for w in d.workouts if w.kind == "long_run")
    assert longest == pytest.approx(20 * 1.609344, abs=0.01)


@pytest.mark.parametrize("path", CALENDARS, ids=lambda p: p.suffix)
def test_the_solver_places_sessions_in_each_sample_calendar(path: Path) -> None:
    plan = load_plan(path)
    schedule = optimize(plan, time_limit=10.0)
    assert schedule.status in ("optimal", "feasible")
    assert len(schedule.sessions) >= plan.rules.min_sessions
    assert not {s.date for s in schedule.sessions} & hard_days(plan)


def test_an_exported_calendar_reads_back_with_its_history_and_no_needless_pins() -> None:
    plan = load_plan(SAMPLES / "training_calendar.ics")
    schedule = optimize(plan, time_limit=10.0)
    result = export_ics(
        plan,
        schedule,
        options=ExportOptions(include_workouts=True),
        now=dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC),
    )
    back = load_plan_bytes(result.data, "exported.ics")
    # Nothing was moved in a calendar app: no session is pinned, the history keeps them in place.
    assert back.pinned == plan.pinned
    assert back.exported == result.state
    assert (back.id, back.name, back.athlete.name) == (plan_id(plan), plan.name, plan.athlete.name)

    # The workouts come back with the kinds they were exported with, on the same days.
    def workouts(p: Plan) -> set[tuple]:
        return {
            (d.date, w.kind, w.time, w.duration_min, w.distance_km, w.description)
            for d in p.training
            for w in d.workouts
        }

    assert workouts(back) == workouts(plan)
    assert back.a_races[0].date == plan.a_races[0].date
