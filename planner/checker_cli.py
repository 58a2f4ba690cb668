"""`planner check`: the independent checker on the command line (wired in planner/cli.py).

    planner check INPUT --dates 2027-03-02,2027-03-09 [--proposed 2027-03-05] [--json OUT]

Exit 0 when every date passes the hard rules (with --proposed: when the proposed date is fine
next to the booked ones), 1 otherwise; bad input raises PlannerInputError (exit 2 in the CLI).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Callable

from planner.checker import (
    CheckReport,
    Violation,
    check_dates,
    find_violations,
    nearest_valid_dates,
    read_calendar,
)
from planner.errors import EXIT_NO_SCHEDULE, EXIT_OK, PlannerInputError
from planner.io import atomic_write
from planner.plan import Plan

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dates",
        default="",
        metavar="YYYY-MM-DD,...",
        help="session dates to check, comma separated (with --proposed: the sessions already booked)",
    )
    parser.add_argument(
        "--proposed",
        default=None,
        metavar="YYYY-MM-DD",
        help="a date a clinician proposes: is it fine next to --dates, and if not, the nearest good dates",
    )
    parser.add_argument("--json", default=None, metavar="OUT.json", help="also write the report as JSON")


def parse_date(text: str, option: str) -> dt.date:
    text = text.strip()
    # fromisoformat alone would also take "20270302"; the documented form is YYYY-MM-DD.
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise PlannerInputError(f"{option}: {text!r} is not a date (YYYY-MM-DD)")


def parse_dates(text: str, option: str = "--dates") -> list[dt.date]:
    return [parse_date(part, option) for part in text.split(",") if part.strip()]


def run_check(plan: Plan, args: argparse.Namespace) -> int:
    """Print the check of --dates (and --proposed), write --json if asked; 0 = all fine, 1 = not."""
    dates = parse_dates(args.dates or "")
    proposed = parse_date(args.proposed, "--proposed") if getattr(args, "proposed", None) else None
    if not dates and proposed is None:
        raise PlannerInputError("--dates: give at least one session date (YYYY-MM-DD,...)")
    report = check_dates(plan, dates)
    cal = read_calendar(plan, [*dates, *([proposed] if proposed else [])])
    lines = _report_lines(report, cal.day, {pin.date for pin in plan.pinned})
    result = report.model_dump(mode="json")
    passed = report.ok
    if proposed is not None:
        nearest = nearest_valid_dates(plan, dates, proposed)
        fine = bool(nearest) and nearest[0] == proposed
        already = {violation.key for violation in find_violations(cal, dates)}
        caused = [v for v in find_violations(cal, [*dates, proposed]) if v.key not in already]
        lines.append("")
        lines += _proposed_lines(proposed, fine, caused, nearest, cal.day)
        result["proposed"] = {
            "date": proposed.isoformat(),
            "ok": fine,
            "violations": [violation.model_dump(mode="json") for violation in caused],
            "nearest_valid": [date.isoformat() for date in nearest],
        }
        # The clinician's question is about the proposed date; the booked dates are context.
        passed = fine
    if plan.athlete.screening.red_flags:
        # Rule 13: a red flag means no date is good; the runner should seek care first.
        passed = False
    print("\n".join(lines))
    if getattr(args, "json", None):
        atomic_write(args.json, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK if passed else EXIT_NO_SCHEDULE


def _report_lines(report: CheckReport, day: Callable[[dt.date], str], pinned: set[dt.date]) -> list[str]:
    lines = [f"Warning: {warning}" for warning in report.warnings]
    if report.dates:
        shown = ", ".join(day(date) for date in sorted(report.dates))
        verdict = "all pass the hard rules" if report.ok else f"{len(report.violations)} violation(s)"
        lines.append(f"Checked {len(report.dates)} date(s): {shown}: {verdict}.")
    for violation in report.violations:
        lines.append(f"  rule {violation.rule_number} ({violation.rule}): {violation.why}")
    if report.alternatives:
        lines.append("Nearest valid dates to move to:")
        for date, options in sorted(report.alternatives.items()):
            shown = ", ".join(day(option) for option in options) or (
                "none: it is pinned (unpin it to move it)"
                if date in pinned
                else "none without breaking another rule"
            )
            lines.append(f"  {day(date)} -> {shown}")
    return lines


def _proposed_lines(
    proposed: dt.date,
    fine: bool,
    caused: list[Violation],
    nearest: list[dt.date],
    day: Callable[[dt.date], str],
) -> list[str]:
    if fine:
        return [f"Proposed {day(proposed)}: fine next to the booked sessions."]
    lines = [f"Proposed {day(proposed)}: not valid next to the booked sessions."]
    lines += [f"  rule {violation.rule_number} ({violation.rule}): {violation.why}" for violation in caused]
    if nearest:
        lines.append("Nearest valid dates: " + ", ".join(day(date) for date in nearest))
    else:
        lines.append("No valid date in the block next to the booked sessions.")
    return lines
