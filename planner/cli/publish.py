"""`planner publish INPUT --caldav URL --user NAME [--password-env VAR]`: sessions into a CalDAV calendar."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from planner.cli.common import seconds
from planner.cli.export import add_ics_arguments, options_from_args
from planner.errors import EXIT_NO_SCHEDULE, EXIT_OK, PlannerInputError
from planner.io import load_plan

DEFAULT_PASSWORD_ENV = "PLANNER_CALDAV_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
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
    parser.add_argument(
        "--time-limit", type=seconds, default=10.0, metavar="SECONDS", help="solver time limit"
    )
    add_ics_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Publish; bad input, a refused password or an unreachable server raise PlannerInputError."""
    from planner.export.caldav import publish  # lazy: start-up (icalendar)
    from planner.solver import optimize  # lazy: start-up (OR-Tools)

    options = options_from_args(args)
    password = _password(args.user, args.password_env)
    plan = load_plan(args.input)
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
