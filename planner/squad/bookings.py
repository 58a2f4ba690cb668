"""The clinic's own calendar (.ics) as bookings: appointments already taken, one clinician each.

It is read by the training-calendar importer's reader (`planner.importers.ics.read_ics`), so a
clinic calendar gets the same handling as a runner's: RRULE/RDATE/EXDATE and moved instances,
bounded expansion, any VTIMEZONE (custom and Windows names), and times converted to the clinic's
local times. What counts:
- a timed event takes one clinician from its start to its end (an event with no end: one
  appointment length), cut at midnight;
- an all-day event takes one clinician for the whole day (a clinician's day off, a course);
- cancelled events are skipped, and so are events longer than a day (a week's leave has no one
  day to book: put such days in `closed_dates`, or give the clinician's days one by one). Both are
  counted in the notes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.importers import _ics_text as ics_text  # the importer's decoding (UTF-8, else cp1252)
from planner.importers.ics import read_ics
from planner.io import read_bytes
from planner.squad.model import Booking


def read_bookings(
    path: Path, timezone: str, appointment_minutes: int, span: tuple[dt.date, dt.date]
) -> tuple[list[Booking], list[str]]:
    """The bookings inside `span` (the squad's first and last day), and what was read, in words."""
    return bookings_from_bytes(read_bytes(path), str(path), timezone, appointment_minutes, span)


def bookings_from_bytes(
    raw: bytes, source: str, timezone: str, appointment_minutes: int, span: tuple[dt.date, dt.date]
) -> tuple[list[Booking], list[str]]:
    """`read_bookings` for a calendar already in memory (the app's upload); `source` names it."""
    name = Path(source).name
    data = read_ics(
        ics_text(raw, source),
        source,
        timezone=timezone,
        timezone_by="clinic.timezone",
        race=span[1],
    )
    first, last = span
    bookings: list[Booking] = []
    cancelled = long = outside = 0
    for entry in data.entries:
        if entry.ignore == "cancelled":
            cancelled += 1
            continue
        if entry.ignore is not None:
            long += 1
            continue
        if not first <= entry.date <= last:
            outside += 1
            continue
        if entry.time is None:
            start = dt.datetime.combine(entry.date, dt.time(0))
            end = start + dt.timedelta(days=1)
        else:
            start = dt.datetime.combine(entry.date, entry.time)
            minutes = entry.duration_min if entry.duration_min else appointment_minutes
            end = min(
                start + dt.timedelta(minutes=minutes),
                dt.datetime.combine(entry.date, dt.time(0)) + dt.timedelta(days=1),
            )
        bookings.append(Booking(start=start, end=end, title=entry.title))
    notes = [f"{len(bookings)} bookings read from {name}, at the clinic's local times ({timezone})"]
    if cancelled:
        notes.append(f"{name}: {cancelled} cancelled event{'s' if cancelled > 1 else ''} skipped")
    if long:
        notes.append(
            f"{name}: {long} events longer than a day not read as bookings; put closed days in clinic.closed_dates"
        )
    if outside:
        notes.append(f"{name}: {outside} events outside the squad's dates ({first} to {last}) left out")
    notes += [f"{name}: {warning}" for warning in data.warnings]
    return bookings, notes
