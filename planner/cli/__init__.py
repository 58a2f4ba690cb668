"""`planner`: optimize, check, publish, serve, convert, rules, schema, ui.

Exit codes (README "CLI"): 0 a schedule was found / all dates pass, 1 no schedule exists (or a
checked date breaks a rule), 2 unreadable or invalid input: one line on stderr from the one error
handler in `main`, never a traceback.

Start-up: `planner --help` and `planner schema` load no solver (OR-Tools) and no pandas. The
command modules import only the standard library and the plan model at the top; what a command
needs to run (the solver, the checker, the exporter) is imported inside the command, each such
import marked "lazy: start-up".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planner.cli import check, convert, info, optimize, publish, serve, ui
from planner.errors import EXIT_BAD_INPUT, PlannerInputError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner", description="Fit dry-needling sessions into a training block."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    optimize.register(sub)
    check.register(sub)
    info.register(sub)
    ui.register(sub)
    publish.register(sub)
    serve.register(sub)
    convert.register(sub)
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
