"""`planner convert INPUT OUT.yaml`: any input saved as an editable plan file.

INPUT is a plan (.yaml/.json), a training calendar (.ics/.csv) or a calendar this planner exported
(its plan, settings and export history come back). The plan file gets an id when it has none: the
one its exports already use for a plan file, a new one (uuid4) for a calendar. Written atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.common import (
    CALENDAR_SUFFIXES,
    add_day_edit_arguments,
    add_input_arguments,
    apply_day_edits_from_args,
    output_targets,
    plan_from_args,
)
from planner.errors import EXIT_OK, PlannerInputError
from planner.io import save_plan

PLAN_SUFFIXES = (".yaml", ".yml", ".json")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("convert", help="save any input (.yaml/.json/.ics/.csv) as an editable plan file")
    add_input_arguments(parser)
    parser.add_argument("output", metavar="OUT.yaml", help="the plan file to write (.yaml, .yml or .json)")
    add_day_edit_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.export.identity import plan_id, with_plan_id  # lazy: start-up (icalendar)

    output = Path(args.output)
    if output.suffix.lower() not in PLAN_SUFFIXES:
        raise PlannerInputError(f"{output}: a plan file ends in .yaml, .yml or .json")
    # Checked before reading: a folder, a device or the input itself is never written.
    output_targets(args, ("output",))
    plan = apply_day_edits_from_args(plan_from_args(args), args)
    from_calendar = Path(args.input).suffix.lower() in CALENDAR_SUFFIXES
    # A plan file's exports already use plan_id(plan): keep it, so their events stay theirs.
    plan = with_plan_id(plan, known=None if from_calendar else plan_id(plan))
    save_plan(plan, output)
    print(
        f"Saved {output}: {len(plan.training)} training days, {len(plan.races)} races, "
        f"{len(plan.pinned)} pinned sessions, plan id {plan.id}."
    )
    return EXIT_OK
