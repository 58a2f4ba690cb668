"""What every command that reads a plan shares: the INPUT argument, its overrides, the output files."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planner.dates import parse_date
from planner.edits import apply_day_edits, apply_overrides
from planner.errors import PlannerInputError, shorten
from planner.io import load_plan_with_report, output_file
from planner.plan import DISTANCES, REGIONS, Plan
from planner.sanity import far_races, model_refusal

if TYPE_CHECKING:
    from planner.importers.report import ImportReport

CALENDAR_SUFFIXES = (".ics", ".ical", ".csv")


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="plan (.yaml/.json) or training calendar (.ics/.csv)")
    parser.add_argument("--race", help="A race date YYYY-MM-DD (adds or replaces the A race)")
    parser.add_argument("--distance", choices=DISTANCES, help="A race distance (with --race)")
    parser.add_argument(
        "--focus", action="append", default=[], help=f"focus region(s), comma-separated: {', '.join(REGIONS)}"
    )
    parser.add_argument("--clinic-days", help="clinic open weekdays, e.g. mon,wed,fri")
    parser.add_argument(
        "--keyword",
        action="append",
        default=[],
        metavar="TEXT=KIND",
        help="extra workout keyword for calendar imports, e.g. 'Yasso=quality'",
    )
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the runner's timezone for a calendar import (IANA, e.g. Pacific/Auckland): timed events "
        "land on their local dates",
    )
    parser.add_argument(
        "--date-format",
        metavar="FORMAT",
        help="date order of a CSV whose dates cannot tell, e.g. dd/mm/yyyy or mm/dd/yyyy",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first calendar event whose kind cannot be told (default: treat it as possibly hard)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="plan even when a race lies more than 4 weeks outside the training (usually a typo in the year)",
    )


def seconds(text: str) -> float:
    """`--time-limit`: a positive, finite number of seconds (argparse turns the error into one line)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shorten(text, 40)!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{shorten(text, 40)!r}: give a positive number of seconds")
    return value


def parse_keywords(items: list[str]) -> dict[str, str]:
    keywords: dict[str, str] = {}
    for item in items:
        text, sep, kind = item.partition("=")
        if not sep or not text.strip() or not kind.strip():
            raise PlannerInputError(f"--keyword: {shorten(item)!r} must look like TEXT=KIND")
        keywords[text.strip()] = kind.strip()
    return keywords


def load_input(args: argparse.Namespace) -> tuple[Plan, ImportReport | None]:
    """Load INPUT and apply the command-line overrides; every problem is one PlannerInputError.

    A calendar's import report goes to stderr, one line per assumption, and is returned for the
    JSON output.
    """
    from planner.render import import_report_lines  # lazy: start-up

    keywords = parse_keywords(args.keyword)
    race = parse_date(args.race, "--race") if args.race else None
    path = Path(args.input)
    options: dict = {}
    if path.suffix.lower() in CALENDAR_SUFFIXES:
        options = {
            "race": race,
            "distance": args.distance,
            "keywords": keywords or None,
            "strict": args.strict,
            "timezone": args.timezone,
            "date_format": args.date_format,
        }
    elif args.timezone or args.date_format or args.strict:
        used = "--timezone" if args.timezone else "--date-format" if args.date_format else "--strict"
        raise PlannerInputError(
            f"{used} is for calendar imports (.ics, .csv), not a plan file", source=str(path)
        )
    plan, report = load_plan_with_report(path, **options)
    if report is not None:
        print("\n".join(import_report_lines(report)), file=sys.stderr)
    plan = apply_overrides(
        plan,
        race=race,
        distance=args.distance,
        focus=args.focus,
        clinic_days=args.clinic_days,
        keywords=keywords,
    )
    if not getattr(args, "force", True):
        _refuse_far_races(plan, race, str(path))
    return plan, report


def plan_from_args(args: argparse.Namespace) -> Plan:
    """`load_input` without the report."""
    return load_input(args)[0]


def plannable(plan: Plan, source: str) -> Plan:
    """`plan` if the model can plan it at all (`planner.sanity.model_refusal`), else one error line
    naming the file: optimize and check ask this; `rules` does not need training."""
    refusal = model_refusal(plan)
    if refusal:
        raise PlannerInputError(refusal, source=source)
    return plan


def _refuse_far_races(plan: Plan, race: object, source: str) -> None:
    """A race far outside the training is almost always a wrong year: refused unless --force."""
    for far, words in far_races(plan):
        where = "--race" if far.date == race else source
        raise PlannerInputError(f"{words}, or pass --force", source=where)


def output_targets(
    args: argparse.Namespace,
    flags: Sequence[str],
    replaceable: Mapping[str, Callable[[Path], bool]] | None = None,
) -> dict[str, Path]:
    """The files named by output flags (`--json`, `--ics`), checked before any work is done.

    Each must be a regular file we may write (`planner.io.output_file`), none may be the input
    and no two the same file: writing one would destroy the other. `replaceable[flag](input)`
    says when that flag may name the input after all (`--ics` onto the calendar this planner
    exported, which a re-plan updates in place).
    """
    targets: dict[str, Path] = {}
    claimed: dict[str, str] = {}
    given = Path(args.input) if getattr(args, "input", None) else None
    for flag in flags:
        value = getattr(args, flag.lstrip("-").replace("-", "_"), None)
        if value is None:
            continue
        label = f"{flag} {shorten(value, 80)}" if value else flag
        target = output_file(value, label)
        real = os.path.realpath(target)
        may_replace = replaceable is not None and flag in replaceable
        if given is not None and _same_file(target, given) and not (may_replace and replaceable[flag](given)):
            raise PlannerInputError("is the input file; it is never overwritten", source=label)
        if real in claimed:
            raise PlannerInputError(
                f"is also the {claimed[real]} output; name two different files", source=label
            )
        claimed[real] = flag
        targets[flag] = target
    return targets


def _same_file(target: Path, given: Path) -> bool:
    try:
        return os.path.realpath(target) == os.path.realpath(given) or (
            target.exists() and given.exists() and os.path.samefile(target, given)
        )
    except OSError:
        return False


def add_day_edit_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("re-planning")
    group.add_argument(
        "--pin", action="append", default=[], metavar="DATE", help="keep a session on DATE (repeatable)"
    )
    group.add_argument(
        "--unpin", action="append", default=[], metavar="DATE", help="let the pinned session on DATE move"
    )
    group.add_argument(
        "--forbid",
        action="append",
        default=[],
        metavar="DATE",
        help="keep DATE free of sessions (repeatable)",
    )


def apply_day_edits_from_args(plan: Plan, args: argparse.Namespace) -> Plan:
    """--unpin, --forbid and --pin applied through `planner.edits`."""
    return apply_day_edits(
        plan,
        pins=[parse_date(day, "--pin") for day in args.pin],
        unpins=[parse_date(day, "--unpin") for day in args.unpin],
        forbids=[parse_date(day, "--forbid") for day in args.forbid],
        note="pinned on the command line",
    )
