"""What every command that reads a plan shares: the INPUT argument and its overrides."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.dates import parse_date
from planner.edits import apply_day_edits, apply_overrides
from planner.errors import PlannerInputError
from planner.io import load_plan_with_report
from planner.plan import DISTANCES, REGIONS, Plan

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
        "--ignore-unknown",
        action="store_true",
        help="skip calendar events whose text is not a known workout (they are listed)",
    )


def parse_keywords(items: list[str]) -> dict[str, str]:
    keywords: dict[str, str] = {}
    for item in items:
        text, sep, kind = item.partition("=")
        if not sep or not text.strip() or not kind.strip():
            raise PlannerInputError(f"--keyword: {item!r} must look like TEXT=KIND")
        keywords[text.strip()] = kind.strip()
    return keywords


def plan_from_args(args: argparse.Namespace) -> Plan:
    """Load INPUT and apply the command-line overrides; every problem is one PlannerInputError."""
    keywords = parse_keywords(args.keyword)
    race = parse_date(args.race, "--race") if args.race else None
    path = Path(args.input)
    options: dict = {}
    if path.suffix.lower() in CALENDAR_SUFFIXES:
        options = {
            "race": race,
            "distance": args.distance,
            "keywords": keywords or None,
            "ignore_unknown": args.ignore_unknown,
        }
    plan, warnings = load_plan_with_report(path, **options)
    for warning in warnings:
        print(f"planner: note: {warning}", file=sys.stderr)
    return apply_overrides(
        plan,
        race=race,
        distance=args.distance,
        focus=args.focus,
        clinic_days=args.clinic_days,
        keywords=keywords,
    )


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
