"""When no placement exists: the smallest set of conflicting rules, in words, and a checked relaxation.

Method (SOLVER_NOTES "Explaining infeasibility"): every hard rule instance gets an enforcement
literal; solve with the literals as assumptions, no objective, one worker; read the sufficient
assumptions; shrink by deletion to a minimal set. Then a repair model keeps as many instances as
possible, weighted by how reluctant we are to drop each (pins cheap, safety rules expensive); the
dropped ones become plan edits. The rules in the conflict offer their own one-parameter
relaxations (`ModelRule.relaxations`). Each candidate is applied (`planner.edits`) and solved
again through `planner.model`; only a candidate that re-solve confirms is ever offered. When the
cheapest repair fails its check (its edits change the day facts the repair model took as fixed:
making a day easy can remove the only hard day the trial needed), that set of dropped instances is
forbidden in the repair model and the next cheapest set is tried.

Everything runs against one `Deadline`, the command's `--time-limit`: shrinking the conflict
may use part of the time left, the suggestions the rest; what the time did not allow is said in
`Schedule.explain_notes` (a conflict list that may not be minimal, no checked change found yet).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from ortools.sat.python import cp_model

from planner.constraints.base import HardInstance, ModelRule, Rule
from planner.dates import format_day
from planner.edits import apply_relaxation
from planner.errors import PlannerInputError
from planner.facts import BlockFacts
from planner.model import (
    DEFAULT_TIME_LIMIT,
    MIN_SOLVE_SECONDS,
    BuiltModel,
    Deadline,
    build,
    checked_status,
    solve,
)
from planner.plan import Plan
from planner.schedule import Conflict, PlanChange, Relaxation, Schedule

# How many alternative relaxations to offer besides the main suggestion.
MAX_ALTERNATIVES = 3
# How many sets of dropped instances the repair search re-solves before it gives up on that route.
MAX_REPAIR_TRIES = 8
# The share of the time left that finding and shrinking the conflict may use; suggestions get the rest.
CORE_SHARE = 0.5
# From this many instances of one rule on consecutive days, they read as one line per run of days.
GROUP_FROM = 3
WEEKDAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Verdict = Literal["infeasible", "feasible", "unknown"]


def _solver() -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # assumptions cores need a single worker
    solver.parameters.random_seed = 7
    # Presolve is redone on every assumption solve, and conflicts of counts (17 tapers against 7
    # sessions) need the LP: on a 3-year plan a check took 0.2 s this way and 1-10 s by default.
    solver.parameters.cp_model_presolve = False
    solver.parameters.linearization_level = 2
    return solver


def _run(solver: cp_model.CpSolver, model: cp_model.CpModel, deadline: Deadline) -> int:
    solver.parameters.max_time_in_seconds = max(MIN_SOLVE_SECONDS, deadline.left())
    return checked_status(solver, model)


@dataclass
class Core:
    """A conflicting set of hard rule instances; `minimal` unless the deadline stopped the shrinking,
    `found` unless it passed before any conflict was proven."""

    instances: list[HardInstance]
    minimal: bool = True
    found: bool = True


def find_conflict(
    plan: Plan,
    *,
    rules: Sequence[ModelRule] | None = None,
    deadline: Deadline | None = None,
    built: BuiltModel | None = None,
) -> Core:
    """A conflicting set of hard rule instances, shrunk by deletion to a minimal one in the time given.

    `built` is the plan's explain model (`build(..., explain=True)`) when the caller has one."""
    deadline = deadline or Deadline.after(DEFAULT_TIME_LIMIT)
    built = built or build(plan, rules=rules, explain=True)
    instances = built.ctx.hard_instances
    by_index = {inst.literal.index: inst for inst in instances if inst.literal is not None}
    model, solver = built.model, _solver()

    def check(subset: list[HardInstance]) -> tuple[Verdict, list[HardInstance]]:
        model.clear_assumptions()
        model.add_assumptions([inst.literal for inst in subset])
        status = _run(solver, model, deadline)
        if status == cp_model.INFEASIBLE:
            # Drop indices that are not our literals (or-tools #5141).
            core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
            return "infeasible", core or subset
        return ("feasible" if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "unknown"), subset

    verdict, core = check(instances)
    if verdict != "infeasible":
        return Core([], found=verdict == "feasible")
    # Deletion filter: drop each instance in turn; keep it out if the rest still conflict.
    current, minimal = list(core), True
    for instance in list(current):
        if instance not in current:
            continue
        if deadline.passed:
            minimal = False
            break
        trial = [inst for inst in current if inst is not instance]
        verdict, smaller = check(trial)
        if verdict == "infeasible":
            current = [inst for inst in trial if inst in smaller] if smaller else trial
        elif verdict == "unknown":
            minimal = False  # kept: the time did not tell whether it is needed
    ordered = sorted(current, key=lambda inst: (inst.rule.number, inst.dates[:1], inst.text))
    return Core(ordered, minimal=minimal)


def minimal_conflict(
    plan: Plan, *, rules: Sequence[ModelRule] | None = None, time_limit: float = DEFAULT_TIME_LIMIT
) -> list[HardInstance]:
    """A minimal set of hard rule instances that cannot hold together (empty if none is to blame)."""
    return find_conflict(plan, rules=rules, deadline=Deadline.after(time_limit)).instances


def repairs(
    plan: Plan,
    *,
    rules: Sequence[ModelRule] | None = None,
    deadline: Deadline | None = None,
    built: BuiltModel | None = None,
) -> Iterator[list[PlanChange]]:
    """Plan edits from the cheapest sets of rule instances to drop, cheapest first.

    Each set is yielded once and then forbidden (a no-good over every literal, so a superset is
    still allowed: a joint change), so a set whose edits fail their re-solve leads to the next.
    `built` (the explain model, e.g. after `find_conflict`) gains the repair objective and no-goods.
    """
    deadline = deadline or Deadline.after(DEFAULT_TIME_LIMIT)
    built = built or build(plan, rules=rules, explain=True)
    built.model.clear_assumptions()
    instances = [inst for inst in built.ctx.hard_instances if inst.literal is not None]
    # A "fix" with no sessions at all helps nobody: the repair keeps at least one.
    if plan.rules.min_sessions >= 1:
        built.model.add(built.athlete.count >= 1)
    built.model.maximize(sum(inst.cost * inst.literal for inst in instances))
    solver = _solver()
    solver.parameters.cp_model_presolve = True  # an optimisation, not an assumption solve
    while not deadline.passed:
        if _run(solver, built.model, deadline) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return
        dates = built.chosen(solver)
        kept = [inst for inst in instances if solver.value(inst.literal)]
        dropped = [inst for inst in instances if not solver.value(inst.literal)]
        changes: list[PlanChange] = []
        for inst in dropped:
            for change in inst.relax(dates):
                if change not in changes:
                    changes.append(change)
        yield changes
        if not dropped:
            return
        built.model.add_bool_or([inst.literal for inst in dropped] + [~inst.literal for inst in kept])


def repair(
    plan: Plan, *, rules: Sequence[ModelRule] | None = None, time_limit: float = DEFAULT_TIME_LIMIT
) -> list[PlanChange]:
    """Plan edits from the cheapest set of rule instances to drop (weighted maximum kept)."""
    return next(repairs(plan, rules=rules, deadline=Deadline.after(time_limit)), [])


def rule_relaxations(core: list[HardInstance], plan: Plan) -> list[list[PlanChange]]:
    """What the rules in the conflict offer to lift themselves, in rule order."""
    rules_in_core = dict.fromkeys(inst.rule for inst in core)
    return [
        option
        for rule in rules_in_core
        if isinstance(rule, ModelRule)
        for option in rule.relaxations(plan.rules)
    ]


def explain_infeasible(
    plan: Plan,
    schedule: Schedule,
    *,
    rules: Sequence[ModelRule] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    deadline: Deadline | None = None,
) -> None:
    """Fill `schedule` (status infeasible) with the conflicts, a confirmed suggestion and alternatives.

    Only relaxations a re-solve confirmed are ever set; when none was found, or the deadline cut the
    work short, `schedule.explain_notes` says so.
    """
    deadline = deadline or Deadline.after(time_limit)
    # One explain model for both steps: on a 3-year block a build costs a quarter of a second.
    built = build(plan, rules=rules, explain=True)
    core = find_conflict(plan, rules=rules, deadline=deadline.within(CORE_SHARE), built=built)
    if not core.found:
        schedule.explain_notes.append(
            "The time limit ran out before the conflicting rules were found; raise the time limit."
        )
        return
    if not core.instances:
        schedule.conflicts = [
            Conflict(
                rule="model",
                rule_number=0,
                text="no placement exists even with every "
                "adjustable rule relaxed (the block has no day a session could use)",
            )
        ]
        schedule.grouped_conflicts = list(schedule.conflicts)
        return
    facts = built.facts
    schedule.conflicts = [
        Conflict(
            rule=inst.rule.name,
            rule_number=inst.rule.number,
            text=inst.text,
            dates=inst.dates,
            block=_block_number(facts, inst),
        )
        for inst in core.instances
    ]
    schedule.grouped_conflicts = group_conflicts(core.instances, plan, facts)
    if not core.minimal:
        schedule.explain_notes.append(
            "The time limit ran out while shrinking the conflict: it may name more rules than needed."
        )
    _suggest(plan, schedule, core.instances, rules, deadline, built)


def _suggest(
    plan: Plan,
    schedule: Schedule,
    core: list[HardInstance],
    rules: Sequence[ModelRule] | None,
    deadline: Deadline,
    built: BuiltModel,
) -> None:
    """The cheapest confirmed repair as the suggestion, the rules' own confirmed relaxations as
    alternatives; a rule relaxation becomes the suggestion when no repair was confirmed."""
    tried: list[list[PlanChange]] = []

    def confirm(patch: list[PlanChange]) -> Relaxation | None:
        if not patch or patch in tried or deadline.passed:
            return None
        tried.append(patch)
        return _confirmed(plan, patch, rules, deadline)

    for patch in itertools.islice(
        repairs(plan, rules=rules, deadline=deadline, built=built), MAX_REPAIR_TRIES
    ):
        schedule.suggestion = confirm(patch)
        if schedule.suggestion is not None:
            break
    for patch in rule_relaxations(core, plan):
        if len(schedule.alternatives) >= MAX_ALTERNATIVES:
            break
        relaxation = confirm(patch)
        if relaxation is not None:
            schedule.alternatives.append(relaxation)
    if schedule.suggestion is None and schedule.alternatives:
        schedule.suggestion = schedule.alternatives.pop(0)
    if schedule.suggestion is None:
        schedule.explain_notes.append(
            f"The time limit ran out before a change could be confirmed ({len(tried)} tried); "
            "raise the time limit to search further."
            if deadline.passed
            else f"No change was found that makes this plan feasible ({len(tried)} tried, each re-solved)."
        )


def _block_number(facts: BlockFacts, instance: HardInstance) -> int | None:
    """The season block a conflict belongs to: its own for per-block rules, else that of its first date."""
    if instance.block is not None:
        return instance.block.number
    block = facts.block_of(instance.dates[0]) if instance.dates else None
    return block.number if block is not None else None


def _confirmed(
    plan: Plan, patch: list[PlanChange], rules: Sequence[ModelRule] | None, deadline: Deadline
) -> Relaxation | None:
    """The patch as a relaxation if the relaxed plan solves; None if it does not, or cannot apply."""
    relaxation = Relaxation(changes=summarise(patch), patch=patch)
    try:
        relaxed = apply_relaxation(plan, relaxation)
        outcome = solve(build(relaxed, rules=rules), deadline.left())
    except PlannerInputError:
        return None
    if not outcome.found:
        return None
    relaxation.confirmed = True
    relaxation.sessions = outcome.dates
    return relaxation


def group_conflicts(core: list[HardInstance], plan: Plan, facts: BlockFacts | None = None) -> list[Conflict]:
    """The conflict to read: instances of one rule that cover a run of consecutive days become one
    line in the rule's words ("every day from Mon 1 Mar to Sun 18 Apr is a hard day or the day
    before one"); the rest stay one line each. `Schedule.conflicts` keeps every instance. With the
    day facts, each line names its season block (a run across blocks names none)."""

    def block_of(run: list[HardInstance]) -> int | None:
        numbers = {_block_number(facts, inst) for inst in run} if facts is not None else {None}
        return numbers.pop() if len(numbers) == 1 else None

    grouped: list[Conflict] = []
    by_rule: dict[Rule, list[HardInstance]] = {}
    for inst in core:
        by_rule.setdefault(inst.rule, []).append(inst)
    for rule, instances in by_rule.items():
        for run in _runs(instances):
            words = None
            if len(run) >= GROUP_FROM and isinstance(rule, ModelRule):
                first, last = run[0].dates[0], max(inst.dates[-1] for inst in run)
                words = rule.group_words(first, last, len(run), plan.rules)
            if words is None:
                grouped += [
                    Conflict(
                        rule=rule.name,
                        rule_number=rule.number,
                        text=i.text,
                        dates=i.dates,
                        block=block_of([i]),
                    )
                    for i in run
                ]
            else:
                dates = sorted({day for inst in run for day in inst.dates})
                grouped.append(
                    Conflict(
                        rule=rule.name, rule_number=rule.number, text=words, dates=dates, block=block_of(run)
                    )
                )
    return grouped


def _runs(instances: list[HardInstance]) -> list[list[HardInstance]]:
    """Instances in date order, split where a day between them is not covered; undated ones alone."""
    runs: list[list[HardInstance]] = [[inst] for inst in instances if not inst.dates]
    dated = sorted((inst for inst in instances if inst.dates), key=lambda inst: inst.dates[0])
    current: list[HardInstance] = []
    reach: dt.date | None = None
    for inst in dated:
        if current and reach is not None and inst.dates[0] <= reach + dt.timedelta(days=1):
            current.append(inst)
        else:
            if current:
                runs.append(current)
            current = [inst]
            reach = None
        reach = max(reach, inst.dates[-1]) if reach else inst.dates[-1]
    if current:
        runs.append(current)
    return runs


def summarise(patch: list[PlanChange]) -> list[str]:
    """Words for a patch; several 'make easy' edits on one weekday read as one line, by week."""
    lines: list[str] = []
    easy = [c for c in patch if c.op == "make_easy" and c.date is not None]
    if len(easy) >= 3:
        by_weekday: dict[int, list[PlanChange]] = {}
        for change in easy:
            by_weekday.setdefault(change.date.weekday(), []).append(change)  # type: ignore[union-attr]
        for weekday, group in sorted(by_weekday.items()):
            days = ", ".join(format_day(c.date) for c in group)  # type: ignore[arg-type]
            lines.append(f"make {WEEKDAY_LONG[weekday]} easy on {days}" if len(group) > 1 else group[0].text)
        lines.extend(c.text for c in patch if c not in easy)
        return lines
    return [c.text for c in patch]
