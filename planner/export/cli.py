"""Command-line glue for the calendar export: flags for `planner optimize --ics` and `planner publish`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from planner.errors import EXIT_BAD_INPUT, EXIT_NO_SCHEDULE, EXIT_OK, PlannerInputError
from planner.export.caldav import publish
from planner.export.ics import ExportOptions, export_ics, parse_alarms, read_export_state
from planner.io import atomic_write, read_bytes
from planner.plan import Plan
from planner.schedule import Schedule

DEFAULT_PASSWORD_ENV = "PLANNER_CALDAV_PASSWORD"


def add_ics_arguments(parser: argparse.ArgumentParser) -> None:
    """The export flags (shared by `planner optimize --ics FILE` and `planner publish`)."""
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
    return ExportOptions(
        alarms=parse_alarms(getattr(args, "alarms", None) or "evening,2h"),
        include_workouts=bool(getattr(args, "with_workouts", False)),
        include_health=bool(getattr(args, "include_health", False)),
        calendar_name=getattr(args, "calendar_name", None),
    )


def write_ics_from_args(plan: Plan, schedule: Schedule, path: str | Path, args: argparse.Namespace) -> None:
    """Export to `path`, reusing the UIDs and SEQUENCEs of the export already there (or `plan.exported`).

    After the call `plan.exported` holds the new state, so a caller that saves the plan keeps it.
    """
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


def register_publish(
    subparsers: argparse._SubParsersAction, load_plan_fn: Callable[[str], Plan]
) -> argparse.ArgumentParser:
    """Add `planner publish INPUT --caldav URL --user NAME [--password-env VAR]`."""
    parser = subparsers.add_parser(
        "publish",
        # Without this, `--password X` would be read as an abbreviation of --password-env.
        allow_abbrev=False,
        help="solve a plan and publish its sessions to a CalDAV calendar",
        description=(
            "Solve INPUT and create, update or delete this plan's sessions in a CalDAV calendar. "
            "Other events in the calendar are never touched; "
            "publishing again with no change changes nothing. "
            f"The password comes from ${DEFAULT_PASSWORD_ENV} (or --password-env VAR), or a prompt."
        ),
    )
    parser.add_argument("input", help="plan file (.yaml/.json) or training calendar (.ics/.csv)")
    parser.add_argument("--caldav", required=True, metavar="URL", help="the calendar collection's URL")
    parser.add_argument("--user", default=None, metavar="NAME", help="CalDAV user name")
    parser.add_argument(
        "--password-env",
        default=DEFAULT_PASSWORD_ENV,
        metavar="VAR",
        help=f"environment variable holding the password (default {DEFAULT_PASSWORD_ENV})",
    )
    parser.add_argument("--time-limit", type=float, default=10.0, metavar="SECONDS", help="solver time limit")
    add_ics_arguments(parser)

    def run_publish(args: argparse.Namespace) -> int:
        return _publish_command(args, load_plan_fn)

    parser.set_defaults(func=run_publish)
    return parser


def _publish_command(args: argparse.Namespace, load_plan_fn: Callable[[str], Plan]) -> int:
    try:
        options = options_from_args(args)
        password = _password(args.user, args.password_env)
        plan = load_plan_fn(args.input)
        from planner.solver import optimize

        schedule = optimize(plan, time_limit=args.time_limit)
        if not schedule.found:
            # Publishing an empty result would delete every session already in the calendar.
            print(
                f"planner publish: no schedule ({schedule.status}); nothing published. "
                f"Run `planner optimize {args.input}` to see why.",
                file=sys.stderr,
            )
            return EXIT_NO_SCHEDULE
        result = publish(plan, schedule, args.caldav, args.user, password, options=options)
    except PlannerInputError as exc:
        print(f"planner publish: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Published {len(schedule.sessions)} sessions to {args.caldav}: {result.summary()}")
    return EXIT_OK


def _password(user: str | None, env_var: str) -> str | None:
    # Never a command-line flag: argv is visible to every user on the machine (ps, shell history).
    if not user:
        return None
    if env_var in os.environ:
        return os.environ[env_var]
    if sys.stdin.isatty():
        try:
            return getpass.getpass(f"CalDAV password for {user}: ")
        except (EOFError, KeyboardInterrupt):
            raise PlannerInputError("no password given") from None
    raise PlannerInputError(
        f"--user {user} needs a password: set ${env_var} or run in a terminal to be asked"
    )
