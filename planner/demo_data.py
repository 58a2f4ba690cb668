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

`generate_season` builds the 52-week example the benchmarks use (see its docstring).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from planner.io import atomic_write, plan_to_dict
from planner.plan import (
    DEFAULT_TAPER_DAYS,
    WEEKDAYS,
    Athlete,
    Clinic,
    PinnedSession,
    Plan,
    Race,
    Rules,
    TrainingDay,
    Workout,
)

MILE_KM = 1.609344
RACE_KM: dict[str, float] = {"5k": 5.0, "10k": 10.0, "half": 21.1, "marathon": 42.2, "ultra": 50.0}
RACE_WORD: dict[str, str] = {
    "5k": "5K",
    "10k": "10K",
    "half": "Half Marathon",
    "marathon": "Marathon",
    "ultra": "50K",
}


@dataclass(frozen=True)
class _Profile:
    """Long-run and tempo ranges (miles) over a build for one race distance."""

    long_start: float
    long_peak: float
    tempo_start: float
    tempo_peak: float
    easy: float


# Ranges a typical intermediate plan uses (e.g. an 18-week marathon peaks at a 20-mile long run).
_PROFILES: dict[str, _Profile] = {
    "5k": _Profile(5, 8, 2, 4, 3.5),
    "10k": _Profile(6, 10, 2, 5, 4),
    "half": _Profile(7, 13, 3, 6, 4.5),
    "marathon": _Profile(10, 20, 3, 7, 5),
    "ultra": _Profile(12, 24, 4, 8, 6),
}

# Work intervals by rising difficulty: (title, metres per rep, reps).
_INTERVALS: tuple[tuple[str, int, int], ...] = (
    ("8x400m @ 5K pace", 400, 8),
    ("6x800m @ 5K pace", 800, 6),
    ("5x1000m @ 5K pace", 1000, 5),
    ("4x1200m @ 10K pace", 1200, 4),
    ("3x1600m @ 10K pace", 1600, 3),
    ("6x1000m @ 10K pace", 1000, 6),
    ("2x3200m @ half-marathon pace", 3200, 2),
)
_HILLS: tuple[tuple[str, int], ...] = (
    ("8x60s hill repeats", 8),
    ("10x60s hill repeats", 10),
    ("8x90s hill repeats", 8),
    ("6x2 min hill repeats", 6),
)
_CROSS_TRAINING = ("Easy bike 45 min", "Swim 30 min", "Elliptical 40 min")
_REHAB_CROSS_TRAINING = ("Pool running 40 min", "Easy bike 45 min", "Elliptical 40 min")
_PLACES = (
    "Lakefront",
    "Riverside",
    "Harbour",
    "Prairie",
    "Canal Path",
    "Old Town",
    "Hillcrest",
    "Bayview",
    "Greenway",
    "Mill Creek",
)
_NAMES = ("Maya Ortiz", "Sam Okafor", "Priya Raman", "Tom Becker", "Lena Fischer", "Jordan Lee", "Ana Silva")


@dataclass
class _RaceSpec:
    week: int
    distance: str
    priority: str
    name: str


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
    specs = [_RaceSpec(weeks - 1, distance, "A", a_race_name or "")]
    for week, race_distance, priority in races or []:
        if not 0 <= week < weeks - 1:
            raise ValueError(
                f"race week_index {week} must be between 0 and {weeks - 2} (the A race ends the block)"
            )
        specs.append(_RaceSpec(week, race_distance, priority, ""))
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
        _RaceSpec(14, "half", "B", ""),
        _RaceSpec(25, "10k", "C", "Independence Day 10K"),
        _RaceSpec(40, "marathon", "A", ""),
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
    specs: list[_RaceSpec],
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
    builder = _BlockBuilder(
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
    athlete = Athlete(name=athlete_name or rng.choice(_NAMES), timezone=timezone, focus=list(focus or []))
    return Plan(name=name, athlete=athlete, races=races, training=training)


class _BlockBuilder:
    """Lays out the weeks of one block; all randomness comes from the seeded `rng`."""

    def __init__(
        self,
        *,
        weeks: int,
        specs: list[_RaceSpec],
        rng: random.Random,
        start: dt.date,
        run_days: int,
        quality_days: int,
        quality_weekdays: tuple[str, ...] | None,
        long_run_weekday: str | None,
        units: str,
        rehab: bool,
    ) -> None:
        self.weeks, self.specs, self.rng, self.start = weeks, specs, rng, start
        self.units, self.rehab = units, rehab
        self.race_by_week = {s.week: s for s in specs}
        self.a_weeks = [s.week for s in specs if s.priority == "A"]
        # The seed picks the layout a coach would: quality Tuesday or Thursday, long run Sat or Sun.
        self.long_day = WEEKDAYS.index(long_run_weekday) if long_run_weekday else rng.choice((5, 6))
        if quality_weekdays:
            self.quality_days = [WEEKDAYS.index(d) for d in quality_weekdays]
        elif quality_days == 2:
            self.quality_days = [1, 3]
        else:
            self.quality_days = [rng.choice((1, 3))]
        if self.long_day in self.quality_days:
            raise ValueError("the long run and a quality session cannot share a weekday")
        self.run_weekdays = self._run_weekdays(run_days)
        self.rotation = rng.randrange(3)
        self.deload_every = rng.choice((3, 4))
        # Easy pace in minutes per mile: more run days, fitter runner (and a little seeded variety).
        base_pace = {3: 10.5, 4: 10.0, 5: 9.0, 6: 8.25, 7: 7.75}[run_days]
        self.easy_pace = base_pace + rng.choice((-0.25, 0.0, 0.25))
        self.volume = 0.8 if rehab else 1.0 + 0.05 * (run_days - 5)
        self.cross_options = _REHAB_CROSS_TRAINING if rehab else _CROSS_TRAINING
        for spec in specs:
            if not spec.name:
                spec.name = f"{rng.choice(_PLACES)} {RACE_WORD[spec.distance]}"

    def _run_weekdays(self, run_days: int) -> set[int]:
        days = {self.long_day, *self.quality_days}
        other_long = 5 if self.long_day == 6 else 6
        order = [d for d in (1, 3) if d not in self.quality_days] + [other_long, 2, 4, 0]
        for day in order:
            if len(days) >= run_days:
                break
            days.add(day)
        return days

    # ---- weeks ---------------------------------------------------------------------------------------
    def build(self) -> tuple[list[TrainingDay], list[Race]]:
        days: list[TrainingDay] = []
        races: list[Race] = []
        for week in range(self.weeks):
            monday = self.start + dt.timedelta(weeks=week)
            plan = self._week(week)
            for weekday in range(7):
                workouts = plan.get(weekday, [])
                if workouts:
                    days.append(TrainingDay(date=monday + dt.timedelta(days=weekday), workouts=workouts))
            spec = self.race_by_week.get(week)
            if spec is not None:
                races.append(
                    Race(
                        date=monday + dt.timedelta(days=6),
                        name=spec.name,
                        distance=spec.distance,  # type: ignore[arg-type]
                        priority=spec.priority,  # type: ignore[arg-type]
                    )
                )
        return days, races

    def _next_a(self, week: int) -> _RaceSpec | None:
        for spec in self.specs:
            if spec.priority == "A" and spec.week >= week:
                return spec
        return None

    def _week(self, week: int) -> dict[int, list[Workout]]:
        race = self.race_by_week.get(week)
        previous = self.race_by_week.get(week - 1)
        target = self._next_a(week)
        if race is not None and race.priority in ("A", "B"):
            return self._race_week(week, race)
        if previous is not None and previous.priority in ("A", "B"):
            return self._recovery_week(week, after_a=previous.priority == "A")
        if target is None:
            return self._base_week(week)
        taper_weeks = math.ceil(DEFAULT_TAPER_DAYS[target.distance] / 7) - 1
        weeks_out = target.week - week
        if weeks_out <= taper_weeks:
            return self._taper_week(week, target, weeks_out, taper_weeks, race)
        return self._build_week(week, target, taper_weeks, race)

    def _segment_start(self, week: int) -> int:
        """First week after the previous A race's recovery (0 for the first build)."""
        earlier = [w for w in self.a_weeks if w < week]
        return earlier[-1] + 2 if earlier else 0

    def _build_week(
        self, week: int, target: _RaceSpec, taper_weeks: int, race: _RaceSpec | None
    ) -> dict[int, list[Workout]]:
        profile = _PROFILES[target.distance]
        first = self._segment_start(week)
        last = target.week - taper_weeks - 1  # the peak week
        share = (week - first) / max(1, last - first)
        position = week - first + 1
        # Every 3rd or 4th week drops back; never the peak week, never a race week.
        deload = position % self.deload_every == 0 and week != last and race is None
        long_miles = profile.long_start + (profile.long_peak - profile.long_start) * share
        tempo_miles = profile.tempo_start + (profile.tempo_peak - profile.tempo_start) * share
        easy_miles = profile.easy + share
        if deload:
            long_miles, tempo_miles, easy_miles = long_miles * 0.65, tempo_miles * 0.6, easy_miles * 0.7
        level = min(len(_INTERVALS) - 1, round(share * (len(_INTERVALS) - 1)))
        plan = self._fill(
            week,
            easy_miles=easy_miles,
            quality=[
                self._quality(week, slot, level, tempo_miles, deload)
                for slot in range(len(self.quality_days))
            ],
            long_run=self._long_run(long_miles, target, 0.0 if deload else share, week),
        )
        if race is not None:  # a C race replaces the long run
            self._put_race(plan, race, easy_miles)
        return plan

    def _taper_week(
        self, week: int, target: _RaceSpec, weeks_out: int, taper_weeks: int, race: _RaceSpec | None
    ) -> dict[int, list[Workout]]:
        profile = _PROFILES[target.distance]
        # Each taper week cuts further: the last one before race week is the lightest.
        factor = 0.75 if weeks_out == taper_weeks and taper_weeks > 1 else 0.6
        plan = self._fill(
            week,
            easy_miles=(profile.easy + 0.5) * factor + 1,
            quality=[
                self._quality(week, slot, len(_INTERVALS) // 2, profile.tempo_peak * factor, False)
                for slot in range(len(self.quality_days))
            ],
            long_run=self._long_run(profile.long_peak * factor, target, 0.0, week),
        )
        if race is not None:
            self._put_race(plan, race, profile.easy * factor)
        return plan

    def _race_week(self, week: int, race: _RaceSpec) -> dict[int, list[Workout]]:
        """Sharpener early in the week, easy days, shakeout the day before, race on Sunday."""
        profile = _PROFILES[race.distance]
        plan: dict[int, list[Workout]] = {}
        sharpener = self._sharpener(race.distance)
        for weekday in range(6):
            if weekday == self.quality_days[0]:
                plan[weekday] = [sharpener]
            elif weekday == 5:
                plan[weekday] = [self._easy(2.5, strides=True, title_prefix="Shakeout")]
            elif weekday in self.run_weekdays and weekday != 0:
                plan[weekday] = [self._easy(profile.easy * 0.7, strides=weekday in self.quality_days)]
            else:
                plan[weekday] = [self._off_day(weekday, week)]
        plan[6] = [self._race_workout(race)]
        return plan

    def _recovery_week(self, week: int, *, after_a: bool) -> dict[int, list[Workout]]:
        """The week after an A or B race: no quality, short long run (after an A race: none)."""
        plan: dict[int, list[Workout]] = {}
        for weekday in range(7):
            if weekday == 0:
                plan[weekday] = [
                    Workout(kind="rest", title="Rest day", description="Legs up: the race was yesterday.")
                ]
            elif weekday == self.long_day and not after_a:
                plan[weekday] = [self._long_run(7, None, 0.0, week)]
            elif weekday in self.run_weekdays:
                plan[weekday] = [
                    Workout(
                        kind="recovery",
                        title=f"Recovery {self._fmt(3.5)}",
                        duration_min=round(3.5 * (self.easy_pace + 1)),
                        distance_km=self._km(3.5),
                        description="Truly easy, conversational; walk breaks are fine.",
                    )
                ]
            else:
                plan[weekday] = [self._off_day(weekday, week)]
        return plan

    def _base_week(self, week: int) -> dict[int, list[Workout]]:
        """After the A race: easy rebuilding with hills or fartlek and a modest long run."""
        position = week - self._segment_start(week)
        long_miles = min(12.0, 8 + 0.5 * position)
        quality = []
        for slot in range(len(self.quality_days)):
            if slot == 0:
                reps = 6 + position % 3 * 2
                quality.append(
                    Workout(
                        kind="quality",
                        title=f"Fartlek {reps}x1 min on / 1 min off",
                        duration_min=45,
                        distance_km=self._km(5),
                        description="Relaxed surges, no watch pressure: winter base.",
                    )
                )
            else:
                quality.append(self._hills(position))
        return self._fill(
            week, easy_miles=4.5, quality=quality, long_run=self._long_run(long_miles, None, 0.0, week)
        )

    # ---- days ----------------------------------------------------------------------------------------
    def _fill(
        self, week: int, *, easy_miles: float, quality: list[Workout], long_run: Workout
    ) -> dict[int, list[Workout]]:
        plan: dict[int, list[Workout]] = {}
        easy_days = sorted(d for d in self.run_weekdays if d != self.long_day and d not in self.quality_days)
        # Strides on the last easy day before the long run: fresh legs, light turnover.
        strides_day = max((d for d in easy_days if d < self.long_day), default=None)
        for weekday in range(7):
            if weekday == self.long_day:
                plan[weekday] = [long_run]
            elif weekday in self.quality_days:
                plan[weekday] = [quality[self.quality_days.index(weekday)]]
            elif weekday in easy_days:
                after_long = weekday == (self.long_day + 1) % 7
                if after_long:
                    plan[weekday] = [self._easy(easy_miles * 0.7, recovery=True)]
                else:
                    miles = easy_miles + self.rng.choice((-0.5, 0.0, 0.0, 0.5))
                    plan[weekday] = [self._easy(miles, strides=weekday == strides_day)]
            else:
                plan[weekday] = [self._off_day(weekday, week)]
        return plan

    def _quality(self, week: int, slot: int, level: int, tempo_miles: float, deload: bool) -> Workout:
        kinds = ("intervals", "tempo", "hills")
        if len(self.quality_days) == 2:
            # Two quality days: speed (intervals or hills) early in the week, tempo later.
            kind = ("intervals", "hills")[(week + self.rotation) % 2] if slot == 0 else "tempo"
        else:
            kind = kinds[(week + self.rotation) % 3]
        if self.rehab and kind == "hills":
            kind = "tempo"  # hill repeats load the calf and plantar fascia: not in a rehab block
        if deload and kind == "intervals":
            level = max(0, level - 2)
        if self.rehab and kind == "intervals" and level < len(_INTERVALS) // 2:
            # Early in a comeback, unstructured surges instead of track repeats.
            reps = 6 + 2 * level
            return Workout(
                kind="quality",
                title=f"Fartlek {reps}x1 min on / 2 min off",
                duration_min=40 + reps,
                distance_km=self._km(4 + reps * 0.1),
                description="Soft surfaces; stop the surges if the heel complains.",
            )
        if kind == "intervals":
            title, rep_m, reps = _INTERVALS[level]
            work_km = rep_m * reps / 1000
            total_km = work_km * 1.5 + 5.5  # recoveries, 3 km warm-up, 2.5 km cool-down
            return Workout(
                kind="quality",
                title=title,
                duration_min=round(total_km / MILE_KM * (self.easy_pace - 0.5)),
                distance_km=round(total_km, 1),
                description=f"Warm-up {self._fmt(2)}, {title} with equal-time jog recoveries, cool-down "
                f"{self._fmt(1.5)}.",
            )
        if kind == "hills":
            return self._hills(level)
        miles = max(2.0, round(tempo_miles))
        total = miles + 3
        return Workout(
            kind="quality",
            title=f"Tempo {self._fmt(miles)}",
            duration_min=round(total * (self.easy_pace - 0.75)),
            distance_km=self._km(total),
            description=f"Warm-up {self._fmt(1.5)}, {self._fmt(miles)} at comfortably hard (threshold) pace, "
            f"cool-down {self._fmt(1.5)}.",
        )

    def _hills(self, level: int) -> Workout:
        title, reps = _HILLS[min(level // 2, len(_HILLS) - 1)]
        return Workout(
            kind="quality",
            title=title,
            duration_min=50 + reps,
            distance_km=self._km(5 + reps * 0.15),
            description=f"{title} on a 6-8% grade, jog back down; "
            f"warm-up and cool-down {self._fmt(1.5)} each.",
        )

    def _sharpener(self, distance: str) -> Workout:
        title = {
            "5k": "4x400m @ 5K pace",
            "10k": "3x1000m @ 10K pace",
            "half": "3x1600m @ half-marathon pace",
            "marathon": f"Marathon pace {self._fmt(3)}",
            "ultra": f"Marathon pace {self._fmt(3)}",
        }[distance]
        return Workout(
            kind="quality",
            title=title,
            duration_min=round(6 * self.easy_pace),
            distance_km=self._km(6),
            description="Race-week sharpener: short, crisp, stop feeling good.",
        )

    def _long_run(self, miles: float, target: _RaceSpec | None, share: float, week: int) -> Workout:
        if self.units == "km":
            shown = round(miles * self.volume * MILE_KM)
            miles_done = shown / MILE_KM
        else:
            shown = round(miles * self.volume)
            miles_done = float(shown)
        title = f"Long run {shown} {self.units}"
        description = "Easy, conversational pace; practise fuelling every 30-40 min."
        # Late in a marathon build every other long run finishes at goal pace.
        if target is not None and target.distance in ("marathon", "ultra") and share >= 0.6 and week % 2 == 0:
            finish = max(3, round(shown * 0.35))
            title += f", last {finish} @ marathon pace"
            easy_part = f"First {shown - finish} {self.units} easy"
            description = f"{easy_part}, the last {finish} {self.units} at goal marathon pace."
        return Workout(
            kind="long_run",
            title=title,
            duration_min=round(miles_done * (self.easy_pace + 0.25)),
            distance_km=round(miles_done * MILE_KM, 1),
            description=description,
        )

    def _easy(
        self, miles: float, *, strides: bool = False, recovery: bool = False, title_prefix: str = "Easy"
    ) -> Workout:
        miles = max(2.0, round(miles * self.volume * 2) / 2)
        if recovery:
            return Workout(
                kind="recovery",
                title=f"Recovery {self._fmt(miles)}",
                duration_min=round(miles * (self.easy_pace + 0.75)),
                distance_km=self._km(miles),
                description="The day after the long run: slow and short.",
            )
        if strides:
            return Workout(
                kind="strides",
                title=f"{title_prefix} {self._fmt(miles)} + 6x20s strides",
                duration_min=round(miles * self.easy_pace) + 5,
                distance_km=self._km(miles),
                description="Easy running, then 6 relaxed 20-second strides with full recovery.",
            )
        return Workout(
            kind="easy",
            title=f"{title_prefix} {self._fmt(miles)}",
            duration_min=round(miles * self.easy_pace),
            distance_km=self._km(miles),
        )

    def _off_day(self, weekday: int, week: int) -> Workout:
        if weekday == 0:
            if self.rehab:
                return Workout(kind="cross_training", title="Easy bike 30 min", duration_min=30)
            return Workout(kind="rest", title="Rest day")
        # Non-running days alternate cross-training and strength so the week keeps some aerobic work.
        if (weekday + week) % 2 == 0 or (self.rehab and weekday in (2, 5)):
            title = self.cross_options[(weekday + week) % len(self.cross_options)]
            return Workout(kind="cross_training", title=title, duration_min=int(title.split()[-2]))
        if self.rehab:
            return Workout(
                kind="strength",
                title="Calf raises & foot strength 25 min",
                duration_min=25,
                description="Eccentric heel drops 3x15, towel curls, single-leg balance.",
            )
        return Workout(kind="strength", title="Strength & core 30 min", duration_min=30)

    def _put_race(self, plan: dict[int, list[Workout]], race: _RaceSpec, easy_miles: float) -> None:
        """A C race on Sunday replaces the long run; a Saturday long run becomes a shakeout."""
        if self.long_day == 5:
            plan[5] = [self._easy(2.5, strides=True, title_prefix="Shakeout")]
        plan[6] = [self._race_workout(race)]

    def _race_workout(self, race: _RaceSpec) -> Workout:
        km = RACE_KM[race.distance]
        race_pace_per_km = (self.easy_pace - 1.5) / MILE_KM
        return Workout(
            kind="race",
            title=f"{race.name} ({race.priority} race)",
            duration_min=round(km * race_pace_per_km),
            distance_km=km,
            description={
                "A": "Goal race.",
                "B": "Fitness check: race it, then recover.",
                "C": "Tune-up: run it as a hard workout, no taper.",
            }[race.priority],
        )

    # ---- units ---------------------------------------------------------------------------------------
    def _fmt(self, miles: float) -> str:
        if self.units == "km":
            return f"{round(miles * MILE_KM)} km"
        return f"{miles:g} mi"

    def _km(self, miles: float) -> float:
        if self.units == "km":
            return float(round(miles * MILE_KM))
        return round(miles * MILE_KM, 1)


# ---- the bundled sample plans ----------------------------------------------------------------------
# `python -m planner.demo_data sample_plans` rewrites sample_plans/*.yaml from these recipes; the
# header comment of each file (lost by save_plan) says what the scenario is and what to expect.
def _beginner_marathon() -> Plan:
    plan = generate_plan(
        18,
        "marathon",
        seed=11,
        focus=["hamstring"],
        name="Beginner marathon: 18 weeks to the Lakefront Marathon",
        run_days=4,
        quality_weekdays=("thu",),
        long_run_weekday="sun",
        athlete_name="Maya Ortiz",
        timezone="America/Chicago",
        a_race_name="Lakefront Marathon",
    )
    plan.athlete = plan.athlete.model_copy(update={"preferred_weekdays": ["mon"]})
    plan.clinic = Clinic(
        name="Loop Sports Physical Therapy",
        address="180 N Michigan Ave, Suite 900, Chicago, IL 60601",
        open_weekdays=["mon", "tue", "wed", "thu", "fri"],
        opens=dt.time(7, 0),
        closes=dt.time(19, 0),
        price=95.0,
    )
    return plan


def _advanced_marathon() -> Plan:
    plan = generate_plan(
        18,
        "marathon",
        seed=23,
        races=[(11, "half", "B")],
        start=dt.date(2027, 5, 31),
        focus=["it_band"],
        name="Advanced marathon: 18 weeks, two quality days, a half-marathon check",
        run_days=6,
        quality_days=2,
        long_run_weekday="sun",
        units="km",
        athlete_name="Tom Becker",
        timezone="Europe/London",
        a_race_name="Thames Autumn Marathon",
    )
    plan.athlete = plan.athlete.model_copy(update={"preferred_weekdays": ["fri"]})
    plan.clinic = Clinic(
        name="Bankside Sports Physio",
        address="12 Bankside, London SE1 9JE",
        opens=dt.time(7, 30),
        closes=dt.time(20, 0),
        price=75.0,
        currency="GBP",
    )
    return plan


def _half_marathon() -> Plan:
    plan = generate_plan(
        12,
        "half",
        seed=5,
        start=dt.date(2027, 6, 14),
        focus=["glute"],
        name="Half marathon: 12 weeks to the Harbour Half",
        run_days=5,
        quality_weekdays=("tue",),
        long_run_weekday="sat",
        units="km",
        athlete_name="Priya Raman",
        timezone="Australia/Sydney",
        a_race_name="Harbour Half Marathon",
    )
    plan.clinic = Clinic(
        name="Bondi Junction Sports Physio",
        address="Level 2, 500 Oxford St, Bondi Junction NSW 2022",
        opens=dt.time(7, 0),
        closes=dt.time(19, 0),
        appointment_time=dt.time(17, 0),
        appointment_minutes=45,
        price=110.0,
        currency="AUD",
    )
    plan.budget = 440.0  # four sessions at $110: a trial pair, one maintenance, one in the taper
    return plan


def _ten_k() -> Plan:
    plan = generate_plan(
        8,
        "10k",
        seed=8,
        start=dt.date(2027, 3, 1),
        focus=["quad"],
        name="10K: 8 weeks to the Cherry Creek 10K",
        run_days=5,
        quality_weekdays=("thu",),
        long_run_weekday="sun",
        athlete_name="Jordan Lee",
        timezone="America/Denver",
        a_race_name="Cherry Creek 10K",
    )
    plan.athlete = plan.athlete.model_copy(update={"preferred_weekdays": ["mon", "tue"]})
    plan.clinic = Clinic(
        name="Mile High Sports Rehab",
        address="1630 Welton St, Denver, CO 80202",
        open_weekdays=["mon", "tue", "wed", "thu", "fri"],
        price=85.0,
    )
    return plan


def _plantar_fasciitis_rehab() -> Plan:
    plan = generate_plan(
        10,
        "10k",
        seed=3,
        start=dt.date(2027, 2, 1),
        focus=["calf", "foot"],
        name="Plantar fasciitis rehab: 10 easy weeks back to a 10K",
        run_days=4,
        quality_weekdays=("thu",),
        long_run_weekday="sun",
        rehab=True,
        athlete_name="Ana Silva",
        timezone="America/New_York",
        a_race_name="Hudson River 10K",
    )
    plan.clinic = Clinic(
        name="Hudson Foot & Sports PT",
        address="455 W 23rd St, New York, NY 10011",
        opens=dt.time(8, 0),
        closes=dt.time(18, 0),
        price=120.0,
    )
    plan.rules = Rules(rehab_series=True, min_gap_days=2, target_sessions=6, max_sessions=8)
    return plan


def _impossible() -> Plan:
    plan = generate_plan(
        8,
        "10k",
        seed=4,
        start=dt.date(2027, 3, 1),
        focus=["hamstring"],
        name="Impossible: the club physio only works on club session nights",
        run_days=5,
        quality_days=2,
        long_run_weekday="sun",
        units="km",
        athlete_name="Sean Byrne",
        timezone="Europe/Dublin",
        a_race_name="Phoenix Park 10K",
    )
    # The club's Thursday session runs in race week too (a short one), so every Tuesday and
    # Thursday of the block is a quality day.
    race_week_thursday = plan.races[0].date - dt.timedelta(days=3)
    for day in plan.training:
        if day.date == race_week_thursday:
            day.workouts = [
                Workout(
                    kind="quality",
                    title="Club session: 4x400m @ 10K pace",
                    duration_min=40,
                    distance_km=6.0,
                    description="Short race-week session with the club.",
                )
            ]
    plan.clinic = Clinic(
        name="Clontarf Harriers physio room",
        address="Clubhouse, Castle Ave, Clontarf, Dublin 3, D03 W2N4",
        open_weekdays=["tue", "thu"],
        opens=dt.time(18, 0),
        closes=dt.time(21, 0),
        price=60.0,
        currency="EUR",
    )
    return plan


def _pinned_conflict() -> Plan:
    plan = generate_plan(
        10,
        "half",
        seed=6,
        start=dt.date(2027, 8, 2),
        focus=["hamstring"],
        name="Pinned conflict: the only slot before the clinician's holiday",
        run_days=5,
        quality_weekdays=("tue",),
        long_run_weekday="sun",
        athlete_name="Lena Fischer",
        timezone="America/Los_Angeles",
        a_race_name="Golden Gate Half",
    )
    # Pin the Monday before the first interval session from week 4 on: the day before a hard day.
    tuesday = next(
        day.date
        for day in plan.training
        if day.date.weekday() == 1
        and day.date >= plan.training[0].date + dt.timedelta(weeks=3)
        and any(w.kind == "quality" and "@" in w.title for w in day.workouts)
    )
    plan.pinned = [
        PinnedSession(
            date=tuesday - dt.timedelta(days=1),
            note="The only slot Dr. Alvarez has before her two-week holiday.",
        )
    ]
    plan.clinic = Clinic(
        name="Presidio Sports Physical Therapy",
        address="1 Letterman Dr, Building D, San Francisco, CA 94129",
        open_weekdays=["mon", "tue", "wed", "thu", "fri"],
        price=120.0,
    )
    return plan


SAMPLE_HEADERS: dict[str, str] = {
    "beginner_marathon": """\
Beginner marathon, 18 weeks (Mon 4 Jan - Sun 9 May 2027), Chicago.
Maya runs 4 days a week: easy Tuesday, one quality session on Thursday (intervals, tempo
and hills in rotation), easy + strides Saturday, long run Sunday growing from 10 to 19 mi
with a deload week every fourth week, a 3-week taper, and the Lakefront Marathon (A race).
Wednesday and Friday are cross-training or strength days, Monday is rest.
Focus: hamstring (tightness from the growing long runs). Clinic open Mon-Fri; Maya prefers
Mondays, the day after the long run (rule 3 rewards it; Tuesday is always easy, so rule 1 allows it).
Expect: a trial pair early, maintenance in the deload weeks, one session in the taper.""",
    "advanced_marathon": """\
Advanced marathon, 18 weeks (Mon 31 May - Sun 3 Oct 2027), London, distances in km.
Tom runs 6 days a week with two quality days (Tuesday intervals or hills, Thursday tempo)
and a Sunday long run up to 34 km, some finishing at marathon pace. A half marathon on
Sun 22 Aug is his B race (6 weeks out) with a mini-taper and an easy week after.
Focus: it_band. With quality on Tuesday and Thursday and the long run on Sunday, only
Fridays are not the day before a hard day in a normal week: the planner has little room,
and the week after the half (no quality) opens Monday-Wednesday for a post-race session.""",
    "half_marathon": """\
Half marathon, 12 weeks (Mon 14 Jun - Sun 5 Sep 2027), Sydney, distances in km.
Priya runs 5 days: quality on Tuesday, easy Wednesday/Thursday/Sunday, long run Saturday,
a 2-week taper into the Harbour Half Marathon (A race).
Focus: glute. The clinic books her after work at 17:00 (45 min) for AUD 110 a session, and
her budget is AUD 440: at most four sessions (rule 10), which is also the target.""",
    "10k": """\
10K, 8 weeks (Mon 1 Mar - Sun 25 Apr 2027), Denver.
Jordan runs 5 days: quality on Thursday, long run on Sunday (6 to 10 mi), a 10-day taper
into the Cherry Creek 10K (A race). Focus: quad (knee). Clinic open Mon-Fri; Jordan
prefers Monday or Tuesday appointments. A short block: the trial must still be 21 days
before the race with a hard day between the trial and race week (rule 4).""",
    "plantar_fasciitis_rehab": """\
Plantar fasciitis rehab, 10 weeks (Mon 1 Feb - Sun 11 Apr 2027), New York.
Ana is coming back from plantar fasciitis: 4 short run days (easy Tuesday, a gentle fartlek,
tempo or interval session on Thursday - no hill repeats -, easy + strides Saturday, a long
run of 4-8 mi on Sunday), an easy bike on Mondays, pool running or bike and calf/foot
strength on Wednesday and Friday. The block ends with the Hudson River 10K (A race).
Focus: calf and foot (lower leg: soreness window 3 days, rule 2). The sessions are a rehab
series (rules.rehab_series: true), so they may be 2 days apart (min_gap_days: 2) and the
target is 6 sessions (max 8), USD 120 each, no budget cap. The 10K taper window is only
Thu-Sun of the week before race week; Friday is the one free day in it (rule 6).""",
    "impossible": """\
IMPOSSIBLE on purpose: an 8-week 10K block in Dublin with no feasible placement.
Sean trains with his club on Tuesday and Thursday nights (both quality sessions, race week
included) and runs long on Sunday. The club physio room is open only on Tuesday and
Thursday evenings, so every clinic day is a quality day (rule 1 vs rule 9) and no date in
the block works. The smallest conflict the planner names is the 10K taper (rule 6: one
session between Thu 15 and Sun 18 Apr): Thursday is the club session, the clinic is closed
on Friday, Saturday is the day before the long run and Sunday is the long run.
A coach's fix: a Friday appointment (the planner checks that one), or an easy Thursday.
`planner optimize` exits 1 and prints the conflicting rules.""",
    "pinned_conflict": """\
Pinned session that breaks a rule: a 10-week half-marathon block in San Francisco.
Lena's clinician pinned an appointment on a Monday (her only slot before a two-week
holiday), but Tuesday is an interval session: the pinned session is the day before a hard
day (rule 1 vs rule 14). The planner must say which rule the pin breaks and why, with the
dates, and suggest unpinning it or moving it.""",
}

SAMPLES: dict[str, Callable[[], Plan]] = {
    "beginner_marathon": _beginner_marathon,
    "advanced_marathon": _advanced_marathon,
    "half_marathon": _half_marathon,
    "10k": _ten_k,
    "plantar_fasciitis_rehab": _plantar_fasciitis_rehab,
    "impossible": _impossible,
    "pinned_conflict": _pinned_conflict,
}


def sample_plan(name: str) -> Plan:
    """The plan behind sample_plans/NAME.yaml, built fresh from its recipe."""
    return SAMPLES[name]()


def sample_text(name: str) -> str:
    """The exact text of sample_plans/NAME.yaml: header comment, then the saved plan."""
    header = "".join(f"# {line}".rstrip() + "\n" for line in SAMPLE_HEADERS[name].splitlines())
    header += "# Regenerate with: python -m planner.demo_data sample_plans\n"
    return (
        header + "\n" + yaml.safe_dump(_readable_dict(sample_plan(name)), sort_keys=False, allow_unicode=True)
    )


def _readable_dict(plan: Plan) -> dict:
    """`plan_to_dict`, but races and the clinic in full and the training days last.

    A reader should not need the defaults table to see a race's distance and priority or the
    clinic's opening days; rules stay overrides only (their defaults are documented).
    """
    data = plan_to_dict(plan)
    data["races"] = [race.model_dump(mode="json", exclude_none=True) for race in plan.races]
    clinic = plan.clinic.model_dump(mode="json", exclude_none=True)
    data["clinic"] = {key: value for key, value in clinic.items() if value != []}
    for key in ("opens", "closes", "appointment_time"):
        if key in data["clinic"]:
            data["clinic"][key] = data["clinic"][key][:5]  # "08:00", as a clinic writes its hours
    # The settings first, the long list of training days last.
    training = data.pop("training")
    return {**data, "training": training}


def write_samples(directory: str | Path) -> list[Path]:
    """Write every sample plan as YAML into `directory`; returns the paths written."""
    directory = Path(directory)
    written = []
    for name in SAMPLES:
        path = directory / f"{name}.yaml"
        atomic_write(path, sample_text(name))
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    for written_path in write_samples(sys.argv[1] if len(sys.argv) > 1 else "sample_plans"):
        print(written_path)
