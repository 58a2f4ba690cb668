"""Run the hostile-input corpus through the CLI and print what went wrong, per class of input.

    python tests/fuzz/run_fuzz.py [--only CLASS] [--case ID] [--json out.json] [--markdown out.md]
                                  [--workers 2] [--wall 20] [--memory-mb 1536] [--worst 5] [--list]

The table counts runs (a case runs once per command: optimize, check, rules) with each problem;
a run can have more than one (a traceback that also left a temp file is a traceback and
clobbered). Under it, the worst runs of each class with the first line of stderr, or the exception
for a traceback. `--markdown` writes every failing run as a work list. Exit code 0 when nothing
failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.corpus import Case, build_corpus
from tests.fuzz.harness import (
    FAILURES,
    Limits,
    Outcome,
    load_main,
    make_root,
    remove_tree,
    run_corpus,
    shorten,
)

COLUMNS = (
    ("traceback", "tracebacks"),
    ("hang", "hangs"),
    ("memory-out", "memory-outs"),
    ("crash", "crashes"),
    ("unclear", "unclear"),
    ("clobbered", "clobbered"),
    ("wrong-exit", "wrong exit"),
)


def command_line(outcome: Outcome) -> str:
    return "planner " + " ".join(shorten(arg, 40) if arg else "''" for arg in outcome.run.argv)


def severity(outcome: Outcome) -> int:
    return min((FAILURES.index(p) for p in outcome.problems), default=len(FAILURES))


def table(outcomes: list[Outcome], cases: list[Case]) -> str:
    inputs: dict[str, int] = defaultdict(int)
    for case in cases:
        inputs[case.klass] += 1
    by_class: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_class[outcome.case.klass].append(outcome)
    header = ["class", "inputs", "runs", *(title for _, title in COLUMNS), "failing runs", "seconds"]
    rows = []
    for klass in [*inputs, "total"]:
        chosen = outcomes if klass == "total" else by_class[klass]
        counts = [sum(problem in o.problems for o in chosen) for problem, _ in COLUMNS]
        seconds = sum(o.raw.seconds for o in chosen if o.raw)
        total_inputs = len(cases) if klass == "total" else inputs[klass]
        failing = sum(o.failed for o in chosen)
        rows.append([klass, total_inputs, len(chosen), *counts, failing, f"{seconds:.1f}"])
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            str(cell).rjust(w) if i else str(cell).ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, lines[1])
    return "\n".join(lines)


def worst(outcomes: list[Outcome], count: int) -> str:
    by_class: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.failed:
            by_class[outcome.case.klass].append(outcome)
    lines = []
    for klass, failing in by_class.items():
        lines.append(f"\n{klass}: {len(failing)} failing run(s)")
        for outcome in sorted(failing, key=severity)[:count]:
            lines.append(f"  [{', '.join(outcome.problems)}] {outcome.case.id}: {command_line(outcome)}")
            lines.append(f"      {outcome.symptom(160)}")
    return "\n".join(lines)


def markdown(outcomes: list[Outcome], cases: list[Case], elapsed: float, limits: Limits) -> str:
    lines = [
        "# Fuzz baseline: hostile inputs against the CLI (issue 13)",
        "",
        f"{len(cases)} inputs, {len(outcomes)} runs, {elapsed:.0f} s wall with 2 workers; per run "
        f"{limits.wall_seconds:g} s wall and {limits.memory_bytes // 2**20} MB address space. "
        "Regenerate with `python tests/fuzz/run_fuzz.py --markdown FILE`.",
        "",
        "```",
        table(outcomes, cases),
        "```",
        "",
        "## Every failing input (the work list)",
        "",
        "One row per input. `runs`: each failing command with its problems; the command line is the",
        "worst run's; the symptom is the exception line of a traceback, else the first line of stderr,",
        "with what the harness saw in brackets (per command when the commands differ).",
        "",
        "| class | input | what it is | runs | command | first line of stderr / symptom |",
        "|---|---|---|---|---|---|",
    ]
    failing: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.failed:
            failing[outcome.case.id].append(outcome)
    for runs in sorted(failing.values(), key=lambda rs: (rs[0].case.klass, min(map(severity, rs)))):
        worst_run = min(runs, key=severity)
        summary = "; ".join(f"{o.run.command}: {', '.join(o.problems)}" for o in runs)
        symptoms: dict[str, list[str]] = {}
        for outcome in sorted(runs, key=severity):
            symptoms.setdefault(outcome.symptom(180), []).append(outcome.run.command)
        shown = (
            next(iter(symptoms))
            if len(symptoms) == 1
            else " / ".join(f"{', '.join(commands)}: {text}" for text, commands in symptoms.items())
        )
        cells = [
            worst_run.case.klass,
            worst_run.case.id,
            worst_run.case.what,
            summary,
            f"`{command_line(worst_run)}`",
            shown,
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    skipped = [o for o in outcomes if o.skipped]
    if skipped:
        lines += ["", "## Skipped", ""] + [f"- {o.case.id} {o.run.command}: {o.skipped}" for o in skipped]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="CLASS", help="run only this class")
    parser.add_argument("--case", action="append", default=[], metavar="ID", help="run only this case")
    parser.add_argument("--json", metavar="OUT.json", help="write every run's outcome as JSON")
    parser.add_argument("--markdown", metavar="OUT.md", help="write the table and every failing input")
    parser.add_argument("--workers", type=int, default=2, help="children at a time (default 2)")
    parser.add_argument("--wall", type=float, default=20.0, help="seconds per run (default 20)")
    parser.add_argument(
        "--memory-mb", type=int, default=1536, help="address-space cap per run (default 1536)"
    )
    parser.add_argument("--worst", type=int, default=5, help="examples per class (default 5)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--keep", action="store_true", help="keep the run folders and say where")
    args = parser.parse_args(argv)

    cases = build_corpus()
    classes = sorted({case.klass for case in cases})
    unknown = [name for name in args.only if name not in classes]
    if unknown:
        parser.error(f"--only: unknown class {unknown[0]!r} (one of {', '.join(classes)})")
    if args.only:
        cases = [case for case in cases if case.klass in args.only]
    if args.case:
        cases = [case for case in cases if case.id in args.case]
    if args.list:
        for case in cases:
            print(f"{case.klass:15} {case.id:40} {case.what}")
        return 0

    limits = Limits(wall_seconds=args.wall, memory_bytes=args.memory_mb * 2**20)
    main_function = load_main()
    root = make_root()
    started = time.monotonic()

    def progress(outcome: Outcome) -> None:
        mark = "!" if outcome.failed else "."
        print(mark, end="", file=sys.stderr, flush=True)

    try:
        outcomes = run_corpus(cases, main_function, root, limits, args.workers, progress)
    finally:
        if args.keep:
            print(f"\nrun folders kept in {root}", file=sys.stderr)
        else:
            remove_tree(root)
    elapsed = time.monotonic() - started
    print(file=sys.stderr)
    print(table(outcomes, cases))
    print(worst(outcomes, args.worst))
    print(f"\n{len(cases)} inputs, {len(outcomes)} runs in {elapsed:.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps([o.to_json() for o in outcomes], indent=1) + "\n")
    if args.markdown:
        Path(args.markdown).write_text(markdown(outcomes, cases, elapsed, limits))
    return 1 if any(o.failed for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
