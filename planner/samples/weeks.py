"""The weeks of a generated block: base, build, deload, taper, race and recovery weeks.

All randomness comes from the seeded `rng` the generator passes in, so a seed is a plan.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from planner.plan import DEFAULT_TAPER_DAYS, WEEKDAYS, Race, TrainingDay, Workout
from planner.samples.tables import (
    CROSS_TRAINING,
    HILLS,
    INTERVALS,
    MILE_KM,
    PLACES,
    PROFILES,
    RACE_KM,
    RACE_WORD,
    REHAB_CROSS_TRAINING,
)


@dataclass
class RaceSpec:
    week: int
    distance: str
    priority: str
    name: str


class BlockBuilder:
    """Lays out the weeks of one block; all randomness comes from the seeded `rng`."""

    def __init__(
        self,
        *,
        weeks: int,
        specs: list[RaceSpec],
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
        self.cross_options = REHAB_CROSS_TRAINING if rehab else CROSS_TRAINING
        for spec in specs:
            if not spec.name:
                spec.name = f"{rng.choice(PLACES)} {RACE_WORD[spec.distance]}"

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

    def _next_a(self, week: int) -> RaceSpec | None:
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
            plan = self._base_week(week)
            if race is not None:  # a C race after the last A race replaces the long run
                self._put_race(plan, race, 4.5)
            return plan
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
        self, week: int, target: RaceSpec, taper_weeks: int, race: RaceSpec | None
    ) -> dict[int, list[Workout]]:
        profile = PROFILES[target.distance]
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
        level = min(len(INTERVALS) - 1, round(share * (len(INTERVALS) - 1)))
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
        self, week: int, target: RaceSpec, weeks_out: int, taper_weeks: int, race: RaceSpec | None
    ) -> dict[int, list[Workout]]:
        profile = PROFILES[target.distance]
        # Each taper week cuts further: the last one before race week is the lightest.
        factor = 0.75 if weeks_out == taper_weeks and taper_weeks > 1 else 0.6
        plan = self._fill(
            week,
            easy_miles=(profile.easy + 0.5) * factor + 1,
            quality=[
                self._quality(week, slot, len(INTERVALS) // 2, profile.tempo_peak * factor, False)
                for slot in range(len(self.quality_days))
            ],
            long_run=self._long_run(profile.long_peak * factor, target, 0.0, week),
        )
        if race is not None:
            self._put_race(plan, race, profile.easy * factor)
        return plan

    def _race_week(self, week: int, race: RaceSpec) -> dict[int, list[Workout]]:
        """Sharpener early in the week, easy days, shakeout the day before, race on Sunday."""
        profile = PROFILES[race.distance]
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
        if self.rehab and kind == "intervals" and level < len(INTERVALS) // 2:
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
            title, rep_m, reps = INTERVALS[level]
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
        title, reps = HILLS[min(level // 2, len(HILLS) - 1)]
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

    def _long_run(self, miles: float, target: RaceSpec | None, share: float, week: int) -> Workout:
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

    def _put_race(self, plan: dict[int, list[Workout]], race: RaceSpec, easy_miles: float) -> None:
        """A C race on Sunday replaces the long run; a Saturday long run becomes a shakeout."""
        if self.long_day == 5:
            plan[5] = [self._easy(2.5, strides=True, title_prefix="Shakeout")]
        plan[6] = [self._race_workout(race)]

    def _race_workout(self, race: RaceSpec) -> Workout:
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
