"""When the clinic is too small: how many appointments are missing, where, and the opening that fixes it.

The sizing model is the squad model with every runner's own rules hard (trial, taper session,
minimum count: nobody's extras are bought with them) and one integer `extra[d, s] >= 0` per day
and slot: each capacity row of day d may use the extra appointments of its slots. Minimising
sum(extra) gives the fewest appointments to add, and where. Its fix is minimal by construction:
with any one extra appointment removed fewer than the minimum remain, so the squad is infeasible
again (tests/squad check this by re-solving). The fix is then applied to a copy of the squad and
the squad is planned again; `confirmed` says that re-solve planned everyone.
"""

from __future__ import annotations

import datetime as dt
import itertools

from ortools.sat.python import cp_model

from planner.squad import adapter

# The fix is a squad edit (planner.squad.edits); the engine applies it from here to confirm it.
from planner.squad.edits import apply_fix as apply_fix
from planner.squad.model import ExtraAppointment, Shortage, Squad
from planner.squad.runners import add_capacity, prepare
from planner.squad.slots import ClinicDays

WEEKDAY_PLURAL = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def _span(dates: list[dt.date]) -> str:
    """'14-28 Jun', '28 Jun-5 Jul', or '14 Jun' for one date."""
    first, last = dates[0], dates[-1]
    if first == last:
        return f"{first.day} {first:%b}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{last.day} {last:%b}"
    return f"{first.day} {first:%b}-{last.day} {last:%b}"


def describe(fix: list[ExtraAppointment], days: ClinicDays) -> tuple[list[str], list[str]]:
    """The shortage in words per weekday, and the fix per weekday and time."""
    by_weekday: dict[int, list[ExtraAppointment]] = {}
    for extra in fix:
        by_weekday.setdefault(extra.date.weekday(), []).append(extra)
    text, fix_text = [], []
    minutes = days.clinic.appointment_minutes
    for weekday, extras in sorted(by_weekday.items()):
        count = sum(e.count for e in extras)
        dates = sorted({e.date for e in extras})
        word = "appointment" if count == 1 else "appointments"
        text.append(f"{count} {word} short on {WEEKDAY_PLURAL[weekday]} {_span(dates)}")
        for start, group in itertools.groupby(
            sorted(extras, key=lambda e: (e.start, e.date)), key=lambda e: e.start
        ):
            group = list(group)
            listed = ", ".join(
                f"{e.date:%a} {e.date.day} {e.date:%b}" + (f" (x{e.count})" if e.count > 1 else "")
                for e in group
            )
            fix_text.append(
                f"open {sum(e.count for e in group)} more {minutes}-minute appointment(s) at {start:%H:%M} on {listed} "
                "(e.g. one more clinician for that slot)"
            )
    return text, fix_text


def minimum_extra(squad: Squad, *, time_limit: float) -> tuple[str, list[ExtraAppointment]]:
    """The fewest extra appointments (and where) that let every runner keep their own rules.

    Returns ("optimal" | "feasible" | "infeasible" | "unknown", extras). "infeasible" means no
    number of extra appointments helps (some runner cannot be planned even alone).
    """
    days = ClinicDays.of(squad.clinic)
    runners = [r for r in prepare(squad, days, None, ignore_capacity=True) if not adapter.refusal(r.plan)]
    model = cp_model.CpModel()
    models = {r.index: adapter.add_runner(model, r.plan) for r in runners}
    extra: dict[tuple[dt.date, int], cp_model.IntVar] = {}
    for day in sorted({d for r in runners for d in r.windows}):
        for s in range(len(days.slots)):
            extra[(day, s)] = model.new_int_var(0, len(runners), f"extra_{day}_{s}")
    add_capacity(model, days, runners, [], models, extra=extra)
    model.minimize(sum(extra.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 7
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ("infeasible" if status == cp_model.INFEASIBLE else "unknown"), []
    starts = [start for start, _ in days.slots]
    fix = [
        ExtraAppointment(date=day, start=starts[s], count=solver.value(var))
        for (day, s), var in sorted(extra.items())
        if solver.value(var)
    ]
    return ("optimal" if status == cp_model.OPTIMAL else "feasible"), fix


def size_shortage(squad: Squad, *, time_limit: float) -> Shortage | None:
    """The shortage in words with its fix (the caller confirms it by planning again with the fix)."""
    status, fix = minimum_extra(squad, time_limit=time_limit)
    if status in ("infeasible", "unknown") or not fix:
        return None
    text, fix_text = describe(fix, ClinicDays.of(squad.clinic))
    return Shortage(
        missing=sum(e.count for e in fix),
        text=text,
        fix=fix,
        fix_text=fix_text,
        confirmed=False,
        proven_minimal=status == "optimal",
    )
