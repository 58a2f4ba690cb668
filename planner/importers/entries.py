"""What every calendar reader hands to the plan builder: one entry per event or row, local dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SessionInfo:
    """A dry-needling session this planner exported earlier (issue 3 round trip)."""

    uid: str | None
    sequence: int = 0
    purpose: str | None = None
    last_modified: dt.datetime | None = None


@dataclass(frozen=True)
class CalendarEntry:
    date: dt.date
    title: str
    description: str = ""
    time: dt.time | None = None
    duration_min: int | None = None
    distance_km: float | None = None
    # How to name the entry in a message: "event 'Foo' on 2027-03-02" (ics) or "" (csv: line).
    where: str = ""
    line: int | None = None
    # A kind the file states outright (X-PLANNER-WORKOUT-KIND, a CSV WorkoutType such as "Bike").
    kind: str | None = None
    session: SessionInfo | None = None


@dataclass
class CalendarData:
    entries: list[CalendarEntry]
    name: str | None = None
    timezone: str = "UTC"
    warnings: list[str] = field(default_factory=list)
