"""Benchmark the planner on the sample plans and two generated seasons; print a markdown table.

    python benchmarks/run.py [--runs 5] [--time-limit 10] [--samples sample_plans] [--seed 0]

The seasons are `generate_season(seed)` (52 weeks, three A races) and the 104-week season with
four A marathons (`TWO_YEAR_RACES`); `benchmarks/seasons.py` looks at them block by block.

For each plan: model build time, solve time, status and gap (medians of `--runs` solves), number
of sessions and objective (soft-rule points, higher is better), then the greedy "coach by hand"
baseline (`benchmarks/greedy.py`): its sessions, how many hard-rule violations the independent
checker finds in them, and the solver's objective for the same dates (`score_dates`, soft rules
only). Peak RSS is printed last. Times depend on the machine: nothing here asserts on them.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere: `python benchmarks/run.py`
    sys.path.insert(0, str(REPO))

from benchmarks.greedy import greedy_schedule  # noqa: E402
from planner.checker import check_dates  # noqa: E402
from planner.errors import PlannerInputError  # noqa: E402
from planner.io import load_plan  # noqa: E402
from planner.plan import Plan  # noqa: E402
from planner.samples.generator import TWO_YEAR_RACES, generate_season  # noqa: E402
from planner.solver import optimize, score_dates  # noqa: E402

PLAN_SUFFIXES = (".yaml", ".yml", ".json", ".ics", ".csv")


@dataclass
class Row:
    name: str
    weeks: int
    build_s: float
    solve_s: float
    wall_s: float
    status: str
    gap: float | None
    sessions: int
    objective: int | None
    greedy_sessions: int
    greedy_violations: int
    greedy_objective: int | str | None


def block_weeks(plan: Plan) -> int:
    first, last = plan.first_day, plan.last_day
    if first is None or last is None:
        return 0
    return -(-((last - first).days + 1) // 7)


def measure(name: str, plan: Plan, runs: int, time_limit: float) -> Row:
    builds, solves, walls, gaps, statuses = [], [], [], [], []
    schedule = None
    for _ in range(runs):
        started = time.perf_counter()
        schedule = optimize(plan, time_limit=time_limit)
        walls.append(time.perf_counter() - started)
        builds.append(schedule.build_seconds)
        solves.append(schedule.solve_seconds)
        statuses.append(schedule.status)
        if schedule.gap is not None:
            gaps.append(schedule.gap)
    assert schedule is not None
    greedy = greedy_schedule(plan)
    report = check_dates(plan, greedy)
    greedy_objective: int | None = score_dates(plan, greedy)
    return Row(
        name=name,
        weeks=block_weeks(plan),
        build_s=statistics.median(builds),
        solve_s=statistics.median(solves),
        wall_s=statistics.median(walls),
        # Most frequent status over the runs; a tie keeps the first seen.
        status=Counter(statuses).most_common(1)[0][0],
        gap=statistics.median(gaps) if gaps else None,
        sessions=len(schedule.sessions),
        objective=schedule.objective,
        greedy_sessions=len(greedy),
        greedy_violations=len(report.violations),
        greedy_objective=greedy_objective,
    )


def sample_plans(directory: Path) -> list[tuple[str, Callable[[], Plan]]]:
    paths = sorted(p for p in directory.iterdir() if p.suffix.lower() in PLAN_SUFFIXES)
    return [(path.name, lambda path=path: load_plan(path)) for path in paths]


def fmt(value: object, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown(rows: list[Row], runs: int, time_limit: float) -> str:
    header = (
        "| plan | weeks | build s | solve s | total s | status | gap | sessions | objective "
        "| greedy sessions | greedy violations | greedy objective |"
    )
    lines = [header, "|" + "---|" * 12]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.weeks} | {fmt(r.build_s)} | {fmt(r.solve_s)} | {fmt(r.wall_s)} | {r.status} "
            f"| {fmt(r.gap, 2)} | {r.sessions} | {fmt(r.objective)} | {r.greedy_sessions} "
            f"| {r.greedy_violations} | {fmt(r.greedy_objective)} |"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports kB
    lines += [
        "",
        f"Medians of {runs} runs, time limit {time_limit:g} s, one CP-SAT worker; "
        f"Python {platform.python_version()} on {platform.machine()}. Peak RSS: {peak_mb:.0f} MB.",
        "total s = the whole `optimize` call (build, solve, reasons; for an infeasible plan also the "
        "conflict explanation and the checked relaxation).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="solves per plan; medians are reported (default 5)"
    )
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per solve (default 10)")
    parser.add_argument("--samples", type=Path, default=REPO / "sample_plans", help="folder of sample plans")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated seasons")
    parser.add_argument("--no-season", action="store_true", help="skip the generated seasons")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    plans = sample_plans(args.samples)
    if not args.no_season:
        plans.append((f"generated season (seed {args.seed})", lambda: generate_season(args.seed)))
        plans.append(
            (
                f"generated 104-week season, 4 A races (seed {args.seed})",
                lambda: generate_season(args.seed, weeks=104, races=TWO_YEAR_RACES),
            )
        )
    rows, skipped = [], []
    for name, make in plans:
        try:
            plan = make()
        except PlannerInputError as exc:
            # A calendar that needs --race or similar options is not a benchmark failure.
            skipped.append(f"{name}: {exc}")
            continue
        rows.append(measure(name, plan, args.runs, args.time_limit))
        print(f"measured {name}", file=sys.stderr, flush=True)
    print(markdown(rows, args.runs, args.time_limit))
    for line in skipped:
        print(f"\nskipped {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
