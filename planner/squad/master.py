"""Column generation (Dantzig-Wolfe) over the runners' plans, with an exact bound (docs/squad_solver.md).

The *master* chooses one plan (a column, `planner.squad.pricing.Column`) per runner:

    maximise   sum_rk value_rk * lambda_rk
    subject to sum_k lambda_rk = 1                                    (one plan per runner: mu_r)
               sum over the row's runners of their columns on the row's day <= capacity   (pi_row)

over the capacity rows of `planner.squad.slots` (exact, by Hall's theorem). Its linear relaxation
over *all* plans is at least as tight as the linear relaxation of the compact model: each runner's
rules enter through their whole set of plans, not through its LP.

**The bound.** For any prices pi >= 0 on the rows, relaxing the rows gives
    optimum <= sum_row pi_row * capacity_row + sum_r max over r's plans (value - sum of pi over its days),
and each max is one runner's *pricing problem* (`RunnerModel.price`). The prices are rounded to
1/PRICE_SCALE so every term is an exact integer; the objective is an integer, so its floor bounds the
optimum. A runner whose pool holds a plan of value `upper_r` (their best term alone) using no day
with a positive price cannot do better (prices are >= 0): their max is `upper_r`, no solve needed.
So each round only the runners touching priced days are solved.

**The loop.** Solve the master LP over the columns so far (GLOP; rows may overflow at a large
cost, so it is always feasible), read the prices, price the runners that need it, add every plan
whose reduced cost is positive, and repeat until none is. The plan itself comes from the integer
master (CP-SAT over the columns, `planner.squad.cover`). When its value reaches the floor of the bound,
the plan is proven optimal.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from planner.squad.pricing import PRICE_SCALE, Column
from planner.squad.runners import Prepared
from planner.squad.slots import ClinicDays, capacity_rows

log = logging.getLogger(__name__)

# A row's overflow costs this much per appointment in the master LP: far above what one
# appointment is worth to any runner, so the LP overflows only while no column avoids it.
OVERFLOW_COST = 2000.0
# ...raised tenfold while the converged LP still overflows, up to this (then the clinic is short).
MAX_OVERFLOW_COST = 2_000_000.0


@dataclass(frozen=True)
class Row:
    day: dt.date
    members: frozenset[int]
    capacity: int


def squad_rows(days: ClinicDays, runners: Sequence[Prepared]) -> list[Row]:
    """The capacity rows over these runners that can bind (more members than appointments)."""
    by_day: dict[dt.date, dict[int, tuple[int, int]]] = {}
    for runner in runners:
        for day, slot_range in runner.windows.items():
            by_day.setdefault(day, {})[runner.index] = slot_range
    rows = []
    for day in sorted(by_day):
        for row in capacity_rows(day, by_day[day], days.capacity(day)):
            rows.append(Row(day, frozenset(row.members), row.capacity))
    return rows


@dataclass
class LpAnswer:
    value: float
    prices: list[int]  # per row, in 1/PRICE_SCALE points (rounded, >= 0)
    duals: list[float]  # per row, unrounded
    convexity: dict[int, float]  # per runner
    weights: dict[Column, float]  # columns with lambda > 0
    overflow: float


class MasterLp:
    """The restricted master LP; columns are added as they are found."""

    def __init__(self, rows: Sequence[Row], runners: Sequence[int]) -> None:
        self.rows = list(rows)
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        infinity = self.solver.infinity()
        self.convexity = {r: self.solver.Constraint(1.0, 1.0, f"one_{r}") for r in runners}
        self.capacity = [
            self.solver.Constraint(-infinity, row.capacity, f"row_{i}") for i, row in enumerate(rows)
        ]
        self.objective = self.solver.Objective()
        self.objective.SetMaximization()
        self.overflow = []
        for index, constraint in enumerate(self.capacity):
            slack = self.solver.NumVar(0.0, infinity, f"over_{index}")
            constraint.SetCoefficient(slack, -1.0)
            self.overflow.append(slack)
        self.set_overflow_cost(OVERFLOW_COST)
        # Per runner, per day: the rows that count a session of theirs that day.
        self.rows_of: dict[int, dict[dt.date, list[int]]] = {}
        for index, row in enumerate(rows):
            for member in row.members:
                self.rows_of.setdefault(member, {}).setdefault(row.day, []).append(index)
        self.columns: dict[Column, pywraplp.Variable] = {}

    def set_overflow_cost(self, cost: float) -> None:
        self.overflow_cost = cost
        for slack in self.overflow:
            self.objective.SetCoefficient(slack, -cost)

    def rows_used(self, column: Column) -> list[int]:
        mine = self.rows_of.get(column.runner, {})
        return [i for day in column.days for i in mine.get(day, ())]

    def add(self, column: Column) -> bool:
        if column in self.columns:
            return False
        var = self.solver.NumVar(0.0, self.solver.infinity(), f"c{len(self.columns)}")
        self.convexity[column.runner].SetCoefficient(var, 1.0)
        for index in self.rows_used(column):
            self.capacity[index].SetCoefficient(var, 1.0)
        self.objective.SetCoefficient(var, float(column.value))
        self.columns[column] = var
        return True

    def solve(self) -> LpAnswer:
        status = self.solver.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"the squad's master LP ended with status {status}")
        duals = [max(0.0, c.dual_value()) for c in self.capacity]
        return LpAnswer(
            value=self.objective.Value(),
            prices=[round(d * PRICE_SCALE) for d in duals],
            duals=duals,
            convexity={r: c.dual_value() for r, c in self.convexity.items()},
            weights={
                col: var.solution_value() for col, var in self.columns.items() if var.solution_value() > 1e-9
            },
            overflow=sum(s.solution_value() for s in self.overflow),
        )

    def costs(self, runner: int, prices: Sequence[int]) -> dict[dt.date, int]:
        """The runner's day costs under row prices: the sum of the prices of their rows that day."""
        out: dict[dt.date, int] = {}
        for day, indices in self.rows_of.get(runner, {}).items():
            cost = sum(prices[i] for i in indices)
            if cost:
                out[day] = cost
        return out

    def reduced_cost(self, column: Column, answer: LpAnswer) -> float:
        return (
            column.value
            - sum(answer.duals[i] for i in self.rows_used(column))
            - answer.convexity[column.runner]
        )


# ---- the loop ---------------------------------------------------------------------------------------
@dataclass
class Generated:
    """What the column generation proved: the best bound, its prices, the LP's plan weights, the pool."""

    bound: int  # floor of the best Lagrangian bound (a proven upper bound on the optimum)
    scaled: int  # PRICE_SCALE * the best Lagrangian bound (exact)
    prices: list[int]  # the row prices of the best bound
    values: dict[int, int]  # per runner, their pricing optimum under those prices (scaled)
    answer: LpAnswer | None
    rounds: int
    priced: set[int]  # runners whose pricing problem was solved at least once
    pricing_seconds: float
    lp_seconds: float
    solves: int = 0  # pricing problems solved


def _at_most(last: tuple[dict[dt.date, int], int], costs: Mapping[dt.date, int], sessions: int) -> int:
    """An upper bound on a runner's pricing optimum under `costs`, from their last one.

    Lower costs raise a plan's value by at most the sum of the drops on its days, and a plan has at
    most `sessions` days: the last optimum plus the `sessions` largest drops bounds the new one.
    """
    before, value = last
    drops = sorted(
        (before.get(day, 0) - costs.get(day, 0) for day in before.keys() | costs.keys()), reverse=True
    )
    return value + sum(drop for drop in drops[:sessions] if drop > 0)


@dataclass
class _Round:
    values: dict[int, int]  # per runner: the exact pricing optimum, or an upper bound on it
    requests: list[tuple[int, dict[dt.date, int]]]
    estimated: int  # runners whose value is a bound from their last pricing (not solved this round)


def _requests(lp: MasterLp, runners, upper, tops, last, prices, answer: LpAnswer, full: bool) -> _Round:
    """Which runners to solve under these prices; the others' values are exact or bounded."""
    found = _Round({}, [], 0)
    for runner in runners:
        index = runner.index
        costs = lp.costs(index, prices)
        if any(not any(costs.get(day) for day in top.days) for top in tops.get(index, ())):
            found.values[index] = PRICE_SCALE * upper[index]  # holds their best plan at no cost: exact
            continue
        if not full and index in last:
            bound = _at_most(last[index], costs, runner.plan.rules.max_sessions)
            if bound <= PRICE_SCALE * answer.convexity[index] + 1:
                # No plan of theirs can have a positive reduced cost: no solve this round.
                found.values[index] = bound
                found.estimated += 1
                continue
        found.requests.append((index, costs))
    return found


def _take(lp: MasterLp, answer: LpAnswer, this: _Round, results, upper, tops, last) -> int:
    """Record the pricing answers (values for the bound) and add the plans that price out."""
    added = 0
    for (_index, costs), result in zip(this.requests, results, strict=True):
        exact = result.status == "optimal"
        this.values[result.runner] = result.price if exact else PRICE_SCALE * upper[result.runner]
        last[result.runner] = (costs, this.values[result.runner])
        column = result.column
        if column is not None and lp.reduced_cost(column, answer) > 1e-6 and lp.add(column):
            added += 1
            if column.value == upper[column.runner]:
                tops.setdefault(column.runner, []).append(column)
    return added


def generate(
    lp: MasterLp,
    runners: Sequence[Prepared],
    upper: Mapping[int, int],
    price,
    clock,
    deadline: float,
) -> Generated:
    """Columns until none prices out (or the deadline); `price(requests)` solves pricing problems."""
    tops: dict[int, list[Column]] = {}
    for column in lp.columns:
        if column.value == upper[column.runner]:
            tops.setdefault(column.runner, []).append(column)
    best_values = {r.index: PRICE_SCALE * upper[r.index] for r in runners}
    best = sum(best_values.values())
    best_prices = [0] * len(lp.rows)
    answer = None
    rounds = 0
    priced: set[int] = set()
    pricing_seconds = lp_seconds = 0.0
    last: dict[int, tuple[dict[dt.date, int], int]] = {}  # per runner: the last costs priced, and the answer
    full = False
    solves = 0
    while clock() < deadline:
        started = clock()
        answer = lp.solve()
        lp_seconds += clock() - started
        rounds += 1
        prices = answer.prices
        this = _requests(lp, runners, upper, tops, last, prices, answer, full)
        started = clock()
        results = price(this.requests)
        pricing_seconds += clock() - started
        solves += len(this.requests)
        added = _take(lp, answer, this, results, upper, tops, last)
        priced.update(result.runner for result in results)
        bound = sum(p * row.capacity for p, row in zip(prices, lp.rows, strict=True)) + sum(
            this.values.values()
        )
        if bound < best:
            best, best_prices, best_values = bound, prices, this.values
        log.debug(
            "round %d: lp %.2f bound %.2f best %.2f priced %d bounded %d added %d overflow %.2f",
            rounds,
            answer.value,
            bound / PRICE_SCALE,
            best / PRICE_SCALE,
            len(this.requests),
            this.estimated,
            added,
            answer.overflow,
        )
        if best // PRICE_SCALE <= answer.value + 1e-6:
            break
        if not added:
            if answer.overflow > 1e-6 and lp.overflow_cost < MAX_OVERFLOW_COST:
                # Converged with a row still overflowing: make overflowing dearer and go on.
                lp.set_overflow_cost(10 * lp.overflow_cost)
                continue
            if full or not this.estimated:
                break
            full = True  # converged on the runners solved: solve everyone once for the exact bound
        else:
            full = False
    return Generated(
        best // PRICE_SCALE,
        best,
        best_prices,
        best_values,
        answer,
        rounds,
        priced,
        pricing_seconds,
        lp_seconds,
        solves,
    )


def admissible(lp: MasterLp, generated: Generated, target: int) -> list[Column]:
    """The columns that a plan of value >= `target` can use (reduced-cost fixing).

    For the prices p of the best bound B and any plan choosing column c_r for each runner r:
    value <= B - sum_r gap(c_r), where gap(c) = (runner's pricing optimum) - (c's value minus
    the prices of its days) >= 0. So a plan worth `target` only uses columns with
    gap <= B - target: usually one column for most runners.
    """
    allowance = generated.scaled - PRICE_SCALE * target
    costs: dict[int, dict[dt.date, int]] = {}
    out = []
    for column in lp.columns:
        if column.runner not in costs:
            costs[column.runner] = lp.costs(column.runner, generated.prices)
        mine = costs[column.runner]
        reduced = PRICE_SCALE * column.value - sum(mine.get(day, 0) for day in column.days)
        if generated.values[column.runner] - reduced <= allowance:
            out.append(column)
    return out
