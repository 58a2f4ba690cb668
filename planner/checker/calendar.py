"""The plan as the hard rules talk about it, and the shape of a finding.

Restated from `shared/DOMAIN.md` on purpose rather than imported from the solver side: the
checker re-derives the domain, so that it and the solver can check each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, PrivateAttr

from planner.plan import HARD_KINDS, POSSIBLY_HARD_KINDS, Plan, Race, Rules, Workout

LOWER_LEG_REGIONS = frozenset({"calf", "achilles", "foot", "shin"})  # "Lower-leg focus"
TAPER_DAYS_BY_DISTANCE = {"5k": 7, "10k": 10, "half": 14, "marathon": 21, "ultra": 21}  # "Taper"
RACE_WEEK_DAYS = 7  # "Race week: the 7 days that end with the A race day"
POST_RACE_DAYS = range(1, 4)  # rule 11: "a post_race session 1-3 days after a B race, or after the A race"
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Violation(BaseModel):
    """One broken hard rule instance: which rule, the dates it concerns, and why in words."""

    rule: str
    rule_number: int
    dates: list[dt.date] = Field(default_factory=list)
    why: str

    # Which of the checked session dates cause it (moving one of them may cure it), and a stable
    # identity (kind + dates) used to tell whether a move created a *new* violation. Private so
    # the public shape stays the four documented fields.
    _kind: str = PrivateAttr(default="")
    _sessions: tuple[dt.date, ...] = PrivateAttr(default=())

    @property
    def key(self) -> tuple[str, tuple[dt.date, ...]]:
        return (self._kind, tuple(self.dates))

    @property
    def kind(self) -> str:
        return self._kind

    @property
    def session_dates(self) -> tuple[dt.date, ...]:
        return self._sessions


class CheckReport(BaseModel):
    dates: list[dt.date]
    ok: bool
    violations: list[Violation] = Field(default_factory=list)
    alternatives: dict[dt.date, list[dt.date]] = Field(
        default_factory=dict,
        description="Per session date in a violation: nearest dates that cure it and break nothing new.",
    )
    warnings: list[str] = Field(default_factory=list)


class ProposedCheck(BaseModel):
    """A clinician's proposed date next to the sessions already booked."""

    date: dt.date
    ok: bool = Field(description="It breaks no hard rule that the booked sessions did not already break.")
    violations: list[Violation] = Field(
        default_factory=list, description="What the proposed date adds to the booked sessions' findings."
    )
    nearest_valid: list[dt.date] = Field(
        default_factory=list, description="The nearest good dates, the proposed one first when it is fine."
    )
    trial: bool = Field(
        default=False,
        description="It would be its block's first session with no session shortly before it (rule 4's "
        "trial): nothing booked before it, or a pause longer than retrial_after_days in a season.",
    )


class Findings(list[Violation]):
    """The violations one rule finds. `add` names the dates; the first one is the session that
    causes it unless `causes` says otherwise (moving that session may cure it)."""

    def __init__(self, rule_number: int) -> None:
        super().__init__()
        self.rule_number = rule_number

    def add(self, kind: str, why: str, *dates: dt.date, causes: tuple[dt.date, ...] | None = None) -> None:
        violation = Violation(
            rule=RULE_NAMES[self.rule_number], rule_number=self.rule_number, dates=list(dates), why=why
        )
        violation._kind = kind
        violation._sessions = dates[:1] if causes is None else causes
        self.append(violation)


# The names the solver's registry gives these rules, restated (not imported) so the checker stays
# independent; tests/checker/test_independence.py checks the two tables agree.
RULE_NAMES = {
    1: "away_from_hard_days",
    2: "soreness_comfort",
    4: "trial_before_race_week",
    5: "final_days",
    6: "taper_maintenance",
    7: "volume",
    9: "clinic",
    10: "budget",
    14: "pinned",
}


# ---------------------------------------------------------------------------------------------
# What the plan says about each day, read straight from the plan (not from planner.facts).


@dataclass(frozen=True)
class SeasonBlock:
    """DOMAIN.md "Seasons": "A block ends at an A race; the next block starts the day after it.
    Days after the last A race form a short post-race tail"; a plan with no A race is one block."""

    number: int
    first: dt.date
    last: dt.date
    a_race: Race | None  # None: the post-race tail, or the whole plan when it has no A race
    is_tail: bool
    rules: Rules  # the plan's settings with the block's own (plan.blocks)

    def holds(self, date: dt.date) -> bool:
        return self.first <= date <= self.last


@dataclass
class Calendar:
    """The plan's days as the rules talk about them, plus how to say dates in words."""

    plan: Plan
    first: dt.date | None
    last: dt.date | None
    show_year: bool
    hard_days: dict[dt.date, str] = field(default_factory=dict)  # date -> "the tempo"
    quality_days: dict[dt.date, str] = field(default_factory=dict)
    long_run_days: dict[dt.date, str] = field(default_factory=dict)
    race_days: dict[dt.date, str] = field(default_factory=dict)
    # DOMAIN.md "Reading real training calendars": an event of unknown effort counts as possibly
    # hard - no session on it nor the day before (rules 1 and 2) - but proves no load (rule 4).
    possibly_hard_days: dict[dt.date, str] = field(default_factory=dict)
    blocks: list[SeasonBlock] = field(default_factory=list)

    @property
    def avoided_days(self) -> dict[dt.date, str]:
        """Days rules 1 and 2 keep sessions away from: hard days, then possibly hard ones."""
        return {**self.possibly_hard_days, **self.hard_days}

    def day(self, date: dt.date) -> str:
        text = f"{date:%a} {date.day} {date:%b}"
        return f"{text} {date.year}" if self.show_year else text

    @property
    def is_season(self) -> bool:
        """Several blocks end at A races: findings then say which block they are about."""
        return sum(1 for block in self.blocks if block.a_race is not None) > 1

    def block_words(self, block: SeasonBlock) -> str:
        """'the block' for a one-race plan; 'block 2 (to the Autumn Marathon (A race) on Sun 17 Oct)'."""
        if not self.is_season or block.a_race is None:
            return "the block"
        return f"block {block.number} (to {race_name(block.a_race)} on {self.day(block.a_race.date)})"


def season_blocks(plan: Plan, first: dt.date | None, last: dt.date | None) -> list[SeasonBlock]:
    if first is None or last is None:
        return []
    blocks: list[SeasonBlock] = []
    start = first
    for race in a_races(plan):
        if not start <= race.date <= last:
            continue  # before the start (a second A race on one day) or after the end
        blocks.append(SeasonBlock(len(blocks) + 1, start, race.date, race, False, plan.block_rules(race)))
        start = race.date + dt.timedelta(days=1)
    if start <= last:
        blocks.append(SeasonBlock(len(blocks) + 1, start, last, None, bool(blocks), plan.rules))
    return blocks


def read_calendar(plan: Plan, dates: Sequence[dt.date] = ()) -> Calendar:
    first, last = plan.first_day, plan.last_day
    years = {d.year for d in dates} | {d.year for d in (first, last) if d is not None}
    calendar = Calendar(plan=plan, first=first, last=last, show_year=len(years) > 1)
    for day in plan.training:
        for workout in day.workouts:
            if workout.kind in POSSIBLY_HARD_KINDS:
                title = workout.title.strip()
                calendar.possibly_hard_days.setdefault(
                    day.date,
                    f"the event of unknown effort {title!r}" if title else "an event of unknown effort",
                )
            if workout.kind not in HARD_KINDS:
                continue
            name = workout_name(workout)
            calendar.hard_days.setdefault(day.date, name)
            by_kind = {"quality": calendar.quality_days, "long_run": calendar.long_run_days}
            by_kind.get(workout.kind, calendar.race_days).setdefault(day.date, name)
    # A race in plan.races names the day better than a calendar's "Race" workout does.
    for race in plan.races:
        calendar.hard_days[race.date] = race_name(race)
        calendar.race_days[race.date] = race_name(race)
    calendar.blocks = season_blocks(plan, first, last)
    return calendar


def workout_name(workout: Workout) -> str:
    plain = {"long_run": "long run", "quality": "quality session", "race": "race"}[workout.kind]
    title = workout.title.strip() or plain
    distance = f"{workout.distance_km:g} km" if workout.distance_km else ""
    if title.lower() == plain:
        return f"the {distance} {plain}" if distance else f"the {plain}"
    # "Tempo" reads as "the tempo"; "VO2max", "5K" or a race's name stay as written.
    if workout.kind != "race" and len(title) > 1 and title[0].isupper() and title[1].islower():
        title = title[0].lower() + title[1:]
    if distance and not any(ch.isdigit() for ch in title):
        title = f"{title} ({distance})"
    return f"the {title}"


def race_name(race: Race) -> str:
    name = race.name.strip() or "race"
    if name.lower() == "race":
        return f"the {race.priority} race"
    if name.lower().startswith("the "):
        return f"{name} ({race.priority} race)"
    return f"the {name} ({race.priority} race)"


def taper_length(race: Race) -> int:
    return race.taper_days if race.taper_days is not None else TAPER_DAYS_BY_DISTANCE[race.distance]


def days_words(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def clear_days_words(count: int) -> str:
    return "1 clear day" if count == 1 else f"{count} clear days"


def money(amount: float, currency: str) -> str:
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "AUD": "A$", "CAD": "C$"}.get(currency.upper())
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def a_races(plan: Plan) -> list[Race]:
    return sorted((race for race in plan.races if race.priority == "A"), key=lambda race: race.date)
