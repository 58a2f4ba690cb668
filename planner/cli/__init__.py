"""`planner`: optimize, squad, check, publish, serve, convert, reassess, rules, schema, ui.

Exit codes (README "CLI"): 0 a schedule was found / all dates pass, 1 no schedule exists (or a
checked date breaks a rule), 2 unreadable or invalid input: one line on stderr from the one error
handler in `main`, never a traceback (argparse's own errors too: one line, no usage block),
3 a bug in planner (CP-SAT rejected a model it built), 141 stdout closed early (`| head`), quietly.

Start-up: `planner --help` and `planner schema` load no solver (OR-Tools) and no pandas. The
command modules import only the standard library and the plan model at the top; what a command
needs to run (the solver, the checker, the exporter) is imported inside the command, each such
import marked "lazy: start-up".
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from planner.cli import check, convert, info, optimize, publish, reassess, serve, squad, ui
from planner.errors import EXIT_BAD_INPUT, EXIT_BUG, MAX_MESSAGE, PlannerBug, PlannerInputError, shorten

# What a shell reports for a command killed by SIGPIPE (128 + 13): `planner ... | head` stopped reading.
EXIT_CLOSED_PIPE = 141


class OneLineParser(argparse.ArgumentParser):
    """argparse whose errors are one `planner: error:` line (the usage is for --help), exit 2."""

    def error(self, message: str) -> NoReturn:
        print(f"planner: error: {shorten(message, MAX_MESSAGE)}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="planner", description="Fit dry-needling sessions into a training block.")
    sub = parser.add_subparsers(dest="command", required=True)
    optimize.register(sub)
    squad.register(sub)
    check.register(sub)
    info.register(sub)
    ui.register(sub)
    publish.register(sub)
    serve.register(sub)
    convert.register(sub)
    reassess.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        # Inside the handler: a reader that went away (`| head`) shows here, not at interpreter exit.
        sys.stdout.flush()
        return code
    except PlannerInputError as exc:
        print(f"planner: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PlannerBug as exc:
        print(
            f"planner: internal error: {shorten(str(exc), 160)}. This is a bug in planner, not in your "
            "input: please report it with the plan file.",
            file=sys.stderr,
        )
        return EXIT_BUG
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_CLOSED_PIPE
    except KeyboardInterrupt:
        return 130


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush of what is left cannot fail again
    (the Python docs' recipe for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
