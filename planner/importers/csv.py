"""Read a coaching platform's CSV export (TrainingPeaks-like) or a plain `date,title[,description]` file.

TrainingPeaks exports one row per planned workout: Title, WorkoutType, WorkoutDescription,
PlannedDuration (hours, decimal), PlannedDistanceInMeters, WorkoutDay (YYYY-MM-DD) and many
columns we do not need. Final Surge and spreadsheets people keep by hand look like the plain form.
Every error names the line the record starts on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from planner.dates import parse_date
from planner.errors import PlannerInputError
from planner.importers.entries import CalendarData, CalendarEntry
from planner.importers.keywords import WORKOUT_KINDS

# WorkoutType -> kind it decides; None: read the title. Notes carry no workout at all.
WORKOUT_TYPES: dict[str, str | None] = {
    "run": None,
    "running": None,
    "other": None,
    "custom": None,
    "brick": None,
    "": None,
    "bike": "cross_training",
    "mountain bike": "cross_training",
    "mtb": "cross_training",
    "swim": "cross_training",
    "xc-ski": "cross_training",
    "xc ski": "cross_training",
    "rowing": "cross_training",
    "walk": "cross_training",
    "walking": "cross_training",
    "hike": "cross_training",
    "crosstrain": "cross_training",
    "cross train": "cross_training",
    "cross-train": "cross_training",
    "cross training": "cross_training",
    "elliptical": "cross_training",
    "yoga": "cross_training",
    "strength": "strength",
    "strength training": "strength",
    "race": "race",
    "day off": "rest",
    "off": "rest",
    "rest": "rest",
    "rest day": "rest",
}
NOTE_TYPES = frozenset({"note", "notes", "metrics", "metric", "event"})

_TP_COLUMNS = ("Title", "WorkoutType", "WorkoutDescription", "PlannedDuration", "PlannedDistanceInMeters")
_PLAIN_DATE = ("date", "day", "workoutday", "workout date")
_PLAIN_TITLE = ("title", "workout", "summary", "name", "session")
_PLAIN_DESCRIPTION = ("description", "details", "notes", "workoutdescription")


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", "", name.strip().lower())


def _parse_date(value: str) -> dt.date | None:
    # Exports write a date or a timestamp; either way its date part must be YYYY-MM-DD.
    day = value.strip().replace("T", " ").split(" ")[0]
    try:
        return parse_date(day, "date")
    except PlannerInputError:
        return None


def _delimiter(text: str) -> str:
    # Spreadsheets in many locales write ';'; some tools write tabs. The header line decides.
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=header.count)


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(line the record starts on, cells) for every non-blank record; quoted cells may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    records = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                records.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise PlannerInputError(f"not a readable CSV file ({exc})", line=reader.line_num) from None
    return records


def _hours_to_minutes(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if ":" in value:  # "1:30:00" as some exports write it
        parts = [float(p) for p in value.split(":")]
        hours = parts[0] + parts[1] / 60 + (parts[2] / 3600 if len(parts) > 2 else 0)
    else:
        hours = float(value)
    minutes = round(hours * 60)
    if not 0 <= minutes <= 24 * 60:
        raise ValueError(value)
    return minutes or None


def _meters_to_km(value: str) -> float | None:
    value = value.strip().replace(",", "")
    if not value:
        return None
    km = float(value) / 1000
    if not 0 <= km <= 500:
        raise ValueError(value)
    return round(km, 2) or None


def _read_trainingpeaks(records: list[tuple[int, list[str]]], columns: dict[str, int], source: str) -> list:
    def cell(row: list[str], name: str) -> str:
        index = columns.get(_key(name))
        return row[index].strip() if index is not None and index < len(row) else ""

    entries = []
    for line, row in records[1:]:
        raw_day = cell(row, "WorkoutDay")
        day = _parse_date(raw_day)
        if day is None:
            raise PlannerInputError(
                f"WorkoutDay {raw_day!r} is not a date (expected YYYY-MM-DD)", source=source, line=line
            )
        workout_type = cell(row, "WorkoutType").lower()
        if workout_type in NOTE_TYPES:
            continue
        kind = WORKOUT_TYPES.get(workout_type)
        title = cell(row, "Title") or (cell(row, "WorkoutType") if kind == "rest" else "")
        try:
            duration = _hours_to_minutes(cell(row, "PlannedDuration"))
        except ValueError:
            raise PlannerInputError(
                f"PlannedDuration {cell(row, 'PlannedDuration')!r} is not a number of hours (e.g. 1.5)",
                source=source,
                line=line,
            ) from None
        raw_distance = cell(row, "PlannedDistanceInMeters")
        try:
            distance = _meters_to_km(raw_distance)
        except ValueError:
            raise PlannerInputError(
                f"PlannedDistanceInMeters {raw_distance!r} is not a distance in meters",
                source=source,
                line=line,
            ) from None
        entries.append(
            CalendarEntry(
                date=day,
                title=title,
                description=cell(row, "WorkoutDescription"),
                duration_min=duration,
                distance_km=distance,
                line=line,
                kind=kind,
            )
        )
    return entries


def _read_plain(records: list[tuple[int, list[str]]], has_header: bool, source: str) -> list:
    date_col, title_col, description_col, kind_col = 0, 1, 2, None
    if has_header:
        header = [_key(name) for name in records[0][1]]
        date_col = next(i for i, name in enumerate(header) if name in _PLAIN_DATE)
        title_col = next(i for i, name in enumerate(header) if name in _PLAIN_TITLE)
        description_col = next((i for i, name in enumerate(header) if name in _PLAIN_DESCRIPTION), None)
        kind_col = next((i for i, name in enumerate(header) if name in ("kind", "type", "workouttype")), None)
    entries = []
    for line, row in records[1:] if has_header else records:

        def cell(index: int | None, row: list[str] = row) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        day = _parse_date(cell(date_col))
        if day is None:
            raise PlannerInputError(
                f"date {cell(date_col)!r} is not a date (expected YYYY-MM-DD)", source=source, line=line
            )
        kind = cell(kind_col).lower().replace(" ", "_") or None
        if kind is not None and kind not in WORKOUT_KINDS:
            raise PlannerInputError(
                f"kind {cell(kind_col)!r} is not a workout kind (one of: {', '.join(WORKOUT_KINDS)})",
                source=source,
                line=line,
            )
        entries.append(
            CalendarEntry(
                date=day, title=cell(title_col), description=cell(description_col), line=line, kind=kind
            )
        )
    return entries


def read_csv(text: str, source: str) -> CalendarData:
    """The rows of a CSV export as entries; the kind the file states outright is kept."""
    try:
        records = _records(text)
    except PlannerInputError as exc:
        raise PlannerInputError(str(exc).split(": ", 1)[-1], source=source, line=exc.line) from None
    if not records:
        raise PlannerInputError("the CSV file has no rows", source=source)
    header = records[0][1]
    columns = {_key(name): index for index, name in enumerate(header)}
    found = ", ".join(name.strip() for name in header if name.strip())
    if "workoutday" in columns or sum(_key(name) in columns for name in _TP_COLUMNS) >= 2:
        missing = [name for name in ("WorkoutDay", "Title") if _key(name) not in columns]
        if missing:
            raise PlannerInputError(
                f"missing column {' and '.join(missing)} (a TrainingPeaks export needs Title, WorkoutType, "
                f"WorkoutDay; found: {found})",
                source=source,
                line=1,
            )
        entries = _read_trainingpeaks(records, columns, source)
    elif any(name in _PLAIN_DATE for name in columns) and any(name in _PLAIN_TITLE for name in columns):
        entries = _read_plain(records, has_header=True, source=source)
    elif _parse_date(header[0]) is not None and len(header) >= 2:
        entries = _read_plain(records, has_header=False, source=source)
    else:
        raise PlannerInputError(
            "cannot find the columns: expected a TrainingPeaks export (Title, WorkoutType, WorkoutDay, ...) "
            f"or date,title[,description]; found: {found}",
            source=source,
            line=1,
        )
    return CalendarData(entries=sorted(entries, key=lambda e: e.date))
