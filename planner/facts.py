"""Derived day facts: hard days, phases, taper windows, race weeks, season blocks. Computed once, here only.

The solver's rules and the explainer read these; the independent checker does not (it derives
its own, so that the two can check each other).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

from planner.dates import format_day, long_date
from planner.plan import HARD_KINDS, POSSIBLY_HARD_KINDS, Plan, Race, Rules, Workout

Phase = str  # "base" | "build" | "peak" | "taper" | "race_week" | "post_race"
# DOMAIN.md "Seasons": a block ends at an A race ("build"); the days after the last A race are the
# post-race "tail"; a plan without an A race is one "open" block.
BlockKind = Literal["build", "tail", "open"]
# Rule 11 and the tail: a post-race session falls 1-3 days after the race (seed 003).
POST_RACE_DAYS = (1, 2, 3)

# A week whose load drops below this share of the week before is a deload week.
DELOAD_SHARE = 0.8
# A week at or above this share of the block's heaviest week is a heavy week.
HEAVY_SHARE = 0.85


def workout_label(workout: Workout) -> str:
    """'18 mi long run' / 'tempo' - a workout named the way a coach would say it."""
    title = workout.title.strip()
    if workout.kind == "long_run":
        if workout.distance_km:
            # Say it in the plan's own unit: a km-titled plan reads km.
            if "km" in title.lower():
                return f"{workout.distance_km:.0f} km long run"
            return f"{workout.distance_km / 1.609344:.0f} mi long run"
        return title if title and "long" in title.lower() else "long run"
    if workout.kind == "race":
        return title or "race"
    # Keep the coach's wording ("6x800m @ 10K pace"), only the first letter lowered mid-sentence.
    return title[0].lower() + title[1:] if title else workout.kind.replace("_", " ")


@dataclass(frozen=True)
class TrainingBlock:
    """One block of a season (DOMAIN.md "Seasons"), with the rule settings in force in it."""

    number: int  # 1-based, in date order
    kind: BlockKind
    first: dt.date
    last: dt.date
    a_race: Race | None  # the A race that ends a "build" block
    rules: Rules

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    @property
    def counts_sessions(self) -> bool:
        """Rules 4, 7, 8 and 12 count in build and open blocks; the tail is post-race only."""
        return self.kind != "tail"

    @property
    def name(self) -> str:
        """'block 2 (to the Autumn Marathon on Sun 17 Oct)' / 'the post-race tail (from Mon 18 Oct)'."""
        if self.kind == "tail":
            return f"the post-race tail (from {format_day(self.first)})"
        if self.a_race is None:
            return f"block {self.number}"
        return f"block {self.number} (to {self.a_race.name} on {format_day(self.a_race.date)})"

    @property
    def span(self) -> str:
        weeks = ((self.last - self.first).days + 7) // 7
        return f"{long_date(self.first)} to {long_date(self.last)}, {weeks} week{'s' if weeks != 1 else ''}"


@dataclass(frozen=True)
class DayFacts:
    date: dt.date
    workouts: tuple[Workout, ...]
    race: Race | None
    phase: Phase
    week_start: dt.date
    block: int = 0  # TrainingBlock.number of the block the day belongs to

    @property
    def kinds(self) -> frozenset[str]:
        kinds = {w.kind for w in self.workouts}
        if self.race is not None:
            kinds.add("race")
        return frozenset(kinds)

    @property
    def is_hard(self) -> bool:
        return bool(self.kinds & HARD_KINDS)

    @property
    def is_possibly_hard(self) -> bool:
        """An event of unknown effort and nothing proven hard: kept clear like a hard day (rules 1
        and 2), never counted as one (no long run for rule 3, no load for rule 4's trial)."""
        return bool(self.kinds & POSSIBLY_HARD_KINDS) and not self.is_hard

    @property
    def avoids_sessions(self) -> bool:
        """Rules 1 and 2 keep sessions off this day and the days before it."""
        return self.is_hard or self.is_possibly_hard

    @property
    def is_long_run(self) -> bool:
        return "long_run" in self.kinds

    @property
    def is_race(self) -> bool:
        return "race" in self.kinds

    @property
    def is_quality(self) -> bool:
        return "quality" in self.kinds

    @property
    def hard_label(self) -> str:
        """The name of what makes the day hard, for reasons and conflicts."""
        if self.race is not None:
            return self.race.name
        for kind in ("race", "quality", "long_run"):
            for workout in self.workouts:
                if workout.kind == kind:
                    return workout_label(workout)
        for workout in self.workouts:
            if workout.kind in POSSIBLY_HARD_KINDS:
                return f"possibly hard {workout_label(workout)}"
        return "hard day"


@dataclass
class BlockFacts:
    """Everything the rules need to know about the days of one athlete's block."""

    plan: Plan
    days: list[DayFacts] = field(default_factory=list)

    @classmethod
    def from_plan(cls, plan: Plan) -> BlockFacts:
        facts = cls(plan=plan)
        first, last = plan.first_day, plan.last_day
        if first is None or last is None:
            return facts
        by_date: dict[dt.date, list[Workout]] = {}
        for day in plan.training:
            by_date.setdefault(day.date, []).extend(day.workouts)
        races = {r.date: r for r in plan.races}
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            facts.days.append(
                DayFacts(
                    date=day,
                    workouts=tuple(by_date.get(day, ())),
                    race=races.get(day),
                    phase="",
                    week_start=day - dt.timedelta(days=day.weekday()),
                )
            )
        # Phases and blocks need the plan's span and A races, known only once the days exist.
        facts.days = [
            replace(d, phase=facts._phase_of(d.date), block=facts._block_number(d.date)) for d in facts.days
        ]
        return facts

    # ---- lookups -------------------------------------------------------------------------
    @cached_property
    def by_date(self) -> dict[dt.date, DayFacts]:
        return {d.date: d for d in self.days}

    @property
    def first(self) -> dt.date:
        return self.days[0].date

    @property
    def last(self) -> dt.date:
        return self.days[-1].date

    def day(self, date: dt.date) -> DayFacts | None:
        return self.by_date.get(date)

    @cached_property
    def hard_days(self) -> list[DayFacts]:
        """Quality, long-run and race days: what rules 3 and 4 count."""
        return [d for d in self.days if d.is_hard]

    @cached_property
    def avoided_days(self) -> list[DayFacts]:
        """Hard and possibly hard days: what rules 1 and 2 keep sessions away from."""
        return [d for d in self.days if d.avoids_sessions]

    @cached_property
    def a_races(self) -> list[Race]:
        return [r for r in self.plan.a_races if self.first <= r.date <= self.last]

    @cached_property
    def blocks(self) -> list[TrainingBlock]:
        """The season's blocks in date order: one per A race, then the post-race tail if any."""
        if not self.days:
            return []
        plan, blocks = self.plan, []
        start = self.first
        for race in self.a_races:
            if race.date < start:
                continue  # a second A race on the same day ends no block of its own
            blocks.append(
                TrainingBlock(len(blocks) + 1, "build", start, race.date, race, plan.block_rules(race))
            )
            start = race.date + dt.timedelta(days=1)
        if start <= self.last:
            kind: BlockKind = "tail" if blocks else "open"
            blocks.append(TrainingBlock(len(blocks) + 1, kind, start, self.last, None, plan.rules))
        return blocks

    @property
    def is_season(self) -> bool:
        """More than one block ends at an A race: output names the block of everything."""
        return sum(1 for block in self.blocks if block.kind == "build") > 1

    def block_of(self, date: dt.date) -> TrainingBlock | None:
        day = self.day(date)
        return self.blocks[day.block - 1] if day is not None else None

    def block_days(self, block: TrainingBlock) -> list[DayFacts]:
        return self.days[(block.first - self.first).days : (block.last - self.first).days + 1]

    def post_race_days(self, race: Race) -> list[dt.date]:
        """Rule 11's window after a race, inside the plan."""
        days = [race.date + dt.timedelta(days=k) for k in POST_RACE_DAYS]
        return [d for d in days if d in self.by_date]

    def _block_number(self, date: dt.date) -> int:
        for block in self.blocks:
            if block.contains(date):
                return block.number
        return 0

    @cached_property
    def key_races(self) -> list[Race]:
        """A and B races: the ones with a final blackout (rule 5)."""
        return sorted(
            (r for r in self.plan.races if r.priority in ("A", "B") and self.first <= r.date <= self.last),
            key=lambda r: r.date,
        )

    @property
    def lower_leg_focus(self) -> bool:
        return self.plan.athlete.lower_leg_focus

    @property
    def comfort_days(self) -> int:
        rules = self.plan.rules
        return (
            rules.comfort_days_before_hard_lower_leg
            if self.lower_leg_focus
            else rules.comfort_days_before_hard
        )

    def taper_window(self, race: Race) -> tuple[dt.date, dt.date]:
        """Days from (race day - taper length) to the day before race day."""
        return race.date - dt.timedelta(days=race.taper_length), race.date - dt.timedelta(days=1)

    def race_week(self, race: Race) -> tuple[dt.date, dt.date]:
        """The 7 days that end with the race day (DOMAIN.md)."""
        return race.date - dt.timedelta(days=6), race.date

    def taper_maintenance_window(self, race: Race) -> tuple[dt.date, dt.date] | None:
        """Rule 6 window: (race day - taper) .. (race day - 7); None when the taper fits in race week."""
        if race.taper_length <= 7:
            return None
        return race.date - dt.timedelta(days=race.taper_length), race.date - dt.timedelta(days=7)

    def a_race_for(self, date: dt.date) -> Race | None:
        """The A race this date builds towards (the next one on or after it)."""
        for race in self.a_races:
            if date <= race.date:
                return race
        return None

    # ---- weekly load -----------------------------------------------------------------------
    @cached_property
    def weekly_load(self) -> dict[dt.date, float]:
        """Load per Monday-started week: minutes, else km x 6, else 60 per hard / 30 per other run."""
        load: dict[dt.date, float] = {}
        for d in self.days:
            total = load.setdefault(d.week_start, 0.0)
            for w in d.workouts:
                if w.kind in ("rest",):
                    continue
                if w.duration_min:
                    total += w.duration_min
                elif w.distance_km:
                    total += w.distance_km * 6
                else:
                    total += 60 if w.kind in HARD_KINDS else 30
            load[d.week_start] = total
        return load

    @cached_property
    def deload_weeks(self) -> set[dt.date]:
        weeks = sorted(self.weekly_load)
        out = set()
        for before, week in itertools.pairwise(weeks):
            prev = self.weekly_load[before]
            if prev > 0 and self.weekly_load[week] < DELOAD_SHARE * prev and not self._week_in_taper(week):
                out.add(week)
        return out

    @cached_property
    def heavy_weeks(self) -> set[dt.date]:
        if not self.weekly_load:
            return set()
        loads = sorted(self.weekly_load.values())
        peak, median = loads[-1], loads[len(loads) // 2]
        # A flat block has no heavy weeks: "heavy" only means something against lighter weeks.
        if peak <= 0 or peak < 1.1 * median:
            return set()
        return {w for w, load in self.weekly_load.items() if load >= HEAVY_SHARE * peak}

    def _week_in_taper(self, week_start: dt.date) -> bool:
        for race in self.a_races:
            start, end = self.taper_window(race)
            if start <= week_start <= end:
                return True
        return False

    def week_number(self, date: dt.date) -> int:
        """1-based training week of the block (weeks start on Monday)."""
        first_week = self.first - dt.timedelta(days=self.first.weekday())
        return (date - first_week).days // 7 + 1

    # ---- phases ----------------------------------------------------------------------------
    def _phase_of(self, date: dt.date) -> Phase:
        race = self.a_race_for(date)
        if race is None:
            return "post_race" if self.a_races else "build"
        week_start, _ = self.race_week(race)
        taper_start, _ = self.taper_window(race)
        if date >= week_start:
            return "race_week"
        if date >= taper_start:
            return "taper"
        previous = [r.date for r in self.a_races if r.date < date]
        segment_start = previous[-1] + dt.timedelta(days=1) if previous else self.first
        span = max(1, (taper_start - segment_start).days)
        share = (date - segment_start).days / span
        if share < 0.4:
            return "base"
        if share < 0.8:
            return "build"
        return "peak"
