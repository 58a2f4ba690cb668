"""A squad's runners made ready for the models: each one's plan at the squad's clinic, the slot
range they can use on each day, their previous appointments, and the clinic's capacity rows over
them (`planner.squad.slots`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.plan import Clinic, Plan
from planner.squad import adapter
from planner.squad.model import Appointment, Squad, SquadRunner
from planner.squad.slots import ClinicDays, SlotRange, capacity_rows

# Re-planning input: the previous plan's appointments per runner name.
Previous = Mapping[str, Sequence[Appointment]]


@dataclass
class Prepared:
    """A runner ready for the models: their effective plan and the slot range of each candidate day."""

    index: int
    runner: SquadRunner
    plan: Plan
    windows: dict[dt.date, SlotRange]
    previous: list[dt.date] = field(default_factory=list)
    previous_times: dict[dt.date, dt.time] = field(default_factory=dict)
    previous_slots: dict[dt.date, int] = field(default_factory=dict)
    best: int = 0  # solo optimum of the rule points (the fairness reference)
    upper: int = 0  # solo optimum of this runner's objective term (= best unless re-planning)
    dates: list[dt.date] = field(default_factory=list)  # the plan currently held
    points: int = 0  # its rule points
    status: str = "planned"

    @property
    def name(self) -> str:
        return self.runner.name


def _attendable(
    runner: SquadRunner, days: ClinicDays, *, ignore_capacity: bool
) -> tuple[dict[dt.date, SlotRange], list[dt.date]]:
    """The runner's slot range on each open day of their block they can attend, and the open days
    they cannot: no appointment slot in their window, or (unless `ignore_capacity`, used when
    sizing a shortage) every slot in it already booked."""
    plan = runner.plan
    first, last = plan.first_day, plan.last_day
    windows: dict[dt.date, SlotRange] = {}
    cannot: list[dt.date] = []
    if first is None or last is None:
        return windows, cannot
    weekly = days.weekly(runner)
    pinned = {slot.date for slot in runner.pinned_slots}  # a pinned appointment time is that day's window
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        if not days.is_open(day):
            continue
        slot_range = days.window(runner, day) if day in pinned else weekly[day.weekday()]
        if slot_range is None or not (
            ignore_capacity or sum(days.capacity(day)[slot_range[0] : slot_range[1] + 1])
        ):
            cannot.append(day)
        else:
            windows[day] = slot_range
    return windows, cannot


def _at_clinic(runner: SquadRunner, days: ClinicDays, cannot: Sequence[dt.date]) -> Plan:
    """The runner's plan at the squad's clinic: its days and hours, and the days they cannot attend."""
    plan = runner.plan
    clinic = days.clinic
    squad_clinic = Clinic(
        name=clinic.name,
        address=clinic.address,
        open_weekdays=list(clinic.open_weekdays),
        opens=clinic.opens,
        closes=clinic.closes,
        appointment_minutes=clinic.appointment_minutes,
        price=clinic.price,
        currency=clinic.currency,
        closed_dates=list(clinic.closed_dates),
    )
    athlete = plan.athlete.model_copy(
        update={"unavailable": sorted(set(plan.athlete.unavailable) | set(cannot))}
    )
    return plan.model_copy(update={"clinic": squad_clinic, "athlete": athlete})


def effective_plan(runner: SquadRunner, days: ClinicDays, *, ignore_capacity: bool = False) -> Plan:
    """The runner's plan at the squad's clinic (see `_attendable` for the days they cannot attend)."""
    return _at_clinic(runner, days, _attendable(runner, days, ignore_capacity=ignore_capacity)[1])


def prepare(
    squad: Squad, days: ClinicDays, previous: Previous | None, *, ignore_capacity: bool = False
) -> list[Prepared]:
    out = []
    starts = [start for start, _ in days.slots]
    for index, runner in enumerate(squad.runners):
        windows, cannot = _attendable(runner, days, ignore_capacity=ignore_capacity)
        plan = _at_clinic(runner, days, cannot)
        unavailable = set(plan.athlete.unavailable)
        windows = {day: slot_range for day, slot_range in windows.items() if day not in unavailable}
        prepared = Prepared(index, runner, plan, windows)
        if previous and runner.name in previous:
            for appointment in previous[runner.name]:
                prepared.previous.append(appointment.date)
                prepared.previous_times[appointment.date] = appointment.start
                if appointment.start in starts:
                    prepared.previous_slots[appointment.date] = starts.index(appointment.start)
        out.append(prepared)
    return out


def add_capacity(
    model: cp_model.CpModel,
    days: ClinicDays,
    group: Sequence[Prepared],
    fixed: Sequence[Prepared],
    models: Mapping[int, adapter.RunnerModel],
    extra: Mapping[tuple[dt.date, int], cp_model.IntVar] | None = None,
) -> None:
    """The Hall rows of every day (planner.squad.slots) over the group; fixed runners are constants.

    With `extra` (shortage sizing), each slot's capacity grows by its extra-appointment variable.
    """
    by_day: dict[dt.date, dict[int, SlotRange]] = {}
    for runner in group:
        for day, slot_range in runner.windows.items():
            by_day.setdefault(day, {})[runner.index] = slot_range
    fixed_by_day: dict[dt.date, dict[int, SlotRange]] = {}
    for runner in fixed:
        for day in runner.dates:
            if day in runner.windows:
                fixed_by_day.setdefault(day, {})[runner.index] = runner.windows[day]
    for day in sorted(by_day):
        windows = {**fixed_by_day.get(day, {}), **by_day[day]}
        capacity = days.capacity(day)
        for row in capacity_rows(day, windows, capacity, all_rows=extra is not None):
            variables = [models[i].session[day] for i in row.members if i in by_day[day]]
            constant = sum(1 for i in row.members if i not in by_day[day])
            if not variables:
                continue
            room = row.capacity
            if extra is not None:
                first, last = row.slots
                room = room + sum(extra[(day, s)] for s in range(first, last + 1))
            model.add(sum(variables) + constant <= room)


def broken_rows(days: ClinicDays, runners: Sequence[Prepared]) -> dict[dt.date, set[int]]:
    """Per day, the runners in some capacity row that their current dates break."""
    by_day: dict[dt.date, dict[int, SlotRange]] = {}
    for runner in runners:
        for day in runner.dates:
            by_day.setdefault(day, {})[runner.index] = runner.windows[day]
    broken: dict[dt.date, set[int]] = {}
    for day, windows in sorted(by_day.items()):
        for row in capacity_rows(day, windows, days.capacity(day)):
            broken.setdefault(day, set()).update(row.members)
    return broken
