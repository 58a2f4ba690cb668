"""Training-calendar importers: an .ics feed or a CSV export becomes a Plan.

`planner.io.load_plan` calls `import_calendar` for .ics/.ical/.csv files. The CLI and the app call
`import_calendar_with_report` to show what was skipped. Workout kinds come from the text through
`classify` and `DEFAULT_KEYWORDS`, which the user extends with their own phrases.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from planner.dates import parse_date
from planner.errors import PlannerInputError
from planner.export.readback import restore_plan
from planner.importers.build import build_plan, check_keywords
from planner.importers.csv import read_csv
from planner.importers.ics import read_ics
from planner.importers.keywords import DEFAULT_KEYWORDS, classify
from planner.plan import Plan

__all__ = ["DEFAULT_KEYWORDS", "check_keywords", "classify", "import_calendar", "import_calendar_with_report"]

ICS_SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")


def _as_date(value: dt.date | str | None, source: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return parse_date(str(value), "race date")
    except PlannerInputError as error:
        raise PlannerInputError(str(error), source=source) from None


def import_calendar_with_report(
    text: str,
    source: str,
    *,
    race: dt.date | None = None,
    distance: str | None = None,
    keywords: dict[str, str] | None = None,
    ignore_unknown: bool = False,
    name: str | None = None,
    timezone: str | None = None,
) -> tuple[Plan, list[str]]:
    """The plan a training calendar describes, and warnings (skipped unknown events and the like).

    Raises PlannerInputError (one line naming the file and event or line) for unreadable input and,
    unless `ignore_unknown`, for workout text no keyword matches.
    """
    race_date = _as_date(race, source)
    suffix = Path(source).suffix.lower()
    if suffix == ".csv" or (suffix not in ICS_SUFFIXES and "BEGIN:VCALENDAR" not in text[:4096].upper()):
        data = read_csv(text, source)
        if timezone is not None:
            data.timezone = timezone
    else:
        data = read_ics(text, source, timezone=timezone, race=race_date)
    plan, warnings = build_plan(
        data,
        source,
        race=race_date,
        distance=distance,
        keywords=keywords,
        ignore_unknown=ignore_unknown,
        name=name,
    )
    # A calendar this planner exported: its plan id, name, runner, timezone, settings and export
    # history come back (issue 9; the importer's one call into planner.export).
    return restore_plan(plan, text, source), warnings


def import_calendar(text: str, source: str, **options: Any) -> Plan:
    """Same as `import_calendar_with_report` (same options) without the warnings."""
    return import_calendar_with_report(text, source, **options)[0]
