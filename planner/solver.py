"""Place the sessions: build the CP-SAT model from the rule registry, solve, read the schedule.

Configuration only; the rules live in `planner/constraints/`, words in `reasons.py`, and
infeasibility in `explain.py`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.constraints import RULES, Rule
from planner.constraints.base import AthleteModel, ModelContext
from planner.constraints.screening import Screening
from planner.errors import PlannerInputError
from planner.facts import BlockFacts, format_day
from planner.plan import Plan, Rules
from planner.schedule import Schedule, ScoreLine

DEFAULT_TIME_LIMIT = 10.0


class _Stability(Rule):
    """Re-planning: keep the previous sessions unless a change is needed (minimal change)."""

    number = 0
    name = "minimal_change"
    title = "Minimal change"
    kind = "soft"
    params = ("weights.change",)

    def describe(self, rules: Rules) -> str:
        return f"Keep the previous plan's sessions where they were (-{rules.weights.change} per change)."

    def add(self, ctx: ModelContext) -> None:  # added by `build` with the previous dates
        return None


STABILITY = _Stability()


@dataclass
class BuiltModel:
    plan: Plan
    facts: BlockFacts
    model: cp_model.CpModel
    ctx: ModelContext
    athlete: AthleteModel
    build_seconds: float

    def chosen(self, solver: cp_model.CpSolver) -> list[dt.date]:
        return sorted(day for day, var in self.athlete.session.items() if solver.value(var))


def validate_for_solving(plan: Plan) -> BlockFacts:
    """Input problems the plan model cannot see alone; raised as one clear line."""
    facts = BlockFacts.from_plan(plan)
    if not facts.days:
        raise PlannerInputError("the plan has no training days and no races: nothing to place sessions in")
    for pin in plan.pinned:
        if not facts.first <= pin.date <= facts.last:
            raise PlannerInputError(
                f"pinned session {pin.date} is outside the block ({facts.first} to {facts.last})"
            )
    if len(facts.days) > 3 * 366:
        raise PlannerInputError(f"the block spans {len(facts.days)} days; plan at most three years at once")
    return facts


def build(
    plan: Plan,
    *,
    rules: Sequence[Rule] = RULES,
    explain: bool = False,
    enforce_hard: bool = True,
    previous: Sequence[dt.date] | None = None,
) -> BuiltModel:
    started = time.perf_counter()
    facts = validate_for_solving(plan)
    model = cp_model.CpModel()
    session = {day.date: model.new_bool_var(f"session_{day.date}") for day in facts.days}
    athlete = AthleteModel(plan.athlete.name, facts, session)
    ctx = ModelContext([athlete], model, explain=explain, enforce_hard=enforce_hard)
    for rule in rules:
        rule.add(ctx)
    if previous:
        _add_stability(ctx, athlete, set(previous))
    if not explain:
        _set_objective(ctx, athlete)
    return BuiltModel(plan, facts, model, ctx, athlete, time.perf_counter() - started)


def _add_stability(ctx: ModelContext, athlete: AthleteModel, previous: set[dt.date]) -> None:
    weight = athlete.rules.weights.change
    for day, var in athlete.session.items():
        if day in previous:
            ctx.soft(
                STABILITY, -weight, 1 - var, f"the session on {format_day(day)} moved or was dropped", [day]
            )
        else:
            ctx.soft(STABILITY, -weight, var, f"a new session on {format_day(day)}", [day])


def _set_objective(ctx: ModelContext, athlete: AthleteModel) -> None:
    # Tie-break between equal optima: prefer earlier dates, so the same input always gives the
    # same schedule (SOLVER_NOTES: workers alone flicker). The scale keeps it below one point.
    n_days = len(athlete.session)
    scale = n_days * max(1, athlete.rules.max_sessions) + 1
    points = sum(term.weight * term.expr for term in ctx.soft_terms)
    tie_break = sum(index * var for index, var in enumerate(athlete.session.values()))
    ctx.model.maximize(scale * points - tie_break)


def make_solver(time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    # One worker and a fixed seed: identical runs give identical plans (no UI flicker).
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 7
    # The spacing windows make the default LP bound weak; the full linearisation, added eagerly,
    # proves the 52-week season optimal in well under a second instead of timing out (measured).
    solver.parameters.linearization_level = 2
    solver.parameters.add_lp_constraints_lazily = False
    return solver


def points_of(ctx: ModelContext, solver: cp_model.CpSolver) -> tuple[int, list[ScoreLine]]:
    total = 0
    lines: list[ScoreLine] = []
    for term in ctx.soft_terms:
        value = solver.value(term.expr)
        if not value:
            continue
        points = term.weight * value
        total += points
        lines.append(
            ScoreLine(
                rule=term.rule.name,
                rule_number=term.rule.number,
                text=term.text,
                points=points,
                dates=term.dates,
            )
        )
    return total, lines


def optimize(
    plan: Plan,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    previous: Sequence[dt.date] | None = None,
    rules: Sequence[Rule] = RULES,
    explain_conflicts: bool = True,
) -> Schedule:
    """The best placement of sessions for `plan`, or the conflicts that prevent one."""
    from planner.explain import explain_infeasible
    from planner.reasons import build_sessions

    refusal = Screening.refusal(plan)
    if refusal:
        return Schedule(plan_name=plan.name, athlete=plan.athlete.name, status="refused", warnings=[refusal])
    warnings = _plan_warnings(plan)
    built = build(plan, rules=rules, previous=previous)
    solver = make_solver(time_limit)
    started = time.perf_counter()
    status = solver.solve(built.model)
    solve_seconds = time.perf_counter() - started
    if status == cp_model.INFEASIBLE:
        # CP-SAT 9.15 presolve once reported INFEASIBLE for a feasible model (#5274): confirm first.
        solver.parameters.cp_model_presolve = False
        status = solver.solve(built.model)
        solve_seconds = time.perf_counter() - started
    common = dict(
        plan_name=plan.name,
        athlete=plan.athlete.name,
        warnings=warnings,
        build_seconds=built.build_seconds,
        solve_seconds=solve_seconds,
    )
    if status == cp_model.INFEASIBLE:
        schedule = Schedule(status="infeasible", **common)
        if explain_conflicts:
            explain_infeasible(plan, schedule, rules=rules, time_limit=time_limit)
        return schedule
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        common["warnings"] = [*warnings, f"no schedule found within the {time_limit:g} s time limit"]
        return Schedule(status="unknown", **common)
    dates = built.chosen(solver)
    points, lines = points_of(built.ctx, solver)
    bound = solver.best_objective_bound
    value = solver.objective_value
    gap = 0.0 if status == cp_model.OPTIMAL else abs(bound - value) / max(1.0, abs(value))
    sessions, reassess = build_sessions(plan, built.facts, dates)
    return Schedule(
        status="optimal" if status == cp_model.OPTIMAL else "feasible",
        sessions=sessions,
        reassess_date=reassess,
        objective=points,
        best_bound=bound,
        gap=gap,
        score=lines,
        **common,
    )


def score_dates(plan: Plan, dates: Sequence[dt.date], *, rules: Sequence[Rule] = RULES) -> int | None:
    """The soft-rule points the solver's objective gives these dates (hard rules ignored).

    Used to compare a hand-made schedule with the solver's. None if a date is outside the block.
    """
    built = build(plan, rules=rules, enforce_hard=False)
    wanted = set(dates)
    if not wanted <= set(built.athlete.session):
        return None
    for day, var in built.athlete.session.items():
        built.model.add(var == (1 if day in wanted else 0))
    solver = make_solver(DEFAULT_TIME_LIMIT)
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return points_of(built.ctx, solver)[0]


def _plan_warnings(plan: Plan) -> list[str]:
    warnings: list[str] = []
    clearance = Screening.clearance_warning(plan)
    if clearance:
        warnings.append(clearance)
    if not plan.a_races:
        warnings.append(
            "no A race in the plan: the trial, race-week and taper rules (4-6) have nothing to anchor to"
        )
    return warnings
