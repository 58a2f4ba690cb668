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

`generate_season` builds the 52-week example the benchmarks use (see its docstring). The weeks
themselves are laid out by `weeks.py`.
"""

from __future__ import annotations

import datetime as dt
import random

from planner.plan import Athlete, Plan
from planner.samples.tables import MILE_KM, NAMES, RACE_KM, RACE_WORD
from planner.samples.weeks import BlockBuilder, RaceSpec

__all__ = ["MILE_KM", "generate_plan", "generate_season"]


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


def generate_season(seed: int = 0) -> Plan:
    """A 52-week season from Mon 4 Jan 2027 with three races, for benchmarks.

    Spring half marathon (B, Sun 11 Apr, week 15) as a fitness check with a mini-taper, a 4th of July
    10K (C, week 26) run in place of a long run, and the autumn marathon (A, Sun 17 Oct, week 41)
    with a three-week taper; then two recovery weeks and winter base building to Sun 2 Jan 2028, so
    the post-race rule (11) and the after-A-race phase are exercised too. Five run days, one quality
    day, calf focus (the longest soreness window, the tightest case for the solver).
    """
    specs = [
        RaceSpec(14, "half", "B", ""),
        RaceSpec(25, "10k", "C", "Independence Day 10K"),
        RaceSpec(40, "marathon", "A", ""),
    ]
    return _build_plan(
        weeks=52,
        specs=specs,
        seed=seed,
        start=dt.date(2027, 1, 4),
        focus=["calf"],
        name="2027 season: spring half, summer 10K, autumn marathon",
        run_days=5,
        quality_days=1,
        quality_weekdays=None,
        long_run_weekday=None,
        units="mi",
        rehab=False,
        athlete_name=None,
        timezone="America/Chicago",
    )


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
