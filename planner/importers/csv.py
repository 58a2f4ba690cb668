"""Read a CSV training calendar: TrainingPeaks, intervals.icu and Final Surge exports, spreadsheets.

Everything about the dialect is detected and reported, never assumed:
- bytes: a UTF-8 or UTF-16 BOM, else UTF-8, else Windows-1252 (older Excel "CSV" in Europe);
- the separator: `,` `;` tab or `|`, whichever splits the first lines into the same number of cells;
- the columns: header names in six languages (the vocabulary's `headers`), so "Datum;Einheit",
  "Fecha<TAB>Entrenamiento" and TrainingPeaks' "WorkoutDay,Title,WorkoutType" all work; a file
  without a header is `date,title[,description][,kind]`;
- the date order: ISO, or day/month/year vs month/day/year decided by a day above 12 somewhere in
  the file; when no row decides, one clear error names an example row and asks for --date-format.
Numbers accept decimal commas ("21,1"). Every error names the line the record starts on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections import Counter
from dataclasses import dataclass

from planner.errors import PlannerInputError
from planner.importers.entries import CalendarData, CalendarEntry, check_year, shorten
from planner.importers.text import KM_PER_MILE
from planner.importers.vocabulary import fold, vocabulary
from planner.plan import WORKOUT_KINDS

DELIMITERS = (",", ";", "\t", "|")
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
_DATE_PARTS = re.compile(r"^\s*(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})\s*$")
_FORMAT_TOKENS = (("yyyy", "%Y"), ("yy", "%y"), ("dd", "%d"), ("mm", "%m"), ("d", "%d"), ("m", "%m"))


def decode(data: bytes | str, source: str) -> tuple[str, str]:
    """(text, encoding name) for a CSV's bytes (module docstring)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), "text"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise PlannerInputError("is not valid UTF-16 text", source=source) from None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            raise PlannerInputError(f"is not valid UTF-8 (byte {exc.start + 3})", source=source) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return text, "Windows-1252 (not valid UTF-8)"


def _delimiter(text: str) -> str:
    """The separator that splits the first lines into the most cells, the same number each time."""
    lines = [line for line in text.splitlines()[:30] if line.strip()][:20]
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]
        except csv.Error:
            continue
        if not counts or max(counts) < 2:
            continue
        common, times = Counter(counts).most_common(1)[0]
        score = (times, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _records(text: str, delimiter: str, source: str) -> list[tuple[int, list[str]]]:
    """(line the record starts on, cells) for every non-blank record; quoted cells may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                records.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise PlannerInputError(
            f"not a readable CSV file ({shorten(str(exc), 100)})", source=source, line=reader.line_num
        ) from None
    return records


def _format(spec: str) -> str:
    """'dd/mm/yyyy' or '%d/%m/%Y' -> a strptime format."""
    if "%" in spec:
        return spec
    out, index, lowered = "", 0, spec.lower()
    while index < len(lowered):
        for token, code in _FORMAT_TOKENS:
            if lowered.startswith(token, index):
                out += code
                index += len(token)
                break
        else:
            out += spec[index]
            index += 1
    return out


def _date_text(value: str) -> str:
    # Exports write a date or a timestamp ("2027-01-05T00:00:00", "2027-01-05 06:30"): the date part.
    return re.split(r"[T ]", value.strip(), maxsplit=1)[0]


@dataclass(frozen=True)
class DateOrder:
    """How the file writes dates: a strptime format, or an ISO-style year-first order."""

    format: str | None  # None: year first (ISO and the like)
    why: str


def _order(rows: list[tuple[int, str]], given: str | None, source: str) -> DateOrder:
    if given:
        return DateOrder(_format(given), f"--date-format {given}")
    day_first = month_first = None
    example = None
    separator = "/"
    year_first = True
    for line, raw in rows:
        parts = _DATE_PARTS.match(_date_text(raw))
        if not parts:
            continue
        first, separator, second, third = parts.groups()
        if len(first) == 4:
            continue
        year_first = False
        example = example or (line, raw)
        if int(first) > 12 and day_first is None:
            day_first = (line, raw)
        if int(second) > 12 and month_first is None:
            month_first = (line, raw)
        del third
    if year_first:
        return DateOrder(None, "year first (ISO)")
    year = "%Y" if any(len(_date_text(raw).split(separator)[-1]) == 4 for _, raw in rows) else "%y"
    if day_first and month_first:
        raise PlannerInputError(
            f"dates mix day-first (line {day_first[0]}: {shorten(day_first[1], 20)!r}) and month-first "
            f"(line {month_first[0]}: {shorten(month_first[1], 20)!r})",
            source=source,
        )
    if day_first:
        return DateOrder(
            f"%d{separator}%m{separator}{year}",
            f"day/month/year ({shorten(day_first[1], 20)} on line {day_first[0]} has a day above 12)",
        )
    if month_first:
        return DateOrder(
            f"%m{separator}%d{separator}{year}",
            f"month/day/year ({shorten(month_first[1], 20)} on line {month_first[0]} has a day above 12)",
        )
    line, raw = example or rows[0]
    raise PlannerInputError(
        f"dates like {shorten(raw, 20)!r} (line {line}) could be day/month or month/day and no day in the file "
        f"is above 12: give --date-format dd{separator}mm{separator}yyyy or mm{separator}dd{separator}yyyy",
        source=source,
    )


def _parse_date(raw: str, order: DateOrder, line: int, column: str, source: str) -> dt.date:
    text = _date_text(raw)
    try:
        if order.format is None:
            parts = re.split(r"[./-]", text)
            if len(parts) != 3:
                raise ValueError(text)
            day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        else:
            day = dt.datetime.strptime(text, order.format).date()
    except (ValueError, OverflowError):
        expected = order.format or "YYYY-MM-DD"
        raise PlannerInputError(
            f"{column} {shorten(raw, 30)!r} is not a date ({expected})", source=source, line=line
        ) from None
    check_year(day, column, source, line)
    return day


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
    named = [shorten(n, 30) for n in columns.names if n][:8]
    more = (
        f" and {len([n for n in columns.names if n]) - 8} more"
        if len([n for n in columns.names if n]) > 8
        else ""
    )
    return ", ".join(named) + more


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
                f"{shorten(name, 30)} {shorten(raw, 30)!r} is not a distance", source=source, line=line
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
    delimiter = _delimiter(text)
    records = _records(text, delimiter, source)
    if not records:
        raise PlannerInputError("the CSV file has no rows", source=source)
    header = records[0][1]
    columns = _columns(header)
    has_header = "title" in columns.roles and ("date" in columns.roles or "end_date" in columns.roles)
    if not has_header:
        if _DATE_PARTS.match(_date_text(header[0])) and len(header) >= 2:
            columns = Columns(
                roles={"date": 0, "title": 1, "description": 2, "kind": 3},
                descriptions=(2,),
                names=["date", "title", "description", "kind"],
            )
        else:
            raise PlannerInputError(
                "cannot find the columns: expected a date column and a title column (a header such as Date, "
                f"Title or their German, French, Spanish, Italian or Dutch names) or date,title[,description]; "
                f"found: {_found(columns)}",
                source=source,
                line=1,
            )
    rows = records[1:] if has_header else records
    date_role = _date_column(columns, rows)
    order = _order(
        [(line, row[date_role]) for line, row in rows if date_role < len(row) and row[date_role].strip()],
        date_format,
        source,
    )
    unit = "m" if _dialect(columns) == "CSV (intervals.icu events)" else ""
    entries = []
    miles = 0
    for line, row in rows:

        def cell(role: str, row: list[str] = row) -> str:
            return columns.get(row, role)

        raw_day = row[date_role].strip() if date_role < len(row) else ""
        if not raw_day:
            continue
        day = _parse_date(raw_day, order, line, columns.names[date_role] if has_header else "date", source)
        ignore = None
        end_raw = cell("end_date")
        if end_raw and has_header:
            end = _parse_date(end_raw, order, line, columns.names[columns.roles["end_date"]], source)
            if end > day:
                ignore = "multi_day"
        sport, note, priority = _sport(cell("sport"))
        category_sport, category_note, category_priority = _sport(cell("category"))
        ignore = note or category_note or ignore
        priority = priority or category_priority
        sport = sport if sport is not None else (category_sport if category_sport != "other" else None)
        kind = cell("kind").lower().replace(" ", "_").replace("-", "_") or None
        if kind is not None and kind not in WORKOUT_KINDS:
            raise PlannerInputError(
                f"kind {shorten(cell('kind'), 30)!r} is not a workout kind (one of: {', '.join(WORKOUT_KINDS)})",
                source=source,
                line=line,
            )
        description = "\n".join(
            row[index].strip() for index in columns.descriptions if index < len(row) and row[index].strip()
        )
        if "distance_mi" in columns.roles or fold(cell("distance_unit")) in ("mi", "miles", "mile"):
            miles += 1
        entries.append(
            CalendarEntry(
                date=day,
                title=cell("title") or (cell("sport") if sport == "rest" else ""),
                description=description,
                duration_min=_duration(columns, row, line, source),
                distance_km=_distance(columns, row, line, source, unit),
                line=line,
                kind=kind,
                sport=sport,
                sport_label=cell("sport") or cell("category"),
                priority=None if priority == "race" else priority,
                ignore=ignore,
            )
        )
    details = [f"{encoding}, separated by {_DELIMITER_NAMES[delimiter]}", f"dates {order.why}"]
    return CalendarData(
        entries=sorted(entries, key=lambda e: e.date),
        timezone=timezone or "UTC",
        timezone_reason=f"given with {timezone_by}"
        if timezone
        else "a CSV has dates only; give --timezone for the runner's zone (used by calendar exports)",
        format=_dialect(columns) if has_header else "CSV (date,title[,description][,kind] without a header)",
        details=details,
        number_unit="mi" if miles * 2 > len(entries) or _titles_in_miles(entries) else "km",
    )


_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}


def _titles_in_miles(entries: list[CalendarEntry]) -> bool:
    miles = sum(1 for e in entries[:2000] if re.search(r"\d\s*(?:mi|mile|miles)\b", fold(e.title[:200])))
    km = sum(1 for e in entries[:2000] if re.search(r"\d\s*(?:km|k)\b", fold(e.title[:200])))
    return miles > km


def _date_column(columns: Columns, rows: list[tuple[int, list[str]]]) -> int:
    """The date column: the header says which; when two could be (Hansons' 'Date' and 'Day'), the
    one whose cells are dates."""
    headers = vocabulary().headers
    candidates = [i for i, name in enumerate(columns.names) if headers.get(fold(name)) == "date"]
    if not candidates:
        return columns.roles["date"]

    def dates(index: int) -> int:
        return sum(
            1 for _, row in rows[:50] if index < len(row) and _DATE_PARTS.match(_date_text(row[index]))
        )

    return max(candidates, key=lambda i: (dates(i), -i))
