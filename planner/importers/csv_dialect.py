"""How a CSV file is written: its bytes (BOM, UTF-8, UTF-16, Windows-1252), its separator, its
records with the line each starts on, and its date order (issue 8 item 5).

The date order is never guessed: ISO and year-first dates read as they are; day/month and
month/day are told apart by a day above 12 somewhere in the file; a file where no date says (every
day is 12 or less) gets one clear error naming an example row and the --date-format option.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass

from planner.errors import PlannerInputError
from planner.importers.entries import check_year, shorten

DELIMITERS = (",", ";", "\t", "|")
DATE_PARTS = re.compile(r"^\s*(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})\s*$")
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


def delimiter_of(text: str) -> str:
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


def read_records(text: str, delimiter: str, source: str) -> list[tuple[int, list[str]]]:
    """(line the record starts on, cells) for every non-blank record; quoted cells may span lines."""
    # strict: an unterminated quote is an error, not one cell swallowing the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
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


def strptime_format(spec: str) -> str:
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


def date_text(value: str) -> str:
    # Exports write a date or a timestamp ("2027-01-05T00:00:00", "2027-01-05 06:30"): the date part.
    return re.split(r"[T ]", value.strip(), maxsplit=1)[0]


@dataclass(frozen=True)
class DateOrder:
    """How the file writes dates: a strptime format, or an ISO-style year-first order."""

    format: str | None  # None: year first (ISO and the like)
    why: str

    @property
    def shown(self) -> str:
        """The order as people write it: 'dd/mm/yyyy', 'YYYY-MM-DD'."""
        if self.format is None:
            return "YYYY-MM-DD"
        shown = self.format
        for token, code in _FORMAT_TOKENS[:4]:
            shown = shown.replace(code, token)
        return shown


def date_order(rows: list[tuple[int, str]], given: str | None, source: str) -> DateOrder:
    if given:
        return DateOrder(strptime_format(given), f"--date-format {given}")
    day_first = month_first = None
    example = None
    separator = "/"
    year_first = True
    for line, raw in rows:
        parts = DATE_PARTS.match(date_text(raw))
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
    year = "%Y" if any(len(date_text(raw).split(separator)[-1]) == 4 for _, raw in rows) else "%y"
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
        f"is above 12: give the date order (--date-format dd{separator}mm{separator}yyyy or "
        f'mm{separator}dd{separator}yyyy, or the app\'s "Date order in a CSV")',
        source=source,
    )


def parse_cell_date(raw: str, order: DateOrder, line: int, column: str, source: str) -> dt.date:
    text = date_text(raw)
    try:
        if order.format is None:
            parts = re.split(r"[./-]", text)
            if len(parts) != 3:
                raise ValueError(text)
            day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        else:
            day = dt.datetime.strptime(text, order.format).date()
    except (ValueError, OverflowError):
        raise PlannerInputError(
            f"{column} {shorten(raw, 30)!r} is not a date (expected {order.shown})", source=source, line=line
        ) from None
    check_year(day, column, source, line)
    return day
