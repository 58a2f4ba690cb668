"""Events of unknown effort (issue 8): possibly hard for rules 1 and 2, never a long run (rule 3)
nor a proof of load (rule 4). Each test fails when that reading is taken out."""

from __future__ import annotations

import datetime as dt

from planner.facts import BlockFacts
from planner.plan import Plan
from planner.solver import optimize
from tests.core.conftest import MONDAY, make_plan


def with_unknown_on(plan: Plan, days: list[dt.date]) -> Plan:
    data = plan.model_dump()
    for day in data["training"]:
        if day["date"] in days:
            day["workouts"] = [{"kind": "unknown", "title": "Coach's choice 45'"}]
    return Plan.model_validate(data)


def test_no_session_on_an_unknown_day_nor_the_day_before():
    # The clinic opens Wednesday and Thursday; a Wednesday session keeps 3 days before the Saturday
    # long run, so the solver picks Wednesdays - unless they hold an event of unknown effort.
    base = make_plan("E Q E E E L E", weeks=10, clinic={"open_weekdays": ["wed", "thu"]})
    wednesdays = [MONDAY + dt.timedelta(days=7 * week + 2) for week in range(9)]
    assert set(optimize(base).dates) & set(wednesdays)
    plan = with_unknown_on(base, wednesdays)
    schedule = optimize(plan)
    assert schedule.found
    blocked = set(wednesdays) | {day - dt.timedelta(days=1) for day in wednesdays}
    assert not set(schedule.dates) & blocked
    assert all(day.weekday() == 3 for day in schedule.dates)


def test_an_unknown_day_is_avoided_but_not_a_hard_day_for_the_trial_or_the_long_run_reward():
    plan = with_unknown_on(make_plan("E Q E E E L E", weeks=10), [MONDAY + dt.timedelta(days=2)])
    facts = BlockFacts.from_plan(plan)
    wednesday = facts.by_date[MONDAY + dt.timedelta(days=2)]
    assert wednesday.is_possibly_hard and wednesday.avoids_sessions
    assert not wednesday.is_hard and not wednesday.is_long_run
    assert wednesday in facts.avoided_days and wednesday not in facts.hard_days
    assert wednesday.hard_label == "possibly hard coach's choice 45'"
