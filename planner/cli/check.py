"""`planner check INPUT --dates ... [--proposed DATE]`: the independent checker on the command line.

Exit 0 when every date passes the hard rules (with --proposed: when the proposed date is fine
next to the booked ones), 1 otherwise; bad input raises PlannerInputError (exit 2 in `main`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from planner.checker import check_dates, check_proposed, read_calendar
from planner.cli.common import add_input_arguments, load_input, output_targets, plannable
from planner.dates import parse_date, parse_dates
from planner.errors import EXIT_NO_SCHEDULE, EXIT_OK, PlannerInputError
from planner.io import atomic_write
from planner.plan import Plan
from planner.render import booked_problem_lines, check_report_lines, proposed_lines

if TYPE_CHECKING:
    from planner.importers.report import ImportReport


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="check session dates against the hard rules")
    add_input_arguments(parser)
    add_check_arguments(parser)
    parser.set_defaults(func=_run)


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


def _run(args: argparse.Namespace) -> int:
    # The output is checked before the work: a folder or a device as --json is refused at once.
    targets = output_targets(args, ("--json",))
    plan, imported = load_input(args)
    return run_check(plannable(plan, args.input), args, imported, targets.get("--json"))


def run_check(
    plan: Plan, args: argparse.Namespace, imported: ImportReport | None = None, json_path: Path | None = None
) -> int:
    """Print the check of --dates (and --proposed), write --json if asked; 0 = all fine, 1 = not.
    `imported`: how a calendar INPUT was read, kept in the JSON as "import"."""
    if json_path is None and args.json is not None:
        json_path = output_targets(args, ("--json",))["--json"]
    dates = parse_dates(args.dates or "", "--dates")
    proposed = parse_date(args.proposed, "--proposed") if args.proposed else None
    if not dates and proposed is None:
        raise PlannerInputError("--dates: give at least one session date (YYYY-MM-DD,...)")
    report = check_dates(plan, dates)
    day = read_calendar(plan, [*dates, *([proposed] if proposed else [])]).day
    pinned = {pin.date for pin in plan.pinned}
    result = report.model_dump(mode="json")
    passed = report.ok
    if proposed is None:
        lines = check_report_lines(report, day, pinned)
    else:
        # The clinician's question first and only about that date; the booked set's own problems
        # after it, labelled, and the screening warnings last.
        answer = check_proposed(plan, dates, proposed)
        lines = proposed_lines(answer, day, dates)
        block = booked_problem_lines(report, day, pinned, proposed)
        lines += ["", *block] if block else []
        lines += [f"Warning: {warning}" for warning in report.warnings]
        result["proposed"] = answer.model_dump(mode="json")
        passed = answer.ok
    if plan.athlete.screening.red_flags:
        # Rule 13: a red flag means no date is good; the runner should seek care first.
        passed = False
    # The file first: a reader that closes stdout early (`| head`) must not cost the user the file.
    if json_path is not None:
        if imported is not None:
            result["import"] = imported.model_dump(mode="json")
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        atomic_write(json_path, text, f"--json {args.json}")
    print("\n".join(lines))
    return EXIT_OK if passed else EXIT_NO_SCHEDULE
