"""The squad: a clinic with appointments, and runners who each bring their own plan.

Input models are pydantic and strict (unknown keys are typos); every field is read by the engine.
The output models (`SquadPlan` and friends) are what the CLI, the app and the exporters show.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

# The plan's strict base model and clock parsing: squad files read like plan files.
from planner.limits import LineText, Name, PlanDate
from planner.plan import WEEKDAYS, Athlete, Plan, Weekday, _clock_text, _Model
from planner.schedule import Conflict, Relaxation, Session


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


class Booking(_Model):
    """An appointment already in the clinic's calendar: it takes one clinician for its span."""

    start: dt.datetime
    end: dt.datetime
    title: LineText = ""

    @model_validator(mode="after")
    def _one_day(self) -> Booking:
        if self.end <= self.start:
            raise ValueError(f"booking ends ({self.end}) before it starts ({self.start})")
        if self.end.date() != self.start.date() and self.end != dt.datetime.combine(
            self.start.date() + dt.timedelta(days=1), dt.time(0)
        ):
            raise ValueError(f"booking {self.start} - {self.end} spans more than one day")
        return self


class ExtraAppointment(_Model):
    """Appointments added on one date at one slot (what a shortage fix asks the clinic for)."""

    date: PlanDate
    start: dt.time
    count: int = Field(default=1, ge=1, le=100)

    @field_validator("start", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        return _clock_text(value)


class SquadClinic(_Model):
    # DOMAIN.md "Clinic defaults": Mon-Sat 08:00-18:00, 45 min, $95.
    # The plan's limits (planner.limits): the clinic's name and address go into calendars.
    name: Name = "Clinic"
    address: LineText = ""
    open_weekdays: list[Weekday] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri", "sat"])
    opens: dt.time = dt.time(8, 0)
    closes: dt.time = dt.time(18, 0)
    appointment_minutes: int = Field(default=45, ge=5, le=240)
    clinicians: int = Field(default=1, ge=1, le=100, description="Appointments that run at the same time.")
    price: float = Field(default=95.0, ge=0)
    currency: str = "USD"
    timezone: str = Field(
        default="UTC",
        description="Where the clinic is (IANA): appointment times and bookings are its local times.",
    )
    closed_dates: list[PlanDate] = Field(default_factory=list)
    bookings: list[Booking] = Field(
        default_factory=list, description="Existing appointments (one clinician each)."
    )
    extra_appointments: list[ExtraAppointment] = Field(
        default_factory=list, description="Appointments added on top of the regular ones (a shortage fix)."
    )

    @field_validator("opens", "closes", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        return _clock_text(value)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        # The same check as a runner's timezone (planner.plan.Athlete).
        return Athlete._known_timezone(value)

    @model_validator(mode="after")
    def _hours_make_sense(self) -> SquadClinic:
        if self.closes <= self.opens:
            raise ValueError(f"closes ({self.closes:%H:%M}) must be after opens ({self.opens:%H:%M})")
        if _minutes(self.closes) - _minutes(self.opens) < self.appointment_minutes:
            raise ValueError(
                f"no {self.appointment_minutes}-minute appointment fits between {self.opens:%H:%M} and "
                f"{self.closes:%H:%M}"
            )
        starts = {slot_start for slot_start, _ in self.slot_times()}
        for extra in self.extra_appointments:
            if extra.start not in starts:
                shown = ", ".join(f"{s:%H:%M}" for s in sorted(starts))
                raise ValueError(f"extra appointment at {extra.start:%H:%M} is not a slot start ({shown})")
        return self

    def slot_times(self) -> list[tuple[dt.time, dt.time]]:
        """The day's appointment slots: opening hours cut into appointment-length pieces."""
        slots = []
        start = _minutes(self.opens)
        while start + self.appointment_minutes <= _minutes(self.closes):
            end = start + self.appointment_minutes
            slots.append((dt.time(start // 60, start % 60), dt.time(end // 60 % 24, end % 60)))
            start = end
        return slots


class Availability(_Model):
    """When a runner can attend: these weekdays, from `start` to `end` (default: opening hours)."""

    weekdays: list[Weekday] = Field(min_length=1)
    start: dt.time | None = None
    end: dt.time | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        return _clock_text(value)

    @model_validator(mode="after")
    def _ordered(self) -> Availability:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"availability ends ({self.end:%H:%M}) before it starts ({self.start:%H:%M})")
        return self


class SlotPin(_Model):
    """A session fixed on a day at one appointment time: a time the runner and the clinic agreed.

    It holds even outside the runner's availability windows (they agreed to come then); the day
    itself is pinned in the runner's plan (rule 14), so the solver keeps a session there.
    """

    date: PlanDate
    start: dt.time

    @field_validator("start", mode="before")
    @classmethod
    def _clock(cls, value: object) -> object:
        return _clock_text(value)


class SquadRunner(_Model):
    plan: Plan
    availability: list[Availability] = Field(
        default_factory=list, description="When the runner can attend; empty = whenever the clinic is open."
    )
    pinned_slots: list[SlotPin] = Field(
        default_factory=list, description="Sessions fixed at one appointment time (their days are pinned)."
    )

    @model_validator(mode="after")
    def _slots_on_pinned_days(self) -> SquadRunner:
        pinned = {p.date for p in self.plan.pinned}
        seen: set[dt.date] = set()
        for slot in self.pinned_slots:
            if slot.date in seen:
                raise ValueError(f"runner {self.name!r}: two appointment times pinned on {slot.date}")
            if slot.date not in pinned:
                raise ValueError(
                    f"runner {self.name!r}: the appointment pinned at {slot.start:%H:%M} on {slot.date} "
                    "needs its day pinned too"
                )
            seen.add(slot.date)
        return self

    def pinned_start(self, day: dt.date) -> dt.time | None:
        """The appointment time pinned on `day`, if any."""
        return next((slot.start for slot in self.pinned_slots if slot.date == day), None)

    @property
    def name(self) -> str:
        return self.plan.athlete.name

    @model_validator(mode="after")
    def _one_window_a_day(self) -> SquadRunner:
        # One window per weekday keeps each day's choice an interval of slots, which is what makes
        # the per-day capacity rows exact (see planner.squad.slots).
        seen: set[str] = set()
        for window in self.availability:
            for weekday in window.weekdays:
                if weekday in seen:
                    raise ValueError(
                        f"runner {self.name!r}: {weekday} is in two availability windows; give one window per weekday"
                    )
                seen.add(weekday)
        return self

    def window(self, weekday: int) -> Availability | None:
        """The runner's window on this weekday (Monday = 0); None when they cannot come that day."""
        if not self.availability:
            return Availability(weekdays=list(WEEKDAYS))  # type: ignore[arg-type]
        key = WEEKDAYS[weekday]
        for window in self.availability:
            if key in window.weekdays:
                return window
        return None


class Fairness(_Model):
    """The convex penalty on a runner's loss against planning alone (points below their solo best).

    Beyond each breakpoint every further point of loss costs `slopes[k]` more: sharing a loss
    between two runners is cheaper than one runner carrying it all. The default is a cap: no
    runner loses more than 200 points (about three missed sessions) against planning alone while
    any plan avoids it, since each point beyond costs 100. Measured: gentle slopes (1-4) leave the
    LP bound loose and 200 runners unproven; the cap keeps the optimum provable (docs/squad_solver.md).
    """

    breakpoints: list[int] = Field(default_factory=lambda: [200])
    slopes: list[int] = Field(default_factory=lambda: [100])

    @model_validator(mode="after")
    def _pairs(self) -> Fairness:
        if len(self.breakpoints) != len(self.slopes):
            raise ValueError("fairness: give one slope per breakpoint")
        if any(b < 0 for b in self.breakpoints) or self.breakpoints != sorted(self.breakpoints):
            raise ValueError("fairness: breakpoints must be increasing and not negative")
        if any(s < 0 for s in self.slopes):
            raise ValueError("fairness: slopes must not be negative")
        return self

    def penalty(self, loss: int) -> int:
        return sum(
            slope * max(0, loss - point) for point, slope in zip(self.breakpoints, self.slopes, strict=True)
        )


class Squad(_Model):
    name: Name = "Squad"
    version: int = Field(default=1, ge=1, le=1)
    clinic: SquadClinic = Field(default_factory=SquadClinic)
    runners: list[SquadRunner] = Field(min_length=1)
    fairness: Fairness = Field(default_factory=Fairness)

    @model_validator(mode="after")
    def _unique_names(self) -> Squad:
        seen: set[str] = set()
        for runner in self.runners:
            if runner.name in seen:
                raise ValueError(f"two runners are called {runner.name!r}; names identify runners")
            seen.add(runner.name)
        return self

    @model_validator(mode="after")
    def _pins_on_the_slot_grid(self) -> Squad:
        starts = [start for start, _ in self.clinic.slot_times()]
        for runner in self.runners:
            for slot in runner.pinned_slots:
                if slot.start not in starts:
                    shown = ", ".join(f"{s:%H:%M}" for s in starts)
                    raise ValueError(
                        f"runner {runner.name!r}: {slot.start:%H:%M} on {slot.date} is not an appointment "
                        f"start of {self.clinic.name} ({shown})"
                    )
        return self


# ---- output -----------------------------------------------------------------------------------------
SquadStatus = Literal["optimal", "feasible", "shortage", "unknown"]
RunnerStatus = Literal["planned", "infeasible", "refused", "unplanned"]


class Appointment(BaseModel):
    runner: str
    date: dt.date
    start: dt.time
    end: dt.time


class RunnerOutcome(BaseModel):
    name: str
    status: RunnerStatus
    sessions: list[Session] = Field(default_factory=list)
    appointments: list[Appointment] = Field(default_factory=list)
    solo_score: int | None = Field(default=None, description="Best points planning alone.")
    squad_score: int | None = Field(default=None, description="Points in the squad plan.")
    loss: int | None = Field(default=None, description="solo_score - squad_score.")
    moved: bool = Field(default=False, description="Re-plan: an appointment differs from the previous plan.")
    conflicts: list[Conflict] = Field(
        default_factory=list, description="The runner's own rules that conflict."
    )
    suggestion: Relaxation | None = None
    warnings: list[str] = Field(default_factory=list)


class Shortage(BaseModel):
    """Appointments missing for the squad's hard rules, and the extra opening that fixes it."""

    missing: int
    text: list[str] = Field(default_factory=list, description="'6 appointments short on Mondays 14-28 Jun'.")
    fix: list[ExtraAppointment] = Field(default_factory=list)
    fix_text: list[str] = Field(default_factory=list)
    confirmed: bool = Field(default=False, description="A re-solve with the fix applied planned everyone.")
    proven_minimal: bool = Field(default=False, description="The solver proved no smaller fix exists.")


class SolveStats(BaseModel):
    build_seconds: float = 0.0
    solo_seconds: float = 0.0
    joint_seconds: float = 0.0
    total_seconds: float = 0.0
    runners: int = 0
    joint_runners: int = Field(
        default=0, description="Runners solved together (the rest kept their solo plan)."
    )
    rounds: int = 0
    method: str = ""
    columns: int = Field(default=0, description="Runner plans generated by the column generation.")
    stages: dict[str, float] = Field(
        default_factory=dict, description="Seconds per stage: greedy start, master LP, pricing, cover."
    )


class SquadPlan(BaseModel):
    squad: str
    status: SquadStatus
    runners: list[RunnerOutcome] = Field(default_factory=list)
    objective: int | None = Field(default=None, description="Sum of points minus the fairness penalty.")
    bound: int | None = Field(default=None, description="Proven upper bound on the objective.")
    gap: float | None = None
    shortage: Shortage | None = None
    moved: list[str] = Field(default_factory=list, description="Re-plan: runners with a changed appointment.")
    stats: SolveStats = Field(default_factory=SolveStats)
    warnings: list[str] = Field(default_factory=list)

    @property
    def appointments(self) -> list[Appointment]:
        return sorted(
            (a for r in self.runners for a in r.appointments), key=lambda a: (a.date, a.start, a.runner)
        )

    def runner(self, name: str) -> RunnerOutcome:
        for outcome in self.runners:
            if outcome.name == name:
                return outcome
        raise KeyError(name)
