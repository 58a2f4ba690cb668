"""The one place the squad engine touches the single-runner core (`planner/model.py`).

Everything the squad needs from the model, the rules, the reasons and the explainer goes through
these functions. Each runner's rules are the registry's rules, unchanged, added by
`planner.model.add_athlete`; the clinic's shared capacity is the squad's own
(`planner.squad.slots`), so every runner gets a `ModelContext` of its own and no shared rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.constraints.base import ModelContext
from planner.constraints.screening import Screening
from planner.constraints.stability import Stability
from planner.facts import BlockFacts
from planner.model import add_athlete, build, solve
from planner.plan import Plan
from planner.reasons import build_sessions
from planner.schedule import Schedule, Session
from planner.solver import optimize


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
    """Add one runner with every registry rule to `model`; the caller sets the objective.

    Each runner gets a context of its own: the clinic's shared capacity is the squad's
    (`planner.squad.slots`), so no shared rule is added here.
    """
    ctx = ModelContext(model)
    athlete = add_athlete(ctx, plan, previous=previous)
    points = sum(term.weight * term.expr for term in ctx.soft_terms if not isinstance(term.rule, Stability))
    churn = sum(term.weight * term.expr for term in ctx.soft_terms if isinstance(term.rule, Stability))
    return RunnerModel(athlete.facts, athlete.session, points, churn)


@dataclass
class Alone:
    """A runner planned on their own: `planner optimize`'s answer (same tie-break, same dates)."""

    status: str  # "optimal" | "infeasible" | "unknown"
    dates: list[dt.date]
    points: int


def plan_alone(plan: Plan, time_limit: float) -> Alone:
    outcome = solve(build(plan), time_limit)
    if outcome.status == "optimal":
        return Alone("optimal", outcome.dates, outcome.points)
    return Alone(outcome.status if outcome.status == "infeasible" else "unknown", [], 0)


def explain_alone(plan: Plan, time_limit: float) -> Schedule:
    """The single-runner answer with its conflicts and checked suggestion (planner.explain)."""
    return optimize(plan, time_limit=time_limit)


def sessions_for(plan: Plan, dates: Sequence[dt.date]) -> tuple[list[Session], dt.date | None]:
    """Purposes and reasons for the runner's dates, exactly as for one runner."""
    return build_sessions(plan, BlockFacts.from_plan(plan), dates)


def refusal(plan: Plan) -> str | None:
    """Rule 13: the words that refuse to plan this runner (a screening red flag), if any."""
    return Screening.refusal(plan)
