"""Plan a squad: every runner's rules, the clinic's appointments, a fair share of any loss, proven.

See the package docstring (`planner/squad/__init__.py`) for the method and why its answer is
optimal; this module is that method.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.plan import Plan
from planner.schedule import Conflict
from planner.squad import adapter
from planner.squad.cover import prove
from planner.squad.joint import JointResult, solve_joint
from planner.squad.master import OVERFLOW_COST, MasterLp, generate, squad_rows
from planner.squad.model import Appointment, RunnerOutcome, SolveStats, Squad, SquadPlan
from planner.squad.pricing import PRICE_SCALE, PRICE_TIME_LIMIT, Column, PricingPool
from planner.squad.runners import Prepared, Previous, broken_rows, effective_plan, prepare
from planner.squad.shortage import apply_fix, size_shortage
from planner.squad.slots import ClinicDays, assign_times

DEFAULT_TIME_LIMIT = 60.0


# ---- the method --------------------------------------------------------------------------------------
@dataclass
class Decomposed:
    status: str  # "optimal" | "feasible" | "infeasible" | "unknown"
    value: int
    bound: int
    joint: set[int]
    rounds: int
    solo_seconds: float
    joint_seconds: float
    method: str = ""
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage of the method
    columns: int = 0  # plans generated (column generation)


def _solo(pool: PricingPool, runners: Sequence[Prepared], time_limit: float) -> None:
    """Each runner alone: their best points (the fairness reference) and their best plan."""
    for runner, solo in zip(runners, pool.solo([r.index for r in runners], time_limit), strict=True):
        runner.best, runner.upper = solo.best, solo.upper
        runner.dates = list(solo.column.days) if solo.column else []
        runner.points = solo.column.points if solo.column else 0
        if solo.status != "optimal":
            runner.status = "infeasible" if solo.status == "infeasible" else "unknown"


def decompose(squad: Squad, days: ClinicDays, runners: list[Prepared], time_limit: float) -> Decomposed:
    """Solo plans first; if they collide, column generation with a proven bound (planner.squad.master)."""
    started = time.perf_counter()
    deadline = started + time_limit
    with PricingPool(runners, squad.fairness) as pool:
        _solo(pool, runners, time_limit)
        solo_seconds = time.perf_counter() - started
        active = [r for r in runners if r.status == "planned"]
        upper = sum(r.upper for r in active)
        if not broken_rows(days, active):
            return Decomposed("optimal", upper, upper, set(), 0, solo_seconds, 0.0, "solo plans fit")
        solo_plans = {r.index: (r.dates, r.points) for r in active}
        result = _by_columns(days, active, pool, deadline)
    result.solo_seconds = solo_seconds
    if result.status in ("optimal", "feasible"):
        return result
    # No plan from the columns: the master LP could not fit everyone (a shortage, most likely) or
    # time ran out. The joint model of the colliding runners decides, and proves a shortage.
    for runner in active:
        runner.dates, runner.points = solo_plans[runner.index]
    fallback = _grow_groups(squad, days, active, max(0.1, deadline - time.perf_counter()))
    fallback.solo_seconds = solo_seconds
    fallback.joint_seconds += result.joint_seconds
    fallback.rounds += result.rounds
    if fallback.status in ("optimal", "feasible"):
        fallback.bound = min(fallback.bound, result.bound)
        fallback.status = "optimal" if fallback.value >= fallback.bound else "feasible"
    return fallback


def _by_columns(
    days: ClinicDays, active: Sequence[Prepared], pool: PricingPool, deadline: float
) -> Decomposed:
    """Column generation to its bound, then the best plan from the columns (proven if it reaches it)."""
    started = time.perf_counter()
    upper = {r.index: r.upper for r in active}
    lp = MasterLp(squad_rows(days, active), [r.index for r in active])
    for runner in active:
        lp.add(Column(runner.index, tuple(runner.dates), runner.points, runner.upper))
    # A start that fits (nearly): runners placed one by one, those with the fewest days first.
    order = [r.index for r in sorted(active, key=lambda r: (len(r.windows), r.index))]
    capacity = [row.capacity for row in lp.rows]
    block = int(OVERFLOW_COST) * PRICE_SCALE
    for result in pool.greedy(order, lp.rows_of, capacity, block, PRICE_TIME_LIMIT).values():
        if result.column is not None:
            lp.add(result.column)
    stages = {"greedy": time.perf_counter() - started}
    generated = generate(
        lp,
        active,
        upper,
        lambda requests: pool.price(requests, PRICE_TIME_LIMIT),
        time.perf_counter,
        deadline,
    )
    stages.update(lp=generated.lp_seconds, pricing=generated.pricing_seconds, solves=generated.solves)
    if generated.answer is None or generated.answer.overflow > 1e-6:
        # Even the linear relaxation overflows a row at the largest overflow cost: most likely
        # the clinic is short of appointments (the caller's joint model proves it).
        return Decomposed("unknown", 0, generated.bound, generated.priced, generated.rounds, 0.0, 0.0)
    proving = time.perf_counter()
    proof = prove(lp, generated, pool, time.perf_counter, deadline)
    stages["cover"] = time.perf_counter() - proving
    seconds = time.perf_counter() - started
    result = Decomposed(
        proof.status,
        proof.value,
        proof.bound,
        generated.priced,
        generated.rounds,
        0.0,
        seconds,
        "column generation",
    )
    result.stages, result.columns = stages, len(lp.columns)
    if proof.status == "unknown":
        result.value = 0
        return result
    for runner in active:
        column = proof.chosen[runner.index]
        runner.dates, runner.points = list(column.days), column.points
    return result


def _grow_groups(squad: Squad, days: ClinicDays, active: list[Prepared], time_limit: float) -> Decomposed:
    """The joint model of the colliding runners, widened until its plan fits around the others."""
    started = time.perf_counter()
    deadline = started + time_limit
    joint: set[int] = set()
    best_value, best_bound, proven = sum(r.upper for r in active), sum(r.upper for r in active), True
    rounds = 0
    joint_seconds = 0.0
    solo_seconds = 0.0
    while True:
        broken = broken_rows(days, active)
        if not broken:
            break
        rounds += 1
        joint |= {i for members in broken.values() for i in members}
        if 2 * len(joint) > len(active):
            # Most of the squad collides: one solve of everyone beats a bound solve plus a repair.
            joint = {r.index for r in active}
        group = [r for r in active if r.index in joint]
        others = [r for r in active if r.index not in joint]
        upper_others = sum(r.upper for r in others)
        # Upper bound: the group with the whole clinic to itself, the others at their solo best.
        full = solve_joint(squad, days, group, [], max(0.1, deadline - time.perf_counter()))
        joint_seconds += full.seconds
        if full.status == cp_model.INFEASIBLE:
            return Decomposed("infeasible", 0, 0, joint, rounds, solo_seconds, joint_seconds)
        if full.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Decomposed("unknown", 0, 0, joint, rounds, solo_seconds, joint_seconds)
        best_bound = upper_others + full.bound
        _take(group, full)
        best_value = upper_others + full.value
        proven = full.status == cp_model.OPTIMAL
        if not broken_rows(days, active):
            break
        # The group's plan collides with the others' solo plans: try it around them.
        residual = solve_joint(squad, days, group, others, max(0.1, deadline - time.perf_counter()))
        joint_seconds += residual.seconds
        if residual.status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and residual.value == full.bound:
            _take(group, residual)
            best_value, proven = upper_others + residual.value, True
            break
        if time.perf_counter() >= deadline:
            if residual.status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                _take(group, residual)
                best_value, proven = upper_others + residual.value, False
                break
            return Decomposed("unknown", 0, best_bound, joint, rounds, solo_seconds, joint_seconds)
        # Otherwise widen the group by the runners they collide with, and go again.
        _take(group, full)
        joint |= {i for members in broken_rows(days, active).values() for i in members}
    status = "optimal" if proven and best_value >= best_bound else "feasible"
    return Decomposed(
        status, best_value, best_bound, joint, rounds, solo_seconds, joint_seconds, "joint model"
    )


def _take(group: Sequence[Prepared], result: JointResult) -> None:
    for runner in group:
        runner.dates = result.dates[runner.index]
        runner.points = result.points[runner.index]


# ---- the answer --------------------------------------------------------------------------------------
def plan_squad(
    squad: Squad, *, previous: Previous | None = None, time_limit: float = DEFAULT_TIME_LIMIT
) -> SquadPlan:
    """Plan every runner of the squad into the clinic's appointments (see the package docstring)."""
    started = time.perf_counter()
    days = ClinicDays.of(squad.clinic)
    runners = prepare(squad, days, previous)
    build_seconds = time.perf_counter() - started
    outcomes: dict[int, RunnerOutcome] = {}
    for runner in runners:
        refusal = adapter.refusal(runner.plan)
        if refusal:
            runner.status = "refused"
            outcomes[runner.index] = RunnerOutcome(name=runner.name, status="refused", warnings=[refusal])
    planned = [r for r in runners if r.status == "planned"]
    result = decompose(squad, days, planned, time_limit)
    own_infeasible = _sort_out_unplanned(planned, days, outcomes, result, time_limit)
    stats = SolveStats(
        build_seconds=build_seconds,
        solo_seconds=result.solo_seconds,
        joint_seconds=result.joint_seconds,
        runners=len(runners),
        joint_runners=len(result.joint),
        rounds=result.rounds,
        method=result.method,
        columns=result.columns,
        stages=result.stages,
    )
    if result.status in ("infeasible", "unknown"):
        for runner in planned:
            outcomes.setdefault(
                runner.index, RunnerOutcome(name=runner.name, status="unplanned", solo_score=runner.best)
            )
        plan = SquadPlan(
            squad=squad.name, status="unknown", runners=[outcomes[r.index] for r in runners], stats=stats
        )
        if result.status == "infeasible":
            others = [r for r in squad.runners if r.name not in own_infeasible]
            remaining = max(1.0, time_limit - (time.perf_counter() - started))
            plan.status = "shortage"
            plan.shortage = _confirmed_shortage(squad.model_copy(update={"runners": others}), remaining)
        else:
            plan.warnings.append(f"no squad plan found within the {time_limit:g} s time limit")
            plan.bound = result.bound or None
        stats.total_seconds = time.perf_counter() - started
        return plan
    kept = [r for r in planned if r.status == "planned"]
    appointments = assign_appointments(days, kept)
    for runner in kept:
        outcomes[runner.index] = _outcome(runner, appointments[runner.index])
    stats.total_seconds = time.perf_counter() - started
    moved = sorted(outcomes[r.index].name for r in kept if previous is not None and outcomes[r.index].moved)
    gap = (
        0.0 if result.status == "optimal" else abs(result.bound - result.value) / max(1.0, abs(result.value))
    )
    return SquadPlan(
        squad=squad.name,
        status=result.status,  # type: ignore[arg-type]
        runners=[outcomes[r.index] for r in runners],
        objective=result.value,
        bound=result.bound,
        gap=gap,
        moved=moved,
        stats=stats,
    )


def _sort_out_unplanned(
    planned: Sequence[Prepared],
    days: ClinicDays,
    outcomes: dict[int, RunnerOutcome],
    result: Decomposed,
    time_limit: float,
) -> set[str]:
    """Runners with no plan: blocked by the clinic's bookings (a shortage) or by their own rules.

    Returns the names of runners whose own rules conflict (explained by `planner.explain`, by
    name); a runner only the bookings block makes the whole result a shortage.
    """
    own_infeasible: set[str] = set()
    for runner in planned:
        if runner.status not in ("infeasible", "unknown"):
            continue
        open_plan = effective_plan(runner.runner, days, ignore_capacity=True)
        if adapter.plan_alone(open_plan, time_limit).status == "optimal":
            result.status = "infeasible"
            runner.status = "planned"
            continue
        own_infeasible.add(runner.name)
        outcomes[runner.index] = _own_conflicts(runner.name, open_plan, time_limit)
    return own_infeasible


def _confirmed_shortage(squad: Squad, time_limit: float):
    """The shortage with its fix, confirmed by planning the squad again with the fix applied."""
    shortage = size_shortage(squad, time_limit=time_limit / 2)
    if shortage is not None:
        fixed = plan_squad(apply_fix(squad, shortage.fix), time_limit=time_limit / 2)
        shortage.confirmed = fixed.status in ("optimal", "feasible")
    return shortage


def assign_appointments(days: ClinicDays, runners: Sequence[Prepared]) -> dict[int, list[Appointment]]:
    """Times for the chosen days: one matching per day (always exists, see planner.squad.slots)."""
    by_day: dict[dt.date, list[Prepared]] = {}
    for runner in runners:
        for day in runner.dates:
            by_day.setdefault(day, []).append(runner)
    out: dict[int, list[Appointment]] = {r.index: [] for r in runners}
    for day, coming in sorted(by_day.items()):
        windows = {str(r.index): r.windows[day] for r in coming}
        previous = {str(r.index): r.previous_slots[day] for r in coming if day in r.previous_slots}
        slots = assign_times(windows, days.capacity(day), previous)
        for runner in coming:
            start, end = days.slots[slots[str(runner.index)]]
            out[runner.index].append(Appointment(runner=runner.name, date=day, start=start, end=end))
    return out


def _outcome(runner: Prepared, appointments: list[Appointment]) -> RunnerOutcome:
    sessions, _ = adapter.sessions_for(runner.plan, runner.dates)
    now = {(a.date, a.start) for a in appointments}
    moved = bool(runner.previous) and now != {(d, runner.previous_times[d]) for d in runner.previous}
    return RunnerOutcome(
        name=runner.name,
        status="planned",
        sessions=sessions,
        appointments=sorted(appointments, key=lambda a: a.date),
        solo_score=runner.best,
        squad_score=runner.points,
        loss=runner.best - runner.points,
        moved=moved,
    )


def _own_conflicts(name: str, plan: Plan, time_limit: float) -> RunnerOutcome:
    schedule = adapter.explain_alone(plan, time_limit)
    return RunnerOutcome(
        name=name,
        status="infeasible",
        conflicts=[Conflict(**c.model_dump()) for c in schedule.conflicts],
        suggestion=schedule.suggestion,
        warnings=[f"{name}: no schedule fits this runner's own rules", *schedule.warnings],
    )
