"""Conflict explanations are minimal, in words with dates, and the suggested relaxation works."""

from __future__ import annotations

import datetime as dt

from planner.checker import check_dates
from planner.edits import apply_relaxation
from planner.explain import minimal_conflict
from planner.model import build, make_solver
from planner.schedule import PlanChange, Relaxation
from planner.solver import optimize
from tests.core.conftest import MONDAY, make_plan


def still_infeasible(plan, instances) -> bool:
    """Solve with only `instances` enforced (by their words): True if they still conflict."""
    built = build(plan, explain=True)
    wanted = {inst.text for inst in instances}
    chosen = [inst.literal for inst in built.ctx.hard_instances if inst.text in wanted]
    built.model.add_assumptions(chosen)
    solver = make_solver(10)
    return solver.solve(built.model) == 3  # cp_model.INFEASIBLE


def every_other_day_calf_plan():
    # A hard day every other day; with calf focus and the soreness window made hard, nothing fits.
    return make_plan("Q E Q E Q E L", weeks=10, focus=["calf"], rules={"comfort_is_hard": True})


def test_the_conflict_set_is_minimal():
    plan = every_other_day_calf_plan()
    core = minimal_conflict(plan)
    assert core
    assert still_infeasible(plan, core)
    for dropped in core:
        rest = [inst for inst in core if inst is not dropped]
        assert not still_infeasible(plan, rest), f"not minimal: {dropped.text} is not needed"


def test_the_explanation_speaks_in_dates_and_the_suggestion_is_checked():
    plan = every_other_day_calf_plan()
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    assert all(c.dates for c in schedule.conflicts if c.rule_number in (1, 2, 6))
    assert any("Mar" in c.text or "Feb" in c.text for c in schedule.conflicts)
    suggestion = schedule.suggestion
    assert suggestion is not None and suggestion.confirmed and suggestion.changes
    relaxed = apply_relaxation(plan, suggestion)
    fixed = optimize(relaxed)
    assert fixed.found and fixed.dates == suggestion.sessions
    assert check_dates(relaxed, fixed.dates).ok


def test_alternatives_are_each_confirmed():
    plan = every_other_day_calf_plan()
    schedule = optimize(plan)
    for alternative in schedule.alternatives:
        assert alternative.confirmed
        assert optimize(apply_relaxation(plan, alternative)).found


def test_budget_against_minimum_sessions_suggests_a_budget():
    plan = make_plan("E Q E E R L E", weeks=12, budget=100, clinic={"price": 95})
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    # Two minimal conflicts exist: the minimum of 2 sessions (rule 7), or an early trial and a taper
    # session (rules 4 and 6), against a budget for one; which one the core search meets first
    # depends on the model's shape. Either way the budget is in it and the fix raises it.
    assert {c.rule_number for c in schedule.conflicts} in ({7, 10}, {4, 6, 10})
    offered = [schedule.suggestion, *schedule.alternatives]
    assert any(change.op == "set_budget" for r in offered for change in r.patch)


def test_apply_relaxation_edits_only_what_it_names():
    plan = make_plan("E Q E E R L E", weeks=8, pinned=[MONDAY + dt.timedelta(days=9)], forbidden=[MONDAY])
    tuesday = MONDAY + dt.timedelta(days=1)
    relaxation = Relaxation(
        changes=["x"],
        patch=[
            PlanChange(op="unpin", date=MONDAY + dt.timedelta(days=9)),
            PlanChange(op="make_easy", date=tuesday),
            PlanChange(op="set_rule", field="min_gap_days", value=2),
            PlanChange(op="open_weekday", weekday="sun"),
        ],
    )
    relaxed = apply_relaxation(plan, relaxation)
    assert relaxed.pinned == [] and relaxed.forbidden == [MONDAY]
    assert relaxed.rules.min_gap_days == 2
    tuesday_kinds = [w.kind for d in relaxed.training if d.date == tuesday for w in d.workouts]
    assert tuesday_kinds == ["easy"]
    assert sum(d != e for d, e in zip(plan.training, relaxed.training, strict=True)) == 1
