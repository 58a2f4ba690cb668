"""Each runner's own CP-SAT model, built once and solved many times (docs/squad_solver.md, method 3).

A runner's model holds every registry rule (`planner.squad.adapter`). It is solved first alone,
with `planner optimize`'s objective and tie-break: that gives the runner's best points S_r (the
fairness reference) and their solo plan. Then it is the *pricing problem* of the column generation
(`planner.squad.master`): maximise the runner's term in the squad objective (points, minus the
fairness penalty on the loss S_r - points, plus the re-plan change penalty) minus a cost per day
(the day's capacity prices). Only the objective changes between solves, written straight into the
model's proto; the model is never rebuilt.

Costs are integers in 1/`PRICE_SCALE` points, so a pricing optimum is an exact integer: the
Lagrangian bound the master computes from it is exact, not a float that might round the wrong way.

`PricingPool` spreads the runners over worker processes (the machine has two cores). Runner i
always lives in worker i % n, every solve uses one CP-SAT worker and a fixed seed, and results come
back in request order, so the same squad gives the same answers however the workers are scheduled.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model import make_solver
from planner.squad import adapter
from planner.squad.model import Fairness
from planner.squad.runners import Prepared

# Day costs are given in 1/PRICE_SCALE points (the master rounds its duals to this grid).
PRICE_SCALE = 1000
# A pricing solve of one runner takes a few milliseconds; this only guards against a stuck one.
PRICE_TIME_LIMIT = 10.0


@dataclass(frozen=True)
class Column:
    """One plan for one runner: its days, its points, and its term in the squad objective."""

    runner: int
    days: tuple[dt.date, ...]
    points: int
    value: int  # points - fairness penalty on (best - points) + re-plan change penalty


@dataclass
class Solo:
    """A runner planned alone: `planner optimize`'s answer, and their best term in the squad."""

    runner: int
    status: str  # "optimal" | "infeasible" | "unknown"
    best: int = 0  # S_r: best points alone (the fairness reference)
    upper: int = 0  # best term alone (= best unless re-planning: the change penalty counts)
    column: Column | None = None  # the solo plan (re-planning: the best plan for the term)


@dataclass
class Priced:
    """The best plan of one runner under day costs; `price` is its exact scaled value."""

    runner: int
    status: str  # "optimal" | "unknown"
    price: int  # PRICE_SCALE * term - sum of the costs of its days
    column: Column | None


def _solver(time_limit: float, cuts: bool = False) -> cp_model.CpSolver:
    solver = make_solver(time_limit)
    # Measured on 60 runners of the 200-runner squad: 9.8 ms a solve with presolve, 2.2 ms
    # without; the models are small and the LP (linearization level 2) proves them at the root.
    solver.parameters.cp_model_presolve = False
    # Measured on the same runners: 1.8-3.5 ms instead of 3.9-4.6 ms; nothing to find in models this small.
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    if not cuts:
        # 3.7 ms a solve instead of 4.2 on 150 runners' real pricing requests (their root LP is
        # integral). The greedy start keeps cuts: 4.5 s with them, 7.7 s without, at 1000 runners.
        solver.parameters.cut_level = 0
    return solver


def _flat(expr: cp_model.LinearExprT) -> tuple[dict[int, int], int, cp_model.LinearExprT]:
    """An expression as {variable index: coefficient} and a constant, and as one compact sum.

    The rules build their points as a tree of thousands of small expressions; a runner's model
    keeps only this flat form (measured: a third of the memory of a built model).
    """
    if isinstance(expr, int):
        return {}, expr, expr
    flat = cp_model.FlatIntExpr(expr)
    coeffs: dict[int, int] = {}
    for var, coeff in zip(flat.vars, flat.coeffs, strict=True):
        coeffs[var.index] = coeffs.get(var.index, 0) + int(coeff)
    compact = cp_model.LinearExpr.weighted_sum(list(flat.vars), [int(c) for c in flat.coeffs]) + int(
        flat.offset
    )
    return coeffs, int(flat.offset), compact


class RunnerModel:
    """One runner's model for the solo solve and every pricing solve after it."""

    def __init__(self, runner: Prepared, fairness: Fairness) -> None:
        self.index = runner.index
        self.fairness = fairness
        self.replanning = bool(runner.previous)
        self.model = cp_model.CpModel()
        built = adapter.add_runner(self.model, runner.plan, previous=runner.previous or None)
        self.days = sorted(built.session)
        self.sessions = [built.session[day] for day in self.days]
        self.day_index = {day: var.index for day, var in zip(self.days, self.sessions, strict=True)}
        self.points = _flat(built.points)[2]
        self.churn = _flat(built.churn)[2]
        self.best = 0
        self.upper = 0
        self.term: cp_model.LinearExprT = self.points
        self._objective: dict[int, int] = {}
        self._offset = 0

    # ---- the objective, written into the proto ------------------------------------------------------
    def _set_objective(self, coeffs: Mapping[int, int], offset: int) -> None:
        """Maximise sum(coeffs[v] * v) + offset (stored as CP-SAT does: minimise the negation)."""
        self.model.proto.clear_objective()
        objective = self.model.proto.objective
        pairs = sorted((v, c) for v, c in coeffs.items() if c)
        objective.vars.extend(v for v, _ in pairs)
        objective.coeffs.extend(-c for _, c in pairs)
        objective.offset = -offset
        objective.scaling_factor = -1

    def _dates(self, solver: cp_model.CpSolver) -> tuple[dt.date, ...]:
        return tuple(day for day, var in zip(self.days, self.sessions, strict=True) if solver.value(var))

    # ---- solves ------------------------------------------------------------------------------------
    def solo(self, time_limit: float) -> Solo:
        """The runner alone: their best points S_r (the fairness reference) and a plan reaching it.

        The points optimum is unique whichever plan reaches it, so this uses the pricing's fast
        parameters rather than `planner optimize`'s tie-break (its dates only seed the columns).
        """
        coeffs, offset, _ = _flat(self.points)
        self._set_objective(coeffs, offset)
        solver = _solver(time_limit)
        status = solver.solve(self.model)
        if status != cp_model.OPTIMAL:
            return Solo(self.index, "infeasible" if status == cp_model.INFEASIBLE else "unknown")
        self.best = solver.value(self.points)
        dates = self._dates(solver)
        self._add_fairness()
        self._objective, self._offset, self.term = _flat(self.term)
        if not self.replanning:
            self.upper = self.best
            return Solo(
                self.index, "optimal", self.best, self.best, Column(self.index, dates, self.best, self.best)
            )
        # Re-planning: the best term alone includes staying put, so solve for it too.
        alone = self.price({}, time_limit)
        if alone.column is None:
            return Solo(self.index, "unknown", self.best)
        self.upper = alone.column.value
        return Solo(self.index, "optimal", self.best, self.upper, alone.column)

    def _add_fairness(self) -> None:
        """The runner's term: points minus the convex penalty on the loss, plus the change penalty."""
        penalty = 0
        for point, slope in zip(self.fairness.breakpoints, self.fairness.slopes, strict=True):
            if not slope:
                continue
            excess = self.model.new_int_var(0, max(0, self.best + 10_000), f"loss_over_{point}")
            self.model.add(excess >= self.best - self.points - point)
            penalty += slope * excess
        # The solo optimum bounds the points: a valid cut that keeps the LP bound tight.
        self.model.add(self.points <= self.best)
        self.term = self.points - penalty + self.churn

    def price(
        self, costs: Mapping[dt.date, int], time_limit: float = PRICE_TIME_LIMIT, cuts: bool = False
    ) -> Priced:
        """The runner's best plan for PRICE_SCALE * term - sum of `costs` over its days."""
        coeffs = {v: PRICE_SCALE * c for v, c in self._objective.items()}
        for day, cost in costs.items():
            if cost and day in self.day_index:
                var = self.day_index[day]
                coeffs[var] = coeffs.get(var, 0) - cost
        self._set_objective(coeffs, PRICE_SCALE * self._offset)
        solver = _solver(time_limit, cuts)
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Priced(self.index, "unknown", 0, None)
        dates = self._dates(solver)
        points = solver.value(self.points)
        column = Column(self.index, dates, points, solver.value(self.term))
        state = "optimal" if status == cp_model.OPTIMAL else "unknown"
        return Priced(self.index, state, round(solver.objective_value), column)

    def alternatives(
        self,
        costs: Mapping[dt.date, int],
        floor: int,
        known: Sequence[Sequence[dt.date]],
        limit: int,
        counted: Collection[dt.date],
        deadline: float | None = None,
    ) -> tuple[list[Column], bool]:
        """Up to `limit` plans whose priced value (as in `price`) is at least `floor`, best first, each
        on a different set of `counted` days (the days some capacity row counts) and none on the
        counted days of a `known` plan; and whether that is all of them (never claimed when the
        `deadline`, in `time.monotonic()` seconds, ends the listing).

        Plans that differ only on days no row counts are the same to the master (same rows, and the
        best of them is listed). Solved in a copy of the model, so its cuts never reach the pricing.
        """
        self.price(costs, PRICE_TIME_LIMIT)  # writes the priced objective into the proto
        model = self.model.clone()
        objective = model.proto.objective
        priced = cp_model.LinearExpr.weighted_sum(
            [model.get_int_var_from_proto_index(v) for v in objective.vars], [-c for c in objective.coeffs]
        )
        model.add(priced >= floor + int(objective.offset))
        watched = [
            (day, model.get_bool_var_from_proto_index(self.day_index[day]))
            for day in self.days
            if day in counted
        ]

        def exclude(days: Sequence[dt.date]) -> None:
            chosen = set(days)
            model.add_bool_or([var.negated() if day in chosen else var for day, var in watched])

        for days in known:
            exclude(days)
        found: list[Column] = []
        while len(found) < limit:
            left = (
                PRICE_TIME_LIMIT if deadline is None else min(PRICE_TIME_LIMIT, deadline - time.monotonic())
            )
            if left <= 0:
                return found, False  # out of time: the list is not known to be complete
            solver = _solver(left)
            status = solver.solve(model)
            if status == cp_model.INFEASIBLE:
                return found, True
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return found, False
            dates = self._dates(solver)
            found.append(Column(self.index, dates, solver.value(self.points), solver.value(self.term)))
            exclude(dates)
        return found, False


# ---- the runners' models, in this process or spread over worker processes ----------------------------
# Below this many runners the pool works in this process (a worker costs ~0.1 s to start and fork).
POOL_FROM = 100
# Worker processes (the machine has two cores), and the parts of the greedy start: runner i is in
# part i % PARTS, with or without workers, so the start (and the plan) never depends on them.
PARTS = 2


class _Models:
    """The runners' models of one process, each built on first use."""

    def __init__(self, runners: Mapping[int, Prepared], fairness: Fairness) -> None:
        self.runners = runners
        self.fairness = fairness
        self.models: dict[int, RunnerModel] = {}

    def get(self, index: int) -> RunnerModel:
        if index not in self.models:
            self.models[index] = RunnerModel(self.runners[index], self.fairness)
        return self.models[index]

    def run(self, kind: str, items: Sequence, time_limit: float) -> list:
        if kind == "solo":
            return [self.get(index).solo(time_limit) for index in items]
        if kind == "greedy":
            return self.greedy(*items, time_limit=time_limit)
        if kind == "alternatives":
            # `time_limit` is the whole request's: every runner's list stops when it is spent.
            deadline = time.monotonic() + time_limit
            return [self.get(index).alternatives(*rest, deadline=deadline) for index, *rest in items]
        return [self.get(index).price(costs, time_limit) for index, costs in items]

    def greedy(
        self,
        order: Sequence[int],
        rows_of: Mapping[int, Mapping[dt.date, Sequence[int]]],
        capacity: Mapping[int, int],
        block: int,
        time_limit: float,
    ) -> list[Priced]:
        """One plan per runner, in `order`, each around the appointments the earlier ones took.

        A day whose rows are full costs `block`: a runner takes it only if their own rules leave
        no other way (the master LP then sees the overflow).
        """
        residual = dict(capacity)
        out = []
        for index in order:
            mine = rows_of.get(index, {})
            costs = {day: block for day, rows in mine.items() if any(residual[r] <= 0 for r in rows)}
            result = self.get(index).price(costs, time_limit, cuts=True)
            if result.column is not None:
                for day in result.column.days:
                    for row in mine.get(day, ()):
                        residual[row] -= 1
            out.append(result)
        return out


def _serve(connection, models: _Models) -> None:
    """A worker process: answer requests until told to stop (None)."""
    while True:
        message = connection.recv()
        if message is None:
            break
        kind, items, time_limit = message
        try:
            connection.send(("ok", models.run(kind, items, time_limit)))
        except Exception as error:  # the parent re-raises it with the worker's words
            connection.send(("error", f"{type(error).__name__}: {error}"))
    connection.close()


def _split(capacity: int, held: Sequence[int]) -> list[int]:
    """A row's capacity shared in proportion to the runners each worker holds (remainder in turn)."""
    total = max(1, sum(held))
    shares = [capacity * count // total for count in held]
    for turn in range(capacity - sum(shares)):
        shares[turn % len(shares)] += 1
    return shares


class PricingPool:
    """Solo and pricing solves for a squad's runners: in this process, or runner i in worker i % 2.

    Either way every answer is the same: each runner's solves depend only on that runner's
    requests, and the greedy start always works in `PARTS` parts.
    """

    def __init__(self, runners: Sequence[Prepared], fairness: Fairness, workers: int | None = None) -> None:
        by_index = {runner.index: runner for runner in runners}
        if workers is None:
            pool = len(runners) >= POOL_FROM and multiprocessing.cpu_count() >= PARTS
            workers = PARTS if pool else 0
        if workers not in (0, PARTS):
            raise ValueError(f"a pricing pool has 0 or {PARTS} workers, not {workers}")
        self.local = _Models(by_index, fairness) if workers == 0 else None
        self.workers: list[tuple[multiprocessing.Process, object]] = []
        if workers:
            # fork: the workers inherit the prepared runners instead of unpickling a thousand plans.
            context = multiprocessing.get_context("fork")
            # Frozen objects are never scanned by the workers' garbage collector, so the pages they
            # share with this process stay shared instead of being copied (Python's gc.freeze docs).
            gc.freeze()
            for number in range(workers):
                mine = {i: r for i, r in by_index.items() if i % workers == number}
                parent, child = context.Pipe()
                process = context.Process(target=_serve, args=(child, _Models(mine, fairness)), daemon=True)
                process.start()
                child.close()
                self.workers.append((process, parent))
            gc.unfreeze()

    def _run(self, kind: str, items: Sequence, time_limit: float, key) -> list:
        if self.local is not None:
            return self.local.run(kind, items, time_limit)
        count = len(self.workers)
        shares: list[list[int]] = [[] for _ in range(count)]
        for position, item in enumerate(items):
            shares[key(item) % count].append(position)
        for (_process, connection), share in zip(self.workers, shares, strict=True):
            connection.send((kind, [items[p] for p in share], time_limit))
        out: list = [None] * len(items)
        for (_process, connection), share in zip(self.workers, shares, strict=True):
            state, answers = connection.recv()
            if state != "ok":
                raise RuntimeError(f"a squad pricing worker failed: {answers}")
            for position, answer in zip(share, answers, strict=True):
                out[position] = answer
        return out

    def solo(self, indices: Sequence[int], time_limit: float) -> list[Solo]:
        return self._run("solo", list(indices), time_limit, key=lambda index: index)

    def price(self, requests: Sequence[tuple[int, Mapping[dt.date, int]]], time_limit: float) -> list[Priced]:
        return self._run("price", list(requests), time_limit, key=lambda item: item[0])

    def alternatives(self, requests: Sequence[tuple], time_limit: float) -> list[tuple[list[Column], bool]]:
        """`RunnerModel.alternatives` for (runner, costs, floor, known, limit) requests."""
        return self._run("alternatives", list(requests), time_limit, key=lambda item: item[0])

    def greedy(
        self,
        order: Sequence[int],
        rows_of: Mapping[int, Mapping[dt.date, Sequence[int]]],
        capacity: Sequence[int],
        block: int,
        time_limit: float,
    ) -> dict[int, Priced]:
        """A start for the master: runners placed one by one around the earlier ones (`_Models.greedy`).

        Runner i is placed in part i % PARTS, each part in its own share of every row's capacity
        (in proportion to the row's runners in that part), so the parts run side by side.
        """
        members: list[list[int]] = [[0] * PARTS for _ in capacity]
        for index, by_day in rows_of.items():
            for rows in by_day.values():
                for row in rows:
                    members[row][index % PARTS] += 1
        shares = [_split(cap, held) for cap, held in zip(capacity, members, strict=True)]
        requests = []
        for part in range(PARTS):
            mine = [index for index in order if index % PARTS == part]
            share = {row: split[part] for row, split in enumerate(shares)}
            requests.append(
                (mine, {index: rows_of[index] for index in mine if index in rows_of}, share, block)
            )
        out: dict[int, Priced] = {}
        if self.local is not None:
            for request in requests:
                out.update((result.runner, result) for result in self.local.greedy(*request, time_limit))
            return out
        for (_process, connection), request in zip(self.workers, requests, strict=True):
            connection.send(("greedy", request, time_limit))
        for _process, connection in self.workers:
            state, answers = connection.recv()
            if state != "ok":
                raise RuntimeError(f"a squad pricing worker failed: {answers}")
            out.update((result.runner, result) for result in answers)
        return out

    def close(self) -> None:
        for process, connection in self.workers:
            connection.send(None)
            connection.close()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
        self.workers = []

    def __enter__(self) -> PricingPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
