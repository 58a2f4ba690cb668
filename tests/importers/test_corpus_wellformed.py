"""The real-calendar corpus checks itself: every file parses as its format, every expectation matches the
dates the file really has events on, and the corpus covers enough shapes and languages to be a test.

These tests read the files with icalendar, recurring-ical-events and the csv module only: no planner
code, so a mistake in the corpus cannot hide behind a mistake in the importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from tests.importers.corpus_expectations import (
    CORPUS,
    HARD_KINDS,
    POSSIBLY_HARD,
    Case,
    calendar_files,
    load_cases,
)

CASES = load_cases()


def _ids(case: Case) -> str:
    return case.name


def _csv_rows(case: Case) -> tuple[list[str], list[dict[str, str]]]:
    assert case.csv is not None
    text = case.data.decode(case.csv.encoding)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=case.csv.delimiter)
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _csv_event_dates(case: Case) -> set[dt.date]:
    assert case.csv is not None
    dates: set[dt.date] = set()
    _, rows = _csv_rows(case)
    for row in rows:
        first = dt.datetime.strptime(row[case.csv.date_column], case.csv.date_format).date()
        last = first
        if case.csv.end_date_column and row[case.csv.end_date_column]:
            last = dt.datetime.strptime(row[case.csv.end_date_column], case.csv.date_format).date()
        dates.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return dates


def _ics_event_dates(case: Case) -> set[dt.date]:
    """Local dates in the runner's zone with at least one event (cancelled ones included)."""
    calendar = Calendar.from_ical(case.data)
    zone = ZoneInfo(case.timezone)
    dates: set[dt.date] = set()
    for event in recurring_ical_events.of(calendar).between((2020, 1, 1), (2031, 1, 1)):
        start = event.decoded("DTSTART")
        if isinstance(start, dt.datetime):
            local = start.astimezone(zone) if start.tzinfo else start
            dates.add(local.date())
            continue
        end = event.decoded("DTEND") if "DTEND" in event else start + dt.timedelta(days=1)
        dates.update(start + dt.timedelta(days=i) for i in range((end - start).days))
    return dates


def test_the_corpus_is_large_and_varied_enough_to_be_a_test() -> None:
    assert len(CASES) >= 20
    assert len({case.language for case in CASES}) >= 6
    assert len({case.shape for case in CASES}) >= 8
    assert {".ics", ".csv"} <= {case.path.suffix for case in CASES}


def test_every_expectation_has_its_calendar_file() -> None:
    stems = {path.stem for path in calendar_files()}
    for expected in CORPUS.glob("*.expected.yaml"):
        assert expected.name.removesuffix(".expected.yaml") in stems, expected.name


@pytest.mark.parametrize("case", [c for c in CASES if c.path.suffix == ".ics"], ids=_ids)
def test_ics_file_parses_and_is_wire_clean(case: Case) -> None:
    calendar = Calendar.from_ical(case.data)
    assert calendar.walk("VEVENT"), case.name
    # A second reader nobody here wrote (it refuses events without DTSTAMP or UID).
    assert len(vobject.readOne(case.data.decode("utf-8")).contents["vevent"]) == len(calendar.walk("VEVENT"))
    lines = case.data.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in b"".join(lines), "CRLF line endings only"
    assert max(len(line) for line in lines) <= 75, "lines folded at 75 octets"


@pytest.mark.parametrize("case", [c for c in CASES if c.path.suffix == ".csv"], ids=_ids)
def test_csv_file_parses_with_its_declared_dialect(case: Case) -> None:
    assert case.csv is not None, "a CSV expectation declares its csv: dialect"
    header, rows = _csv_rows(case)
    assert case.csv.date_column in header
    assert rows, "rows after the header"
    for number, row in enumerate(rows, start=2):
        assert None not in row and None not in row.values(), f"line {number} has a different number of fields"
        dt.datetime.strptime(row[case.csv.date_column], case.csv.date_format)
    if case.csv.encoding == "utf-8-sig":
        assert case.data.startswith(b"\xef\xbb\xbf")
    if case.csv.encoding == "cp1252":
        with pytest.raises(UnicodeDecodeError):
            case.data.decode("utf-8")


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_expected_days_are_exactly_the_local_dates_with_events(case: Case) -> None:
    actual = _csv_event_dates(case) if case.path.suffix == ".csv" else _ics_event_dates(case)
    expected = set(case.days)
    assert min(expected) >= min(actual) and max(expected) <= max(actual), (
        "expected dates inside the file's range"
    )
    assert expected - actual == set(), "expected dates without an event"
    assert actual - expected == set(), "dates with an event but no expectation"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_every_file_has_races_and_enough_hard_days(case: Case) -> None:
    assert case.races, "at least one race"
    assert len(case.hard_days) >= 6
    race_days = {day for day, kind in case.days.items() if kind == "race"}
    assert race_days == {race.date for race in case.races}
    assert any(race.priority == "A" for race in case.races)
    assert set(case.days.values()) <= HARD_KINDS | {POSSIBLY_HARD, "ignored"} | {
        "easy",
        "recovery",
        "strides",
        "rest",
        "cross_training",
        "strength",
    }


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_possibly_hard_days_say_why(case: Case) -> None:
    text = case.path.with_name(case.path.stem + ".expected.yaml").read_text(encoding="utf-8")
    lines = [
        line
        for line in text.splitlines()
        if line.strip().endswith(POSSIBLY_HARD) or f": {POSSIBLY_HARD} " in line
    ]
    assert len(lines) == len(case.possibly_hard_days)
    for line in lines:
        assert "#" in line, f"possibly_hard needs a comment saying why: {line.strip()}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_an_expected_error_is_the_ambiguous_date_case(case: Case) -> None:
    if case.error is None:
        assert case.retry_options == {}
        if case.csv is not None and not case.csv.date_format.startswith("%Y"):
            # A day-first or month-first file must give itself away: some day is above 12.
            assert any(day.day > 12 for day in case.days)
        return
    # Every day <= 12: the file cannot say dd/mm from mm/dd, so only --date-format can.
    assert case.csv is not None
    assert all(day.day <= 12 for day in case.days)
    assert "date_format" not in case.import_options
    assert case.retry_options.get("date_format") == case.csv.date_format
