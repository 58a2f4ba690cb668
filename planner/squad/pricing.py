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
import multiprocessing
from collections.abc import Mapping, Sequence
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


def _solver(time_limit: float) -> cp_model.CpSolver:
    solver = make_solver(time_limit)
    # Measured on 60 runners of the 200-runner squad: 9.8 ms a solve with presolve, 2.2 ms
    # without; the models are small and the LP (linearization level 2) proves them at the root.
    solver.parameters.cp_model_presolve = False
    # Measured on the same runners: 1.8-3.5 ms instead of 3.9-4.6 ms; nothing to find in models this small.
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    return solver


class RunnerModel:
    """One runner's model for the solo solve and every pricing solve after it."""

    def __init__(self, runner: Prepared, fairness: Fairness) -> None:
        self.index = runner.index
        self.fairness = fairness
        self.replanning = bool(runner.previous)
        self.model = cp_model.CpModel()
        self.built = adapter.add_runner(self.model, runner.plan, previous=runner.previous or None)
        self.days = sorted(self.built.session)
        self.day_index = {day: self.built.session[day].index for day in self.days}
        self.best = 0
        self.upper = 0
        self.term: cp_model.LinearExprT = self.built.points
        self._objective: dict[int, int] = {}
        self._offset = 0

    # ---- the objective, written into the proto ------------------------------------------------------
    def _maximize(self, expr: cp_model.LinearExprT) -> tuple[dict[int, int], int]:
        """The expression as {variable index: coefficient} and a constant (CP-SAT flattens it)."""
        self.model.maximize(expr)
        objective = self.model.proto.objective
        # CP-SAT stores maximise(e) as minimise(-e) with scaling factor -1.
        coeffs = {int(v): -int(c) for v, c in zip(objective.vars, objective.coeffs, strict=True)}
        return coeffs, -int(objective.offset)

    def _set_objective(self, coeffs: Mapping[int, int], offset: int) -> None:
        self.model.proto.clear_objective()
        objective = self.model.proto.objective
        pairs = sorted((v, c) for v, c in coeffs.items() if c)
        objective.vars.extend(v for v, _ in pairs)
        objective.coeffs.extend(-c for _, c in pairs)
        objective.offset = -offset
        objective.scaling_factor = -1

    # ---- solves ------------------------------------------------------------------------------------
    def solo(self, time_limit: float) -> Solo:
        """The runner alone: their best points S_r (the fairness reference) and a plan reaching it.

        The points optimum is unique whichever plan reaches it, so this uses the pricing's fast
        parameters rather than `planner optimize`'s tie-break (its dates only seed the columns).
        """
        self._set_objective(*self._maximize(self.built.points))
        solver = _solver(time_limit)
        status = solver.solve(self.model)
        if status != cp_model.OPTIMAL:
            return Solo(self.index, "infeasible" if status == cp_model.INFEASIBLE else "unknown")
        self.best = solver.value(self.built.points)
        dates = tuple(day for day in self.days if solver.value(self.built.session[day]))
        self._add_fairness()
        self._objective, self._offset = self._maximize(self.term)
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
            self.model.add(excess >= self.best - self.built.points - point)
            penalty += slope * excess
        # The solo optimum bounds the points: a valid cut that keeps the LP bound tight.
        self.model.add(self.built.points <= self.best)
        self.term = self.built.points - penalty + self.built.churn

    def price(self, costs: Mapping[dt.date, int], time_limit: float = PRICE_TIME_LIMIT) -> Priced:
        """The runner's best plan for PRICE_SCALE * term - sum of `costs` over its days."""
        coeffs = {v: PRICE_SCALE * c for v, c in self._objective.items()}
        for day, cost in costs.items():
            if cost and day in self.day_index:
                var = self.day_index[day]
                coeffs[var] = coeffs.get(var, 0) - cost
        self._set_objective(coeffs, PRICE_SCALE * self._offset)
        solver = _solver(time_limit)
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Priced(self.index, "unknown", 0, None)
        dates = tuple(day for day in self.days if solver.value(self.built.session[day]))
        points = solver.value(self.built.points)
        column = Column(self.index, dates, points, solver.value(self.term))
        state = "optimal" if status == cp_model.OPTIMAL else "unknown"
        return Priced(self.index, state, round(solver.objective_value), column)


# ---- the runners' models, in this process or spread over worker processes ----------------------------
# Below this many runners the pool works in this process (a worker costs ~0.1 s to start and fork).
POOL_FROM = 100


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
        return [self.get(index).price(costs, time_limit) for index, costs in items]


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


class PricingPool:
    """Solo and pricing solves for a squad's runners; runner i is always solved by worker i % n."""

    def __init__(self, runners: Sequence[Prepared], fairness: Fairness, workers: int | None = None) -> None:
        by_index = {runner.index: runner for runner in runners}
        if workers is None:
            workers = min(2, multiprocessing.cpu_count()) if len(runners) >= POOL_FROM else 0
        self.local = _Models(by_index, fairness) if workers < 2 else None
        self.workers: list[tuple[multiprocessing.Process, object]] = []
        if workers >= 2:
            # fork: the workers inherit the prepared runners instead of unpickling a thousand plans.
            context = multiprocessing.get_context("fork")
            for number in range(workers):
                mine = {i: r for i, r in by_index.items() if i % workers == number}
                parent, child = context.Pipe()
                process = context.Process(target=_serve, args=(child, _Models(mine, fairness)), daemon=True)
                process.start()
                child.close()
                self.workers.append((process, parent))

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
