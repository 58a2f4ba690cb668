"""The joint model of a group of runners sharing the clinic, and how it is solved.

Every runner's own rules (through `planner.squad.adapter`), the clinic's capacity rows, each
runner's solo optimum as a cut, and the fairness term; solved with one worker (determinism), with
a staged start for large groups (see `docs/squad_solver.md`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.squad import adapter
from planner.squad.model import Squad
from planner.squad.runners import Prepared, add_capacity, prepare
from planner.squad.slots import ClinicDays

# Joint groups larger than this first look for any plan without the objective, then optimise from
# it (measured: 200 runners found no plan in 90 s otherwise; 50 are proven faster directly).
FEASIBLE_FIRST_FROM = 60
# Above this many day variables the feasible start stops at its first plan.
LARGE_MODEL_DAYS = 60_000


@dataclass
class JointResult:
    status: int
    value: int  # objective of the subproblem (sum of the runners' terms)
    bound: int
    dates: dict[int, list[dt.date]]
    points: dict[int, int]
    seconds: float


def _fairness_term(model: cp_model.CpModel, squad: Squad, runner: Prepared, points) -> cp_model.LinearExprT:
    """Minus the convex penalty on the runner's loss (best alone - points here)."""
    penalty = 0
    fairness = squad.fairness
    for point, slope in zip(fairness.breakpoints, fairness.slopes, strict=True):
        if not slope:
            continue
        excess = model.new_int_var(0, max(0, runner.best + 10_000), f"loss_over_{point}_{runner.index}")
        model.add(excess >= runner.best - points - point)
        penalty += slope * excess
    return -penalty


def joint_solver(time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    # One worker and a fixed seed: the same squad always gives the same plan (SOLVER_NOTES).
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 7
    # The whole linear relaxation, added eagerly: the squad's LP is (nearly) tight, and the
    # spacing rows that carry most of the objective must be in it (SOLVER_NOTES: max_lp).
    solver.parameters.linearization_level = 2
    solver.parameters.add_lp_constraints_lazily = False
    solver.parameters.root_lp_iterations = 100_000
    # Branch on the LP's values: the LP optimum is (nearly) integral here, so this walks to it
    # (measured on 200 runners: the points-only optimum proven in 40 s instead of not at all).
    solver.parameters.search_branching = cp_model.LP_SEARCH
    return solver


def _quick_solver(time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 7
    return solver


def _feasible_days(model: cp_model.CpModel, days: Sequence[int], time_limit: float) -> dict[int, int] | None:
    """Day values of a plan that satisfies every constraint and keeps as much of the hint as it can.

    Without the objective the squad model is easy (a plan for 200 runners in about 3 s, measured),
    while the full search may find none in minutes.
    """
    feasibility = model.clone()
    feasibility.proto.clear_objective()
    hinted = feasibility.proto.solution_hint
    wanted = {var for var, value in zip(hinted.vars, hinted.values, strict=True) if value}
    feasibility.maximize(sum(feasibility.get_int_var_from_proto_index(var) for var in sorted(wanted)))
    solver = _quick_solver(time_limit)
    if len(days) > LARGE_MODEL_DAYS:
        # A thousand runners: the first plan takes ~20 s and improving it minutes; stages 2-3 improve.
        solver.parameters.stop_after_first_solution = True
    if solver.solve(feasibility) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {var: solver.value(feasibility.get_int_var_from_proto_index(var)) for var in days}


def _hint_days(
    model: cp_model.CpModel, values: Mapping[int, int], time_limit: float
) -> cp_model.CpSolver | None:
    """Hint a complete solution: these day values, and the best penalty variables for them.

    Returns the solver holding that solution (variable indices are the model's), or None."""
    fixed = model.clone()
    fixed.clear_hints()
    for var, value in values.items():
        fixed.add(fixed.get_int_var_from_proto_index(var) == value)
    solver = _quick_solver(time_limit)
    if solver.solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    model.clear_hints()
    for index in range(len(model.proto.variables)):
        var = model.get_int_var_from_proto_index(index)
        model.add_hint(var, solver.value(fixed.get_int_var_from_proto_index(index)))
    return solver


@dataclass
class JointModel:
    model: cp_model.CpModel
    runners: dict[int, adapter.RunnerModel]
    objective: cp_model.LinearExprT  # points - fairness penalty (+ re-plan churn)
    plain: cp_model.LinearExprT  # the same without the fairness penalty
    capacity: range  # proto indices of the capacity rows (the only rows linking runners)


def joint_model(
    squad: Squad, days: ClinicDays, group: Sequence[Prepared], fixed: Sequence[Prepared]
) -> JointModel:
    """The squad model over `group` (the objective every method here optimises)."""
    model = cp_model.CpModel()
    models = {}
    objective = []
    plain = []
    for runner in group:
        built = adapter.add_runner(model, runner.plan, previous=runner.previous or None)
        models[runner.index] = built
        term = built.points + _fairness_term(model, squad, runner, built.points) + built.churn
        objective.append(term)
        plain.append(built.points + built.churn)
        # Each runner's solo optimum bounds their term. Valid, and much stronger than the runner's
        # own LP relaxation: the joint LP bound starts at the solo bounds instead of far above.
        model.add(built.points <= runner.best)
        model.add(term <= runner.upper)
    first_row = len(model.proto.constraints)
    add_capacity(model, days, group, fixed, models)
    model.maximize(sum(objective))
    return JointModel(
        model, models, sum(objective), sum(plain), range(first_row, len(model.proto.constraints))
    )


def full_model(squad: Squad, best: Mapping[str, int]) -> cp_model.CpModel:
    """The whole squad in one model, given each runner's solo best (for the benchmark's HiGHS run)."""
    days = ClinicDays.of(squad.clinic)
    runners = [r for r in prepare(squad, days, None) if r.name in best]
    for runner in runners:
        runner.best = runner.upper = best[runner.name]
    return joint_model(squad, days, runners, []).model


def _staged_start(squad: Squad, joint: JointModel, time_limit: float) -> cp_model.CpSolver | None:
    """For large groups: a feasible plan near the solo plans, then the best plan for the points
    alone, as the complete hint of the full search.

    Measured on 200 runners: the full objective's search found no plan in 90 s from the solo hint;
    from a feasible plan it barely improved it (the convex fairness penalty leaves the LP
    fractional), while the points alone are proven optimal in about 30 s (their LP is tight).
    """
    model = joint.model
    days = sorted(var.index for built in joint.runners.values() for var in built.session.values())
    values = _feasible_days(model, days, time_limit / 4)
    if values is None:
        return None
    # From the feasible plan the full search hardly moves (measured on 200 runners: with a gentle
    # penalty it improved -135860 only to -55093 in 90 s, with the default cap not at all in 145 s);
    # from the points-only optimum it reaches -23024 (gentle) and the proven optimum (cap).
    fairness_on = any(squad.fairness.slopes)
    if fairness_on:
        model.maximize(joint.plain)
    start = _hint_days(model, values, time_limit / 6)
    if start is None or not fairness_on:
        model.maximize(joint.objective)
        return start
    solver = joint_solver(time_limit / 3)
    status = solver.solve(model)
    model.maximize(joint.objective)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        better = _hint_days(
            model,
            {var: solver.value(model.get_int_var_from_proto_index(var)) for var in days},
            time_limit / 6,
        )
        return better or start
    return start


def solve_joint(
    squad: Squad,
    days: ClinicDays,
    group: Sequence[Prepared],
    fixed: Sequence[Prepared],
    time_limit: float,
) -> JointResult:
    """Solve `group` together; `fixed` runners keep their current dates and use up appointments."""
    started = time.perf_counter()
    joint = joint_model(squad, days, group, fixed)
    model, models = joint.model, joint.runners
    for runner in group:
        held = set(runner.dates)
        for day, var in models[runner.index].session.items():
            model.add_hint(var, day in held)
    start = _staged_start(squad, joint, time_limit) if len(group) > FEASIBLE_FIRST_FROM else None
    solver = joint_solver(max(0.1, time_limit - (time.perf_counter() - started)))
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        solver.parameters.cp_model_presolve = False  # CP-SAT #5274: confirm before believing it
        status = solver.solve(model)
    seconds = time.perf_counter() - started
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = int(solver.best_objective_bound + 1e-6) if status == cp_model.UNKNOWN else 0
        if start is not None and status == cp_model.UNKNOWN:
            # Out of time before the search found a plan: the staged start's plan still stands.
            return _result_from(squad, group, models, start, bound, seconds)
        return JointResult(status, 0, bound, {}, {}, seconds)
    dates = {index: built.chosen(solver) for index, built in models.items()}
    points = {index: solver.value(built.points) for index, built in models.items()}
    bound = (
        int(solver.best_objective_bound + 1e-6)
        if status == cp_model.FEASIBLE
        else round(solver.objective_value)
    )
    return JointResult(status, round(solver.objective_value), bound, dates, points, seconds)


def _result_from(
    squad: Squad,
    group: Sequence[Prepared],
    models: Mapping[int, adapter.RunnerModel],
    solution: cp_model.CpSolver,
    bound: int,
    seconds: float,
) -> JointResult:
    """A feasible (unproven) result read from a solver holding a complete solution of the model."""
    dates = {index: built.chosen(solution) for index, built in models.items()}
    points = {index: solution.value(built.points) for index, built in models.items()}
    value = sum(
        points[r.index]
        - squad.fairness.penalty(r.best - points[r.index])
        + solution.value(models[r.index].churn)
        for r in group
    )
    upper = sum(r.upper for r in group)
    return JointResult(
        cp_model.FEASIBLE, value, min(bound, upper) if bound else upper, dates, points, seconds
    )
