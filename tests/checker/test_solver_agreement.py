"""The checker and the solver, written apart, must agree.

Each solver schedule passes the checker; and for schedules nudged a few days either way, the
checker's verdict matches the solver's when the solver is forced onto exactly those dates (all
of them pinned, every other day forbidden).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.checker import check_dates
from planner.plan import Athlete, Clinic, PinnedSession, Plan, Race
from planner.solver import optimize

D = dt.date
RACE_DAY = D(2027, 3, 28)  # the base block's A marathon (conftest.py)

# Keyword arguments for the conftest plan builder.
VARIANTS: dict[str, dict[str, Any]] = {
    "base": dict(),
    # A calf focus with soreness made hard leaves no day at all in this week shape (both agree on
    # that below); a hamstring focus leaves the Mondays.
    "hamstring focus, soreness made hard": dict(
        rules={"comfort_is_hard": True}, athlete=Athlete(focus=["hamstring"])
    ),
    "activation, long-run days, 2 clear days, open Sundays": dict(
        rules={"allow_activation": True, "allow_after_long_run_same_day": True, "clear_days_before_hard": 2},
        clinic=Clinic(open_weekdays=["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
    ),
    "B and C races, budget": dict(
        races=[
            Race(date=RACE_DAY, name="Spring Marathon"),
            Race(date=D(2027, 2, 20), name="Club Half", distance="half", priority="B"),
            Race(date=D(2027, 2, 6), name="Parkrun", distance="5k", priority="C"),
        ],
        budget=400,
    ),
    "two A races, one a week": dict(
        races=[
            Race(date=D(2027, 2, 14), name="Winter Half", distance="half"),
            Race(date=RACE_DAY, name="Marathon"),
        ],
        rules={"min_gap_days": 2, "max_per_week": 1},
    ),
}


def solver_accepts(plan: Plan, dates: list[dt.date]) -> bool:
    block = [plan.first_day + dt.timedelta(days=i) for i in range((plan.last_day - plan.first_day).days + 1)]
    forced = plan.model_copy(
        update={
            "pinned": [PinnedSession(date=d) for d in dates],
            "forbidden": [d for d in block if d not in dates],
        }
    )
    schedule = optimize(forced, time_limit=5.0, explain_conflicts=False)
    return schedule.status in ("optimal", "feasible")


@pytest.mark.parametrize("name", VARIANTS)
def test_the_solver_schedule_passes_the_checker(make_plan, name):
    plan = make_plan(**VARIANTS[name])
    schedule = optimize(plan, time_limit=10.0, explain_conflicts=False)
    assert schedule.status in ("optimal", "feasible")
    report = check_dates(plan, [session.date for session in schedule.sessions])
    assert report.violations == []


@pytest.mark.parametrize("name", VARIANTS)
def test_checker_and_solver_agree_on_nudged_schedules(make_plan, name):
    plan = make_plan(**VARIANTS[name])
    dates = [session.date for session in optimize(plan, time_limit=10.0, explain_conflicts=False).sessions]
    verdicts = []
    for index in range(len(dates)):
        for shift in (-7, -3, -2, -1, 1, 2, 3, 7):  # a week keeps the weekday
            nudged = sorted({*dates[:index], dates[index] + dt.timedelta(days=shift), *dates[index + 1 :]})
            if not plan.first_day <= nudged[0] <= nudged[-1] <= plan.last_day:
                continue
            checker_ok = check_dates(plan, nudged).ok
            assert checker_ok == solver_accepts(plan, nudged), [str(d) for d in nudged]
            verdicts.append(checker_ok)
    # Both verdicts occur, so the agreement means something.
    assert True in verdicts and False in verdicts


def test_both_find_no_day_for_a_calf_focus_with_soreness_made_hard(make_plan):
    plan = make_plan(rules={"comfort_is_hard": True}, athlete=Athlete(focus=["calf"]))
    assert optimize(plan, time_limit=10.0, explain_conflicts=False).status == "infeasible"
    block = [plan.first_day + dt.timedelta(days=i) for i in range((plan.last_day - plan.first_day).days + 1)]
    # Each day is a hard day, within 3 days before one, a closed Sunday, or in the final days.
    for day in block:
        assert {v.rule_number for v in check_dates(plan, [day]).violations} & {1, 2, 5, 9}, day
