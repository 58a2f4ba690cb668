"""The integer master: one plan per runner from the columns found, under the capacity rows (CP-SAT),
and the proof that it is optimal (docs/squad_solver.md).

Every column is a whole plan that keeps its runner's rules, so this model is small (a Boolean per
column). Its objective is capped by the proven bound, so CP-SAT stops as soon as it reaches that
bound: the plan is then optimal for the whole squad.

**When the columns do not reach the bound.** A plan worth `target` only uses *admissible* columns
(`planner.squad.master.admissible`: reduced-cost fixing). If for every runner all admissible plans
are in the pool (`RunnerModel.alternatives` lists them until none is left), the integer master is
exact: if it proves that no combination reaches `target`, no squad plan does, so the bound drops
to `target - 1` and the search goes on with the (larger) admissible sets of that target. This is
a complete method, not a heuristic: it ends with a proven optimum, or at the time limit with the
best plan found and the bound proven so far.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.squad.master import Generated, MasterLp, admissible
from planner.squad.pricing import PRICE_SCALE, Column, PricingPool

log = logging.getLogger(__name__)

# Plans listed per runner and round when the pool lacks some: most runners have one to five.
# (Doubling the batch each round cut the 200-runner proof from 79 s to 58 s, but with it the
# property test met a small squad whose integer master ran 75 s against a 30 s limit: not kept.)
ALTERNATIVES = 8


def best_cover(
    lp: MasterLp, columns: Sequence[Column], hint: Mapping[int, Column], bound: int, time_limit: float
) -> tuple[str, dict[int, Column], int]:
    """("optimal" | "feasible" | "infeasible" | "unknown", the chosen column per runner, its value).

    "optimal" is the best combination of these columns with a value of at most `bound`.
    """
    model = cp_model.CpModel()
    by_runner: dict[int, list[Column]] = {}
    for column in columns:
        by_runner.setdefault(column.runner, []).append(column)
    if set(by_runner) != set(lp.convexity):
        return "infeasible", {}, 0  # a runner without any admissible plan
    chosen: dict[Column, cp_model.IntVar] = {}
    usage: list[list[cp_model.IntVar]] = [[] for _ in lp.rows]
    for runner, mine in sorted(by_runner.items()):
        variables = []
        for number, column in enumerate(mine):
            var = model.new_bool_var(f"plan_{runner}_{number}")
            chosen[column] = var
            variables.append(var)
            if runner in hint:
                model.add_hint(var, hint[runner] == column)
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
    # Search upwards from the objective's bound: the bound is (nearly) always reached, so the first
    # plan found is usually optimal (measured on 1000 runners: 5 s instead of 12 s).
    solver.parameters.use_objective_lb_search = True
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ("infeasible" if status == cp_model.INFEASIBLE else "unknown"), {}, 0
    picked = {column.runner: column for column, var in chosen.items() if solver.value(var)}
    value = sum(column.value for column in picked.values())
    return ("optimal" if status == cp_model.OPTIMAL else "feasible"), picked, value


@dataclass
class Proof:
    status: str  # "optimal" | "feasible" | "unknown"
    chosen: dict[int, Column]
    value: int
    bound: int
    listed: int  # runners whose admissible plans were listed


def prove(
    lp: MasterLp,
    generated: Generated,
    pool: PricingPool,
    clock: Callable[[], float],
    deadline: float,
) -> Proof:
    """The best plan from the columns; if it falls short of the bound, list the admissible plans
    the pool lacks and lower the bound while no combination of a complete list reaches it."""
    target = generated.bound
    best: tuple[str, dict[int, Column], int] = ("unknown", {}, 0)
    complete_at: dict[int, int] = {}  # runner -> the allowance up to which their list is complete
    listed: set[int] = set()
    tried: set[int] = set()
    weights: dict[int, float] = {}
    if generated.answer is not None:
        for column, weight in generated.answer.weights.items():
            weights[column.runner] = max(weights.get(column.runner, 0.0), weight)
    split = {runner for runner, weight in weights.items() if weight < 1 - 1e-6}
    # The first cover runs without a hint: the LP's heaviest plan per runner overflows some row,
    # and repairing that hint cost CP-SAT 2.7 s of the 4.9 s cover at 1000 runners (measured).
    # Later covers start from the best plan found.
    hint: dict[int, Column] = {}
    while True:
        allowance = generated.scaled - PRICE_SCALE * target
        columns = admissible(lp, generated, target)
        started = clock()
        state, chosen, value = best_cover(lp, columns, hint, target, max(0.1, deadline - clock()))
        log.debug("cover took %.2f s", clock() - started)
        if state in ("optimal", "feasible") and (best[0] == "unknown" or value > best[2]):
            best, hint = (state, chosen, value), chosen
        log.debug("cover at %d: %s %d over %d columns", target, state, value, len(columns))
        if best[0] != "unknown" and best[2] >= target:
            return Proof("optimal", best[1], best[2], target, len(listed))
        complete = all(complete_at.get(r, -1) >= allowance for r in lp.convexity)
        if complete and state in ("optimal", "infeasible"):
            # No combination of *all* admissible plans reaches the target: neither does any plan.
            target -= 1
            continue
        if complete or clock() >= deadline:
            break
        requests = []
        known_by_runner: dict[int, list] = {}
        for column in columns:
            known_by_runner.setdefault(column.runner, []).append(column.days)
        # First the runners the LP splits between plans (where the integer plan must differ from
        # the LP's), then everyone.
        focus = [r for r in sorted(lp.convexity) if r in split and r not in tried]
        for runner in focus or sorted(lp.convexity):
            if complete_at.get(runner, -1) >= allowance:
                continue
            tried.add(runner)
            known = known_by_runner.get(runner, [])
            floor = generated.values[runner] - allowance
            counted = set(lp.rows_of.get(runner, {}))
            requests.append((runner, lp.costs(runner, generated.prices), floor, known, ALTERNATIVES, counted))
        started = clock()
        answers = pool.alternatives(requests, max(0.0, deadline - clock()))
        log.debug(
            "listed %d runners in %.2f s: %d plans, %d complete",
            len(requests),
            clock() - started,
            sum(len(found) for found, _ in answers),
            sum(1 for _, whole in answers if whole),
        )
        for (runner, *_rest), (found, whole) in zip(requests, answers, strict=True):
            listed.add(runner)
            for column in found:
                lp.add(column)
            if whole:
                complete_at[runner] = allowance
    status = best[0] if best[0] == "unknown" else "feasible"
    return Proof(status, best[1], best[2], target, len(listed))
