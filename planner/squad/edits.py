"""Every edit of a squad, as `squad -> new validated squad`: the app's buttons call these, and the
squad file says the same things (`pin`, `pin_slots`, `forbid`, `clinic.closed_dates`,
`clinic.extra_appointments`), so `planner squad` plans the edited squad the same way.

A runner's own edits go through `planner.edits` (the single-runner pins and forbidden days), so a
runner in a squad is edited exactly as a runner planned alone. The input squad is never changed;
a result that does not validate raises one PlannerInputError line naming the edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from planner import edits
from planner.dates import format_day
from planner.errors import PlannerInputError, invalid_input
from planner.plan import Plan
from planner.squad.model import Booking, ExtraAppointment, SlotPin, Squad, SquadClinic, SquadRunner


def _squad(data: dict[str, Any], what: str) -> Squad:
    """A squad from its parts, validated as a whole (unique names, pins on the slot grid)."""
    try:
        return Squad.model_validate(data)
    except ValidationError as error:
        raise invalid_input(error, prefix=f"{what}: ") from None


def _parts(squad: Squad) -> dict[str, Any]:
    return {
        "name": squad.name,
        "clinic": squad.clinic,
        "runners": list(squad.runners),
        "fairness": squad.fairness,
    }


def _index(squad: Squad, name: str) -> int:
    for index, runner in enumerate(squad.runners):
        if runner.name == name:
            return index
    raise PlannerInputError(f"no runner called {name!r} in the squad")


def _with_runner(squad: Squad, name: str, runner: SquadRunner, what: str) -> Squad:
    parts = _parts(squad)
    parts["runners"][_index(squad, name)] = runner
    return _squad(parts, what)


def _runner(old: SquadRunner, what: str, **update: Any) -> SquadRunner:
    data = {"plan": old.plan, "availability": old.availability, "pinned_slots": old.pinned_slots, **update}
    try:
        return SquadRunner.model_validate(data)
    except ValidationError as error:
        raise invalid_input(error, prefix=f"{what}: ") from None


# ---- one runner --------------------------------------------------------------------------------------
def _day_edit(
    squad: Squad,
    name: str,
    day: dt.date,
    what: str,
    edit_plan: Callable[[Plan], Plan],
    pin: SlotPin | None = None,
) -> Squad:
    """The runner's plan edited on `day`, and its pinned time that day replaced by `pin` (or dropped)."""
    runner = squad.runners[_index(squad, name)]
    slots = [slot for slot in runner.pinned_slots if slot.date != day] + ([pin] if pin else [])
    edited = _runner(runner, what, plan=edit_plan(runner.plan), pinned_slots=slots)
    return _with_runner(squad, name, edited, what)


def pin_slot(
    squad: Squad, name: str, day: dt.date, start: dt.time, *, note: str = "pinned in the app"
) -> Squad:
    """The runner's session on `day` at the appointment starting `start` (rule 14 for the day; the
    time is the only slot that day, in or out of their availability). A session elsewhere moves
    only if the runner's rules need it to."""
    what = f"pin {name} on {format_day(day)} {start:%H:%M}"
    pin = SlotPin(date=day, start=start)
    return _day_edit(squad, name, day, what, lambda plan: edits.pin(plan, day, note=note), pin)


def unpin(squad: Squad, name: str, day: dt.date) -> Squad:
    """The runner's session on `day` is free to move again (the day and any pinned time)."""
    return _day_edit(
        squad, name, day, f"unpin {name} on {format_day(day)}", lambda plan: edits.unpin(plan, day)
    )


def forbid_day(squad: Squad, name: str, day: dt.date) -> Squad:
    """`day` kept free for this runner only (they travel); a pin on it goes."""
    return _day_edit(
        squad, name, day, f"forbid {format_day(day)} for {name}", lambda plan: edits.forbid(plan, day)
    )


def allow_day(squad: Squad, name: str, day: dt.date) -> Squad:
    runner = squad.runners[_index(squad, name)]
    what = f"allow {format_day(day)} for {name}"
    return _with_runner(squad, name, _runner(runner, what, plan=edits.allow(runner.plan, day)), what)


def add_runner(squad: Squad, runner: SquadRunner) -> Squad:
    """One more runner; names identify runners, so a second runner of the same name is refused."""
    parts = _parts(squad)
    parts["runners"] = [*parts["runners"], runner]
    return _squad(parts, f"add {runner.name}")


def add_runners(squad: Squad, runners: Sequence[SquadRunner]) -> Squad:
    for runner in runners:
        squad = add_runner(squad, runner)
    return squad


def remove_runner(squad: Squad, name: str) -> Squad:
    index = _index(squad, name)
    if len(squad.runners) == 1:
        raise PlannerInputError(f"remove {name}: a squad needs at least one runner")
    parts = _parts(squad)
    del parts["runners"][index]
    return _squad(parts, f"remove {name}")


# ---- the clinic --------------------------------------------------------------------------------------
def set_clinic(squad: Squad, clinic: SquadClinic) -> Squad:
    """New clinic settings (hours, clinicians, bookings...); every pinned time must still be a slot."""
    return _squad({**_parts(squad), "clinic": clinic}, "clinic")


def _clinic_update(squad: Squad, what: str, **update: Any) -> Squad:
    try:
        clinic = SquadClinic.model_validate({**dict(squad.clinic), **update})
    except ValidationError as error:
        raise invalid_input(error, prefix=f"{what}: ") from None
    return _squad({**_parts(squad), "clinic": clinic}, what)


def set_bookings(squad: Squad, bookings: Sequence[Booking]) -> Squad:
    """The clinic's own calendar read again (`planner.squad.build.clinic_bookings`): these bookings
    replace the ones it had."""
    return _clinic_update(squad, "bookings", bookings=list(bookings))


def close_day(squad: Squad, day: dt.date) -> Squad:
    """The clinic is closed on `day`: nobody is booked then."""
    closed = sorted({*squad.clinic.closed_dates, day})
    return _clinic_update(squad, f"close {format_day(day)}", closed_dates=closed)


def reopen_day(squad: Squad, day: dt.date) -> Squad:
    closed = [d for d in squad.clinic.closed_dates if d != day]
    return _clinic_update(squad, f"reopen {format_day(day)}", closed_dates=closed)


def apply_fix(squad: Squad, fix: Sequence[ExtraAppointment]) -> Squad:
    """A shortage's fix: its extra appointments added to the clinic's (`planner.squad.shortage`)."""
    extra = [*squad.clinic.extra_appointments, *fix]
    return _clinic_update(squad, "open the extra appointments", extra_appointments=extra)
