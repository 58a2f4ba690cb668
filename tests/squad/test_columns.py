"""The column generation (planner.squad.master, pricing, cover): its optimum is the compact model's,
its bound is a proof, worker processes change nothing, and a pool missing the optimal plans still
ends with a proven optimum."""

from __future__ import annotations

import datetime as dt
import time

from ortools.sat.python import cp_model

from planner.squad import plan_squad, pricing
from planner.squad.cover import prove
from planner.squad.joint import joint_model
from planner.squad.master import MasterLp, generate, squad_rows
from planner.squad.pricing import PRICE_SCALE, Column, PricingPool, RunnerModel
from planner.squad.runners import prepare
from planner.squad.slots import ClinicDays
from tests.squad.conftest import runner, squad

ONE_SLOT = {"opens": dt.time(17), "closes": dt.time(18), "clinicians": 1}


def _crowded():
    """Eight runners with staggered blocks and one evening appointment a day: their solo plans collide."""
    return squad([runner(20 + i, offset=i % 6, name=f"R{i}") for i in range(8)], **ONE_SLOT)


def _compact_optimum(sq, best: dict[str, int]) -> int:
    """The same squad as one compact CP-SAT model (every runner's rules, the Hall rows, fairness)."""
    days = ClinicDays.of(sq.clinic)
    runners = prepare(sq, days, None)
    for r in runners:
        r.best = r.upper = best[r.name]
    model = joint_model(sq, days, runners, []).model
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 120
    assert solver.solve(model) == cp_model.OPTIMAL
    return round(solver.objective_value)


def test_the_columns_prove_the_optimum_of_the_compact_model():
    sq = _crowded()
    plan = plan_squad(sq, time_limit=60)
    assert plan.status == "optimal" and plan.stats.method == "column generation"
    assert plan.objective == plan.bound
    best = {r.name: r.solo_score for r in plan.runners}
    assert plan.objective == _compact_optimum(sq, best)
    assert any(r.loss for r in plan.runners)  # the clinic really is too small for the solo plans


def test_worker_processes_give_the_same_plan_as_one_process(monkeypatch):
    sq = _crowded()
    alone = plan_squad(sq, time_limit=60)
    monkeypatch.setattr(pricing, "POOL_FROM", 2)
    spread = plan_squad(sq, time_limit=60)
    assert spread.status == alone.status == "optimal"
    assert spread.appointments == alone.appointments
    assert spread.objective == alone.objective


def test_alternatives_lists_plans_best_first_down_to_the_floor_and_proves_when_none_is_left():
    sq = _crowded()
    days = ClinicDays.of(sq.clinic)
    model = RunnerModel(prepare(sq, days, None)[0], sq.fairness)
    solo = model.solo(10.0)
    best = model.price({}, 10.0)
    assert best.price == PRICE_SCALE * solo.best
    counted = set(model.days)
    floor = best.price - PRICE_SCALE * 30
    found, complete = model.alternatives({}, floor, [], 20, counted)
    assert len(found) == 20 and not complete  # many plans score within 30 points of the best
    values = [PRICE_SCALE * c.value for c in found]
    assert all(v >= floor for v in values) and values == sorted(values, reverse=True)
    assert values[0] == best.price
    assert len({c.days for c in found}) == len(found)
    # A known plan is never listed again.
    again, _ = model.alternatives({}, floor, [found[0].days], 20, counted)
    assert found[0].days not in {c.days for c in again}
    # Above the optimum there is no plan, and the search says so: the list is complete.
    assert model.alternatives({}, best.price + 1, [], 20, counted) == ([], True)


def _generated(sq, pool: PricingPool, runners):
    """Column generation to its bound on `runners`; also a master holding only their solo plans."""
    days = ClinicDays.of(sq.clinic)
    upper = {}
    for r, solo in zip(runners, pool.solo([r.index for r in runners], 10.0), strict=True):
        r.best = r.upper = upper[r.index] = solo.upper
        r.dates = list(solo.column.days)
    rows = squad_rows(days, runners)
    masters = [MasterLp(rows, [r.index for r in runners]) for _ in range(2)]
    for master in masters:
        for r in runners:
            master.add(Column(r.index, tuple(r.dates), r.best, r.best))
    lp, bare = masters
    clock = time.perf_counter
    generated = generate(lp, runners, upper, lambda requests: pool.price(requests, 10.0), clock, clock() + 60)
    return lp, bare, generated


def test_a_pool_without_the_optimal_plans_still_ends_with_a_proven_optimum():
    sq = _crowded()
    runners = prepare(sq, ClinicDays.of(sq.clinic), None)
    clock = time.perf_counter
    with PricingPool(runners, sq.fairness, workers=0) as pool:
        lp, bare, generated = _generated(sq, pool, runners)
        full = prove(lp, generated, pool, clock, clock() + 60)
        # The same bound and prices, but a pool of the solo plans alone (which collide).
        listed = prove(bare, generated, pool, clock, clock() + 60)
    assert full.status == listed.status == "optimal"
    assert listed.value == full.value == full.bound
    assert listed.listed > 0
    best = {r.name: r.best for r in runners}
    assert full.value == _compact_optimum(sq, best)


def test_listing_stops_at_the_deadline_and_says_the_list_is_not_complete():
    sq = _crowded()
    days = ClinicDays.of(sq.clinic)
    model = RunnerModel(prepare(sq, days, None)[0], sq.fairness)
    model.solo(10.0)
    best = model.price({}, 10.0)
    floor = best.price - PRICE_SCALE * 30
    counted = set(model.days)
    # Time already spent: nothing is listed, and the list is not claimed complete.
    assert model.alternatives({}, floor, [], 20, counted, deadline=time.monotonic() - 1) == ([], False)
    assert len(model.alternatives({}, floor, [], 20, counted, deadline=time.monotonic() + 60)[0]) == 20


def test_the_proof_lists_within_the_time_left():
    sq = _crowded()
    runners = prepare(sq, ClinicDays.of(sq.clinic), None)
    with PricingPool(runners, sq.fairness, workers=0) as pool:
        _lp, bare, generated = _generated(sq, pool, runners)  # bare: the solo plans, which collide

    class Slow:
        """A pool that records the time each listing round is given, and never finishes a list."""

        def __init__(self) -> None:
            self.budgets: list[float] = []

        def alternatives(self, requests, time_limit):
            self.budgets.append(time_limit)
            return [([], False) for _ in requests]

    ticks = iter(range(10_000))
    slow = Slow()
    proof = prove(bare, generated, slow, lambda: float(next(ticks)), 40.0)
    assert proof.status != "optimal"
    assert slow.budgets and slow.budgets[0] > 20  # the time left, not nothing (lists were unbounded)
    assert all(0 <= budget <= 40 for budget in slow.budgets)
    assert slow.budgets == sorted(slow.budgets, reverse=True)  # the time left only shrinks
