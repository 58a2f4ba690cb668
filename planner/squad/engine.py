"""Plan a squad: every runner's rules, the clinic's appointments, a fair share of any loss, proven.

See the package docstring (`planner/squad/__init__.py`) for the method and why its answer is
optimal; this module is that method.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.plan import Clinic, Plan
from planner.schedule import Conflict
from planner.squad import adapter
from planner.squad.model import (
    Appointment,
    RunnerOutcome,
    SolveStats,
    Squad,
    SquadPlan,
    SquadRunner,
)
from planner.squad.slots import ClinicDays, SlotRange, assign_times, capacity_rows

DEFAULT_TIME_LIMIT = 60.0
# Joint groups larger than this first look for any plan without the objective, then optimise from
# it (measured: 200 runners found no plan in 90 s otherwise; 50 are proven faster directly).
FEASIBLE_FIRST_FROM = 60
# Above this many day variables the feasible start stops at its first plan.
LARGE_MODEL_DAYS = 60_000
# Re-planning input: the previous plan's appointments per runner name.
Previous = Mapping[str, Sequence[Appointment]]


@dataclass
class Prepared:
    """A runner ready for the models: their effective plan and the slot range of each candidate day."""

    index: int
    runner: SquadRunner
    plan: Plan
    windows: dict[dt.date, SlotRange]
    previous: list[dt.date] = field(default_factory=list)
    previous_times: dict[dt.date, dt.time] = field(default_factory=dict)
    previous_slots: dict[dt.date, int] = field(default_factory=dict)
    best: int = 0  # solo optimum of the rule points (the fairness reference)
    upper: int = 0  # solo optimum of this runner's objective term (= best unless re-planning)
    dates: list[dt.date] = field(default_factory=list)  # the plan currently held
    points: int = 0  # its rule points
    status: str = "planned"

    @property
    def name(self) -> str:
        return self.runner.name


def effective_plan(runner: SquadRunner, days: ClinicDays, *, ignore_capacity: bool = False) -> Plan:
    """The runner's plan at the squad's clinic: its days and hours, and the days they cannot attend.

    A day counts as one the runner cannot attend when their availability has no appointment slot
    that day, or (unless `ignore_capacity`, used when sizing a shortage) every slot in it is booked.
    """
    plan = runner.plan
    clinic = days.clinic
    first, last = plan.first_day, plan.last_day
    cannot: list[dt.date] = []
    if first is not None and last is not None:
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            if not days.is_open(day):
                continue
            if days.window(runner, day) is None or not (ignore_capacity or days.can_attend(runner, day)):
                cannot.append(day)
    squad_clinic = Clinic(
        name=clinic.name,
        address=clinic.address,
        open_weekdays=list(clinic.open_weekdays),
        opens=clinic.opens,
        closes=clinic.closes,
        appointment_minutes=clinic.appointment_minutes,
        price=clinic.price,
        currency=clinic.currency,
        closed_dates=list(clinic.closed_dates),
    )
    athlete = plan.athlete.model_copy(
        update={"unavailable": sorted(set(plan.athlete.unavailable) | set(cannot))}
    )
    return plan.model_copy(update={"clinic": squad_clinic, "athlete": athlete})


def prepare(
    squad: Squad, days: ClinicDays, previous: Previous | None, *, ignore_capacity: bool = False
) -> list[Prepared]:
    out = []
    for index, runner in enumerate(squad.runners):
        plan = effective_plan(runner, days, ignore_capacity=ignore_capacity)
        unavailable = set(plan.athlete.unavailable)
        windows = {}
        first, last = plan.first_day, plan.last_day
        if first is not None and last is not None:
            for offset in range((last - first).days + 1):
                day = first + dt.timedelta(days=offset)
                slot_range = days.window(runner, day)
                if days.is_open(day) and day not in unavailable and slot_range is not None:
                    windows[day] = slot_range
        prepared = Prepared(index, runner, plan, windows)
        if previous and runner.name in previous:
            starts = [start for start, _ in days.slots]
            for appointment in previous[runner.name]:
                prepared.previous.append(appointment.date)
                prepared.previous_times[appointment.date] = appointment.start
                if appointment.start in starts:
                    prepared.previous_slots[appointment.date] = starts.index(appointment.start)
        out.append(prepared)
    return out


# ---- the joint model ---------------------------------------------------------------------------------
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


def add_capacity(
    model: cp_model.CpModel,
    days: ClinicDays,
    group: Sequence[Prepared],
    fixed: Sequence[Prepared],
    models: Mapping[int, adapter.RunnerModel],
    extra: Mapping[tuple[dt.date, int], cp_model.IntVar] | None = None,
) -> None:
    """The Hall rows of every day (planner.squad.slots) over the group; fixed runners are constants.

    With `extra` (shortage sizing), each slot's capacity grows by its extra-appointment variable.
    """
    by_day: dict[dt.date, dict[int, SlotRange]] = {}
    for runner in group:
        for day, slot_range in runner.windows.items():
            by_day.setdefault(day, {})[runner.index] = slot_range
    fixed_by_day: dict[dt.date, dict[int, SlotRange]] = {}
    for runner in fixed:
        for day in runner.dates:
            if day in runner.windows:
                fixed_by_day.setdefault(day, {})[runner.index] = runner.windows[day]
    for day in sorted(by_day):
        windows = {**fixed_by_day.get(day, {}), **by_day[day]}
        capacity = days.capacity(day)
        for row in capacity_rows(day, windows, capacity, all_rows=extra is not None):
            variables = [models[i].session[day] for i in row.members if i in by_day[day]]
            constant = sum(1 for i in row.members if i not in by_day[day])
            if not variables:
                continue
            room = row.capacity
            if extra is not None:
                first, last = row.slots
                room = room + sum(extra[(day, s)] for s in range(first, last + 1))
            model.add(sum(variables) + constant <= room)


def broken_rows(days: ClinicDays, runners: Sequence[Prepared]) -> dict[dt.date, set[int]]:
    """Per day, the runners in some capacity row that their current dates break."""
    by_day: dict[dt.date, dict[int, SlotRange]] = {}
    for runner in runners:
        for day in runner.dates:
            by_day.setdefault(day, {})[runner.index] = runner.windows[day]
    broken: dict[dt.date, set[int]] = {}
    for day, windows in sorted(by_day.items()):
        for row in capacity_rows(day, windows, days.capacity(day)):
            broken.setdefault(day, set()).update(row.members)
    return broken


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


def _solo(squad: Squad, days: ClinicDays, runners: Sequence[Prepared], time_limit: float) -> None:
    """Each runner alone: their best points (the fairness reference) and their best plan."""
    cache: dict[str, adapter.Alone] = {}
    for runner in runners:
        key = runner.plan.model_dump_json(exclude={"name": True, "athlete": {"name"}})
        alone = cache.get(key)
        if alone is None:
            alone = adapter.plan_alone(runner.plan, time_limit)
            cache[key] = alone
        runner.best = alone.points
        runner.upper = alone.points
        runner.dates = list(alone.dates)
        runner.points = alone.points
        if alone.status != "optimal":
            runner.status = "infeasible" if alone.status == "infeasible" else "unknown"
    if any(r.previous for r in runners):
        # Re-planning: a runner's own best term includes staying put, so solve that alone too.
        for runner in runners:
            if runner.status != "planned":
                continue
            result = solve_joint(squad, days, [runner], [], time_limit)
            runner.upper = result.bound
            runner.dates = result.dates[runner.index]
            runner.points = result.points[runner.index]


def decompose(squad: Squad, days: ClinicDays, runners: list[Prepared], time_limit: float) -> Decomposed:
    """Solo plans first; solve together only the runners the clinic cannot fit; prove the optimum."""
    started = time.perf_counter()
    deadline = started + time_limit
    _solo(squad, days, runners, time_limit)
    solo_seconds = time.perf_counter() - started
    active = [r for r in runners if r.status == "planned"]
    joint: set[int] = set()
    best_value, best_bound, proven = sum(r.upper for r in active), sum(r.upper for r in active), True
    rounds = 0
    joint_seconds = 0.0
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
    return Decomposed(status, best_value, best_bound, joint, rounds, solo_seconds, joint_seconds)


def _take(group: Sequence[Prepared], result: JointResult) -> None:
    for runner in group:
        runner.dates = result.dates[runner.index]
        runner.points = result.points[runner.index]


# ---- the answer --------------------------------------------------------------------------------------
def plan_squad(
    squad: Squad, *, previous: Previous | None = None, time_limit: float = DEFAULT_TIME_LIMIT
) -> SquadPlan:
    """Plan every runner of the squad into the clinic's appointments (see the package docstring)."""
    from planner.squad.shortage import size_shortage

    started = time.perf_counter()
    days = ClinicDays.of(squad.clinic)
    runners = prepare(squad, days, previous)
    build_seconds = time.perf_counter() - started
    outcomes: dict[int, RunnerOutcome] = {}
    warnings: list[str] = []
    for runner in runners:
        refusal = adapter.refusal(runner.plan)
        if refusal:
            runner.status = "refused"
            outcomes[runner.index] = RunnerOutcome(name=runner.name, status="refused", warnings=[refusal])
    planned = [r for r in runners if r.status == "planned"]
    result = decompose(squad, days, planned, time_limit)
    blocked_by_bookings = False
    own_infeasible: set[str] = set()
    for runner in planned:
        if runner.status not in ("infeasible", "unknown"):
            continue
        # Alone and still nothing: is it the clinic's bookings, or the runner's own rules?
        open_plan = effective_plan(runner.runner, days, ignore_capacity=True)
        if adapter.plan_alone(open_plan, time_limit).status == "optimal":
            blocked_by_bookings = True
            runner.status = "planned"
            continue
        own_infeasible.add(runner.name)
        outcomes[runner.index] = _own_conflicts(runner.name, open_plan, time_limit)
    if blocked_by_bookings:
        result.status = "infeasible"
    stats = SolveStats(
        build_seconds=build_seconds,
        solo_seconds=result.solo_seconds,
        joint_seconds=result.joint_seconds,
        runners=len(runners),
        joint_runners=len(result.joint),
        rounds=result.rounds,
        method="solo plans fit" if not result.joint else "solo plans + joint solve of the colliding runners",
    )
    if result.status == "infeasible":
        others = [r for r in squad.runners if r.name not in own_infeasible]
        shortage = size_shortage(
            squad.model_copy(update={"runners": others}),
            time_limit=max(1.0, time_limit - (time.perf_counter() - started)),
        )
        stats.total_seconds = time.perf_counter() - started
        for runner in planned:
            if runner.index not in outcomes:
                outcomes[runner.index] = RunnerOutcome(
                    name=runner.name, status="unplanned", solo_score=runner.best
                )
        return SquadPlan(
            squad=squad.name,
            status="shortage",
            runners=[outcomes[r.index] for r in runners],
            shortage=shortage,
            stats=stats,
            warnings=warnings,
        )
    if result.status == "unknown":
        stats.total_seconds = time.perf_counter() - started
        warnings.append(f"no squad plan found within the {time_limit:g} s time limit")
        for runner in planned:
            outcomes.setdefault(
                runner.index, RunnerOutcome(name=runner.name, status="unplanned", solo_score=runner.best)
            )
        return SquadPlan(
            squad=squad.name,
            status="unknown",
            runners=[outcomes[r.index] for r in runners],
            stats=stats,
            warnings=warnings,
            bound=result.bound or None,
        )
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
        warnings=warnings,
    )


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
