"""Calendar export flags, shared by `planner optimize --ics FILE` and `planner publish`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerInputError
from planner.io import atomic_write, read_bytes
from planner.limits import MAX_NAME, text_problem
from planner.plan import ExportedSession, Plan
from planner.schedule import Schedule

if TYPE_CHECKING:
    from planner.export.ics import ExportOptions


def add_ics_arguments(parser: argparse.ArgumentParser, *, calendar_name: bool = True) -> None:
    """The calendar flags; `calendar_name=False` for commands that write many calendars (`squad`)."""
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
    if calendar_name:
        group.add_argument(
            "--calendar-name", default=None, metavar="NAME", help="calendar name shown by clients"
        )


def options_from_args(args: argparse.Namespace) -> ExportOptions:
    from planner.export.ics import ExportOptions, parse_alarms  # lazy: start-up (icalendar)

    calendar_name = getattr(args, "calendar_name", None)  # `squad` names its many calendars itself
    if calendar_name is not None:
        # The name becomes X-WR-CALNAME: the same one-line rule as every name in a plan.
        problem = text_problem(calendar_name, MAX_NAME)
        if problem:
            raise PlannerInputError(f"--calendar-name: {problem}")
    return ExportOptions(
        alarms=parse_alarms(args.alarms or "evening,2h"),
        include_workouts=args.with_workouts,
        include_health=args.include_health,
        calendar_name=calendar_name,
    )


def write_ics_from_args(
    plan: Plan,
    schedule: Schedule,
    path: str | Path,
    args: argparse.Namespace,
    *,
    previous: list[ExportedSession] | None = None,
    now: dt.datetime | None = None,
    label: str | None = None,
) -> None:
    """Export to `path` against its history: `previous` when given, else the export already at
    `path` (what the runner imported), else `plan.exported`. The same call as the app's download
    (`export_ics`), so the same plan and history give the same bytes.

    After the call `plan.exported` holds the new history, so a caller that saves the plan keeps it.
    `label` names the output in errors (`--ics out.ics`).
    """
    from planner.export.ics import export_ics  # lazy: start-up (icalendar)

    path = Path(path)
    options = options_from_args(args)
    if previous is None:
        previous = export_history(plan, path, label)
    result = export_ics(plan, schedule, options=options, previous=previous, now=now)
    atomic_write(path, result.data, label)
    plan.exported = result.state


def export_history(plan: Plan, path: str | Path | None, label: str | None = None) -> list[ExportedSession]:
    """The history an export to `path` continues (see `identity.previous_state`). Read before any
    solving: a file there that is not a calendar is refused, never overwritten later."""
    from planner.export.identity import previous_state  # lazy: start-up (icalendar)

    path = Path(path) if path is not None else None
    existing = read_bytes(path) if path is not None and path.exists() else None
    return previous_state(plan, existing, label or str(path))


def is_planner_export(path: Path) -> bool:
    """Whether `path` is a calendar this planner exported (its events carry X-PLANNER-KIND): the
    one input an `--ics` export may replace, since the new export is the same calendar, updated."""
    from planner.export.identity import read_export_state  # lazy: start-up (icalendar)

    try:
        return bool(read_export_state(read_bytes(path), str(path)))
    except PlannerInputError:
        return False
