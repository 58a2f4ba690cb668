"""The seeded plan generator: deterministic, and the blocks look like a coach wrote them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from planner.checker import check_dates
from planner.io import dump_plan, load_plan_bytes
from planner.plan import Plan, Workout
from planner.samples.generator import MILE_KM, generate_plan, generate_season
from planner.solver import optimize

CASES = [
    (18, "marathon", 0),
    (12, "half", 1),
    (8, "10k", 2),
    (6, "5k", 3),
    (16, "ultra", 4),
]


def long_runs(plan: Plan) -> dict[dt.date, Workout]:
    return {day.date: w for day in plan.training for w in day.workouts if w.kind == "long_run"}


def week_of(plan: Plan, date: dt.date) -> int:
    assert plan.first_day is not None
    return (date - plan.first_day).days // 7


def test_same_seed_same_plan_and_another_seed_another_plan() -> None:
    assert generate_plan(12, "half", seed=5) == generate_plan(12, "half", seed=5)
    assert generate_season(3) == generate_season(3)
    assert generate_plan(12, "half", seed=5) != generate_plan(12, "half", seed=6)


@pytest.mark.parametrize(("weeks", "distance", "seed"), CASES)
def test_block_ends_with_the_a_race_on_the_last_sunday(weeks: int, distance: str, seed: int) -> None:
    plan = generate_plan(weeks, distance, seed=seed)
    assert plan.first_day == dt.date(2027, 1, 4)
    (race,) = plan.races
    assert (race.priority, race.distance) == ("A", distance)
    assert race.date == plan.last_day == dt.date(2027, 1, 4) + dt.timedelta(weeks=weeks, days=-1)
    assert race.date.weekday() == 6
    race_day = next(day for day in plan.training if day.date == race.date)
    assert [w.kind for w in race_day.workouts] == ["race"]


@pytest.mark.parametrize(("weeks", "distance", "seed"), CASES)
def test_weeks_have_a_weekend_long_run_and_midweek_quality(weeks: int, distance: str, seed: int) -> None:
    plan = generate_plan(weeks, distance, seed=seed)
    runs = long_runs(plan)
    # One long run a week (race week has the race instead), on Saturday or Sunday.
    assert sorted(week_of(plan, day) for day in runs) == list(range(weeks - 1))
    assert {day.weekday() for day in runs} <= {5, 6}
    quality_days = {day.date.weekday() for day in plan.training for w in day.workouts if w.kind == "quality"}
    assert quality_days and quality_days <= {1, 3}
    mondays = [day for day in plan.training if day.date.weekday() == 0]
    assert all(w.kind in ("rest", "easy", "cross_training") for day in mondays for w in day.workouts)
    assert any(w.kind == "strides" for day in plan.training for w in day.workouts)


@pytest.mark.parametrize(("weeks", "distance", "seed"), CASES)
def test_workouts_are_titled_like_a_coach_writes_them(weeks: int, distance: str, seed: int) -> None:
    plan = generate_plan(weeks, distance, seed=seed)
    for day in plan.training:
        for workout in day.workouts:
            assert workout.title
            if workout.kind != "rest":
                assert workout.duration_min and workout.duration_min > 0
            if workout.kind == "quality":
                assert re.search(r"\d+x\d|Tempo|Fartlek|pace", workout.title), workout.title
            if workout.kind == "long_run":
                miles = int(re.match(r"Long run (\d+) mi", workout.title).group(1))  # type: ignore[union-attr]
                assert workout.distance_km == pytest.approx(miles * MILE_KM, abs=0.06)


def test_km_units_title_long_runs_in_kilometres() -> None:
    plan = generate_plan(10, "half", seed=2, units="km")
    for workout in long_runs(plan).values():
        km = int(re.match(r"Long run (\d+) km", workout.title).group(1))  # type: ignore[union-attr]
        assert workout.distance_km == pytest.approx(km, abs=0.06)


def test_long_run_grows_drops_back_in_deload_weeks_and_tapers() -> None:
    plan = generate_plan(18, "marathon", seed=0, long_run_weekday="sun")
    distances = [w.distance_km or 0 for _, w in sorted(long_runs(plan).items())]
    peak = max(distances)
    assert distances[0] < peak
    peak_week = distances.index(peak)
    drops = [i for i in range(1, peak_week) if distances[i] < 0.8 * distances[i - 1]]
    assert 3 <= len(drops) <= 5, "a deload week every 3-4 weeks of the build"
    assert all(later < peak for later in distances[peak_week + 1 :]), "the 3-week marathon taper cuts back"
    assert distances[-1] < distances[-2], "the last long run before the race is the shortest of the taper"


def test_run_days_and_two_quality_days_are_respected() -> None:
    plan = generate_plan(8, "10k", seed=1, run_days=6, quality_days=2)
    first_week = [day for day in plan.training if day.date < dt.date(2027, 1, 11)]
    runs = [
        d for d in first_week if any(w.kind not in ("rest", "cross_training", "strength") for w in d.workouts)
    ]
    assert len(runs) == 6
    assert sorted(d.date.weekday() for d in first_week if d.workouts[0].kind == "quality") == [1, 3]


def test_b_and_c_races_land_on_their_week_sunday() -> None:
    plan = generate_plan(
        16, "marathon", seed=2, races=[(6, "10k", "C"), (10, "half", "B")], long_run_weekday="sun"
    )
    by_priority = {race.priority: race for race in plan.races}
    assert by_priority["C"].date == dt.date(2027, 1, 4) + dt.timedelta(weeks=6, days=6)
    assert by_priority["B"].date == dt.date(2027, 1, 4) + dt.timedelta(weeks=10, days=6)
    runs = long_runs(plan)
    assert not any(week_of(plan, day) in (6, 10) for day in runs), "the race replaces that week's long run"
    week_after_b = [d for d in plan.training if week_of(plan, d.date) == 11]
    assert not any(w.kind == "quality" for d in week_after_b for w in d.workouts), (
        "an easy week after a B race"
    )


def test_rehab_blocks_have_no_hill_repeats_and_more_cross_training() -> None:
    plan = generate_plan(10, "10k", seed=3, rehab=True)
    workouts = [w for day in plan.training for w in day.workouts]
    assert not any("hill" in w.title.lower() for w in workouts)
    assert any("foot" in w.title.lower() for w in workouts)
    assert not any(w.kind == "rest" for w in workouts), "rest days become easy cross-training"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weeks": 0, "distance": "10k"}, "weeks"),
        ({"weeks": 8, "distance": "10k", "start": dt.date(2027, 1, 5)}, "Monday"),
        ({"weeks": 8, "distance": "10k", "races": [(7, "5k", "C")]}, "week_index"),
        ({"weeks": 8, "distance": "10k", "races": [(3, "15k", "C")]}, "distance"),
        ({"weeks": 8, "distance": "10k", "run_days": 2}, "run_days"),
    ],
)
def test_bad_arguments_say_what_is_wrong(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_plan(**kwargs)


@pytest.mark.parametrize(("weeks", "distance", "seed"), CASES)
def test_generated_plan_survives_a_yaml_round_trip(weeks: int, distance: str, seed: int) -> None:
    plan = generate_plan(weeks, distance, seed=seed, focus=["calf"])
    assert load_plan_bytes(dump_plan(plan).encode(), "generated.yaml") == plan


def test_season_has_three_a_races_b_and_c_races_and_runs_past_the_last_a_race() -> None:
    season = generate_season()
    assert season.first_day == dt.date(2027, 1, 4)
    assert season.last_day == dt.date(2028, 1, 2)
    assert [(r.priority, r.distance, r.date) for r in sorted(season.races, key=lambda r: r.date)] == [
        ("C", "5k", dt.date(2027, 2, 14)),
        ("A", "half", dt.date(2027, 4, 18)),
        ("A", "10k", dt.date(2027, 7, 4)),
        ("B", "half", dt.date(2027, 9, 5)),
        ("A", "marathon", dt.date(2027, 10, 17)),
        ("C", "5k", dt.date(2027, 11, 28)),
    ]
    after = [d for d in season.training if d.date > dt.date(2027, 10, 17)]
    assert len(after) == 11 * 7, "recovery and winter base after the marathon"
    turkey_trot = next(d for d in season.training if d.date == dt.date(2027, 11, 28))
    assert [w.kind for w in turkey_trot.workouts] == ["race"], "a C race in the tail is run, not skipped"


def test_season_blocks_get_the_coach_cadence_as_their_target() -> None:
    season = generate_season()
    # 15, 11 and 15 weeks: a session about every 4 weeks, plus the trial pair and the taper session.
    assert [(b.a_race, b.rules.overrides()) for b in season.blocks] == [
        (dt.date(2027, 4, 18), {"target_sessions": 6}),
        (dt.date(2027, 7, 4), {"target_sessions": 5}),
        (dt.date(2027, 10, 17), {"target_sessions": 6}),
    ]
    long = generate_season(races=[(25, "marathon", "A", "")], weeks=26)
    assert long.blocks[0].rules.overrides() == {"target_sessions": 9, "max_sessions": 10}
    short = generate_season(races=[(7, "10k", "A", "")], weeks=8)
    assert short.blocks == [], "an 8-week block keeps the default target of 4"


def test_generated_plans_get_schedules_the_checker_accepts() -> None:
    for plan in (generate_plan(12, "half", seed=7, focus=["hamstring"]), generate_season(0)):
        schedule = optimize(plan, time_limit=5.0)
        assert schedule.status in ("optimal", "feasible")
        assert check_dates(plan, schedule.dates).ok


def test_a_second_a_race_gets_a_recovery_week_then_a_new_build() -> None:
    plan = generate_plan(30, "marathon", seed=9, races=[(11, "half", "A")], long_run_weekday="sun")
    assert [r.priority for r in sorted(plan.races, key=lambda r: r.date)] == ["A", "A"]
    weeks_with_long_run = {week_of(plan, day) for day in long_runs(plan)}
    assert 12 not in weeks_with_long_run, "no long run the week after an A race"
    recovery_week = [d for d in plan.training if week_of(plan, d.date) == 12]
    assert not any(w.kind == "quality" for d in recovery_week for w in d.workouts)
    assert {13, 14, 15} <= weeks_with_long_run
