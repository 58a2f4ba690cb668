"""The integer master: one plan per runner from the columns found, under the capacity rows (CP-SAT).

Every column is a whole plan that keeps its runner's rules, so this model is small (a Boolean per
column) and its LP is the master LP. Its objective is capped by the proven bound, so CP-SAT stops
as soon as it reaches that bound: the plan is then proven optimal for the whole squad.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ortools.sat.python import cp_model

from planner.squad.master import MasterLp
from planner.squad.pricing import Column


def best_cover(
    lp: MasterLp,
    columns: Sequence[Column],
    hint: Mapping[int, Column],
    bound: int,
    time_limit: float,
) -> tuple[str, dict[int, Column], int]:
    """("optimal" | "feasible" | "infeasible" | "unknown", the chosen column per runner, its value).

    "optimal" means the best combination of these columns; it reaches `bound` only if the
    columns hold an optimal plan (the caller compares).
    """
    model = cp_model.CpModel()
    by_runner: dict[int, list[Column]] = {}
    for column in columns:
        by_runner.setdefault(column.runner, []).append(column)
    chosen: dict[Column, cp_model.IntVar] = {}
    usage: list[list[cp_model.IntVar]] = [[] for _ in lp.rows]
    for runner, columns in sorted(by_runner.items()):
        variables = []
        for number, column in enumerate(columns):
            var = model.new_bool_var(f"plan_{runner}_{number}")
            chosen[column] = var
            variables.append(var)
            model.add_hint(var, hint.get(runner) == column)
            for index in lp.rows_used(column):
                usage[index].append(var)
        model.add_exactly_one(variables)
    for row, used in zip(lp.rows, usage, strict=True):
        if len(used) > row.capacity:
            model.add(sum(used) <= row.capacity)
    objective = sum(column.value * var for column, var in chosen.items())
    # The proven bound caps the objective: reaching it ends the search.
    model.add(objective <= bound)
    model.maximize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 7
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ("infeasible" if status == cp_model.INFEASIBLE else "unknown"), {}, 0
    picked = {column.runner: column for column, var in chosen.items() if solver.value(var)}
    value = sum(column.value for column in picked.values())
    return ("optimal" if status == cp_model.OPTIMAL else "feasible"), picked, value


def runners_of(columns: Sequence[Column]) -> set[int]:
    return {column.runner for column in columns}
