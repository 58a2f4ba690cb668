"""An independent check of a squad plan, written from DOMAIN.md "Squads sharing a clinic".

Each runner's own rules go through `planner.checker` (itself independent of the solver), with the
squad's clinic days; everything about appointments is re-derived here from the rule text: an
appointment starts on the clinic's slot grid, lies inside the runner's availability, and no slot
holds more runners than clinicians left after the clinic's bookings (plus extra appointments); a
time the coach pinned (`pin_slots`) is kept.
It never imports planner.squad.engine, planner.squad.slots or the solver.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from planner.checker import check_dates
from planner.squad.model import Squad, SquadPlan

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _at(day: dt.date, clock: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, clock)


def problems(squad: Squad, plan: SquadPlan) -> list[str]:
    clinic = squad.clinic
    found: list[str] = []
    length = dt.timedelta(minutes=clinic.appointment_minutes)
    used: Counter = Counter()
    for runner in squad.runners:
        outcome = plan.runner(runner.name)
        if outcome.status != "planned":
            continue
        dates = [s.date for s in outcome.sessions]
        own = runner.plan.model_copy(
            update={
                "clinic": runner.plan.clinic.model_copy(
                    update={"open_weekdays": clinic.open_weekdays, "closed_dates": clinic.closed_dates}
                )
            }
        )
        report = check_dates(own, dates)
        found += [f"{runner.name}: {v.why}" for v in report.violations]
        if sorted(a.date for a in outcome.appointments) != sorted(dates):
            found.append(f"{runner.name}: appointments {outcome.appointments} do not match sessions {dates}")
        for appointment in outcome.appointments:
            start = _at(appointment.date, appointment.start)
            opens = _at(appointment.date, clinic.opens)
            offset = (start - opens).total_seconds() / 60
            if offset < 0 or offset % clinic.appointment_minutes:
                found.append(f"{runner.name}: {start} is not an appointment start")
            if _at(appointment.date, appointment.end) != start + length or start + length > _at(
                appointment.date, clinic.closes
            ):
                found.append(f"{runner.name}: {start} does not end inside opening hours")
            pinned = next((pin.start for pin in runner.pinned_slots if pin.date == appointment.date), None)
            if pinned is not None:
                # A time the coach pinned holds, in or out of the runner's windows.
                if appointment.start != pinned:
                    found.append(f"{runner.name}: {start} is not the pinned {pinned:%H:%M}")
                used[start] += 1
                continue
            key = DAY_KEYS[appointment.date.weekday()]
            windows = [w for w in runner.availability if key in w.weekdays]
            if runner.availability and not windows:
                found.append(f"{runner.name}: cannot come on {key} ({appointment.date})")
            for window in windows:
                if (window.start and appointment.start < window.start) or (
                    window.end and start + length > _at(appointment.date, window.end)
                ):
                    found.append(f"{runner.name}: {start} is outside their window")
            used[start] += 1
    for start, count in sorted(used.items()):
        booked = sum(1 for b in clinic.bookings if b.start < start + length and start < b.end)
        extra = sum(e.count for e in clinic.extra_appointments if _at(e.date, e.start) == start)
        room = max(0, clinic.clinicians - booked) + extra
        if count > room:
            found.append(f"{count} runners at {start}, but only {room} appointment(s) free")
    return found
