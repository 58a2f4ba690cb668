"""Training-calendar importers: an .ics feed or a CSV export becomes a Plan and an import report.

`planner.io.load_plan` calls `import_calendar` for .ics/.ical/.csv files; the CLI and the app show
its `ImportReport`. How events are read is in `classify` (the vocabulary tables under
`vocabulary/`, one per language), `weeks` (long runs from the week's shape), `races` and `zones`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

from planner.dates import parse_date
from planner.errors import PlannerInputError
from planner.export.readback import restore_plan
from planner.importers.build import build_plan, check_keywords
from planner.importers.csv import read_csv
from planner.importers.entries import check_year, shorten
from planner.importers.ics import read_ics
from planner.importers.report import ImportReport
from planner.plan import Plan

__all__ = ["ImportReport", "ImportResult", "check_keywords", "import_calendar", "import_calendar_with_report"]

ICS_SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")


class ImportResult(NamedTuple):
    """A calendar's plan and how it was read; unpacks as `plan, report`."""

    plan: Plan
    report: ImportReport


def _as_date(value: dt.date | str | None, source: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        day = value
    elif isinstance(value, dt.datetime):
        day = value.date()
    else:
        try:
            day = parse_date(str(value), "race date")
        except PlannerInputError as error:
            raise PlannerInputError(str(error), source=source) from None
    if day is not None:
        check_year(day, "--race", source)
    return day


def _ics_text(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # RFC 5545 says UTF-8; old Outlook exports write Windows-1252.
        return data.decode("cp1252", errors="replace")


def _is_ics(data: bytes | str, source: str) -> bool:
    suffix = Path(source).suffix.lower()
    if suffix in ICS_SUFFIXES:
        return True
    if suffix == ".csv":
        return False
    head = data[:4096].upper()
    return (b"BEGIN:VCALENDAR" if isinstance(head, bytes) else "BEGIN:VCALENDAR") in head


def import_calendar_with_report(
    data: bytes | str,
    source: str,
    *,
    race: dt.date | str | None = None,
    distance: str | None = None,
    keywords: dict[str, str] | None = None,
    strict: bool = False,
    name: str | None = None,
    timezone: str | None = None,
    timezone_by: str = "--timezone",
    date_format: str | None = None,
) -> ImportResult:
    """The plan a training calendar describes and how it was read.

    Raises PlannerInputError (one line naming the file and the event or line) for unreadable input
    and, with `strict`, for events whose kind cannot be told.
    """
    race_date = _as_date(race, source)
    if _is_ics(data, source):
        calendar = read_ics(
            _ics_text(data, source), source, timezone=timezone, timezone_by=timezone_by, race=race_date
        )
    else:
        calendar = read_csv(data, source, date_format=date_format, timezone=timezone, timezone_by=timezone_by)
        if timezone is not None:
            from planner.importers.zones import iana

            zone = iana(timezone)
            if zone is None:
                raise PlannerInputError(
                    f"unknown timezone {shorten(timezone)!r} (use an IANA name like Europe/Berlin)",
                    source=source,
                )
            calendar.timezone = zone
    plan, report = build_plan(
        calendar, source, race=race_date, distance=distance, keywords=keywords, strict=strict, name=name
    )
    # A calendar this planner exported: its plan id, name, runner, timezone, settings and export
    # history come back (issue 9; the importer's one call into planner.export).
    return ImportResult(plan=restore_plan(plan, data, source), report=report)


def import_calendar(data: bytes | str, source: str, **options: Any) -> Plan:
    """The plan a training calendar describes (`import_calendar_with_report` without the report)."""
    return import_calendar_with_report(data, source, **options).plan
