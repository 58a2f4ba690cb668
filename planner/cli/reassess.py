"""`planner reassess PLAN DATE`: record that a clinician reassessed (rule 8), in the plan file.

Sessions after a block's reassessment point are provisional (tentative in calendars) until the
reassessment is recorded; after that the sessions up to the next block's point are confirmed.
The plan file is rewritten atomically (`planner.io.save_plan`); calendars (.ics/.csv) are not plan
files and are refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.dates import long_date, parse_date
from planner.edits import forget_reassessment, record_reassessment
from planner.errors import EXIT_OK, PlannerInputError
from planner.io import CALENDAR_SUFFIXES, load_plan, save_plan


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("reassess", help="record a clinician's reassessment in the plan file")
    parser.add_argument("plan", help="plan file (.yaml/.json); it is rewritten in place")
    parser.add_argument("date", help="the day the clinician reassessed, YYYY-MM-DD")
    parser.add_argument("--undo", action="store_true", help="remove a reassessment recorded on that day")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.plan)
    if path.suffix.lower() in CALENDAR_SUFFIXES:
        raise PlannerInputError(
            "reassess records into a plan file (.yaml/.json); save the imported calendar as a plan first",
            source=str(path),
        )
    day = parse_date(args.date, "DATE")
    plan = load_plan(path)
    if args.undo:
        if day not in plan.reassessments:
            raise PlannerInputError(f"no reassessment is recorded on {day}", source=str(path))
        save_plan(forget_reassessment(plan, day), path)
        print(f"Removed the reassessment of {long_date(day)} from {path}.")
        return EXIT_OK
    edited = record_reassessment(plan, day)
    save_plan(edited, path)
    print(f"Recorded a reassessment on {long_date(day)} in {path}.")
    print("Sessions up to the next reassessment point are now confirmed: run `planner optimize` to see them.")
    return EXIT_OK
