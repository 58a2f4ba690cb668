"""The bundled sample plans: they load, they are what their header says, and the solver agrees.

Each sample's scenario is documented in its header comment (planner/samples/recipes.py SAMPLE_HEADERS);
these tests hold the files to those words, then check every feasible sample's schedule with the
independent checker and every impossible one for a small, explained conflict set.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.checker import check_dates
from planner.io import load_plan
from planner.plan import HARD_KINDS, WEEKDAYS, Plan
from planner.samples.recipes import SAMPLES, sample_text
from planner.solver import optimize

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_plans"
RUN_KINDS = {"quality", "long_run", "easy", "recovery", "strides", "race"}
FEASIBLE = ["beginner_marathon", "advanced_marathon", "half_marathon", "10k", "plantar_fasciitis_rehab"]
INFEASIBLE = ["impossible", "pinned_conflict"]


def load(name: str) -> Plan:
    return load_plan(SAMPLE_DIR / f"{name}.yaml")


def block_weeks(plan: Plan) -> int:
    assert plan.first_day is not None and plan.last_day is not None
    days = (plan.last_day - plan.first_day).days + 1
    assert days % 7 == 0, "a sample block is whole Monday-Sunday weeks"
    return days // 7


def kinds_by_date(plan: Plan) -> dict[dt.date, set[str]]:
    return {day.date: {w.kind for w in day.workouts} for day in plan.training}


def run_days_per_week(plan: Plan) -> list[int]:
    kinds = kinds_by_date(plan)
    assert plan.first_day is not None
    counts = []
    for week in range(block_weeks(plan)):
        monday = plan.first_day + dt.timedelta(weeks=week)
        days = [monday + dt.timedelta(days=i) for i in range(7)]
        counts.append(sum(1 for day in days if kinds.get(day, set()) & RUN_KINDS))
    return counts


def races(plan: Plan) -> list[tuple[str, str]]:
    return [(race.priority, race.distance) for race in sorted(plan.races, key=lambda r: r.date)]


# ---- files --------------------------------------------------------------------------------------
def test_every_documented_sample_is_bundled() -> None:
    on_disk = {path.stem for path in SAMPLE_DIR.glob("*.yaml")}
    assert set(SAMPLES) <= on_disk


@pytest.mark.parametrize("name", list(SAMPLES))
def test_sample_loads_and_starts_with_its_scenario(name: str) -> None:
    text = (SAMPLE_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# "), "the scenario comment comes first"
    plan = load(name)
    assert plan.training and plan.races
    assert plan.first_day is not None and plan.first_day.year == 2027
    assert plan.first_day.weekday() == 0
    assert plan.clinic.name != "Clinic" and plan.clinic.address, "a real-looking clinic with an address"


@pytest.mark.parametrize("name", list(SAMPLES))
def test_sample_file_is_what_its_recipe_generates(name: str) -> None:
    # Guards hand edits that drift from planner/samples/recipes.py (regenerate with `python -m planner.samples`).
    assert (SAMPLE_DIR / f"{name}.yaml").read_text(encoding="utf-8") == sample_text(name)


def test_samples_cover_several_timezones_and_preferred_weekdays() -> None:
    plans = [load(name) for name in SAMPLES]
    zones = {plan.athlete.timezone for plan in plans}
    assert {"America/Chicago", "Europe/London", "Australia/Sydney"} <= zones
    assert sum(1 for plan in plans if plan.athlete.preferred_weekdays) >= 2


# ---- each sample is what its header says ---------------------------------------------------------
def test_beginner_marathon_is_18_weeks_four_run_days_hamstring() -> None:
    plan = load("beginner_marathon")
    assert block_weeks(plan) == 18
    assert races(plan) == [("A", "marathon")]
    assert plan.races[0].date == plan.last_day
    assert plan.athlete.focus == ["hamstring"]
    assert set(run_days_per_week(plan)) == {4}


def test_advanced_marathon_has_a_half_b_race_six_weeks_out_and_two_quality_days() -> None:
    plan = load("advanced_marathon")
    assert block_weeks(plan) == 18
    assert races(plan) == [("B", "half"), ("A", "marathon")]
    b_race, a_race = sorted(plan.races, key=lambda r: r.date)
    assert (a_race.date - b_race.date).days == 42
    assert plan.athlete.focus == ["it_band"]
    assert set(run_days_per_week(plan)) == {6}
    kinds = kinds_by_date(plan)
    first_week = [plan.first_day + dt.timedelta(days=i) for i in range(7)]  # type: ignore[operator]
    assert sum(1 for day in first_week if "quality" in kinds.get(day, set())) == 2


def test_half_marathon_books_at_five_pm_within_a_budget() -> None:
    plan = load("half_marathon")
    assert block_weeks(plan) == 12
    assert races(plan) == [("A", "half")]
    assert plan.athlete.focus == ["glute"]
    assert plan.clinic.appointment_time == dt.time(17, 0)
    assert plan.budget is not None and plan.budget >= plan.rules.min_sessions * plan.clinic.price
    assert plan.athlete.timezone == "Australia/Sydney"


def test_10k_is_8_weeks_quad() -> None:
    plan = load("10k")
    assert block_weeks(plan) == 8
    assert races(plan) == [("A", "10k")]
    assert plan.athlete.focus == ["quad"]


def test_plantar_fasciitis_rehab_is_a_gentle_lower_leg_series() -> None:
    plan = load("plantar_fasciitis_rehab")
    assert set(plan.athlete.focus) == {"calf", "foot"}
    assert plan.rules.rehab_series and plan.rules.min_gap_days == 2
    assert races(plan) in ([("A", "10k")], [("A", "half")])
    workouts = [w for day in plan.training for w in day.workouts]
    assert not any("hill" in w.title.lower() for w in workouts), "no hill repeats on a healing plantar fascia"
    hard = sum(1 for w in workouts if w.kind in HARD_KINDS)
    easy_or_cross = sum(1 for w in workouts if w.kind in ("easy", "recovery", "strides", "cross_training"))
    assert easy_or_cross >= 2 * hard
    assert sum(1 for w in workouts if w.kind == "cross_training") >= block_weeks(plan) * 2


def test_impossible_has_a_quality_session_on_every_clinic_day() -> None:
    plan = load("impossible")
    kinds = kinds_by_date(plan)
    clinic_days = [
        day.date for day in plan.training if WEEKDAYS[day.date.weekday()] in plan.clinic.open_weekdays
    ]
    assert clinic_days
    assert all("quality" in kinds[day] for day in clinic_days)


def test_pinned_conflict_pins_the_day_before_intervals() -> None:
    plan = load("pinned_conflict")
    assert len(plan.pinned) == 1
    day_after = plan.pinned[0].date + dt.timedelta(days=1)
    workouts = next(day.workouts for day in plan.training if day.date == day_after)
    assert any(w.kind == "quality" and "@" in w.title for w in workouts)


# ---- the solver on the samples --------------------------------------------------------------------
@pytest.mark.parametrize("name", FEASIBLE)
def test_feasible_sample_gets_a_schedule_the_checker_accepts(name: str) -> None:
    plan = load(name)
    schedule = optimize(plan, time_limit=10.0)
    assert schedule.status in ("optimal", "feasible")
    assert plan.rules.min_sessions <= len(schedule.sessions) <= plan.rules.max_sessions
    report = check_dates(plan, schedule.dates)
    assert report.ok, [v.why for v in report.violations]


def test_impossible_sample_is_infeasible_with_a_small_clinic_conflict_set() -> None:
    schedule = optimize(load("impossible"), time_limit=10.0)
    assert schedule.status == "infeasible"
    assert schedule.conflicts
    assert len(schedule.conflicts) <= 6, "a conflict set a coach can read"
    assert 9 in {c.rule_number for c in schedule.conflicts}, "the clinic's opening days are part of it"


def test_pinned_conflict_sample_names_the_pin_and_the_rule_it_breaks() -> None:
    plan = load("pinned_conflict")
    schedule = optimize(plan, time_limit=10.0)
    assert schedule.status == "infeasible"
    pin = plan.pinned[0].date
    by_rule = {c.rule_number: c for c in schedule.conflicts}
    assert 14 in by_rule and pin in by_rule[14].dates
    assert 1 in by_rule, "the pin is the day before a hard day (rule 1)"
