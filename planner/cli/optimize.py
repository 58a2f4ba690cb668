"""`planner optimize INPUT`: place the sessions, print them with reasons, write JSON and .ics."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from planner.cli.common import add_input_arguments, plan_from_args
from planner.cli.export import add_ics_arguments, write_ics_from_args
from planner.dates import parse_dates
from planner.errors import EXIT_NO_SCHEDULE, EXIT_OK
from planner.io import atomic_write
from planner.render import schedule_text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("optimize", help="place the sessions and explain them")
    add_input_arguments(parser)
    parser.add_argument("--json", metavar="OUT.json", help="write the schedule as JSON")
    parser.add_argument("--ics", metavar="OUT.ics", help="write the sessions as an iCalendar file")
    parser.add_argument("--time-limit", type=float, default=10.0, help="solver time limit in seconds")
    parser.add_argument("--previous", help="current session dates (comma-separated) to keep where possible")
    add_ics_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.solver import optimize  # lazy: start-up (OR-Tools)

    plan = plan_from_args(args)
    previous = parse_dates(args.previous, "--previous") if args.previous else None
    schedule = optimize(plan, time_limit=args.time_limit, previous=previous)
    print(schedule_text(plan, schedule))
    if args.json:
        atomic_write(args.json, json.dumps(schedule.to_json_dict(), indent=2, ensure_ascii=False) + "\n")
    if args.ics:
        if not schedule.found:
            print(f"(no calendar written to {args.ics}: there is no schedule)", file=sys.stderr)
        else:
            write_ics_from_args(plan, schedule, Path(args.ics), args)
    return EXIT_OK if schedule.found else EXIT_NO_SCHEDULE
