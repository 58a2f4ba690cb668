"""`planner optimize INPUT`: place the sessions, print them with reasons, write JSON and .ics.

Re-planning: when `--ics OUT` already holds this plan's sessions (or the plan remembers an
export), their dates are the previous plan and the solver changes as little as it can (the
minimal-change term); `--previous` names other dates, `--fresh` ignores them. `--pin`, `--unpin`
and `--forbid` edit the plan first. A session that was dropped and not replaced gets a warning
that says why.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from planner.cli.common import (
    add_day_edit_arguments,
    add_input_arguments,
    apply_day_edits_from_args,
    load_input,
    output_targets,
    plannable,
    seconds,
)
from planner.cli.export import (
    add_ics_arguments,
    export_history,
    is_planner_export,
    options_from_args,
    write_ics_from_args,
)
from planner.dates import parse_dates
from planner.errors import EXIT_NO_SCHEDULE, EXIT_OK
from planner.io import atomic_write
from planner.render import replan_summary, schedule_text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("optimize", help="place the sessions and explain them")
    add_input_arguments(parser)
    parser.add_argument("--json", metavar="OUT.json", help="write the schedule as JSON")
    parser.add_argument("--ics", metavar="OUT.ics", help="write the sessions as an iCalendar file")
    parser.add_argument(
        "--time-limit",
        type=seconds,
        default=10.0,
        metavar="SECONDS",
        help="time limit for the whole command, conflict explanation included (default 10)",
    )
    parser.add_argument(
        "--previous",
        help="current session dates (comma-separated) to keep where possible "
        "(default: the sessions already in --ics OUT)",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="plan from scratch: ignore the sessions already exported"
    )
    add_day_edit_arguments(parser)
    add_ics_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.export.identity import adopt_plan_id, session_dates  # lazy: start-up (icalendar)
    from planner.model import Deadline  # lazy: start-up (OR-Tools)
    from planner.replan import unreplaced_warnings  # lazy: start-up (OR-Tools)
    from planner.solver import optimize  # lazy: start-up (OR-Tools)

    # The clock starts here: --time-limit bounds reading, solving and explaining together.
    deadline = Deadline.after(args.time_limit)
    # Outputs and export options are checked before any work: a device, a folder or the input
    # file as an output, or a bad --alarms, is refused at once.
    targets = output_targets(args, ("--json", "--ics"), replaceable={"--ics": is_planner_export})
    if "--ics" in targets:
        options_from_args(args)
    plan, imported = load_input(args)
    plan = plannable(apply_day_edits_from_args(plan, args), args.input)
    history = export_history(plan, args.ics, f"--ics {args.ics}")
    plan = adopt_plan_id(plan, history)
    previous, source = None, ""
    if args.previous:
        previous, source = parse_dates(args.previous, "--previous"), "--previous"
    elif not args.fresh:
        previous = session_dates(plan, history) or None
        source = args.ics if args.ics and Path(args.ics).exists() else "the plan's last export"
    schedule = optimize(plan, time_limit=args.time_limit, previous=previous, deadline=deadline)
    if previous:
        schedule.warnings.extend(unreplaced_warnings(plan, previous, schedule))
    # Files first: a reader that closes stdout early (`| head`) must not cost the user the files.
    if "--json" in targets:
        result = schedule.to_json_dict()
        if imported is not None:
            result["import"] = imported.model_dump(mode="json")
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        atomic_write(targets["--json"], text, f"--json {args.json}")
    if "--ics" in targets:
        if not schedule.found:
            print(f"(no calendar written to {args.ics}: there is no schedule)", file=sys.stderr)
        else:
            write_ics_from_args(
                plan, schedule, targets["--ics"], args, previous=history, label=f"--ics {args.ics}"
            )
    print(schedule_text(plan, schedule))
    if previous and schedule.found:
        words = replan_summary(previous, schedule.dates)[1]
        print(f"\nRe-planned against {len(previous)} sessions from {source} (--fresh ignores them). {words}")
    return EXIT_OK if schedule.found else EXIT_NO_SCHEDULE
