"""Plan builders that read like a coach's week: 'E Q E E R L E' = Mon easy, Tue quality, ..."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.plan import Plan

KINDS = {
    "E": ("easy", "Easy 5 mi"),
    "Q": ("quality", "Tempo 4 mi"),
    "I": ("quality", "Intervals 6x800m"),
    "L": ("long_run", "Long run"),
    "R": ("rest", "Rest"),
    "C": ("recovery", "Recovery jog"),
    "X": ("cross_training", "Bike 45 min"),
    "S": ("strength", "Strength"),
}
MONDAY = dt.date(2027, 1, 4)
ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def make_plan(
    week: str = "E Q E E R L E",
    weeks: int = 10,
    *,
    distance: str = "half",
    race_name: str = "Goal Half",
    extra_races: list[dict] | None = None,
    start: dt.date = MONDAY,
    focus: list[str] | None = None,
    rules: dict | None = None,
    clinic: dict | None = None,
    athlete: dict | None = None,
    **fields,
) -> Plan:
    """A block of `weeks` repeating `week`, ending with the A race on the last Sunday."""
    pattern = week.split()
    assert len(pattern) == 7, "a week has seven days"
    race_day = start + dt.timedelta(days=7 * weeks - 1)
    training = []
    for index in range(7 * weeks - 1):
        day = start + dt.timedelta(days=index)
        kind, title = KINDS[pattern[day.weekday()]]
        workout = {"kind": kind, "title": title}
        if kind == "long_run":
            workout["distance_km"] = 24.0
        training.append({"date": day, "workouts": [workout]})
    data = {
        "name": "Test block",
        "athlete": {"name": "Sam", "focus": focus or [], **(athlete or {})},
        "training": training,
        "races": [
            {"date": race_day, "name": race_name, "distance": distance, "priority": "A"},
            *(extra_races or []),
        ],
        "clinic": {"open_weekdays": ALL_DAYS, **(clinic or {})},
        "rules": rules or {},
        **fields,
    }
    return Plan.model_validate(data)


@pytest.fixture
def plan_factory():
    return make_plan
