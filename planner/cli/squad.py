"""`planner squad SQUAD.yaml`: plan a squad of runners into one clinic's appointments.

Prints every runner's sessions at their appointment times with reasons and what planning
together cost them, the clinic's busiest days, or the shortage with its checked fix; writes the
JSON, one calendar per runner (`--ics-dir`) and the clinic's roster (`--roster-ics`,
`--roster-csv`). Re-planning: the previous plan (`--previous FILE`, else the `--json`,
`--roster-ics` or `--roster-csv` output already on disk; `--fresh` ignores them) is kept as far as
the runners' rules allow, and the output lists who moved.

Exit codes as for `optimize`: 0 every runner has sessions at appointments; 1 a shortage, no plan
within the time limit, or a runner with no schedule (their own rules conflict, or a red flag);
2 bad input.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from planner.cli.export import add_ics_arguments, export_history, options_from_args
from planner.errors import EXIT_NO_SCHEDULE, EXIT_OK, PlannerInputError
from planner.io import atomic_write, read_bytes


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("squad", help="plan a squad of runners into one clinic's appointments")
    parser.add_argument(
        "squad", help="squad file (.yaml/.json): the clinic and its runners (planner schema --squad)"
    )
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="solver time limit in seconds (default 60)"
    )
    parser.add_argument("--json", metavar="OUT.json", help="write the squad plan as JSON")
    parser.add_argument("--ics-dir", metavar="DIR", help="write one calendar (.ics) per runner into DIR")
    parser.add_argument(
        "--roster-ics", metavar="OUT.ics", help="write the clinic's roster (names and purposes only)"
    )
    parser.add_argument("--roster-csv", metavar="OUT.csv", help="write the clinic's roster as CSV")
    parser.add_argument(
        "--previous",
        metavar="FILE",
        help="the previous squad plan to keep where possible: its --json, or its roster (.ics/.csv) "
        "(default: the --json, --roster-ics or --roster-csv output already on disk)",
    )
    parser.add_argument("--fresh", action="store_true", help="plan from scratch: ignore any previous plan")
    add_ics_arguments(parser, calendar_name=False)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # lazy: start-up (OR-Tools, icalendar)
    from planner.render import import_report_lines
    from planner.squad import plan_squad
    from planner.squad.files import load_squad
    from planner.squad.render import replan_lines, squad_text
    from planner.squad.summary import Summary, summarise

    if not math.isfinite(args.time_limit) or args.time_limit <= 0:
        raise PlannerInputError(f"--time-limit: {args.time_limit!r} must be a positive number of seconds")
    _check_outputs(args)
    options = options_from_args(args)  # bad --alarms fail before the solve
    loaded = load_squad(args.squad)
    for name, report in loaded.imports.items():
        print(f"{name}: " + "\n".join(import_report_lines(report)), file=sys.stderr)
    previous, source = _previous(args)
    squad = loaded.squad
    result = plan_squad(squad, previous=previous or None, time_limit=args.time_limit)
    found = result.status in ("optimal", "feasible")
    summary = summarise(squad, result) if found else Summary()
    print(squad_text(squad, result, summary, loaded.notes))
    if previous and found:
        print("\n" + "\n".join(replan_lines(previous, result, source)))
    if args.json:
        _write(
            args.json,
            json.dumps(_json(loaded, result, summary, source, previous), indent=2, ensure_ascii=False) + "\n",
        )
    if found:
        _write_calendars(args, squad, result, options)
    elif args.ics_dir or args.roster_ics or args.roster_csv:
        print("(no calendars or roster written: there is no squad plan)", file=sys.stderr)
    everyone = all(outcome.status == "planned" for outcome in result.runners)
    return EXIT_OK if found and everyone else EXIT_NO_SCHEDULE


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse outputs that cannot be written before a long solve, not after it."""
    squad = Path(args.squad).resolve()
    for option, value in (
        ("--json", args.json),
        ("--roster-ics", args.roster_ics),
        ("--roster-csv", args.roster_csv),
    ):
        if value is None:
            continue
        path = Path(value)
        if path.is_dir():
            raise PlannerInputError(f"{option}: is a directory, not a file", source=value)
        if path.resolve() == squad:
            raise PlannerInputError(f"{option}: would overwrite the squad file", source=value)
    if args.ics_dir is not None and Path(args.ics_dir).exists() and not Path(args.ics_dir).is_dir():
        raise PlannerInputError("--ics-dir: exists and is not a directory", source=args.ics_dir)


def _previous(args: argparse.Namespace) -> tuple[dict, str]:
    """The previous plan's appointments per runner, and where they came from."""
    from planner.export.squad import read_previous  # lazy: start-up (icalendar)

    if args.previous:
        path = Path(args.previous)
        return read_previous(path, read_bytes(path)), args.previous
    if args.fresh:
        return {}, ""
    for value in (args.json, args.roster_ics, args.roster_csv):
        if value and Path(value).is_file():
            try:
                return read_previous(Path(value), read_bytes(Path(value))), value
            except PlannerInputError as exc:
                print(f"note: {exc}; planning from scratch", file=sys.stderr)
                return {}, ""
    return {}, ""


def _write(path: str | Path, content: str | bytes) -> None:
    try:
        atomic_write(path, content)
    except OSError as exc:
        raise PlannerInputError(f"cannot write ({exc.strerror or exc})", source=str(path)) from None


def _write_calendars(args: argparse.Namespace, squad, result, options) -> None:
    from planner.export.squad import (
        export_roster,
        export_runner,
        roster_csv,
        runner_export_plan,
        runner_file_names,
    )

    if args.ics_dir:
        folder = Path(args.ics_dir)
        names = runner_file_names(runner.name for runner in squad.runners)
        written = 0
        for outcome in result.runners:
            if outcome.status != "planned":
                continue
            path = folder / names[outcome.name]
            history = export_history(runner_export_plan(squad, outcome.name), path)
            _write(path, export_runner(squad, outcome, options=options, history=history).data)
            written += 1
        print(f"Wrote {written} runner calendars to {folder}", file=sys.stderr)
    if args.roster_ics:
        from planner.export.squad import roster_plan

        history = export_history(roster_plan(squad), args.roster_ics)
        _write(args.roster_ics, export_roster(squad, result, history=history).data)
    if args.roster_csv:
        _write(args.roster_csv, roster_csv(result))


def _json(loaded, result, summary, source: str, previous: dict) -> dict:
    """The squad plan with everything the text says: costs, busiest days, how the inputs were read."""
    data = result.model_dump(mode="json")
    for runner in data["runners"]:
        name = runner["name"]
        cost = summary.costs.get(name)
        runner["cost"] = cost.model_dump(mode="json") if cost is not None else None
        report = loaded.imports.get(name)
        runner["import"] = report.model_dump(mode="json") if report is not None else None
        runner["file"] = loaded.files.get(name)
    data["appointments"] = [a.model_dump(mode="json") for a in result.appointments]
    data["busiest_days"] = [day.model_dump(mode="json") for day in summary.busiest]
    data["clinic"] = loaded.squad.clinic.model_dump(mode="json", exclude={"bookings"})
    data["clinic"]["bookings"] = len(loaded.squad.clinic.bookings)
    data["notes"] = loaded.notes
    data["previous"] = (
        {"source": source, "appointments": sum(len(v) for v in previous.values())} if previous else None
    )
    return data
