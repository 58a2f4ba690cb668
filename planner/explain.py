"""When no placement exists: the smallest set of conflicting rules, in words, and a checked relaxation.

Method (SOLVER_NOTES "Explaining infeasibility"): every hard rule instance gets an enforcement
literal; solve with the literals as assumptions, no objective, one worker; read the sufficient
assumptions; shrink by deletion to a minimal set. Then a repair model keeps as many instances as
possible, weighted by how reluctant we are to drop each (pins cheap, safety rules expensive); the
dropped ones become plan edits. The rules in the conflict offer their own one-parameter
relaxations (`ModelRule.relaxations`). Each candidate is applied (`planner.edits`) and solved
again through `planner.model` before it is offered as confirmed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from planner.constraints.base import HardInstance, ModelRule
from planner.dates import format_day
from planner.edits import apply_relaxation
from planner.errors import PlannerInputError
from planner.model import DEFAULT_TIME_LIMIT, build, solve
from planner.plan import Plan
from planner.schedule import Conflict, PlanChange, Relaxation, Schedule

# How many alternative relaxations to offer besides the main suggestion.
MAX_ALTERNATIVES = 3
WEEKDAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _solver(time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # assumptions cores need a single worker
    solver.parameters.max_time_in_seconds = max(1.0, time_limit)
    solver.parameters.random_seed = 7
    return solver


def minimal_conflict(
    plan: Plan, *, rules: Sequence[ModelRule] | None = None, time_limit: float = DEFAULT_TIME_LIMIT
) -> list[HardInstance]:
    """A minimal set of hard rule instances that cannot hold together (empty if none is to blame)."""
    built = build(plan, rules=rules, explain=True)
    instances = built.ctx.hard_instances
    by_index = {inst.literal.index: inst for inst in instances if inst.literal is not None}
    model = built.model
    solver = _solver(time_limit)

    def infeasible_with(subset: list[HardInstance]) -> tuple[bool, list[HardInstance]]:
        model.clear_assumptions()
        model.add_assumptions([inst.literal for inst in subset])
        status = solver.solve(model)
        if status != cp_model.INFEASIBLE:
            return False, subset
        # Drop indices that are not our literals (or-tools #5141).
        core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
        return True, core or subset

    infeasible, core = infeasible_with(instances)
    if not infeasible:
        return []
    # Deletion filter: drop each instance in turn; keep it out if the rest still conflict.
    current = list(core)
    for instance in list(current):
        if instance not in current:
            continue
        trial = [inst for inst in current if inst is not instance]
        still, smaller = infeasible_with(trial)
        if still:
            current = [inst for inst in trial if inst in smaller] if smaller else trial
    return sorted(current, key=lambda inst: (inst.rule.number, inst.dates[:1], inst.text))


def repair(
    plan: Plan, *, rules: Sequence[ModelRule] | None = None, time_limit: float = DEFAULT_TIME_LIMIT
) -> list[PlanChange]:
    """Plan edits from the cheapest set of rule instances to drop (weighted maximum kept)."""
    built = build(plan, rules=rules, explain=True)
    instances = [inst for inst in built.ctx.hard_instances if inst.literal is not None]
    # A "fix" with no sessions at all helps nobody: the repair keeps at least one.
    if plan.rules.min_sessions >= 1:
        built.model.add(built.athlete.count >= 1)
    built.model.maximize(sum(inst.cost * inst.literal for inst in instances))
    solver = _solver(time_limit)
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    dates = built.chosen(solver)
    changes: list[PlanChange] = []
    for inst in instances:
        if not solver.value(inst.literal):
            for change in inst.relax(dates):
                if change not in changes:
                    changes.append(change)
    return changes


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
) -> None:
    """Fill `schedule` (status infeasible) with the conflicts, a confirmed suggestion and alternatives."""
    core = minimal_conflict(plan, rules=rules, time_limit=time_limit)
    if not core:
        schedule.conflicts = [
            Conflict(
                rule="model",
                rule_number=0,
                text="no placement exists even with every "
                "adjustable rule relaxed (the block has no day a session could use)",
            )
        ]
        return
    schedule.conflicts = [
        Conflict(rule=inst.rule.name, rule_number=inst.rule.number, text=inst.text, dates=inst.dates)
        for inst in core
    ]
    tried: list[list[PlanChange]] = []
    candidates = [repair(plan, rules=rules, time_limit=time_limit), *rule_relaxations(core, plan)]
    for patch in candidates:
        if not patch or patch in tried:
            continue
        tried.append(patch)
        relaxation = _confirmed(plan, patch, rules, time_limit)
        if relaxation is None:
            continue
        if schedule.suggestion is None and relaxation.confirmed:
            schedule.suggestion = relaxation
        elif relaxation.confirmed and len(schedule.alternatives) < MAX_ALTERNATIVES:
            schedule.alternatives.append(relaxation)
    if schedule.suggestion is None and tried:
        schedule.suggestion = Relaxation(changes=summarise(tried[0]), patch=tried[0], confirmed=False)


def _confirmed(
    plan: Plan, patch: list[PlanChange], rules: Sequence[ModelRule] | None, time_limit: float
) -> Relaxation | None:
    """The patch as a relaxation, confirmed when the relaxed plan solves; None if it cannot apply."""
    relaxation = Relaxation(changes=summarise(patch), patch=patch)
    try:
        relaxed = apply_relaxation(plan, relaxation)
        outcome = solve(build(relaxed, rules=rules), time_limit)
    except PlannerInputError:
        return None
    if outcome.found:
        relaxation.confirmed = True
        relaxation.sessions = outcome.dates
    return relaxation


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
