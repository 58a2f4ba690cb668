"""A small plan builder for the checker tests.

The base plan is a 12-week marathon block, Mon 4 Jan - Sun 28 Mar 2027: a tempo every Thursday
and a 29 km long run every Sunday until race week, the A marathon on Sun 28 Mar. So Wednesday
and Saturday are the days before hard days, and Monday, Tuesday and Friday are open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from planner.plan import Plan, Race, Rules, TrainingDay, Workout

START = dt.date(2027, 1, 4)  # a Monday
RACE_DAY = dt.date(2027, 3, 28)  # a Sunday, the last day of week 12
# Trial 11 weeks out, then maintenance, and one session in the 21-day marathon taper.
GOOD_DATES = [dt.date(2027, 1, 11), dt.date(2027, 2, 1), dt.date(2027, 2, 22), dt.date(2027, 3, 8)]

TEMPO = Workout(kind="quality", title="Tempo")
LONG_RUN = Workout(kind="long_run", title="Long run", distance_km=29)
EASY = Workout(kind="easy", title="Easy 8 km")


def build_plan(
    *,
    weeks: int = 12,
    races: list[Race] | None = None,
    workouts: dict[dt.date, list[Workout]] | None = None,
    rules: dict[str, Any] | None = None,
    **fields: Any,
) -> Plan:
    """The base block; `workouts` replaces the workouts of given days, `rules` overrides rules."""
    races = [Race(date=RACE_DAY, name="Spring Marathon", distance="marathon")] if races is None else races
    end = START + dt.timedelta(days=weeks * 7 - 1)
    race_weeks = [race.date - dt.timedelta(days=6) for race in races if race.priority == "A"]
    training = []
    for offset in range(weeks * 7):
        date = START + dt.timedelta(days=offset)
        in_race_week = any(first <= date <= first + dt.timedelta(days=6) for first in race_weeks)
        day = [EASY]
        if not in_race_week and date.weekday() == 3:
            day = [TEMPO]
        elif not in_race_week and date.weekday() == 6:
            day = [LONG_RUN]
        if workouts and date in workouts:
            day = workouts[date]
        training.append(TrainingDay(date=date, workouts=day))
    return Plan(start=START, end=end, races=races, training=training, rules=Rules(**(rules or {})), **fields)


@pytest.fixture
def make_plan() -> Callable[..., Plan]:
    return build_plan


@pytest.fixture
def good_dates() -> list[dt.date]:
    return list(GOOD_DATES)
