"""Long runs from the week's shape: a plain run that stands out, or the plan's long-run weekday."""

from __future__ import annotations

import datetime as dt

from planner.importers.classify import PLAIN_RUN, read_entry
from planner.importers.entries import CalendarEntry
from planner.importers.weeks import long_runs

MONDAY = dt.date(2027, 3, 1)


def week(offset: int, runs: dict[int, str]) -> list:
    """One week of titles: {weekday index: title}."""
    start = MONDAY + dt.timedelta(weeks=offset)
    return [
        read_entry(CalendarEntry(date=start + dt.timedelta(days=day), title=title), number_unit="mi")
        for day, title in runs.items()
    ]


def called(readings: list) -> dict[dt.date, str]:
    calls, _ = long_runs(readings)
    return {call.reading.entry.date: call.why for call in calls}


def test_the_longest_plain_run_that_stands_out_is_the_long_run() -> None:
    readings = week(0, {1: "3 mi run", 3: "3 mi run", 5: "4 mi run", 6: "10 mi run"})
    assert called(readings) == {MONDAY + dt.timedelta(days=6): "stands_out"}


def test_a_longest_run_that_does_not_stand_out_or_is_short_is_not_a_long_run() -> None:
    close = week(0, {1: "8 mi run", 6: "9 mi run"})  # 9/8 < 1.3
    short = week(1, {1: "2 mi run", 6: "5 mi run"})  # 5 mi = 8 km < 14 km
    assert called(close + short) == {}


def test_the_plans_long_run_weekday_makes_a_short_saturday_run_the_long_run() -> None:
    # Hal Higdon Novice: Saturday long runs of 12-14 miles, then a cut-back week's "6".
    readings = []
    for offset, long in enumerate(["12", "13", "14"]):
        readings += week(offset, {1: "3 mi run", 2: "5 mi pace", 3: "3 mi run", 5: long})
    readings += week(3, {1: "3 mi run", 2: "5 mi pace", 3: "3 mi run", 5: "6"})
    calls = called(readings)
    assert calls[MONDAY + dt.timedelta(weeks=3, days=5)] == "weekday"
    assert sum(why == "stands_out" for why in calls.values()) == 3
    # The Tuesday and Thursday runs stay easy.
    assert all(day.weekday() == 5 for day in calls)


def test_labelled_easy_runs_and_runs_of_unknown_length_never_become_long_runs() -> None:
    readings = week(0, {1: "Easy 3", 3: "Easy 3", 6: "Easy 10 mi"})  # labelled easy
    readings += week(1, {1: "3 mi run", 6: "Run"})  # no length
    assert called(readings) == {}
    assert [r.kind for r in readings if r.entry.title == "Run"] == [PLAIN_RUN]
