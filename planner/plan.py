"""The plan: everything a coach, runner or clinician tells the planner, validated.

Every number in `Rules` is a default from `shared/DOMAIN.md`; a plan file may override each one.
The model is data only: no rule logic lives here (see `facts.py` and `constraints/`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from planner.limits import (
    MAX_BLOCK_DAYS,
    MAX_BUDGET,
    MAX_CAPACITY,
    MAX_PRICE,
    MAX_SEQUENCE,
    MAX_TIMEZONE,
    MAX_WEIGHT,
    NOT_IN_A_LINE,
    FreeText,
    LineText,
    Name,
    PlanDate,
    one_line,
    within_years,
)
from planner.season_settings import block_models, check_blocks, check_reassessments, merged_rules

Region = Literal[
    "calf", "achilles", "foot", "shin", "hamstring", "glute", "hip", "quad", "it_band", "back", "neck"
]
REGIONS: tuple[str, ...] = get_args(Region)
# DOMAIN.md "Lower-leg focus": soreness there lasts longer (seeds 000, 001, 002).
LOWER_LEG_REGIONS: frozenset[str] = frozenset({"calf", "achilles", "foot", "shin"})

WorkoutKind = Literal[
    "long_run",
    "quality",
    "race",
    "easy",
    "recovery",
    "strides",
    "rest",
    "cross_training",
    "strength",
    "unknown",
]
WORKOUT_KINDS: tuple[str, ...] = get_args(WorkoutKind)
# DOMAIN.md "Hard day": quality, long run or race; everything else is not hard.
HARD_KINDS: frozenset[str] = frozenset({"long_run", "quality", "race"})
# DOMAIN.md "Reading real training calendars": a sport-like event whose effort is unknown counts
# as possibly hard: no session on it nor the day before (rules 1 and 2), but it is no long run
# (rule 3) and no proof of load for the trial (rule 4).
POSSIBLY_HARD_KINDS: frozenset[str] = frozenset({"unknown"})

Priority = Literal["A", "B", "C"]
Distance = Literal["5k", "10k", "half", "marathon", "ultra"]
DISTANCES: tuple[str, ...] = get_args(Distance)
Purpose = Literal["trial", "recovery", "maintenance", "rehab", "activation", "post_race"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# DOMAIN.md "Taper": default length by distance.
DEFAULT_TAPER_DAYS: dict[str, int] = {"5k": 7, "10k": 10, "half": 14, "marathon": 21, "ultra": 21}


class _Model(BaseModel):
    # Unknown keys are typos in a hand-written plan file: reject them with the field name.
    # inf/NaN (YAML .inf, JSON Infinity, 1e400) are never a price, a budget or a weight.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


def _clock_text(value: object) -> object:
    """Accept '9:00' as well as '09:00' for times written by hand."""
    if isinstance(value, str) and len(value.strip()) == 4 and value.strip()[1] == ":":
        return "0" + value.strip()
    return value


class Workout(_Model):
    kind: WorkoutKind
    title: LineText = ""
    time: dt.time | None = Field(default=None, description="Start time; empty means all-day.")
    duration_min: int | None = Field(default=None, ge=0, le=24 * 60)
    distance_km: float | None = Field(default=None, ge=0, le=500)
    description: FreeText = ""

    @field_validator("time", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        return _clock_text(value)


class TrainingDay(_Model):
    date: PlanDate
    workouts: list[Workout] = Field(default_factory=list)


class Race(_Model):
    date: PlanDate
    name: Name = "Race"
    distance: Distance = "marathon"
    priority: Priority = "A"
    taper_days: int | None = Field(
        default=None, ge=0, le=42, description="Taper length; default by distance (DOMAIN.md)."
    )

    @property
    def taper_length(self) -> int:
        return self.taper_days if self.taper_days is not None else DEFAULT_TAPER_DAYS[self.distance]


class Screening(_Model):
    """Answers to the pre-needling questions (seed 000). Never exported unless opted in."""

    # Red flags: "not the next step at all: seek medical care" (seed 000).
    progressive_numbness_or_weakness: bool = False
    bowel_or_bladder_loss: bool = False
    severe_swelling_or_cannot_bear_weight: bool = False
    suspected_fracture_or_tendon_rupture: bool = False
    fever_or_unexplained_weight_loss: bool = False
    # Contraindications: "tell the clinician before needling" (seed 000).
    pregnant: bool = False
    bleeding_disorder_or_blood_thinners: bool = False
    compromised_immune_system: bool = False
    strong_fear_of_needles: bool = False
    notes: FreeText = ""

    RED_FLAGS: ClassVar[tuple[str, ...]] = (
        "progressive_numbness_or_weakness",
        "bowel_or_bladder_loss",
        "severe_swelling_or_cannot_bear_weight",
        "suspected_fracture_or_tendon_rupture",
        "fever_or_unexplained_weight_loss",
    )
    CONTRAINDICATIONS: ClassVar[tuple[str, ...]] = (
        "pregnant",
        "bleeding_disorder_or_blood_thinners",
        "compromised_immune_system",
        "strong_fear_of_needles",
    )

    @property
    def red_flags(self) -> list[str]:
        return [name for name in self.RED_FLAGS if getattr(self, name)]

    @property
    def contraindications(self) -> list[str]:
        return [name for name in self.CONTRAINDICATIONS if getattr(self, name)]


class Athlete(_Model):
    name: Name = "Runner"
    timezone: str = "UTC"
    focus: list[Region] = Field(default_factory=list)
    screening: Screening = Field(default_factory=Screening)
    unavailable: list[PlanDate] = Field(
        default_factory=list, description="Dates the runner cannot attend the clinic."
    )
    preferred_weekdays: list[Weekday] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if len(value) > MAX_TIMEZONE or NOT_IN_A_LINE.search(value):
            raise ValueError("unknown timezone (use an IANA name like Europe/Berlin)")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
            raise ValueError(f"unknown timezone {value!r} (use an IANA name like Europe/Berlin)") from exc
        return value

    @property
    def lower_leg_focus(self) -> bool:
        return any(region in LOWER_LEG_REGIONS for region in self.focus)


class Clinic(_Model):
    # DOMAIN.md "Clinic defaults": Mon-Sat 08:00-18:00, 45 min, $95 (middle of $65-120, seed 001).
    name: Name = "Clinic"
    address: LineText = ""
    open_weekdays: list[Weekday] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri", "sat"])
    opens: dt.time = dt.time(8, 0)
    closes: dt.time = dt.time(18, 0)
    appointment_time: dt.time | None = Field(
        default=None, description="Usual appointment start; empty exports all-day events."
    )
    appointment_minutes: int = Field(default=45, ge=5, le=240)
    price: float = Field(default=95.0, ge=0, le=MAX_PRICE)
    currency: Annotated[str, AfterValidator(one_line(16))] = "USD"
    capacity: int = Field(
        default=1, ge=1, le=MAX_CAPACITY, description="Appointments per day the clinic can give this plan."
    )
    closed_dates: list[PlanDate] = Field(default_factory=list)

    @field_validator("opens", "closes", "appointment_time", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        return _clock_text(value)

    @model_validator(mode="after")
    def _hours_make_sense(self) -> Clinic:
        if self.closes <= self.opens:
            raise ValueError(f"closes ({self.closes:%H:%M}) must be after opens ({self.opens:%H:%M})")
        if self.appointment_time is not None:
            start = dt.datetime.combine(dt.date(2000, 1, 1), self.appointment_time)
            end = start + dt.timedelta(minutes=self.appointment_minutes)
            if self.appointment_time < self.opens or end.time() > self.closes or end.date() != start.date():
                raise ValueError(
                    f"appointment_time {self.appointment_time:%H:%M} + {self.appointment_minutes} min "
                    f"is outside opening hours {self.opens:%H:%M}-{self.closes:%H:%M}"
                )
        return self


class Weights(_Model):
    """Soft-rule weights (integers, larger = matters more). Documented in the README."""

    comfort: int = Field(
        default=30, ge=0, le=MAX_WEIGHT, description="Rule 2: per hard day inside the soreness window."
    )
    after_long_run: int = Field(
        default=40, ge=0, le=MAX_WEIGHT, description="Rule 3: reward, day after a long run/race."
    )
    post_race: int = Field(
        default=25, ge=0, le=MAX_WEIGHT, description="Rule 11: reward, 1-3 days after a B/A race."
    )
    extra_session: int = Field(
        default=45, ge=0, le=MAX_WEIGHT, description="Rule 7: per session beyond the target."
    )
    missing_session: int = Field(
        default=60, ge=0, le=MAX_WEIGHT, description="Rule 7: per session short of the target."
    )
    spacing: int = Field(
        default=6, ge=0, le=MAX_WEIGHT, description="Rule 12: per extra session inside a spacing window."
    )
    long_gap: int = Field(
        default=2, ge=0, le=MAX_WEIGHT, description="Rule 12: per day a gap runs past max_gap_days."
    )
    preferred_weekday: int = Field(
        default=3, ge=0, le=MAX_WEIGHT, description="Rule 12: per session off preferred days."
    )
    change: int = Field(
        default=100, ge=0, le=MAX_WEIGHT, description="Re-plan: per session moved from the previous plan."
    )


class Rules(_Model):
    """Every DOMAIN.md rule parameter with its default (the source is in the README table)."""

    clear_days_before_hard: int = Field(default=1, ge=0, le=7)
    allow_after_long_run_same_day: bool = False
    comfort_days_before_hard: int = Field(default=2, ge=0, le=7)
    comfort_days_before_hard_lower_leg: int = Field(default=3, ge=0, le=7)
    comfort_is_hard: bool = False
    trial_lead_days: int = Field(default=21, ge=0, le=365)
    trial_under_load: bool = Field(
        default=True, description="Rule 4: a hard day between trial and race week."
    )
    retrial_after_days: int = Field(default=84, ge=1, le=3 * 366)  # rule 4 in a season (DOMAIN.md)
    final_blackout_days: int = Field(default=2, ge=0, le=14)
    allow_activation: bool = False
    taper_maintenance: bool = True
    min_sessions: int = Field(default=2, ge=0, le=100)
    max_sessions: int = Field(default=7, ge=0, le=100)
    target_sessions: int = Field(default=4, ge=0, le=100)
    min_gap_days: int = Field(default=3, ge=1, le=28)
    max_per_week: int = Field(default=2, ge=1, le=7)
    reassess_after: int = Field(default=3, ge=1, le=100)
    spacing_days: int = Field(default=7, ge=1, le=28, description="Rule 12: preferred days between sessions.")
    max_gap_days: int = Field(
        default=28, ge=7, le=120, description="Rule 12: preferred longest gap before race."
    )
    rehab_series: bool = Field(default=False, description="Sessions are an injury series (purpose rehab).")
    weights: Weights = Field(default_factory=Weights)

    @model_validator(mode="after")
    def _counts_make_sense(self) -> Rules:
        if self.min_sessions > self.max_sessions:
            raise ValueError(
                f"min_sessions ({self.min_sessions}) is above max_sessions ({self.max_sessions})"
            )
        return self


# A block's own settings (DOMAIN.md "Seasons"), with the bounds of the same settings in `Rules`.
BlockRules, BlockSettings = block_models(_Model, Rules)


class PinnedSession(_Model):
    date: PlanDate
    purpose: Purpose | None = None
    note: LineText = ""


EventKind = Literal["session", "reassess", "workout"]
# A plan id goes into every exported UID: letters, digits and . _ - only (RFC 5545 UIDs are text,
# but a CalDAV resource name and a URL path are built from them too).
PLAN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{3,63}$"


class ExportedSession(_Model):
    """One event a calendar export held, so the next export updates it instead of adding a copy.

    Kept in `Plan.exported` (the app) and readable from the exported file itself (the CLI): both
    hold the same fields, so both give the same next export (`planner.export.identity`).
    """

    uid: LineText
    date: PlanDate
    sequence: int = Field(default=0, ge=0, le=MAX_SEQUENCE)
    last_modified: dt.datetime | None = None
    purpose: Purpose | None = None
    kind: EventKind = "session"
    fingerprint: str | None = Field(default=None, description="Hash of what the event said.")
    cancelled: bool = Field(default=False, description="Sent as STATUS:CANCELLED for a grace period.")
    time: dt.time | None = Field(default=None, description="Start time of a timed event.")
    minutes: int | None = Field(default=None, ge=0, le=24 * 60)

    @model_validator(mode="before")
    @classmethod
    def _kind_from_uid(cls, value: object) -> object:
        # Histories written before `kind` existed: the planner's UIDs start with the kind.
        if isinstance(value, dict) and "kind" not in value:
            uid = str(value.get("uid", ""))
            kind = next((k for k in ("reassess", "workout") if uid.startswith(k + "-")), "session")
            return {**value, "kind": kind}
        return value

    @field_validator("last_modified")
    @classmethod
    def _modified_within_years(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None:
            within_years(value.date())
        return value


class Plan(_Model):
    name: Name = "Training block"
    id: str | None = Field(
        default=None,
        pattern=PLAN_ID_PATTERN,
        description="Created once (uuid4) and kept: calendar exports derive their UIDs from it, so "
        "renaming the plan or the runner keeps the events.",
    )
    version: int = Field(default=1, ge=1, le=1)
    athlete: Athlete = Field(default_factory=Athlete)
    start: PlanDate | None = Field(default=None, description="Block start; default: first training day.")
    end: PlanDate | None = Field(default=None, description="Block end; default: last training day or race.")
    races: list[Race] = Field(default_factory=list)
    training: list[TrainingDay] = Field(default_factory=list)
    clinic: Clinic = Field(default_factory=Clinic)
    budget: float | None = Field(default=None, ge=0, le=MAX_BUDGET)
    rules: Rules = Field(default_factory=Rules)
    pinned: list[PinnedSession] = Field(default_factory=list)
    forbidden: list[PlanDate] = Field(default_factory=list)
    keywords: dict[str, WorkoutKind] = Field(
        default_factory=dict, description="Extra text -> workout kind for calendar imports."
    )
    exported: list[ExportedSession] = Field(default_factory=list)
    blocks: list[BlockSettings] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Per-block rule settings, each for the block that ends at one A race (seasons).",
    )
    reassessments: list[PlanDate] = Field(
        default_factory=list,
        description="Dates a clinician reassessed (rule 8): sessions up to the next reassessment point "
        "stop being provisional.",
    )

    @field_validator("pinned", mode="before")
    @classmethod
    def _pins_may_be_plain_dates(cls, value: object) -> object:
        # A hand-written plan may list pins as bare dates.
        if isinstance(value, list):
            return [{"date": item} if isinstance(item, (str, dt.date)) else item for item in value]
        return value

    @model_validator(mode="after")
    def _dates_make_sense(self) -> Plan:
        first, last = self.first_day, self.last_day
        if first is not None and last is not None and last < first:
            raise ValueError(f"end ({last}) is before start ({first})")
        if self.start is not None:
            for race in self.races:
                if race.date < self.start:
                    raise ValueError(
                        f"race {race.name!r} on {race.date} is before the block starts ({self.start})"
                    )
        if self.training and self.races and not self.start:
            earliest = min(day.date for day in self.training)
            for race in self.races:
                if race.date < earliest:
                    raise ValueError(
                        f"race {race.name!r} on {race.date} is before the block's first training day ({earliest})"
                    )
        seen: set[dt.date] = set()
        for day in self.training:
            if day.date in seen:
                raise ValueError(f"training day {day.date} is listed twice")
            seen.add(day.date)
        pins = [p.date for p in self.pinned]
        if len(set(pins)) != len(pins):
            raise ValueError("a pinned session date is listed twice")
        both = sorted(set(pins) & set(self.forbidden))
        if both:
            raise ValueError(f"{both[0]} is both pinned and forbidden")
        if first is not None and last is not None and (last - first).days + 1 > MAX_BLOCK_DAYS:
            raise ValueError(self._span_problem(first, last))
        check_blocks(self)
        check_reassessments(self, first, last)
        return self

    def _span_problem(self, first: dt.date, last: dt.date) -> str:
        """Which fields make the block too long: a typo in one date is the usual cause."""
        dated = [("start", self.start), ("end", self.end)]
        dated += [(f"training.{i}.date", day.date) for i, day in enumerate(self.training)]
        dated += [(f"races.{i}.date", race.date) for i, race in enumerate(self.races)]
        where = {day: name for name, day in reversed(dated) if day is not None}
        return (
            f"the block would run {(last - first).days + 1:,} days, from {first} ({where.get(first, 'start')}) "
            f"to {last} ({where.get(last, 'end')}); plan at most {MAX_BLOCK_DAYS:,} days (3 years) at once"
        )

    def block_rules(self, a_race: Race) -> Rules:
        """The rule settings of the block that ends at `a_race`: the plan's, with the block's own."""
        return merged_rules(self, a_race)

    @property
    def first_day(self) -> dt.date | None:
        if self.start:
            return self.start
        dates = [d.date for d in self.training] + [r.date for r in self.races]
        return min(dates) if dates else None

    @property
    def last_day(self) -> dt.date | None:
        if self.end:
            return self.end
        dates = [d.date for d in self.training] + [r.date for r in self.races]
        return max(dates) if dates else None

    @property
    def a_races(self) -> list[Race]:
        return sorted((r for r in self.races if r.priority == "A"), key=lambda r: r.date)
