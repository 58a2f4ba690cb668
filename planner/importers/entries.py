"""What every calendar reader hands to the plan builder: one entry per event or row, on local dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.errors import PlannerInputError

# Dates a training calendar can hold (issue 13): a year 1 or 9999 is a typo or an attack, and
# Python's dates overflow near both ends.
FIRST_YEAR = 1900
LAST_YEAR = 2200

# Longest piece of a user's text quoted in a message: a 1 MB SUMMARY must not become a 1 MB line.
QUOTE_CHARS = 60


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """One line of at most `limit` characters, cut with '...'."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


def check_year(day: dt.date, what: str, source: str, line: int | None = None) -> None:
    """One clear line for a date outside FIRST_YEAR-LAST_YEAR, naming the field."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PlannerInputError(
            f"{what} {day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}",
            source=source,
            line=line,
        )


# Why the file itself says an entry is no workout.
IgnoreReason = str  # "cancelled" | "note" | "multi_day"


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
    # Structured fields, when the file has them (CSV columns, DTEND - DTSTART, our own export).
    duration_min: int | None = None
    distance_km: float | None = None
    # How to name the entry in a message: "event 'Foo' on 2027-03-02" (ics); CSV entries use `line`.
    where: str = ""
    line: int | None = None
    # A kind the file states outright (X-PLANNER-WORKOUT-KIND, a CSV kind column).
    kind: str | None = None
    # The sport a structured field gives (CSV type column, intervals.icu type, CATEGORIES), folded
    # to run / cross_training / strength / rest, and the raw text it came from.
    sport: str | None = None
    sport_label: str = ""
    # A race priority the file states (intervals.icu RACE_A/B/C).
    priority: str | None = None
    ignore: IgnoreReason | None = None
    session: SessionInfo | None = None

    def place(self) -> str:
        """'line 14' or "event 'Tempo' on 2027-03-02": where the user finds this entry."""
        return self.where or (f"line {self.line}" if self.line is not None else self.date.isoformat())


@dataclass
class CalendarData:
    entries: list[CalendarEntry]
    name: str | None = None
    # The zone dates were read in (IANA name) and why; see `planner.importers.zones`.
    timezone: str = "UTC"
    timezone_reason: str = ""
    # How the file was read: "iCalendar", "CSV (TrainingPeaks export)", the encoding, the date order.
    format: str = ""
    details: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The unit a bare number means in this file ("8" in a Hal Higdon chart is 8 miles).
    number_unit: str = "km"
