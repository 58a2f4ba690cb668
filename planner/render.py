"""Results in words, for the terminal and the app: the schedule, the rules, check reports.

One module so that the CLI and the app say the same thing the same way. It reads results only
(no solving, no checking), and imports nothing from the solver side, so `planner check` stays
independent of the solver's code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from planner.dates import format_day, long_date
from planner.plan import Plan, Rules
from planner.schedule import BlockSummary, Schedule, Session

if TYPE_CHECKING:
    from planner.checker import CheckReport, ProposedCheck, Violation
    from planner.constraints.base import Param, Rule
    from planner.importers.report import ImportReport

DayWords = Callable[[dt.date], str]

STATUS_WORDS = {
    "optimal": "Optimal: no better placement exists under these rules.",
    "feasible": "Feasible: the best placement found within the time limit; a better one may exist.",
    "infeasible": "No placement satisfies every hard rule: see the conflicts below.",
    "unknown": "The solver ran out of time before finding any placement: raise the time limit.",
    "refused": "Refused: the screening answers say to seek medical care first.",
}


# ---- the schedule -------------------------------------------------------------------------------------
def status_text(schedule: Schedule) -> str:
    text = STATUS_WORDS.get(schedule.status, schedule.status)
    if schedule.status == "feasible" and schedule.gap is not None:
        text += f" Gap to the best bound: {schedule.gap:.1%}."
    return text


def session_flags(session: Session, *, pinned: bool) -> list[str]:
    flags = ["pinned"] if pinned else []
    if session.provisional:
        flags.append("provisional")
    if session.needs_clearance:
        flags.append("needs clinician clearance")
    return flags


def plan_header(plan: Plan) -> str:
    """'Name - Runner (Mon 1 Mar 2027 to Sun 25 Apr 2027, 8 weeks; A race: X on Sun 25 Apr 2027)'."""
    header = f"{plan.name} - {plan.athlete.name}"
    first, last = plan.first_day, plan.last_day
    if first is None or last is None:
        return header
    weeks = ((last - first).days + 7) // 7
    header += f" ({long_date(first)} to {long_date(last)}, {weeks} weeks"
    a_races = [race for race in plan.a_races if first <= race.date <= last]
    if len(a_races) > 1:
        header += "; A races: " + ", ".join(f"{race.name} on {long_date(race.date)}" for race in a_races)
    elif a_races:
        header += f"; A race: {a_races[-1].name} on {long_date(a_races[-1].date)}"
    return header + ")"


def block_title(block: BlockSummary) -> str:
    """'Block 2: Mon 26 Apr 2027 to Sun 17 Oct 2027, 25 weeks; A race: Autumn Marathon on Sun 17 Oct 2027'."""
    weeks = ((block.last - block.first).days + 7) // 7
    span = f"{long_date(block.first)} to {long_date(block.last)}, {weeks} week{'s' if weeks != 1 else ''}"
    if block.kind == "tail":
        return f"After the last A race: {span}; post-race recovery only"
    if block.a_race is None or block.a_race_date is None:
        return f"Block {block.number}: {span}"
    return f"Block {block.number}: {span}; A race: {block.a_race} on {long_date(block.a_race_date)}"


def block_reassess_line(block: BlockSummary, schedule: Schedule) -> str | None:
    """Rule 8 for one block: the point, and whether a clinician has recorded the reassessment."""
    if block.reassessed is not None:
        return (
            f"Reassessed on {long_date(block.reassessed)} (recorded): sessions up to the next "
            "reassessment point are confirmed."
        )
    if block.reassess_date is None:
        return None
    number = next((s.number for s in schedule.sessions if s.date == block.reassess_date), None)
    return (
        f"Reassess after session {number} ({long_date(block.reassess_date)}); later sessions are "
        "provisional until it is recorded."
    )


def _season(schedule: Schedule) -> bool:
    """Text grouped by block when the plan has more than one (several A races, or a post-race tail)."""
    return len(schedule.blocks) > 1


def conflict_block_words(schedule: Schedule, number: int | None) -> str:
    """' (block 2, to Autumn Marathon)' for a conflict in a season; '' for a one-block plan."""
    if number is None or sum(1 for b in schedule.blocks if b.kind == "build") < 2:
        return ""
    block = next((b for b in schedule.blocks if b.number == number), None)
    if block is None:
        return ""
    if block.kind == "tail":
        return " (after the last A race)"
    return f" (block {block.number}, to {block.a_race})" if block.a_race else f" (block {block.number})"


def schedule_text(plan: Plan, schedule: Schedule) -> str:
    """What `planner optimize` prints: the sessions with reasons, or the conflicts and a fix."""
    lines = [plan_header(plan)]
    if plan.athlete.focus:
        lines.append(f"Focus: {', '.join(plan.athlete.focus)}")
    lines.extend(f"! {warning}" for warning in schedule.warnings)
    if schedule.status == "refused":
        return "\n".join(lines)
    if schedule.found:
        lines += _sessions_lines(plan, schedule)
    elif schedule.status == "unknown":
        lines.append("No schedule found within the time limit; try a longer --time-limit.")
    else:
        lines += _conflict_lines(schedule)
    return "\n".join(lines)


def _sessions_lines(plan: Plan, schedule: Schedule) -> list[str]:
    quality = "optimal" if schedule.status == "optimal" else f"feasible, gap {100 * (schedule.gap or 0):.1f}%"
    lines = [f"Status: {quality}; score {schedule.objective}; solved in {schedule.solve_seconds:.2f} s", ""]
    if _season(schedule):
        for block in schedule.blocks:
            lines.append(block_title(block))
            in_block = [s for s in schedule.sessions if s.block == block.number]
            for session in in_block:
                lines += _session_lines(session)
            if not in_block:
                lines.append("  (no session)")
            reassess = block_reassess_line(block, schedule)
            if reassess:
                lines.append(f"  {reassess}")
            lines.append("")
        if schedule.reassess_date:
            lines.append("Record a reassessment with `planner reassess PLAN DATE` (or the app's button).")
    else:
        for session in schedule.sessions:
            lines += _session_lines(session)
        if schedule.reassess_date:
            lines.append("")
            lines.append(
                f"Reassess after session {plan.rules.reassess_after} ({long_date(schedule.reassess_date)}); "
                "later sessions are provisional."
            )
        recorded = [b for b in schedule.blocks if b.reassessed is not None]
        if recorded:
            lines.append("")
            lines.append(block_reassess_line(recorded[0], schedule) or "")
    price = plan.clinic.price
    budget = f" (budget {plan.budget:g})" if plan.budget is not None else ""
    count = len(schedule.sessions)
    lines.append(f"Cost: {count} x {price:g} = {count * price:g} {plan.clinic.currency}{budget}")
    return lines


def _session_lines(session: Session) -> list[str]:
    flags = session_flags(session, pinned=session.pinned)
    extra = f" [{', '.join(flags)}]" if flags else ""
    lines = [f"{session.number}. {long_date(session.date)} - {session.purpose}{extra}"]
    lines.extend(f"     - {reason}" for reason in session.reasons)
    return lines


def _conflict_lines(schedule: Schedule) -> list[str]:
    lines = ["No schedule fits this plan. These rules conflict:"] if schedule.conflicts else []
    lines += [f"  - {line}" for line in conflict_words(schedule)]
    if schedule.suggestion:
        # The explainer offers only changes a re-solve confirmed (planner/explain.py).
        lines.append("Suggested change (checked: a schedule exists with it):")
        lines.extend(f"  - {change}" for change in schedule.suggestion.changes)
        if schedule.suggestion.sessions:
            lines.append(
                "    which gives sessions on " + ", ".join(long_date(d) for d in schedule.suggestion.sessions)
            )
    if schedule.alternatives:
        lines.append("Other changes that also work:")
        lines += ["  - " + "; ".join(alternative.changes) for alternative in schedule.alternatives]
    lines += schedule.explain_notes
    return lines


def conflict_words(schedule: Schedule) -> list[str]:
    """The conflict to read, one line per rule instance or per run of days of one rule
    (`Schedule.grouped_conflicts`; the JSON keeps every instance in `conflicts`)."""
    shown = schedule.grouped_conflicts or schedule.conflicts
    return [
        f"rule {conflict.rule_number}{conflict_block_words(schedule, conflict.block)}: {conflict.text}"
        for conflict in shown
    ]


def replan_summary(previous: Sequence[dt.date], current: Sequence[dt.date]) -> tuple[bool, str]:
    """(changed?, words) comparing a re-optimized schedule with the one before it."""
    before, after = set(previous), set(current)
    moved_out, moved_in = sorted(before - after), sorted(after - before)
    if not moved_out and not moved_in:
        return False, f"All {len(after)} sessions stayed where they were."
    parts = [f"{len(before & after)} sessions kept"]
    if moved_out:
        parts.append(f"removed {', '.join(format_day(d) for d in moved_out)}")
    if moved_in:
        parts.append(f"added {', '.join(format_day(d) for d in moved_in)}")
    return True, "Changed: " + "; ".join(parts) + "."


# ---- the rules ------------------------------------------------------------------------------------------
def rule_lines(rules: Sequence[Rule], values: Rules) -> list[str]:
    """`planner rules`: each rule with the values in force and its source."""
    lines = []
    for rule in rules:
        kind = "hard" if rule.is_hard(values) else rule.kind
        line = f"{rule.number:>2}. {rule.title} ({kind}): {rule.describe(values)}"
        lines.append(line + (f"  [source: {rule.source}]" if rule.source else ""))
    return lines


def block_settings_lines(plan: Plan) -> list[str]:
    """`planner rules PLAN`: the settings each block sets for itself (the rest follow `rules:`)."""
    lines = []
    for race in plan.a_races:
        own = next((b.rules.overrides() for b in plan.blocks if b.names(race)), {})
        if own:
            shown = ", ".join(f"{name} {value}" for name, value in own.items())
            lines.append(f"Block ending at {race.name} ({long_date(race.date)}): {shown}")
    return lines


def setting_help(name: str, owners: Sequence[tuple[Rule, Param]], default: object) -> tuple[str, str]:
    """(label, help) for one plan setting, from the rules that read it: what it does, its default,
    the DOMAIN.md rule and the source behind it."""
    if not owners:
        return name.rsplit(".", 1)[-1].replace("_", " ").capitalize(), f"Default: {_shown(default)}."
    if len(owners) == 1:
        text = owners[0][1].help
    else:
        text = "\n\n".join(f"Rule {rule.number} ({rule.title}): {param.help}" for rule, param in owners)
    sources = "; ".join(
        f"DOMAIN.md rule {rule.number}; {param.source}" if rule.number else param.source
        for rule, param in owners
    )
    return owners[0][1].label, f"{text}\n\nDefault: {_shown(default)}. Source: {sources}."


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "none"
    return "none" if value is None else str(value)


# ---- checks ----------------------------------------------------------------------------------------------
def violation_line(violation: Violation) -> str:
    return f"rule {violation.rule_number} ({violation.rule}): {violation.why}"


def check_report_lines(report: CheckReport, day: DayWords, pinned: set[dt.date]) -> list[str]:
    """`planner check`: the verdict on the dates, each violation, and where to move."""
    lines = [f"Warning: {warning}" for warning in report.warnings]
    if report.dates:
        shown = ", ".join(day(date) for date in sorted(report.dates))
        verdict = "all pass the hard rules" if report.ok else f"{len(report.violations)} violation(s)"
        lines.append(f"Checked {len(report.dates)} date(s): {shown}: {verdict}.")
    lines += [f"  {violation_line(violation)}" for violation in report.violations]
    return lines + _alternative_lines(report, day, pinned)


def _alternative_lines(report: CheckReport, day: DayWords, pinned: set[dt.date]) -> list[str]:
    lines = []
    if report.alternatives:
        lines.append("Nearest valid dates to move to:")
        for date, options in sorted(report.alternatives.items()):
            shown = ", ".join(day(option) for option in options) or (
                "none: it is pinned (unpin it to move it)"
                if date in pinned
                else "none without breaking another rule"
            )
            lines.append(f"  {day(date)} -> {shown}")
    return lines


def proposed_lines(result: ProposedCheck, day: DayWords, booked: Sequence[dt.date]) -> list[str]:
    """The clinician's answer, first and only about the proposed date (`planner check --proposed`
    and the app's "Check a date" both show these lines): fine or not next to the booked sessions,
    the rules it breaks, the nearest good dates around it."""
    context = "next to the booked sessions" if booked else "with nothing booked"
    if result.ok:
        lines = [f"Proposed {day(result.date)}: fine {context}."]
    else:
        lines = [f"Proposed {day(result.date)}: not valid {context}."]
        lines += [f"  {violation_line(violation)}" for violation in result.violations]
    if result.trial and any(v.rule_number == 4 for v in result.violations):
        if any(date < result.date for date in booked):
            lines.append(
                "  It would be its block's first session after a long pause: a trial again (rule 4)."
            )
        else:
            lines.append(
                "  Nothing is booked before it, so it would be the block's first session: the trial (rule 4)."
            )
    if not result.ok:
        if result.nearest_valid:
            lines.append("Nearest good dates: " + ", ".join(day(date) for date in result.nearest_valid))
        else:
            lines.append("No good date in the block next to the booked sessions.")
    return lines


def booked_problem_lines(
    report: CheckReport, day: DayWords, pinned: set[dt.date], proposed: dt.date
) -> list[str]:
    """After the answer: what is wrong with the booked set as a whole, labelled as such."""
    if report.ok:
        return []
    what = "the booked sessions" if report.dates else "the block with nothing booked"
    lines = [f"Block-level problems of {what} (not about {day(proposed)}):"]
    lines += [f"  {violation_line(violation)}" for violation in report.violations]
    return lines + _alternative_lines(report, day, pinned)


# ---- an imported calendar ---------------------------------------------------------------------------
def import_report_lines(report: ImportReport) -> list[str]:
    """How a calendar was read: one line per fact or assumption (the CLI's stderr, the app's upload)."""
    lines = [f"Read {report.source}: {report.format}, {report.events} events"]
    lines += [f"  {detail}" for detail in report.details]
    if report.kinds:
        counts = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in report.kinds.items())
        lines.append(f"  workouts: {counts}")
    lines.append(f"  timezone: {report.timezone} ({report.timezone_reason})")
    if report.languages:
        lines.append(f"  words matched: {', '.join(report.languages)}")
    for race in report.races:
        lines.append(
            f"  race {long_date(race.date)}: {race.name} - {race.priority} ({race.priority_why}), "
            f"{race.distance} ({race.distance_why})"
        )
    lines += [f"  - {assumption.text}" for assumption in report.assumptions]
    lines += [f"  warning: {warning}" for warning in report.warnings]
    return lines
