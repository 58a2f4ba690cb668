"""When no placement exists: the smallest set of conflicting rules, in words, and a checked relaxation.

Method (SOLVER_NOTES "Explaining infeasibility"): every hard rule instance gets an enforcement
literal; solve with the literals as assumptions, no objective, one worker; read the sufficient
assumptions; shrink by deletion to a minimal set. Then a repair model keeps as many instances as
possible, weighted by how reluctant we are to drop each (pins cheap, safety rules expensive); the
dropped ones become plan edits, and a normal re-solve with the edits applied confirms them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from planner.constraints import RULES, Rule
from planner.constraints.base import HardInstance
from planner.facts import format_day
from planner.plan import HARD_KINDS, Plan, Rules, Workout
from planner.schedule import Conflict, PlanChange, Relaxation, Schedule

# How many alternative relaxations to offer besides the main suggestion.
MAX_ALTERNATIVES = 3


def _solver(time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # assumptions cores need a single worker
    solver.parameters.max_time_in_seconds = max(1.0, time_limit)
    solver.parameters.random_seed = 7
    return solver


def minimal_conflict(
    plan: Plan, *, rules: Sequence[Rule] = RULES, time_limit: float = 10.0
) -> list[HardInstance]:
    """A minimal set of hard rule instances that cannot hold together (empty if none is to blame)."""
    from planner.solver import build

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


def repair(plan: Plan, *, rules: Sequence[Rule] = RULES, time_limit: float = 10.0) -> list[PlanChange]:
    """Plan edits from the cheapest set of rule instances to drop (weighted maximum kept)."""
    from planner.solver import build

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


def _global_alternatives(core: list[HardInstance], rules: Rules) -> list[list[PlanChange]]:
    """One-parameter relaxations of the rules in the core, to try besides the repair."""
    options: list[list[PlanChange]] = []

    def rule(field: str, value: object, text: str) -> None:
        options.append([PlanChange(op="set_rule", field=field, value=value, text=text)])  # type: ignore[arg-type]

    names = {inst.rule.name for inst in core}
    if "away_from_hard_days" in names and rules.clear_days_before_hard > 0:
        rule(
            "clear_days_before_hard",
            rules.clear_days_before_hard - 1,
            f"allow {rules.clear_days_before_hard - 1} clear day(s) before hard days",
        )
    if "away_from_hard_days" in names and not rules.allow_after_long_run_same_day:
        rule("allow_after_long_run_same_day", True, "allow a session on the same day as a long run")
    if "soreness_comfort" in names:
        rule("comfort_is_hard", False, "make the soreness window a preference instead of a rule")
    if "final_days" in names and not rules.allow_activation:
        rule("allow_activation", True, "allow an activation session in race week")
    if "taper_maintenance" in names:
        rule("taper_maintenance", False, "skip the taper maintenance session")
    if "trial_before_race_week" in names:
        rule("trial_lead_days", 0, "accept a first session close to the race")
    return options


def explain_infeasible(
    plan: Plan, schedule: Schedule, *, rules: Sequence[Rule] = RULES, time_limit: float = 10.0
) -> None:
    """Fill `schedule` (status infeasible) with the conflicts, a confirmed suggestion and alternatives."""
    from planner.solver import optimize

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
    candidates = [repair(plan, rules=rules, time_limit=time_limit), *_global_alternatives(core, plan.rules)]
    for patch in candidates:
        if not patch or patch in tried:
            continue
        tried.append(patch)
        relaxation = Relaxation(changes=summarise(patch), patch=patch)
        try:
            relaxed = apply_relaxation(plan, relaxation)
        except ValueError:
            continue
        result = optimize(relaxed, time_limit=time_limit, rules=rules, explain_conflicts=False)
        if result.found:
            relaxation.confirmed = True
            relaxation.sessions = result.dates
        if schedule.suggestion is None and relaxation.confirmed:
            schedule.suggestion = relaxation
        elif relaxation.confirmed and len(schedule.alternatives) < MAX_ALTERNATIVES:
            schedule.alternatives.append(relaxation)
    if schedule.suggestion is None and tried:
        schedule.suggestion = Relaxation(changes=summarise(tried[0]), patch=tried[0], confirmed=False)


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
            name = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]
            lines.append(f"make {name} easy on {days}" if len(group) > 1 else group[0].text)
        lines.extend(c.text for c in patch if c not in easy)
        return lines
    return [c.text for c in patch]


def apply_relaxation(plan: Plan, relaxation: Relaxation) -> Plan:
    """The plan with the relaxation's edits applied (a new, validated plan)."""
    data = plan.model_dump()
    for change in relaxation.patch:
        if change.op == "set_rule":
            rules = dict(data["rules"])
            rules[change.field] = change.value
            data["rules"] = Rules.model_validate(rules).model_dump()
        elif change.op == "unpin":
            data["pinned"] = [p for p in data["pinned"] if p["date"] != change.date]
        elif change.op == "unforbid":
            data["forbidden"] = [d for d in data["forbidden"] if d != change.date]
        elif change.op == "make_easy":
            for day in data["training"]:
                if day["date"] == change.date:
                    day["workouts"] = [_easier(w) for w in day["workouts"]]
            data["races"] = [
                r for r in data["races"] if not (r["date"] == change.date and r["priority"] == "C")
            ]
        elif change.op == "open_weekday":
            data["clinic"]["open_weekdays"] = [*data["clinic"]["open_weekdays"], change.weekday]
        elif change.op == "open_date":
            data["clinic"]["closed_dates"] = [d for d in data["clinic"]["closed_dates"] if d != change.date]
        elif change.op == "attend_date":
            data["athlete"]["unavailable"] = [d for d in data["athlete"]["unavailable"] if d != change.date]
        elif change.op == "set_budget":
            data["budget"] = change.value
    return Plan.model_validate(data)


def _easier(workout: dict) -> dict:
    if workout["kind"] not in HARD_KINDS:
        return workout
    title = workout.get("title") or workout["kind"]
    return Workout(
        kind="easy",
        title=f"Easy run (was: {title})",
        time=workout.get("time"),
        duration_min=workout.get("duration_min"),
        description=workout.get("description", ""),
    ).model_dump()
