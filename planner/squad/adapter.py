"""The one place the squad engine touches the single-runner core (issue 7 moves it).

Everything the squad needs from `planner.solver`, `planner.constraints`, `planner.reasons` and
`planner.explain` goes through these functions, so the refactor of the single-runner core (model
building moving to `planner/model.py`, a public "add one athlete to a model") is a change here
only. Each runner's rules are the registry's rules, unchanged; the clinic's shared capacity is
the squad's own (planner.squad.slots), so every runner is added in its own `ModelContext` (the
registry's one-clinic capacity rule only acts on contexts with several athletes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.constraints import RULES
from planner.constraints.base import AthleteModel, ModelContext
from planner.constraints.screening import Screening
from planner.facts import BlockFacts
from planner.plan import Plan
from planner.reasons import build_sessions
from planner.schedule import Schedule, Session
from planner.solver import (
    STABILITY,
    _add_stability,
    build,
    make_solver,
    optimize,
    points_of,
    validate_for_solving,
)


@dataclass
class RunnerModel:
    """One runner's variables inside a (possibly shared) CP-SAT model."""

    facts: BlockFacts
    session: dict[dt.date, cp_model.IntVar]
    points: cp_model.LinearExprT  # the runner's soft-rule points, as `planner optimize` scores them
    churn: cp_model.LinearExprT  # re-plan: minus `weights.change` per session moved (0 otherwise)

    def chosen(self, solver: cp_model.CpSolver) -> list[dt.date]:
        return sorted(day for day, var in self.session.items() if solver.value(var))


def add_runner(
    model: cp_model.CpModel, plan: Plan, *, previous: Sequence[dt.date] | None = None
) -> RunnerModel:
    """Add one runner with every registry rule to `model`; the caller sets the objective."""
    facts = validate_for_solving(plan)
    session = {day.date: model.new_bool_var(f"{plan.athlete.name}_{day.date}") for day in facts.days}
    athlete = AthleteModel(plan.athlete.name, facts, session)
    ctx = ModelContext([athlete], model)
    for rule in RULES:
        rule.add(ctx)
    rule_terms = len(ctx.soft_terms)
    if previous:
        _add_stability(ctx, athlete, set(previous))
    points = sum(term.weight * term.expr for term in ctx.soft_terms[:rule_terms])
    churn = sum(term.weight * term.expr for term in ctx.soft_terms[rule_terms:] if term.rule is STABILITY)
    return RunnerModel(facts, session, points, churn)


@dataclass
class Alone:
    """A runner planned on their own: `planner optimize`'s answer (same tie-break, same dates)."""

    status: str  # "optimal" | "infeasible" | "unknown"
    dates: list[dt.date]
    points: int


def plan_alone(plan: Plan, time_limit: float) -> Alone:
    built = build(plan)
    solver = make_solver(time_limit)
    status = solver.solve(built.model)
    if status == cp_model.INFEASIBLE:
        # CP-SAT 9.15 presolve once called a feasible model infeasible (#5274): confirm first.
        solver.parameters.cp_model_presolve = False
        status = solver.solve(built.model)
    if status == cp_model.OPTIMAL:
        return Alone("optimal", built.chosen(solver), points_of(built.ctx, solver)[0])
    return Alone("infeasible" if status == cp_model.INFEASIBLE else "unknown", [], 0)


def explain_alone(plan: Plan, time_limit: float) -> Schedule:
    """The single-runner answer with its conflicts and checked suggestion (planner.explain)."""
    return optimize(plan, time_limit=time_limit)


def sessions_for(plan: Plan, dates: Sequence[dt.date]) -> tuple[list[Session], dt.date | None]:
    """Purposes and reasons for the runner's dates, exactly as for one runner."""
    return build_sessions(plan, BlockFacts.from_plan(plan), dates)


def refusal(plan: Plan) -> str | None:
    """Rule 13: the words that refuse to plan this runner (a screening red flag), if any."""
    return Screening.refusal(plan)
