"""`planner rules [INPUT]` and `planner schema [--squad]`: what the planner knows, without solving."""

from __future__ import annotations

import argparse
import json

from planner.cli.common import plan_from_args
from planner.errors import EXIT_OK
from planner.plan import Plan
from planner.render import block_settings_lines, rule_lines


def register(sub: argparse._SubParsersAction) -> None:
    schema = sub.add_parser("schema", help="print the plan file's JSON Schema (--squad: the squad file's)")
    schema.add_argument("--squad", action="store_true", help="the squad file's JSON Schema (planner squad)")
    schema.set_defaults(func=run_schema)
    rules = sub.add_parser("rules", help="print the rules in force (defaults, or a plan's)")
    rules.add_argument("input", nargs="?")
    rules.set_defaults(
        func=run_rules,
        race=None,
        distance=None,
        focus=[],
        clinic_days=None,
        keyword=[],
        strict=False,
        timezone=None,
        date_format=None,
        force=True,  # the rules in force do not depend on where the races lie
    )


def run_schema(args: argparse.Namespace) -> int:
    if args.squad:
        from planner.squad.files import squad_schema  # no solver: reading a squad file loads none

        print(json.dumps(squad_schema(), indent=2))
        return EXIT_OK
    print(json.dumps(Plan.model_json_schema(), indent=2))
    return EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    from planner.constraints import REGISTRY  # lazy: start-up (the rules and their day facts)

    plan = plan_from_args(args) if args.input else Plan()
    print("\n".join(rule_lines(REGISTRY.listed(), plan.rules)))
    for line in block_settings_lines(plan):
        print(line)
    return EXIT_OK
