"""The week's shape: which plain runs ("8 mi run", "12", "🏃 14km") are long runs.

DOMAIN.md: the longest run of its week is the long run when it clearly stands out, at least about
1.3x the week's next-longest run and at least 75 min or 14 km. Plans for beginners have shorter
long runs on the same weekday every week (Hal Higdon's Saturday "6"), so a second rule follows
the plan's own pattern: once at least three long runs (labelled or standing out) fall on one
weekday and that weekday holds most of them, the longest run of any week on that weekday is the
long run too, whatever its length. Every other plain run is an easy run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from planner.importers.classify import PLAIN_RUN, Reading

STANDOUT_RATIO = 1.3
LONG_KM = 14.0
LONG_MINUTES = 75
# A km-equivalent for runs given only as a duration, to compare them with runs given in km
# (an easy 6 min/km; the ratio test only needs the order of the week's runs right).
MINUTES_PER_KM = 6.0
PATTERN_MIN_RUNS = 3
RUN_KINDS = frozenset({PLAIN_RUN, "easy", "recovery", "strides", "long_run", "quality"})
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class LongRunCall:
    """A plain run read as the long run, and why."""

    reading: Reading
    why: str  # "stands_out" | "weekday"


def _length(reading: Reading) -> float | None:
    if reading.distance_km:
        return reading.distance_km
    if reading.duration_min:
        return reading.duration_min / MINUTES_PER_KM
    return None


def _long_enough(reading: Reading) -> bool:
    if reading.distance_km:
        return reading.distance_km >= LONG_KM
    return bool(reading.duration_min and reading.duration_min >= LONG_MINUTES)


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _stands_out(run: Reading, others: list[float]) -> bool:
    length = _length(run)
    if length is None or not _long_enough(run):
        return False
    return all(length >= STANDOUT_RATIO * other for other in others)


def long_runs(readings: Sequence[Reading]) -> tuple[list[LongRunCall], str | None]:
    """The plain runs that are long runs, and the plan's long-run weekday (None if it has none)."""
    weeks: dict[dt.date, list[Reading]] = defaultdict(list)
    for reading in readings:
        if reading.kind in RUN_KINDS and _length(reading) is not None:
            weeks[_week(reading.entry.date)].append(reading)

    def others(run: Reading) -> list[float]:
        return [_length(r) or 0.0 for r in weeks[_week(run.entry.date)] if r is not run]

    calls = [
        LongRunCall(run, "stands_out")
        for run in readings
        if run.kind == PLAIN_RUN and _stands_out(run, others(run))
    ]
    weekdays: Counter[int] = Counter(r.entry.date.weekday() for r in readings if r.kind == "long_run")
    weekdays.update(call.reading.entry.date.weekday() for call in calls)
    pattern = None
    if weekdays:
        weekday, count = weekdays.most_common(1)[0]
        if count >= PATTERN_MIN_RUNS and count * 2 > sum(weekdays.values()):
            pattern = weekday
    if pattern is not None:
        called = {id(call.reading) for call in calls}
        for run in readings:
            if run.kind != PLAIN_RUN or id(run) in called or run.entry.date.weekday() != pattern:
                continue
            length = _length(run)
            if length is not None and all(length > other for other in others(run)):
                calls.append(LongRunCall(run, "weekday"))
    return calls, WEEKDAY_NAMES[pattern] if pattern is not None else None
