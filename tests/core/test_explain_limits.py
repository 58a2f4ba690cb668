"""Readable conflicts within the time limit (issue 13, items 3 and 5): instances of one rule on
consecutive days read as one line, the JSON keeps each; one deadline bounds the whole explanation
and what it did not allow is said; a model CP-SAT calls invalid is reported as a bug."""

from __future__ import annotations

import time

import pytest
from ortools.sat.python import cp_model

from planner.errors import PlannerBug
from planner.explain import explain_infeasible
from planner.model import Deadline, checked_status, make_solver
from planner.render import schedule_text
from planner.schedule import Schedule
from planner.solver import optimize
from tests.core.conftest import make_plan


def hard_every_other_day():
    # 12 weeks of a hard day every other day, calf focus, comfort made hard: no day is left.
    return make_plan(
        "Q E Q E Q E L", weeks=12, focus=["calf"], rules={"comfort_is_hard": True, "min_sessions": 4}
    )


def test_rule_instances_on_consecutive_days_read_as_one_line_and_the_json_keeps_each():
    plan = make_plan(
        "Q E Q E Q E Q", weeks=12, clinic={"open_weekdays": ["mon", "tue", "wed", "thu", "sat", "sun"]}
    )
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    rule_1 = [c for c in schedule.conflicts if c.rule_number == 1]
    grouped = [c for c in schedule.grouped_conflicts if c.rule_number == 1]
    assert len(rule_1) >= 3 and len(grouped) < len(rule_1)
    assert any(
        c.text.startswith("every day from ") and "is a hard day or the day before one" in c.text
        for c in grouped
    )
    text = schedule_text(plan, schedule)
    assert sum(line.startswith("  - rule 1:") for line in text.splitlines()) == len(grouped)
    data = schedule.to_json_dict()
    assert len(data["conflicts"]) == len(schedule.conflicts) and data["grouped_conflicts"]


def test_a_passed_deadline_is_said_and_nothing_unchecked_is_offered():
    plan = hard_every_other_day()
    schedule = Schedule(status="infeasible")
    explain_infeasible(plan, schedule, deadline=Deadline(time.monotonic() - 1))
    assert schedule.suggestion is None and not schedule.alternatives
    assert schedule.explain_notes and "time limit ran out" in schedule.explain_notes[0]


def test_model_invalid_is_a_bug_not_a_missing_schedule():
    model = cp_model.CpModel()
    x = model.new_int_var(0, 2**62, "x")
    model.maximize(2**62 * x)  # the objective overflows 64 bits
    with pytest.raises(PlannerBug, match="rejected the model as invalid"):
        checked_status(make_solver(1.0), model)
