"""Benchmark whole seasons (issue 10): the generated 52-week season and the 104-week, four-marathon one.

    python benchmarks/seasons.py [--runs 10] [--time-limit 10] [--seed 0]

For each season: its blocks, the model build and solve times (median, min and max of `--runs`
solves on one CP-SAT worker), whether every solve proved the optimum, the sessions per block and
the longest gap inside a block (from the block's start, between sessions, up to its A race) next to
`max_gap_days`. Times depend on the machine and its load: nothing here asserts on them.
"""

from __future__ import annotations

import argparse
import itertools
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere: `python benchmarks/seasons.py`
    sys.path.insert(0, str(REPO))

from planner.model import build, solve  # noqa: E402
from planner.plan import Plan  # noqa: E402
from planner.samples.generator import TWO_YEAR_RACES, generate_season  # noqa: E402
from planner.solver import optimize  # noqa: E402


def seasons(seed: int) -> list[tuple[str, Callable[[], Plan]]]:
    return [
        (f"52 weeks, 3 A races (seed {seed})", lambda: generate_season(seed)),
        (
            f"104 weeks, 4 A marathons (seed {seed})",
            lambda: generate_season(seed, weeks=104, races=TWO_YEAR_RACES),
        ),
    ]


def measure(name: str, plan: Plan, runs: int, time_limit: float) -> str:
    builds, solves, proven = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        built = build(plan)
        builds.append(time.perf_counter() - started)
        outcome = solve(built, time_limit)
        solves.append(outcome.solve_seconds)
        proven.append(outcome.status == "optimal")
    schedule = optimize(plan, time_limit=time_limit)
    per_block, longest = [], 0
    for block in schedule.blocks:
        per_block.append(str(len(block.sessions)))
        if block.a_race_date is not None:
            marks = [block.first, *block.sessions, block.a_race_date]
            longest = max(longest, *((b - a).days for a, b in itertools.pairwise(marks)))
    a_races = sum(1 for block in schedule.blocks if block.kind == "build")
    return (
        f"| {name} | {a_races} + {'tail' if schedule.blocks[-1].kind == 'tail' else 'no tail'} "
        f"| {statistics.median(builds):.3f} | {statistics.median(solves):.3f} | {min(solves):.3f} "
        f"| {max(solves):.3f} | {sum(proven)}/{runs} | {len(schedule.sessions)} ({' + '.join(per_block)}) "
        f"| {longest} (max_gap_days {plan.rules.max_gap_days}) |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="solves per season (default 10)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per solve (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    lines = [
        "| season | blocks | build s (median) | solve s (median) | solve s (min) | solve s (max) | proved optimal "
        "| sessions (per block) | longest gap in a block (days) |",
        "|" + "---|" * 9,
    ]
    for name, make in seasons(args.seed):
        lines.append(measure(name, make(), args.runs, args.time_limit))
        print(f"measured {name}", file=sys.stderr, flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports kB
    lines += [
        "",
        f"{args.runs} solves each, time limit {args.time_limit:g} s, one CP-SAT worker; Python "
        f"{platform.python_version()} on {platform.machine()}. Peak RSS: {peak_mb:.0f} MB.",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
