"""The season samples: a two-marathon season plan and a coach's season calendar (.ics)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.checker import check_dates
from planner.io import load_plan
from planner.plan import HARD_KINDS, Plan
from planner.samples.season_recipes import SEASON_CALENDAR, season_calendar_plan, season_calendar_text
from planner.solver import optimize
from tests.seasons.season_checks import season_problems

SAMPLES = Path(__file__).resolve().parents[2] / "sample_plans"
D = dt.date


def hard_days(plan: Plan) -> set[dt.date]:
    days = {day.date for day in plan.training if any(w.kind in HARD_KINDS for w in day.workouts)}
    return days | {race.date for race in plan.races}


def test_the_two_marathon_season_is_planned_block_by_block() -> None:
    plan = load_plan(SAMPLES / "season_two_marathons.yaml")
    assert [(r.priority, r.distance, r.date) for r in sorted(plan.races, key=lambda r: r.date)] == [
        ("C", "5k", D(2027, 1, 31)),
        ("B", "half", D(2027, 3, 14)),
        ("A", "marathon", D(2027, 4, 25)),
        ("C", "10k", D(2027, 7, 4)),
        ("B", "half", D(2027, 9, 12)),
        ("A", "marathon", D(2027, 10, 24)),
        ("C", "5k", D(2027, 11, 28)),
    ]
    assert plan.athlete.focus == ["achilles"] and plan.reassessments == [D(2027, 1, 25)]
    schedule = optimize(plan)
    assert schedule.status == "optimal"
    assert [(b.kind, b.a_race) for b in schedule.blocks] == [
        ("build", "Harborfront Marathon"),
        ("build", "Charles River Marathon"),
        ("tail", None),
    ]
    assert season_problems(plan, schedule) == []
    assert check_dates(plan, schedule.dates).ok
    # The recorded reassessment confirms block 1 and block 2's first series; the rest waits.
    block_2 = schedule.blocks[1]
    assert schedule.reassess_date == block_2.reassess_date
    assert [s.date for s in schedule.sessions if not s.provisional] == [
        d for d in schedule.dates if d <= block_2.reassess_date
    ]
    # Block 2 needs no new trial: its first session follows the spring taper session within 84 days.
    first_of_2 = next(s for s in schedule.sessions if s.block == 2)
    assert first_of_2.purpose == "post_race"


def test_the_season_calendar_is_what_its_recipe_writes() -> None:
    assert (SAMPLES / SEASON_CALENDAR).read_bytes() == season_calendar_text().encode("utf-8")


def test_the_season_calendar_imports_as_a_season_and_is_planned_block_by_block() -> None:
    source = season_calendar_plan()
    plan = load_plan(SAMPLES / SEASON_CALENDAR)
    assert hard_days(plan) == hard_days(source)
    # The calendar's labels say the priorities: two A marathons, two B halves, a C 10K.
    assert [(r.date, r.priority) for r in sorted(plan.races, key=lambda r: r.date)] == [
        (r.date, r.priority) for r in sorted(source.races, key=lambda r: r.date)
    ]
    assert [r.date for r in plan.a_races] == [D(2027, 4, 25), D(2027, 10, 17)]
    schedule = optimize(plan)
    assert schedule.found
    assert [b.kind for b in schedule.blocks] == ["build", "build", "tail"]
    assert check_dates(plan, schedule.dates).ok
    gaps_aside = [p for p in season_problems(plan, schedule) if "a gap of" not in p]
    assert gaps_aside == [], "a trial where needed, a taper session per A race, counts per block"
    raw = (SAMPLES / SEASON_CALENDAR).read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n"), "CRLF line endings throughout"
