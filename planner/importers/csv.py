"""Read a CSV training calendar: TrainingPeaks, intervals.icu and Final Surge exports, spreadsheets.

Everything about the file is detected and reported, never assumed: its bytes, separator and date
order (`csv_dialect.py`), and its columns: header names in six languages (the vocabulary's
`headers`), so "Datum;Einheit", "Fecha<TAB>Entrenamiento" and TrainingPeaks'
"WorkoutDay,Title,WorkoutType" all work; a file without a header is `date,title[,description][,kind]`.
Numbers accept decimal commas ("21,1"). Every error names the line the record starts on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.errors import PlannerInputError
from planner.importers.csv_dialect import (
    DATE_PARTS,
    DateOrder,
    date_order,
    date_text,
    decode,
    delimiter_of,
    parse_cell_date,
    read_records,
)
from planner.importers.entries import CalendarData, CalendarEntry, shorten
from planner.importers.text import KM_PER_MILE, number_unit
from planner.importers.vocabulary import fold, vocabulary
from planner.plan import WORKOUT_KINDS

# A workout is at most a day long and 500 km (an ultra); anything bigger is a typo or an attack.
MAX_MINUTES = 24 * 60
MAX_KM = 500.0
# intervals.icu categories and TrainingPeaks workout types that hold no workout.
NOTE_TYPES = frozenset(
    {
        "note",
        "notes",
        "metrics",
        "metric",
        "holiday",
        "sick",
        "injured",
        "set eftp",
        "fitness days",
        "target",
        "season start",
    }
)
RACE_CATEGORIES = {"race a": "A", "race b": "B", "race c": "C", "race": None}


def _number(raw: str) -> float:
    value = raw.strip().replace("\u00a0", "").replace(" ", "")
    if "," in value and "." in value:
        value = (
            value.replace(",", "")
            if value.rfind(".") > value.rfind(",")
            else value.replace(".", "").replace(",", ".")
        )
    elif "," in value:
        value = value.replace(",", ".")
    if len(value) > 30:
        raise ValueError(raw)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(raw)
    return number


def _clock_minutes(raw: str) -> float:
    parts = [_number(p) for p in raw.strip().split(":")]
    if len(parts) == 2:
        return parts[0] * 60 + parts[1]
    if len(parts) == 3:
        return parts[0] * 60 + parts[1] + parts[2] / 60
    raise ValueError(raw)


@dataclass(frozen=True)
class Columns:
    """Which column holds what (the vocabulary's header roles), by index."""

    roles: dict[str, int]
    descriptions: tuple[int, ...]
    names: list[str]

    def get(self, row: list[str], role: str) -> str:
        index = self.roles.get(role)
        return row[index].strip() if index is not None and index < len(row) else ""


def _columns(header: list[str]) -> Columns:
    headers = vocabulary().headers
    roles: dict[str, int] = {}
    descriptions: list[int] = []
    for index, name in enumerate(header[:500]):
        role = headers.get(fold(name))
        if role is None:
            continue
        if role == "description":
            descriptions.append(index)
        roles.setdefault(role, index)
    return Columns(roles=roles, descriptions=tuple(descriptions), names=[name.strip() for name in header])


def _dialect(columns: Columns) -> str:
    names = {fold(n) for n in columns.names}
    if {"workoutday", "workouttype"} & names:
        return "CSV (TrainingPeaks export)"
    if {"start date local", "moving time"} & names:
        return "CSV (intervals.icu events)"
    if "activity type" in names or "workout name" in names:
        return "CSV (Final Surge workouts)"
    return "CSV (spreadsheet)"


def _found(columns: Columns) -> str:
    """The header's first names, short: a 10,000-column header must stay one short line."""
    named = [shorten(n, 20) for n in columns.names if n.strip()]
    shown = ", ".join(named[:5])
    return shown + (f" and {len(named) - 5} more" if len(named) > 5 else "")


def _distance(columns: Columns, row: list[str], line: int, source: str, unit: str) -> float | None:
    for role, factor in (
        ("distance_km", 1.0),
        ("distance_mi", KM_PER_MILE),
        ("distance_m", 0.001),
        ("distance", None),
    ):
        raw = columns.get(row, role)
        if not raw:
            continue
        name = columns.names[columns.roles[role]]
        try:
            value = _number(raw)
        except ValueError:
            raise PlannerInputError(
                f"{shorten(name, 30)} {shorten(raw, 30)!r} is not a distance{_IN.get(role, '')}",
                source=source,
                line=line,
            ) from None
        if factor is None:
            stated = fold(columns.get(row, "distance_unit"))
            if stated in ("mi", "mile", "miles"):
                factor = KM_PER_MILE
            elif stated in ("m", "meter", "meters", "metre", "metres"):
                factor = 0.001
            elif stated in ("km", "kilometer", "kilometers", "kilometre", "kilometres"):
                factor = 1.0
            else:
                # intervals.icu writes meters; a spreadsheet's "Distance" of 8 is km.
                factor = 0.001 if unit == "m" or value >= 200 else 1.0
        km = value * factor
        if km > MAX_KM:
            raise PlannerInputError(
                f"{shorten(name, 30)} {shorten(raw, 30)!r} is more than {MAX_KM:g} km",
                source=source,
                line=line,
            )
        return round(km, 2) or None
    return None


def _duration(columns: Columns, row: list[str], line: int, source: str) -> int | None:
    for role in ("duration_min", "duration_h", "duration_s", "duration"):
        raw = columns.get(row, role)
        if not raw:
            continue
        name = columns.names[columns.roles[role]]
        try:
            if ":" in raw:
                minutes = _clock_minutes(raw)
            else:
                value = _number(raw)
                minutes = {"duration_h": value * 60, "duration_s": value / 60}.get(role, value)
        except ValueError:
            unit = {"duration_h": "hours (e.g. 1.5)", "duration_s": "seconds"}.get(role, "minutes")
            raise PlannerInputError(
                f"{shorten(name, 30)} {shorten(raw, 30)!r} is not a number of {unit}",
                source=source,
                line=line,
            ) from None
        if minutes > MAX_MINUTES:
            raise PlannerInputError(
                f"{shorten(name, 30)} {shorten(raw, 30)!r} is longer than a day", source=source, line=line
            )
        return round(minutes) or None
    return None


def _sport(raw: str) -> tuple[str | None, str | None, str | None]:
    """(sport, ignore reason, priority) from a type or category cell."""
    folded = fold(raw)
    if not folded:
        return None, None, None
    if folded in NOTE_TYPES:
        return None, "note", None
    if folded in RACE_CATEGORIES:
        return "run", None, RACE_CATEGORIES[folded] or "race"
    vocab = vocabulary()
    if folded in vocab.sports:
        return vocab.sports[folded], None, None
    phrase = vocab.phrases.get(folded)
    if phrase is not None and phrase.meaning == "run":
        return "run", None, None
    if folded in ("workout",):
        return None, None, None
    return "other", None, None


def _layout(
    records: list[tuple[int, list[str]]], source: str
) -> tuple[Columns, list[tuple[int, list[str]]], bool]:
    """The columns, the data rows and whether the first record is a header."""
    header = records[0][1]
    columns = _columns(header)
    if "title" in columns.roles and ("date" in columns.roles or "end_date" in columns.roles):
        return columns, records[1:], True
    if DATE_PARTS.match(date_text(header[0])) and len(header) >= 2:
        plain = Columns(
            roles={"date": 0, "title": 1, "description": 2, "kind": 3},
            descriptions=(2,),
            names=["date", "title", "description", "kind"],
        )
        return plain, records, False
    if _dialect(columns) == "CSV (TrainingPeaks export)":
        missing = " and ".join(
            name for name, role in (("WorkoutDay", "date"), ("Title", "title")) if role not in columns.roles
        )
        raise PlannerInputError(
            f"missing column {missing} (a TrainingPeaks export needs Title, WorkoutType, WorkoutDay; "
            f"found: {_found(columns)})",
            source=source,
            line=1,
        )
    raise PlannerInputError(
        "cannot find the columns: expected a date and a title column (Date, Title, or their names in "
        f"de/fr/es/it/nl) or date,title[,description]; found: {_found(columns)}",
        source=source,
        line=1,
    )


@dataclass(frozen=True)
class _Reader:
    """What every row needs: the columns, the date column and order, the file's distance unit."""

    columns: Columns
    date_column: int
    order: DateOrder
    has_header: bool
    unit: str
    source: str

    def entry(self, line: int, row: list[str]) -> CalendarEntry | None:
        columns, source = self.columns, self.source

        def cell(role: str) -> str:
            return columns.get(row, role)

        raw_day = row[self.date_column].strip() if self.date_column < len(row) else ""
        if not raw_day:
            return None
        name = columns.names[self.date_column] if self.has_header else "date"
        day = parse_cell_date(raw_day, self.order, line, name, source)
        ignore = None
        if cell("end_date") and self.has_header:
            end_name = columns.names[columns.roles["end_date"]]
            if parse_cell_date(cell("end_date"), self.order, line, end_name, source) > day:
                ignore = "multi_day"
        sport, note, priority = _sport(cell("sport"))
        category_sport, category_note, category_priority = _sport(cell("category"))
        priority = priority or category_priority
        sport = sport if sport is not None else (category_sport if category_sport != "other" else None)
        kind = cell("kind").lower().replace(" ", "_").replace("-", "_") or None
        if kind is not None and kind not in WORKOUT_KINDS:
            raise PlannerInputError(
                f"kind {shorten(cell('kind'), 30)!r} is not a workout kind (one of: {', '.join(WORKOUT_KINDS)})",
                source=source,
                line=line,
            )
        return CalendarEntry(
            date=day,
            title=cell("title") or (cell("sport") if sport == "rest" else ""),
            # The first description column (TrainingPeaks' CoachComments is the second).
            description=next(
                (row[i].strip() for i in columns.descriptions if i < len(row) and row[i].strip()), ""
            ),
            duration_min=_duration(columns, row, line, source),
            distance_km=_distance(columns, row, line, source, self.unit),
            line=line,
            kind=kind,
            sport=sport,
            sport_label=cell("sport") or cell("category"),
            priority=None if priority == "race" else priority,
            ignore=note or category_note or ignore,
        )


def read_csv(
    data: bytes | str,
    source: str,
    *,
    date_format: str | None = None,
    timezone: str | None = None,
    timezone_by: str = "--timezone",
) -> CalendarData:
    """The rows of a CSV export as entries (module docstring)."""
    text, encoding = decode(data, source)
    delimiter = delimiter_of(text)
    records = read_records(text, delimiter, source)
    if not records:
        raise PlannerInputError("the CSV file has no rows", source=source)
    columns, rows, has_header = _layout(records, source)
    date_column = _date_column(columns, rows)
    dates = [
        (line, row[date_column]) for line, row in rows if date_column < len(row) and row[date_column].strip()
    ]
    order = date_order(dates, date_format, source)
    dialect = _dialect(columns) if has_header else "CSV (date,title[,description][,kind] without a header)"
    reader = _Reader(
        columns, date_column, order, has_header, "m" if "intervals.icu" in dialect else "", source
    )
    entries = [entry for line, row in rows if (entry := reader.entry(line, row)) is not None]
    in_miles = "distance_mi" in columns.roles or any(
        fold(columns.get(row, "distance_unit")) in ("mi", "miles", "mile") for _, row in rows[:50]
    )
    return CalendarData(
        entries=sorted(entries, key=lambda e: e.date),
        timezone=timezone or "UTC",
        timezone_reason=f"given with {timezone_by}"
        if timezone
        else "a CSV has dates only; give the runner's timezone (--timezone, or the app's timezone field) for calendar exports",
        format=dialect,
        details=[f"{encoding}, separated by {_DELIMITER_NAMES[delimiter]}", f"dates {order.why}"],
        number_unit="mi" if in_miles else number_unit([e.title for e in entries]),
    )


_IN = {"distance_km": " in km", "distance_mi": " in miles", "distance_m": " in meters"}
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}


def _date_column(columns: Columns, rows: list[tuple[int, list[str]]]) -> int:
    """The date column: the header says which; when two could be (Hansons' 'Date' and 'Day'), the
    one whose cells are dates."""
    headers = vocabulary().headers
    candidates = [i for i, name in enumerate(columns.names) if headers.get(fold(name)) == "date"]
    if not candidates:
        return columns.roles["date"]

    def dates(index: int) -> int:
        return sum(1 for _, row in rows[:50] if index < len(row) and DATE_PARTS.match(date_text(row[index])))

    return max(candidates, key=lambda i: (dates(i), -i))
