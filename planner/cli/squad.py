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
import sys
from pathlib import Path

from planner.cli.common import output_targets, seconds
from planner.cli.export import add_ics_arguments, export_history, options_from_args
from planner.errors import EXIT_NO_SCHEDULE, EXIT_OK, PlannerInputError
from planner.io import atomic_write, output_file, read_bytes

OUTPUTS = ("--json", "--roster-ics", "--roster-csv")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("squad", help="plan a squad of runners into one clinic's appointments")
    parser.add_argument(
        "input",
        metavar="SQUAD",
        help="squad file (.yaml/.json): the clinic and its runners (planner schema --squad)",
    )
    parser.add_argument(
        "--time-limit", type=seconds, default=60.0, metavar="SECONDS", help="solver time limit (default 60)"
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
    parser.add_argument(
        "--force",
        action="store_true",
        help="plan even when a runner's race lies more than 4 weeks outside their training",
    )
    add_ics_arguments(parser, calendar_name=False)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # lazy: start-up (OR-Tools, icalendar)
    from planner.export.squad import squad_json
    from planner.render import import_report_lines
    from planner.squad import plan_squad
    from planner.squad.files import load_squad
    from planner.squad.render import replan_lines, squad_text
    from planner.squad.summary import Summary, summarise

    # Outputs and export options are checked before any work (as `optimize` does): a folder, a
    # device, the squad file itself or two flags naming one file are refused at once.
    targets = output_targets(args, OUTPUTS)
    folder = _calendar_folder(args.ics_dir)
    options = options_from_args(args)
    loaded = load_squad(args.input, force=args.force)
    for name, report in loaded.imports.items():
        print(f"{name}: " + "\n".join(import_report_lines(report)), file=sys.stderr)
    squad = loaded.squad
    # Existing calendars are read before solving: a file there that is not a calendar is refused,
    # never overwritten later.
    histories = _histories(squad, folder, targets)
    previous, source = _previous(args, targets)
    result = plan_squad(squad, previous=previous or None, time_limit=args.time_limit)
    found = result.status in ("optimal", "feasible")
    summary = summarise(squad, result) if found else Summary()
    # Files first: a reader that closes stdout early (`| head`) must not cost the user the files.
    if "--json" in targets:
        data = squad_json(
            squad,
            result,
            summary,
            notes=loaded.notes,
            imports=loaded.imports,
            files=loaded.files,
            previous=previous,
            source=source,
        )
        atomic_write(
            targets["--json"], json.dumps(data, indent=2, ensure_ascii=False) + "\n", f"--json {args.json}"
        )
    if found:
        _write_calendars(args, squad, result, options, folder, targets, histories)
    elif folder is not None or "--roster-ics" in targets or "--roster-csv" in targets:
        print("(no calendars or roster written: there is no squad plan)", file=sys.stderr)
    print(squad_text(squad, result, summary, loaded.notes))
    if previous and found:
        print("\n" + "\n".join(replan_lines(previous, result, source)))
    everyone = all(outcome.status == "planned" for outcome in result.runners)
    return EXIT_OK if found and everyone else EXIT_NO_SCHEDULE


def _calendar_folder(value: str | None) -> Path | None:
    if value is None:
        return None
    folder = Path(value)
    if folder.exists() and not folder.is_dir():
        raise PlannerInputError("is not a folder", source=f"--ics-dir {value}")
    return folder


def _histories(squad, folder: Path | None, targets: dict[str, Path]) -> dict[str, list]:
    """Each calendar's export history (the file it replaces), by runner name; the roster under ''."""
    from planner.export.squad import roster_plan, runner_export_plan, runner_file_names

    histories = {}
    if folder is not None:
        for name, file_name in runner_file_names(runner.name for runner in squad.runners).items():
            path = output_file(folder / file_name, f"--ics-dir {folder / file_name}")
            histories[name] = export_history(runner_export_plan(squad, name), path, f"--ics-dir {path}")
    if "--roster-ics" in targets:
        path = targets["--roster-ics"]
        histories[""] = export_history(roster_plan(squad), path, f"--roster-ics {path}")
    return histories


def _previous(args: argparse.Namespace, targets: dict[str, Path]) -> tuple[dict, str]:
    """The previous plan's appointments per runner, and where they came from."""
    from planner.export.squad import read_previous  # lazy: start-up (icalendar)

    if args.previous:
        path = Path(args.previous)
        return read_previous(path, read_bytes(path)), args.previous
    if args.fresh:
        return {}, ""
    for flag in OUTPUTS:
        path = targets.get(flag)
        if path is not None and path.is_file():
            try:
                return read_previous(path, read_bytes(path)), str(getattr(args, flag[2:].replace("-", "_")))
            except PlannerInputError as exc:
                print(f"note: {exc}; planning from scratch", file=sys.stderr)
                return {}, ""
    return {}, ""


def _write_calendars(args, squad, result, options, folder, targets, histories) -> None:
    from planner.export.squad import export_roster, export_runner, roster_csv, runner_file_names

    if folder is not None:
        names = runner_file_names(runner.name for runner in squad.runners)
        written = 0
        for outcome in result.runners:
            if outcome.status != "planned":
                continue
            path = folder / names[outcome.name]
            data = export_runner(squad, outcome, options=options, history=histories[outcome.name]).data
            atomic_write(path, data, f"--ics-dir {path}")
            written += 1
        print(f"Wrote {written} runner calendars to {folder}", file=sys.stderr)
    if "--roster-ics" in targets:
        data = export_roster(squad, result, history=histories[""]).data
        atomic_write(targets["--roster-ics"], data, f"--roster-ics {args.roster_ics}")
    if "--roster-csv" in targets:
        atomic_write(targets["--roster-csv"], roster_csv(result), f"--roster-csv {args.roster_csv}")
