"""The clinic's week: every appointment slot of every open day, who is booked in it, what the
clinic's own calendar already holds, and what is left free. The app draws it; the numbers come
from the same `ClinicDays` the engine plans with, so a slot the grid calls full is one the engine
could not use again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.plan import WEEKDAYS
from planner.squad.model import Squad, SquadPlan
from planner.squad.slots import ClinicDays

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class BookedRunner:
    """One runner's appointment in a slot, as the grid shows it."""

    runner: str
    purpose: str
    number: int
    sessions: int
    provisional: bool
    pinned: bool  # the coach fixed it (the day, or the day and this time)


@dataclass(frozen=True)
class Slot:
    date: dt.date
    start: dt.time
    end: dt.time
    capacity: int  # appointments the clinic offers here after its own bookings (extra ones included)
    booked: int  # appointments the clinic's own calendar already holds
    extra: int  # appointments added on top (a shortage fix)
    runners: tuple[BookedRunner, ...] = ()

    @property
    def free(self) -> int:
        return max(0, self.capacity - len(self.runners))

    @property
    def full(self) -> bool:
        """Nothing left to book, and something is booked: the clinic is busy, not merely shut."""
        return self.free == 0 and (bool(self.runners) or self.booked > 0)


@dataclass(frozen=True)
class Day:
    date: dt.date
    open: bool
    closed_reason: str  # "" when open
    slots: tuple[Slot, ...]

    @property
    def taken(self) -> int:
        return sum(len(slot.runners) for slot in self.slots)

    @property
    def free(self) -> int:
        return sum(slot.free for slot in self.slots)

    @property
    def full(self) -> bool:
        return self.open and self.free == 0 and any(slot.full for slot in self.slots)


@dataclass(frozen=True)
class ClinicWeek:
    monday: dt.date
    slot_times: tuple[tuple[dt.time, dt.time], ...]
    days: tuple[Day, ...]  # the clinic's weekdays (closed dates among them, marked closed)

    @property
    def taken(self) -> int:
        return sum(day.taken for day in self.days)

    @property
    def free(self) -> int:
        return sum(day.free for day in self.days)

    @property
    def full_slots(self) -> int:
        return sum(1 for day in self.days for slot in day.slots if slot.full)


def squad_span(squad: Squad) -> tuple[dt.date, dt.date] | None:
    """The first and last day of any runner's plan."""
    days = [d for r in squad.runners for d in (r.plan.first_day, r.plan.last_day) if d is not None]
    return (min(days), max(days)) if days else None


def weeks(squad: Squad) -> list[dt.date]:
    """The Mondays of every week the squad's plans touch."""
    span = squad_span(squad)
    if span is None:
        return []
    monday = span[0] - dt.timedelta(days=span[0].weekday())
    out = []
    while monday <= span[1]:
        out.append(monday)
        monday += 7 * ONE_DAY
    return out


def first_busy_week(squad: Squad, result: SquadPlan | None) -> dt.date | None:
    """The week of the first appointment (else the first week of the squad)."""
    appointments = result.appointments if result is not None else []
    if appointments:
        first = appointments[0].date
        return first - dt.timedelta(days=first.weekday())
    all_weeks = weeks(squad)
    return all_weeks[0] if all_weeks else None


def clinic_week(squad: Squad, result: SquadPlan | None, monday: dt.date) -> ClinicWeek:
    """Every slot of the week starting `monday` (the clinic's open weekdays only)."""
    days = ClinicDays.of(squad.clinic)
    booked_in = _booked_runners(squad, result, monday)
    shown = []
    for offset in range(7):
        day = monday + offset * ONE_DAY
        if WEEKDAYS[day.weekday()] not in squad.clinic.open_weekdays:
            continue
        is_open = days.is_open(day)
        capacity, booked, extra = days.capacity(day), days.booked(day), days.extra(day)
        slots = tuple(
            Slot(
                date=day,
                start=start,
                end=end,
                capacity=capacity[index],
                booked=min(booked[index], squad.clinic.clinicians),
                extra=extra[index],
                runners=tuple(booked_in.get((day, start), ())),
            )
            for index, (start, end) in enumerate(days.slots)
        )
        reason = "" if is_open else "closed (clinic.closed_dates)"
        shown.append(Day(date=day, open=is_open, closed_reason=reason, slots=slots))
    return ClinicWeek(monday=monday, slot_times=days.slots, days=tuple(shown))


def _booked_runners(
    squad: Squad, result: SquadPlan | None, monday: dt.date
) -> dict[tuple[dt.date, dt.time], list[BookedRunner]]:
    sunday = monday + 6 * ONE_DAY
    runners = {runner.name: runner for runner in squad.runners}
    out: dict[tuple[dt.date, dt.time], list[BookedRunner]] = {}
    for outcome in result.runners if result is not None else []:
        runner = runners.get(outcome.name)
        sessions = {session.date: session for session in outcome.sessions}
        pinned = {p.date for p in runner.plan.pinned} if runner is not None else set()
        for appointment in outcome.appointments:
            session = sessions.get(appointment.date)
            if not monday <= appointment.date <= sunday or session is None:
                continue
            out.setdefault((appointment.date, appointment.start), []).append(
                BookedRunner(
                    runner=outcome.name,
                    purpose=session.purpose,
                    number=session.number,
                    sessions=len(outcome.sessions),
                    provisional=session.provisional,
                    pinned=session.pinned or appointment.date in pinned,
                )
            )
    for booked in out.values():
        booked.sort(key=lambda b: b.runner)
    return out


def full_days(squad: Squad, result: SquadPlan | None) -> list[dt.date]:
    """The open days on which every appointment is taken (by runners or the clinic's own calendar)."""
    if result is None or not result.appointments:
        return []
    out = []
    for monday in sorted({a.date - dt.timedelta(days=a.date.weekday()) for a in result.appointments}):
        out += [day.date for day in clinic_week(squad, result, monday).days if day.full]
    return out
