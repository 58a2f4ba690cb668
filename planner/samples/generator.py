"""Seeded generator of believable training blocks, for samples, tests and benchmarks.

In the spirit of the Timefold quickstarts' `demo_data.py`: the same seed always gives the same plan,
and the plans read like a coach wrote them. A week looks like this (the seed picks the layout when it
is not given):

- Monday: rest (easy bike for a rehab block, an easy run for 7-day runners);
- one or two quality days on Tuesday and/or Thursday, rotating intervals, tempo and hills;
- easy days, one of them with strides; non-running days are cross-training or strength;
- a long run on Saturday or Sunday that grows week by week, with a deload week every 3-4 weeks;
- a taper by distance (DOMAIN.md: 5K 7 days, 10K 10, half 14, marathon/ultra 21) and the A race on
  the last Sunday. B races get a mini-taper and an easy week after; C races replace a long run.

`generate_season` builds seasons of several blocks (the 52-week default the benchmarks use, the
104-week four-A-race benchmark, the two-marathon sample; see its docstring). The weeks themselves
are laid out by `weeks.py`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

from planner.plan import Athlete, BlockRules, BlockSettings, Plan
from planner.samples.tables import MILE_KM, NAMES, RACE_KM, RACE_WORD
from planner.samples.weeks import BlockBuilder, RaceSpec

__all__ = ["MILE_KM", "SEASON_RACES", "TWO_YEAR_RACES", "generate_plan", "generate_season"]


def generate_plan(
    weeks: int,
    distance: str,
    *,
    seed: int = 0,
    races: list[tuple[int, str, str]] | None = None,
    start: dt.date = dt.date(2027, 1, 4),
    focus: list[str] | None = None,
    name: str | None = None,
    run_days: int = 5,
    quality_days: int = 1,
    quality_weekdays: tuple[str, ...] | None = None,
    long_run_weekday: str | None = None,
    units: str = "mi",
    rehab: bool = False,
    athlete_name: str | None = None,
    timezone: str = "UTC",
    a_race_name: str | None = None,
) -> Plan:
    """A `weeks`-long block ending with an A race of `distance` on the last Sunday.

    `races` adds B/C (or further A) races as `(week_index, distance, priority)`, week_index 0-based
    from `start` (a Monday); each race is on that week's Sunday. `run_days` (3-7) and `quality_days`
    (1-2) shape the week; `quality_weekdays` / `long_run_weekday` fix the layout (else the seed picks
    Tuesday or Thursday, Saturday or Sunday). `units` ("mi" or "km") is how titles are written;
    `distance_km` is always kilometres. `rehab` swaps hills for gentler work and adds foot/calf strength.
    """
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1 (got {weeks})")
    specs = [RaceSpec(weeks - 1, distance, "A", a_race_name or "")]
    for week, race_distance, priority in races or []:
        if not 0 <= week < weeks - 1:
            raise ValueError(
                f"race week_index {week} must be between 0 and {weeks - 2} (the A race ends the block)"
            )
        specs.append(RaceSpec(week, race_distance, priority, ""))
    return _build_plan(
        weeks=weeks,
        specs=specs,
        seed=seed,
        start=start,
        focus=focus,
        name=name or f"{weeks}-week {RACE_WORD.get(distance, distance)} block",
        run_days=run_days,
        quality_days=quality_days,
        quality_weekdays=quality_weekdays,
        long_run_weekday=long_run_weekday,
        units=units,
        rehab=rehab,
        athlete_name=athlete_name,
        timezone=timezone,
    )


# The default season (52 weeks from Mon 4 Jan 2027): (week index, distance, priority, name).
SEASON_RACES: tuple[tuple[int, str, str, str], ...] = (
    (5, "5k", "C", "Valentine's 5K"),
    (14, "half", "A", ""),
    (25, "10k", "A", "Independence Day 10K"),
    (34, "half", "B", ""),
    (40, "marathon", "A", ""),
    (46, "5k", "C", "Turkey Trot 5K"),
)
# The 104-week benchmark (from Mon 4 Jan 2027): two marathon seasons, four A marathons, each build
# with a B half and C races, and a post-race tail.
TWO_YEAR_RACES: tuple[tuple[int, str, str, str], ...] = (
    (9, "half", "B", ""),
    (15, "marathon", "A", ""),
    (26, "10k", "C", ""),
    (35, "half", "B", ""),
    (41, "marathon", "A", ""),
    (46, "5k", "C", "Turkey Trot 5K"),
    (61, "half", "B", ""),
    (67, "marathon", "A", ""),
    (78, "10k", "C", ""),
    (87, "half", "B", ""),
    (93, "marathon", "A", ""),
    (98, "5k", "C", "Turkey Trot 5K"),
)
# A coach's cadence for a block (DOMAIN.md rule 7 and "Seasons"): the trial pair, one maintenance
# session about every four weeks of the build, and the taper session.
WEEKS_PER_MAINTENANCE = 4


def generate_season(
    seed: int = 0,
    *,
    weeks: int = 52,
    races: Sequence[tuple[int, str, str, str]] = SEASON_RACES,
    start: dt.date = dt.date(2027, 1, 4),
    focus: list[str] | None = None,
    name: str | None = None,
    athlete_name: str | None = None,
    timezone: str = "America/Chicago",
    run_days: int = 5,
    quality_days: int = 1,
    long_run_weekday: str | None = None,
    units: str = "mi",
) -> Plan:
    """A season of several blocks, each ending at an A race, for benchmarks, tests and samples.

    The default is 52 weeks from Mon 4 Jan 2027: a Valentine's 5K (C, Sun 14 Feb), the spring half
    marathon (A, Sun 18 Apr), the Independence Day 10K (A, Sun 4 Jul), a half marathon (B, Sun 5 Sep)
    as a check inside the marathon build, the autumn marathon (A, Sun 17 Oct), then recovery and
    winter base to Sun 2 Jan 2028 with a Turkey Trot (C, Sun 28 Nov) in the post-race tail.
    `TWO_YEAR_RACES` with `weeks=104` is the four-marathon benchmark. Five run days, one
    quality day, calf focus (the longest soreness window, the tightest case for the solver).

    `races` are `(week_index, distance, priority, name)`, each on that week's Sunday (name "" lets
    the seed pick one). Each block that ends at an A race gets the coach's cadence as its own
    `target_sessions` (at least the default 4): the trial pair, a maintenance session about every
    `WEEKS_PER_MAINTENANCE` weeks and the taper session, so that no gap runs past `max_gap_days`.
    """
    specs = [RaceSpec(week, distance, priority, race_name) for week, distance, priority, race_name in races]
    for spec in specs:
        if not 0 <= spec.week < weeks:
            raise ValueError(f"race week_index {spec.week} must be between 0 and {weeks - 1}")
    plan = _build_plan(
        weeks=weeks,
        specs=specs,
        seed=seed,
        start=start,
        focus=["calf"] if focus is None else focus,
        name=name or f"{start.year} season: {_season_words(specs)}",
        run_days=run_days,
        quality_days=quality_days,
        quality_weekdays=None,
        long_run_weekday=long_run_weekday,
        units=units,
        rehab=False,
        athlete_name=athlete_name,
        timezone=timezone,
    )
    return plan.model_copy(update={"blocks": _block_cadence(plan)})


def _season_words(specs: list[RaceSpec]) -> str:
    goals = [
        RACE_WORD.get(s.distance, s.distance)
        for s in sorted(specs, key=lambda s: s.week)
        if s.priority == "A"
    ]
    return ", ".join(goals) if goals else "no A race"


def _block_cadence(plan: Plan) -> list[BlockSettings]:
    """Each A race's block: target = trial pair + a session every few weeks + the taper session."""
    settings, start = [], plan.first_day
    rules = plan.rules
    for race in plan.a_races:
        assert start is not None
        weeks = ((race.date - start).days + 1) / 7
        target = max(rules.target_sessions, math.ceil(weeks / WEEKS_PER_MAINTENANCE) + 2)
        if target != rules.target_sessions:
            overrides = {"target_sessions": target}
            if target >= rules.max_sessions:  # room for one session above the target
                overrides["max_sessions"] = target + 1
            settings.append(BlockSettings(a_race=race.date, rules=BlockRules(**overrides)))
        start = race.date + dt.timedelta(days=1)
    return settings


# ---- building ---------------------------------------------------------------------------------------
def _build_plan(
    *,
    weeks: int,
    specs: list[RaceSpec],
    seed: int,
    start: dt.date,
    focus: list[str] | None,
    name: str,
    run_days: int,
    quality_days: int,
    quality_weekdays: tuple[str, ...] | None,
    long_run_weekday: str | None,
    units: str,
    rehab: bool,
    athlete_name: str | None,
    timezone: str,
) -> Plan:
    if start.weekday() != 0:
        raise ValueError(
            f"start must be a Monday (training weeks run Monday-Sunday), got {start:%a %d %b %Y}"
        )
    if not 3 <= run_days <= 7:
        raise ValueError(f"run_days must be 3-7 (got {run_days})")
    if quality_days not in (1, 2):
        raise ValueError(f"quality_days must be 1 or 2 (got {quality_days})")
    if units not in ("mi", "km"):
        raise ValueError(f"units must be 'mi' or 'km' (got {units!r})")
    weeks_seen = [s.week for s in specs]
    if len(set(weeks_seen)) != len(weeks_seen):
        raise ValueError("two races in the same week")
    for spec in specs:
        if spec.distance not in RACE_KM:
            raise ValueError(f"unknown race distance {spec.distance!r} (use one of {', '.join(RACE_KM)})")
        if spec.priority not in ("A", "B", "C"):
            raise ValueError(f"race priority must be A, B or C (got {spec.priority!r})")
    rng = random.Random(seed)
    builder = BlockBuilder(
        weeks=weeks,
        specs=sorted(specs, key=lambda s: s.week),
        rng=rng,
        start=start,
        run_days=run_days,
        quality_days=quality_days,
        quality_weekdays=quality_weekdays,
        long_run_weekday=long_run_weekday,
        units=units,
        rehab=rehab,
    )
    training, races = builder.build()
    athlete = Athlete(name=athlete_name or rng.choice(NAMES), timezone=timezone, focus=list(focus or []))
    return Plan(name=name, athlete=athlete, races=races, training=training)
