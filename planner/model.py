"""The CP-SAT model: one Boolean per athlete per day, the rules added to it, the objective, solving.

Below both the pipeline (`solver.py`) and the explainer (`explain.py`): either builds and solves
models through here, and neither imports the other's module. Rules live in `planner/constraints/`.

Squads: `ModelContext` holds several athletes; `add_athlete` puts one runner's variables and
rules in a model, so a squad builder calls it once per runner and then `add_shared_rules` once
for what the runners share (the clinic's capacity).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ortools.sat.python import cp_model

from planner.constraints import REGISTRY
from planner.constraints.base import AthleteModel, ModelContext, ModelRule
from planner.errors import PlannerBug, PlannerInputError
from planner.facts import BlockFacts
from planner.plan import Plan
from planner.sanity import model_refusal
from planner.schedule import ScoreLine

DEFAULT_TIME_LIMIT = 10.0
# The least a solve is given even when the command's deadline has (nearly) passed: enough for the
# small models to answer, far inside the margin a caller allows for printing.
MIN_SOLVE_SECONDS = 0.05

SolveStatus = Literal["optimal", "feasible", "infeasible", "unknown"]


@dataclass(frozen=True)
class Deadline:
    """The end of one command's time budget (`--time-limit`): each solve gets what is left of it,
    so the schedule and the whole explanation of an infeasible plan finish within the limit."""

    end: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())

    @property
    def passed(self) -> bool:
        return self.left() <= 0.0

    def within(self, share: float) -> Deadline:
        """An earlier deadline: `share` of the time left now (a step that must leave time for others)."""
        return Deadline(time.monotonic() + share * self.left())


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


@dataclass
class SolveOutcome:
    """What one solve found: the status, the session dates and the soft-rule score."""

    status: SolveStatus
    dates: list[dt.date] = field(default_factory=list)
    points: int = 0
    score: list[ScoreLine] = field(default_factory=list)
    best_bound: float | None = None
    gap: float | None = None
    solve_seconds: float = 0.0

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")


def validate_for_solving(plan: Plan) -> BlockFacts:
    """Input problems the plan model cannot see alone; raised as one clear line before any day exists."""
    refusal = model_refusal(plan)
    if refusal:
        raise PlannerInputError(refusal)
    return BlockFacts.from_plan(plan)


def add_athlete(
    ctx: ModelContext,
    plan: Plan,
    *,
    rules: Sequence[ModelRule] | None = None,
    previous: Sequence[dt.date] | None = None,
    key: str | None = None,
) -> AthleteModel:
    """One runner's session variables and rules, added to `ctx` (call once per runner of a squad)."""
    facts = validate_for_solving(plan)
    # The first athlete keeps the plain names; later ones are told apart by their position.
    prefix = f"{len(ctx.athletes)}_" if ctx.athletes else ""
    session = {day.date: ctx.model.new_bool_var(f"session_{prefix}{day.date}") for day in facts.days}
    athlete = AthleteModel(key or plan.athlete.name, facts, session, frozenset(previous or ()))
    ctx.athletes.append(athlete)
    for rule in (*(REGISTRY.model_rules() if rules is None else rules), *REGISTRY.always):
        rule.add(ctx, athlete)
    return athlete


def add_shared_rules(ctx: ModelContext, rules: Sequence[ModelRule] | None = None) -> None:
    """The rules across the athletes of `ctx` (a squad's shared clinic); after every `add_athlete`."""
    for rule in REGISTRY.model_rules() if rules is None else rules:
        rule.add_shared(ctx)


def build(
    plan: Plan,
    *,
    rules: Sequence[ModelRule] | None = None,
    explain: bool = False,
    enforce_hard: bool = True,
    previous: Sequence[dt.date] | None = None,
) -> BuiltModel:
    """The model for one runner's plan. `explain` and `enforce_hard`: see `ModelContext`."""
    started = time.perf_counter()
    model = cp_model.CpModel()
    ctx = ModelContext(model, explain=explain, enforce_hard=enforce_hard)
    athlete = add_athlete(ctx, plan, rules=rules, previous=previous)
    add_shared_rules(ctx, rules)
    if not explain:
        set_objective(ctx)
    return BuiltModel(plan, athlete.facts, model, ctx, athlete, time.perf_counter() - started)


def set_objective(ctx: ModelContext) -> None:
    """Maximise the soft rules' points, ties broken towards earlier dates."""
    # Tie-break between equal optima: prefer earlier dates, so the same input always gives the
    # same schedule (SOLVER_NOTES: workers alone flicker). The scale keeps it below one point.
    scale = sum(len(a.session) * max(1, a.rules.max_sessions) for a in ctx.athletes) + 1
    points = sum(term.weight * term.expr for term in ctx.soft_terms)
    variables = [var for athlete in ctx.athletes for var in athlete.session.values()]
    tie_break = sum(index * var for index, var in enumerate(variables))
    ctx.model.maximize(scale * points - tie_break)


def make_solver(time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(MIN_SOLVE_SECONDS, time_limit)
    # One worker and a fixed seed: identical runs give identical plans (no UI flicker).
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 7
    # The spacing windows make the default LP bound weak; the full linearisation, added eagerly,
    # proves the 52-week season optimal in well under a second instead of timing out (measured).
    solver.parameters.linearization_level = 2
    solver.parameters.add_lp_constraints_lazily = False
    return solver


def checked_status(solver: cp_model.CpSolver, model: cp_model.CpModel) -> int:
    """`solver.solve(model)`, except that MODEL_INVALID is raised as a bug, never read as "no answer".

    The plan's limits (weights, prices, block length) keep every coefficient far from CP-SAT's
    64-bit range, so an invalid model means planner built it wrong: say so plainly.
    """
    status = solver.solve(model)
    if status == cp_model.MODEL_INVALID:
        raise PlannerBug(f"CP-SAT rejected the model as invalid ({model.validate() or 'no reason given'})")
    return status


def points_of(ctx: ModelContext, solver: cp_model.CpSolver) -> tuple[int, list[ScoreLine]]:
    """The soft-rule points of the solver's current solution, term by term."""
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


def solve(built: BuiltModel, time_limit: float = DEFAULT_TIME_LIMIT) -> SolveOutcome:
    """Solve a built model; an INFEASIBLE verdict is confirmed with presolve off first."""
    solver = make_solver(time_limit)
    started = time.perf_counter()
    status = checked_status(solver, built.model)
    if status == cp_model.INFEASIBLE:
        # CP-SAT 9.15 presolve once reported INFEASIBLE for a feasible model (#5274): confirm first.
        solver.parameters.cp_model_presolve = False
        solver.parameters.max_time_in_seconds = max(
            MIN_SOLVE_SECONDS, time_limit - (time.perf_counter() - started)
        )
        status = checked_status(solver, built.model)
    seconds = time.perf_counter() - started
    if status == cp_model.INFEASIBLE:
        return SolveOutcome(status="infeasible", solve_seconds=seconds)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveOutcome(status="unknown", solve_seconds=seconds)
    points, lines = points_of(built.ctx, solver)
    bound, value = solver.best_objective_bound, solver.objective_value
    optimal = status == cp_model.OPTIMAL
    return SolveOutcome(
        status="optimal" if optimal else "feasible",
        dates=built.chosen(solver),
        points=points,
        score=lines,
        best_bound=bound,
        gap=0.0 if optimal else abs(bound - value) / max(1.0, abs(value)),
        solve_seconds=seconds,
    )
