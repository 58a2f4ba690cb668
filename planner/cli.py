"""`planner`: optimize, check, schema, rules, publish, ui.

Exit codes (README "CLI"): 0 a schedule was found / all dates pass, 1 no schedule exists (or a
checked date breaks a rule), 2 unreadable or invalid input (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from planner.constraints import RULES
from planner.errors import EXIT_BAD_INPUT, EXIT_NO_SCHEDULE, EXIT_OK, PlannerInputError
from planner.facts import BlockFacts
from planner.io import atomic_write, load_plan, load_plan_with_report
from planner.plan import WEEKDAYS, Plan, Race
from planner.schedule import Schedule

DISTANCES = ("5k", "10k", "half", "marathon", "ultra")
REGIONS = ("calf", "achilles", "foot", "shin", "hamstring", "glute", "hip", "quad", "it_band", "back", "neck")


def parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PlannerInputError(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def long_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# ---- input ---------------------------------------------------------------------------------
def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="plan (.yaml/.json) or training calendar (.ics/.csv)")
    parser.add_argument("--race", help="A race date YYYY-MM-DD (adds or replaces the A race)")
    parser.add_argument("--distance", choices=DISTANCES, help="A race distance (with --race)")
    parser.add_argument(
        "--focus", action="append", default=[], help=f"focus region(s), comma-separated: {', '.join(REGIONS)}"
    )
    parser.add_argument("--clinic-days", help="clinic open weekdays, e.g. mon,wed,fri")
    parser.add_argument(
        "--keyword",
        action="append",
        default=[],
        metavar="TEXT=KIND",
        help="extra workout keyword for calendar imports, e.g. 'Yasso=quality'",
    )
    parser.add_argument(
        "--ignore-unknown",
        action="store_true",
        help="skip calendar events whose text is not a known workout (they are listed)",
    )


def plan_from_args(args: argparse.Namespace) -> Plan:
    """Load INPUT and apply the command-line overrides; every problem is one PlannerInputError."""
    keywords: dict[str, str] = {}
    for item in args.keyword:
        text, sep, kind = item.partition("=")
        if not sep or not text.strip() or not kind.strip():
            raise PlannerInputError(f"--keyword: {item!r} must look like TEXT=KIND")
        keywords[text.strip()] = kind.strip()
    race = parse_date(args.race, "--race") if args.race else None
    path = Path(args.input)
    options: dict = {}
    if path.suffix.lower() in (".ics", ".ical", ".csv"):
        options = {
            "race": race,
            "distance": args.distance,
            "keywords": keywords or None,
            "ignore_unknown": args.ignore_unknown,
        }
    plan, warnings = load_plan_with_report(path, **options)
    for warning in warnings:
        print(f"planner: note: {warning}", file=sys.stderr)
    return apply_overrides(
        plan,
        race=race,
        distance=args.distance,
        focus=args.focus,
        clinic_days=args.clinic_days,
        keywords=keywords,
    )


def apply_overrides(
    plan: Plan,
    *,
    race: dt.date | None = None,
    distance: str | None = None,
    focus: Sequence[str] = (),
    clinic_days: str | None = None,
    keywords: dict[str, str] | None = None,
) -> Plan:
    data = plan.model_dump()
    option = "--race"
    try:
        if race is not None:
            existing = next((r for r in plan.races if r.date == race), None)
            others = [r.model_dump() for r in plan.races if r.date != race]
            others = [{**r, "priority": "B"} if r["priority"] == "A" else r for r in others]
            name = existing.name if existing else "A race"
            chosen = distance or (existing.distance if existing else "marathon")
            data["races"] = [*others, Race(date=race, name=name, distance=chosen, priority="A").model_dump()]
        elif distance is not None and plan.a_races:
            option = "--distance"
            target = plan.a_races[-1].date
            data["races"] = [
                {**r.model_dump(), "distance": distance} if r.date == target else r.model_dump()
                for r in plan.races
            ]
        regions = [part.strip() for item in focus for part in item.split(",") if part.strip()]
        if regions:
            option = "--focus"
            unknown = [r for r in regions if r not in REGIONS]
            if unknown:
                raise PlannerInputError(
                    f"--focus: unknown region {unknown[0]!r} (one of {', '.join(REGIONS)})"
                )
            data["athlete"]["focus"] = regions
        if clinic_days:
            option = "--clinic-days"
            days = [d.strip().lower()[:3] for d in clinic_days.split(",") if d.strip()]
            unknown = [d for d in days if d not in WEEKDAYS]
            if unknown or not days:
                raise PlannerInputError(f"--clinic-days: {clinic_days!r} must be weekdays like mon,wed,fri")
            data["clinic"]["open_weekdays"] = days
        if keywords:
            option = "--keyword"
            data["keywords"] = {**data["keywords"], **keywords}
        return Plan.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise PlannerInputError(f"{option}: {error['msg'].removeprefix('Value error, ')}") from None


# ---- output --------------------------------------------------------------------------------
def format_schedule(plan: Plan, schedule: Schedule) -> str:
    lines: list[str] = []
    facts = BlockFacts.from_plan(plan)
    header = f"{plan.name} - {plan.athlete.name}"
    if facts.days:
        weeks = (len(facts.days) + 6) // 7
        header += f" ({long_date(facts.first)} to {long_date(facts.last)}, {weeks} weeks"
        if facts.a_races:
            race = facts.a_races[-1]
            header += f"; A race: {race.name} on {long_date(race.date)}"
        header += ")"
    lines.append(header)
    if plan.athlete.focus:
        lines.append(f"Focus: {', '.join(plan.athlete.focus)}")
    for warning in schedule.warnings:
        lines.append(f"! {warning}")
    if schedule.status == "refused":
        return "\n".join(lines)
    if schedule.found:
        quality = (
            "optimal" if schedule.status == "optimal" else f"feasible, gap {100 * (schedule.gap or 0):.1f}%"
        )
        lines.append(
            f"Status: {quality}; score {schedule.objective}; solved in {schedule.solve_seconds:.2f} s"
        )
        lines.append("")
        for session in schedule.sessions:
            flags = []
            if session.pinned:
                flags.append("pinned")
            if session.provisional:
                flags.append("provisional")
            if session.needs_clearance:
                flags.append("needs clinician clearance")
            extra = f" [{', '.join(flags)}]" if flags else ""
            lines.append(f"{session.number}. {long_date(session.date)} - {session.purpose}{extra}")
            lines.extend(f"     - {reason}" for reason in session.reasons)
        if schedule.reassess_date:
            lines.append("")
            lines.append(
                f"Reassess after session {plan.rules.reassess_after} ({long_date(schedule.reassess_date)}); "
                "later sessions are provisional."
            )
        price = plan.clinic.price
        lines.append(
            f"Cost: {len(schedule.sessions)} x {price:g} = {len(schedule.sessions) * price:g} "
            f"{plan.clinic.currency}" + (f" (budget {plan.budget:g})" if plan.budget is not None else "")
        )
        return "\n".join(lines)
    if schedule.status == "unknown":
        lines.append("No schedule found within the time limit; try a longer --time-limit.")
        return "\n".join(lines)
    lines.append("No schedule fits this plan. These rules conflict:")
    for conflict in schedule.conflicts:
        lines.append(f"  - rule {conflict.rule_number}: {conflict.text}")
    if schedule.suggestion:
        checked = "checked: a schedule exists with it" if schedule.suggestion.confirmed else "not confirmed"
        lines.append(f"Suggested change ({checked}):")
        lines.extend(f"  - {change}" for change in schedule.suggestion.changes)
        if schedule.suggestion.sessions:
            lines.append(
                "    which gives sessions on " + ", ".join(long_date(d) for d in schedule.suggestion.sessions)
            )
    if schedule.alternatives:
        lines.append("Other changes that also work:")
        for alternative in schedule.alternatives:
            lines.append("  - " + "; ".join(alternative.changes))
    return "\n".join(lines)


# ---- commands ------------------------------------------------------------------------------
def cmd_optimize(args: argparse.Namespace) -> int:
    from planner.solver import optimize

    plan = plan_from_args(args)
    previous = [parse_date(d, "--previous") for d in args.previous.split(",")] if args.previous else None
    schedule = optimize(plan, time_limit=args.time_limit, previous=previous)
    print(format_schedule(plan, schedule))
    if args.json:
        atomic_write(args.json, json.dumps(schedule.to_json_dict(), indent=2, ensure_ascii=False) + "\n")
    if args.ics:
        if not schedule.found:
            print(f"(no calendar written to {args.ics}: there is no schedule)", file=sys.stderr)
        else:
            from planner.export.cli import write_ics_from_args

            write_ics_from_args(plan, schedule, Path(args.ics), args)
    return EXIT_OK if schedule.found else EXIT_NO_SCHEDULE


def cmd_check(args: argparse.Namespace) -> int:
    from planner.checker_cli import run_check

    return run_check(plan_from_args(args), args)


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(Plan.model_json_schema(), indent=2))
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    plan = plan_from_args(args) if args.input else Plan()
    for rule in RULES:
        hard = "hard" if rule.is_hard(plan.rules) else rule.kind
        lines = f"{rule.number:>2}. {rule.title} ({hard}): {rule.describe(plan.rules)}"
        print(lines + (f"  [source: {rule.source}]" if rule.source else ""))
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    from planner.ui_launcher import launch

    return launch(port=args.port, address=args.address)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner", description="Fit dry-needling sessions into a training block."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    optimize = sub.add_parser("optimize", help="place the sessions and explain them")
    add_input_arguments(optimize)
    optimize.add_argument("--json", metavar="OUT.json", help="write the schedule as JSON")
    optimize.add_argument("--ics", metavar="OUT.ics", help="write the sessions as an iCalendar file")
    optimize.add_argument("--time-limit", type=float, default=10.0, help="solver time limit in seconds")
    optimize.add_argument("--previous", help="current session dates (comma-separated) to keep where possible")
    try:
        from planner.export.cli import add_ics_arguments
    except ImportError:  # the export package is optional while it is being built
        pass
    else:
        add_ics_arguments(optimize)
    optimize.set_defaults(func=cmd_optimize)

    check = sub.add_parser("check", help="check session dates against the hard rules")
    add_input_arguments(check)
    try:
        from planner.checker_cli import add_check_arguments
    except ImportError:
        pass
    else:
        add_check_arguments(check)
    check.set_defaults(func=cmd_check)

    schema = sub.add_parser("schema", help="print the plan file's JSON Schema")
    schema.set_defaults(func=cmd_schema)

    rules = sub.add_parser("rules", help="print the rules in force (defaults, or a plan's)")
    rules.add_argument("input", nargs="?")
    rules.set_defaults(
        func=cmd_rules, race=None, distance=None, focus=[], clinic_days=None, keyword=[], ignore_unknown=False
    )

    ui = sub.add_parser("ui", help="open the planning app in the browser")
    ui.add_argument("--port", type=int, default=None)
    ui.add_argument(
        "--address", default="127.0.0.1", help="address to listen on (default: this machine only)"
    )
    ui.set_defaults(func=cmd_ui)

    try:
        from planner.export.cli import register_publish
    except ImportError:
        pass
    else:
        register_publish(sub, lambda path: load_plan(path))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except PlannerInputError as exc:
        print(f"planner: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
