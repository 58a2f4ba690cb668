"""A squad plan in words, for `planner squad` (and any other front end): reads results only.

Per runner: the sessions at their appointment times with reasons (as `planner optimize` says
them), and what planning together cost against planning alone. For the clinic: the busiest days.
When appointments are short: the shortage and its checked fix. A runner whose own rules conflict
is explained exactly as `planner optimize` explains a plan (`planner.render.schedule_text`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from planner.dates import format_day, long_date
from planner.plan import WEEKDAYS, Plan
from planner.render import schedule_text, session_flags
from planner.schedule import Schedule
from planner.squad.model import Appointment, RunnerOutcome, Squad, SquadPlan
from planner.squad.summary import BusyDay, RunnerCost, Summary

STATUS_WORDS = {
    "optimal": "optimal (proven: no better plan exists for the squad)",
    "feasible": "feasible (the best plan found within the time limit)",
    "shortage": "shortage: the clinic has too few appointments for every runner's own rules",
    "unknown": "no plan found within the time limit: raise --time-limit",
}


def status_words(result: SquadPlan) -> str:
    """The status in words; a plan only feasible says its gap to the proven bound."""
    words = STATUS_WORDS.get(result.status, result.status)
    if result.status == "feasible" and result.gap is not None:
        words += f", gap {result.gap:.1%} to the bound {result.bound}"
    return words


def squad_text(squad: Squad, result: SquadPlan, summary: Summary, notes: Sequence[str] = ()) -> str:
    """What `planner squad` prints."""
    lines = [*_header(squad, result), *(f"  {note}" for note in notes)]
    lines += [f"! {warning}" for warning in result.warnings]
    if result.shortage is not None:
        lines += ["", *shortage_lines(result)]
    plans = {runner.name: runner.plan for runner in squad.runners}
    unplanned = [o.name for o in result.runners if o.status == "unplanned"]
    if unplanned:
        lines += ["", f"Not planned ({len(unplanned)}): {', '.join(unplanned)}"]
    for outcome in result.runners:
        if outcome.status != "unplanned":
            lines += ["", *runner_lines(outcome, plans[outcome.name], summary.costs.get(outcome.name))]
    if summary.busiest:
        lines += ["", "Busiest days at the clinic:", *(f"  {busy_line(day)}" for day in summary.busiest)]
    return "\n".join(lines)


def _header(squad: Squad, result: SquadPlan) -> list[str]:
    clinic = squad.clinic
    per_day = len(clinic.slot_times()) * clinic.clinicians
    weekdays = ", ".join(day.capitalize() for day in WEEKDAYS if day in clinic.open_weekdays)
    people = "clinician" if clinic.clinicians == 1 else "clinicians"
    lines = [
        f"{result.squad}: {len(squad.runners)} runners at {clinic.name}",
        f"Clinic: {weekdays} {clinic.opens:%H:%M}-{clinic.closes:%H:%M}, {clinic.appointment_minutes}-minute "
        f"appointments, {clinic.clinicians} {people} ({per_day} a day), {clinic.timezone}; "
        f"{len(clinic.bookings)} bookings already in its calendar",
    ]
    status = status_words(result)
    stats = result.stats
    timing = f"solved in {stats.total_seconds:.1f} s"
    planned = sum(1 for outcome in result.runners if outcome.status == "planned")
    if result.objective is not None and stats.joint_runners >= planned:
        timing += "; all runners solved together"
    elif result.objective is not None and stats.joint_runners:
        timing += f"; {stats.joint_runners} runners solved together, the others kept their plans alone"
    elif result.objective is not None:
        timing += "; the runners' plans alone fit the clinic as they are"
    found = f"; {len(result.appointments)} appointments" if result.objective is not None else ""
    lines.append(f"Status: {status}{found}; {timing}")
    if result.objective is not None:
        lines.append(f"Objective {result.objective} (the runners' points less the fairness penalty)")
    return lines


def shortage_lines(result: SquadPlan) -> list[str]:
    shortage = result.shortage
    if shortage is None:
        return []
    missing = "appointment" if shortage.missing == 1 else "appointments"
    minimal = "the fewest that work (proven)" if shortage.proven_minimal else "a fix found in the time limit"
    lines = [f"Short of {shortage.missing} {missing}, {minimal}:", *(f"  {line}" for line in shortage.text)]
    checked = (
        "checked: planning again with it fits every runner"
        if shortage.confirmed
        else "not confirmed by a re-solve"
    )
    lines.append(f"Extra opening that fixes it ({checked}):")
    lines += [f"  - {line}" for line in shortage.fix_text]
    return lines


def runner_lines(outcome: RunnerOutcome, plan: Plan, cost: RunnerCost | None) -> list[str]:
    """One runner: their sessions at appointment times, or why they have none."""
    if outcome.status == "planned":
        count = len(outcome.sessions)
        lines = [f"{outcome.name} - {count} session{'s' if count != 1 else ''}; {cost_words(outcome)}"]
        lines += [f"  ! {warning}" for warning in outcome.warnings]
        lines += cost_detail_lines(cost)
        lines += session_lines(outcome)
        return lines
    # Refused (a red flag) or their own rules conflict: said as `planner optimize` says it.
    schedule = Schedule(
        plan_name=plan.name,
        athlete=outcome.name,
        status="refused" if outcome.status == "refused" else "infeasible",
        conflicts=outcome.conflicts,
        suggestion=outcome.suggestion,
        warnings=outcome.warnings,
    )
    return [
        f"{outcome.name} - not planned",
        *(f"  {line}" for line in schedule_text(plan, schedule).splitlines()),
    ]


def cost_words(outcome: RunnerOutcome) -> str:
    if not outcome.loss:
        return f"planning together cost nothing (score {outcome.squad_score}, as planned alone)"
    return (
        f"planning together cost {outcome.loss} points (score {outcome.squad_score}, "
        f"{outcome.solo_score} planned alone)"
    )


def cost_detail_lines(cost: RunnerCost | None) -> list[str]:
    if cost is None or not cost.loss:
        return []
    lines = []
    if cost.only_alone or cost.only_squad:
        moved = ", ".join(format_day(day) for day in cost.only_alone) or "none"
        instead = ", ".join(format_day(day) for day in cost.only_squad) or "none"
        lines.append(f"  alone they would come on {moved}; in the squad instead on {instead}")
    for rule in cost.rules:
        lines.append(
            f"  rule {rule.rule_number} ({rule.title.lower()}): {rule.squad} points, {rule.alone} alone"
        )
    return lines


def session_lines(outcome: RunnerOutcome) -> list[str]:
    at = {appointment.date: appointment for appointment in outcome.appointments}
    lines = []
    for session in outcome.sessions:
        flags = session_flags(session, pinned=session.pinned)
        extra = f" [{', '.join(flags)}]" if flags else ""
        appointment = at.get(session.date)
        when = f" {appointment.start:%H:%M}-{appointment.end:%H:%M}" if appointment else ""
        lines.append(f"  {session.number}. {long_date(session.date)}{when} - {session.purpose}{extra}")
        lines.extend(f"       - {reason}" for reason in session.reasons)
    return lines


def busy_line(day: BusyDay) -> str:
    full = " (full)" if day.taken >= day.free else ""
    booked = (
        f"; {day.booked} booking{'s' if day.booked > 1 else ''} already in its calendar" if day.booked else ""
    )
    return f"{long_date(day.date)}: {day.taken} of {day.free} free appointments taken{full}{booked}"


def replan_lines(
    previous: dict[str, list[Appointment]],
    result: SquadPlan,
    source: str,
    *,
    fresh: str = "--fresh ignores them",
) -> list[str]:
    """Who moved against the previous plan, appointment by appointment; `fresh` says how to plan
    without it (the CLI's flag, the app's checkbox)."""
    count = sum(len(items) for items in previous.values())
    header = f"Re-planned against {count} appointments from {source} ({fresh})."
    planned = [o for o in result.runners if o.status == "planned"]
    if not result.moved:
        return [f"{header} Nobody moved: every runner kept every appointment."]
    kept = len(planned) - len(result.moved)
    moved = f"{len(result.moved)} runner{' moved' if len(result.moved) == 1 else 's moved'}"
    lines = [f"{header} {moved}, {kept} kept every appointment:"]
    for outcome in planned:
        if outcome.name not in result.moved:
            continue
        before = {(a.date, a.start) for a in previous.get(outcome.name, [])}
        after = {(a.date, a.start) for a in outcome.appointments}
        parts = []
        if before - after:
            parts.append("removed " + ", ".join(_when(d, t) for d, t in sorted(before - after)))
        if after - before:
            parts.append("added " + ", ".join(_when(d, t) for d, t in sorted(after - before)))
        lines.append(f"  - {outcome.name}: {'; '.join(parts)}")
    return lines


def _when(day: dt.date, start: dt.time) -> str:
    return f"{format_day(day)} {start:%H:%M}"
