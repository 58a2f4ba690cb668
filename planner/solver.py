"""The pipeline: screen the plan, build and solve the model, give reasons or explain the conflict.

Configuration only: the model is `planner/model.py`, the rules `planner/constraints/`, the words
`reasons.py`, and infeasibility `explain.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ortools.sat.python import cp_model

from planner.constraints.base import ModelRule
from planner.constraints.screening import Screening
from planner.explain import explain_infeasible
from planner.model import DEFAULT_TIME_LIMIT, Deadline, build, checked_status, make_solver, points_of, solve
from planner.plan import Plan
from planner.reasons import block_summaries, build_sessions
from planner.sanity import cut_tapers, far_races
from planner.schedule import Schedule, ScoreLine


def optimize(
    plan: Plan,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    previous: Sequence[dt.date] | None = None,
    rules: Sequence[ModelRule] | None = None,
    explain_conflicts: bool = True,
    deadline: Deadline | None = None,
) -> Schedule:
    """The best placement of sessions for `plan`, or the conflicts that prevent one.

    `rules` defaults to the registry's model rules. `explain_conflicts=False` skips the conflict
    analysis of an infeasible plan (faster when only the verdict matters). `time_limit` bounds the
    whole call, explanation included; a caller that started the clock earlier (the CLI, which also
    reads the plan) passes its `deadline` instead.
    """
    deadline = deadline or Deadline.after(time_limit)
    refusal = Screening.refusal(plan)
    if refusal:
        return Schedule(plan_name=plan.name, athlete=plan.athlete.name, status="refused", warnings=[refusal])
    warnings = _plan_warnings(plan)
    built = build(plan, rules=rules, previous=previous)
    outcome = solve(built, deadline.left())
    common = dict(
        plan_name=plan.name,
        athlete=plan.athlete.name,
        warnings=warnings,
        build_seconds=built.build_seconds,
        solve_seconds=outcome.solve_seconds,
    )
    if outcome.status == "infeasible":
        schedule = Schedule(status="infeasible", blocks=block_summaries(plan, built.facts, []), **common)
        if explain_conflicts:
            explain_infeasible(plan, schedule, rules=rules, deadline=deadline)
        return schedule
    if outcome.status == "unknown":
        common["warnings"] = [*warnings, f"no schedule found within the {time_limit:g} s time limit"]
        return Schedule(status="unknown", **common)
    sessions, reassess = build_sessions(plan, built.facts, outcome.dates)
    return Schedule(
        status=outcome.status,
        sessions=sessions,
        reassess_date=reassess,
        blocks=block_summaries(plan, built.facts, outcome.dates),
        objective=outcome.points,
        best_bound=outcome.best_bound,
        gap=outcome.gap,
        score=outcome.score,
        **common,
    )


def score_dates(
    plan: Plan, dates: Sequence[dt.date], *, rules: Sequence[ModelRule] | None = None
) -> int | None:
    """The soft-rule points the solver's objective gives these dates (hard rules ignored).

    Used to compare a hand-made schedule with the solver's. None if a date is outside the block.
    """
    scored = score_lines(plan, dates, rules=rules)
    return None if scored is None else scored[0]


def score_lines(
    plan: Plan, dates: Sequence[dt.date], *, rules: Sequence[ModelRule] | None = None
) -> tuple[int, list[ScoreLine]] | None:
    """`score_dates` term by term: the points and the soft rules that give them (a squad's cost)."""
    built = build(plan, rules=rules, enforce_hard=False)
    wanted = set(dates)
    if not wanted <= set(built.athlete.session):
        return None
    for day, var in built.athlete.session.items():
        built.model.add(var == (1 if day in wanted else 0))
    solver = make_solver(DEFAULT_TIME_LIMIT)
    if checked_status(solver, built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return points_of(built.ctx, solver)


def _plan_warnings(plan: Plan) -> list[str]:
    warnings: list[str] = []
    clearance = Screening.clearance_warning(plan)
    if clearance:
        warnings.append(clearance)
    if not plan.a_races:
        warnings.append(
            "no A race in the plan: the trial, race-week and taper rules (4-6) have nothing to anchor to"
        )
    warnings += [words for _race, words in far_races(plan)]
    warnings += cut_tapers(plan)
    return warnings
