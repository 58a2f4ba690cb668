"""Calendar export flags, shared by `planner optimize --ics FILE` and `planner publish`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from planner.io import atomic_write, read_bytes
from planner.plan import Plan
from planner.schedule import Schedule

if TYPE_CHECKING:
    from planner.export.ics import ExportOptions


def add_ics_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("calendar export")
    group.add_argument(
        "--with-workouts",
        action="store_true",
        help="also export the training workouts (category Training), not only the sessions",
    )
    group.add_argument(
        "--alarms",
        default="evening,2h",
        metavar="LIST",
        help="reminders: 'off', or a comma list of evening, evening@HH:MM, 1d, 2h, 30m (default: evening,2h)",
    )
    group.add_argument(
        "--include-health",
        action="store_true",
        help="also export focus regions, screening answers and notes (medical data: off by default)",
    )
    group.add_argument("--calendar-name", default=None, metavar="NAME", help="calendar name shown by clients")


def options_from_args(args: argparse.Namespace) -> ExportOptions:
    from planner.export.ics import ExportOptions, parse_alarms  # lazy: start-up (icalendar)

    return ExportOptions(
        alarms=parse_alarms(args.alarms or "evening,2h"),
        include_workouts=args.with_workouts,
        include_health=args.include_health,
        calendar_name=args.calendar_name,
    )


def write_ics_from_args(plan: Plan, schedule: Schedule, path: str | Path, args: argparse.Namespace) -> None:
    """Export to `path`, reusing the UIDs and SEQUENCEs of the export already there (or `plan.exported`).

    After the call `plan.exported` holds the new state, so a caller that saves the plan keeps it.
    """
    from planner.export.ics import export_ics  # lazy: start-up (icalendar)
    from planner.export.identity import read_export_state  # lazy: start-up (icalendar)

    path = Path(path)
    options = options_from_args(args)
    previous = plan.exported
    if path.exists():
        from_file = read_export_state(read_bytes(path), source=str(path))
        if from_file:
            # The file on disk is the newest export the runner may have imported.
            previous = from_file
    result = export_ics(plan, schedule, options=options, previous=previous)
    atomic_write(path, result.data)
    plan.exported = result.state
