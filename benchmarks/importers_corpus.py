"""Read every calendar of the real-calendar corpus and print how well it was read, as a markdown table.

    python benchmarks/importers_corpus.py [--runs 3]

Per file: the expected hard days and how many the importer found, easy days it called hard or
possibly hard, possibly-hard days read as unknown, races read exactly (date, priority, taper
class), days whose kind matches the expectation exactly, and the median import time. The test
`tests/importers/test_corpus_reading.py` asserts the first four; this script only prints.
Then the import of a few hostile calendars (issue 13): time and peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from planner.errors import PlannerInputError  # noqa: E402
from planner.importers import ImportResult, import_calendar_with_report  # noqa: E402
from planner.plan import HARD_KINDS  # noqa: E402
from tests.importers.corpus_expectations import Case, load_cases, strongest_kinds  # noqa: E402


def read(case: Case) -> ImportResult:
    try:
        return import_calendar_with_report(case.data, str(case.path), **case.import_options)
    except PlannerInputError:
        if case.error is None:
            raise
        return import_calendar_with_report(case.data, str(case.path), **case.retry_options)


def day_kinds(result: ImportResult) -> dict[dt.date, str]:
    kinds = strongest_kinds(result.plan)
    ignored = {note.date for note in result.report.ignored}
    return kinds | {day: "ignored" for day in ignored if day not in kinds}


def hostile() -> list[tuple[str, str]]:
    def event(summary: str, start: str, extra: str = "") -> str:
        return (
            f"BEGIN:VEVENT\r\nUID:{summary[:10]}{start}\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:{start}\r\n"
            f"SUMMARY:{summary}\r\n{extra}END:VEVENT\r\n"
        )

    base = event("Tempo 5 km", "20270302T060000Z") + event("City 10K race", "20270328T090000Z")
    return [
        (
            "RRULE FREQ=SECONDLY, no end",
            base + event("Easy run", "20270301T060000Z", "RRULE:FREQ=SECONDLY\r\n"),
        ),
        (
            "RRULE FREQ=DAILY;COUNT=10000000",
            base + event("Easy run", "20270301T060000Z", "RRULE:FREQ=DAILY;COUNT=10000000\r\n"),
        ),
        ("RRULE FREQ=DAILY from 1900", base + event("Easy run", "19000101T060000Z", "RRULE:FREQ=DAILY\r\n")),
        ("1 MB SUMMARY", base + event("X" * 1_000_000, "20270305T060000Z")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}\n")
    print(
        "| file | hard days expected | found | easy called hard | possibly hard read | races exact | kinds exact | ms |"
    )
    print("|---|---|---|---|---|---|---|---|")
    totals = [0] * 7
    for case in load_cases():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = read(case)
            times.append(time.perf_counter() - start)
        kinds = day_kinds(result)
        hard = case.hard_days
        found = sum(1 for day in hard if kinds.get(day) in HARD_KINDS)
        easy_hard = sum(1 for day in case.not_hard_days if kinds.get(day) in HARD_KINDS | {"unknown"})
        possibly = sum(1 for day in case.possibly_hard_days if kinds.get(day) == "unknown")
        races = {(r.date, r.priority, r.distance) for r in result.plan.races}
        races_ok = sum(1 for r in case.races if (r.date, r.priority, r.distance) in races)
        exact = sum(1 for day, kind in case.days.items() if kinds.get(day) == kind)
        row = [len(hard), found, easy_hard, possibly, races_ok, exact, len(case.days)]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(
            f"| {case.name} | {len(hard)} | {found} | {easy_hard} | {possibly}/{len(case.possibly_hard_days)} "
            f"| {races_ok}/{len(case.races)} | {exact}/{len(case.days)} | {statistics.median(times) * 1000:.0f} |"
        )
    expected_possibly = sum(len(c.possibly_hard_days) for c in load_cases())
    expected_races = sum(len(c.races) for c in load_cases())
    print(
        f"| **all {len(load_cases())}** | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]}/{expected_possibly} "
        f"| {totals[4]}/{expected_races} | {totals[5]}/{totals[6]} | |"
    )
    print("\n| hostile .ics | seconds | peak MB (tracemalloc) | result |\n|---|---|---|---|")
    for name, events in hostile():
        text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:bench\r\n{events}END:VCALENDAR\r\n"
        tracemalloc.start()
        start = time.perf_counter()
        try:
            result = import_calendar_with_report(text, "hostile.ics")
            outcome = f"read, {len(result.report.warnings)} warning(s)"
        except PlannerInputError as error:
            outcome = f"refused: {str(error)[:60]}"
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"| {name} | {elapsed:.2f} | {peak / 1e6:.1f} | {outcome} |")


if __name__ == "__main__":
    main()
