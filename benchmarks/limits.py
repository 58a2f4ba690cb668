"""Hostile and extreme input: how fast and how small the refusals are, and whether big plans and
their explanations keep `--time-limit`. Prints a markdown table; asserts nothing.

    python benchmarks/limits.py [--time-limit 5]

Rows:
- refusals of a YAML "billion laughs", a 100,000-deep JSON array and a 5,000-digit integer: seconds
  and the growth of peak RSS while refusing;
- a 3-year plan with an A race every 9 weeks, and the same with one A race and B/C races;
- infeasible blocks explained within the time limit (47 weeks, hard day every other day; 2 years
  with a hard day every day): total seconds of `optimize`, conflict lines before and after grouping;
- the objective's coefficient sum with every weight at its limit (CP-SAT's int64 bound is 9.2e18).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from planner.errors import PlannerInputError  # noqa: E402
from planner.io import load_plan_bytes  # noqa: E402
from planner.limits import MAX_WEIGHT  # noqa: E402
from planner.model import Deadline, build  # noqa: E402
from planner.plan import Plan, Weights  # noqa: E402
from planner.samples.generator import generate_plan  # noqa: E402
from planner.solver import optimize  # noqa: E402

START = dt.date(2027, 3, 1)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def refusal_row(label: str, name: str, data: bytes) -> str:
    before, started = peak_mb(), time.perf_counter()
    try:
        load_plan_bytes(data, name)
        verdict = "accepted"
    except PlannerInputError as error:
        verdict = str(error)[:70]
    seconds = time.perf_counter() - started
    return f"| {label} | {seconds:.3f} | +{peak_mb() - before:.0f} MB | {verdict} |"


def laughs() -> bytes:
    lines = ['a0: &a0 "lol"'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def hard_days_plan(weeks: int, every: int) -> Plan:
    training = [
        {"date": START + dt.timedelta(days=i), "workouts": [{"kind": "quality" if i % 2 else "long_run"}]}
        for i in range(0, weeks * 7 - 1, every)
    ]
    race = {"date": START + dt.timedelta(weeks=weeks, days=-1), "name": "Goal", "distance": "marathon"}
    return Plan.model_validate({"name": f"{weeks} weeks", "training": training, "races": [race]})


def solve_row(label: str, plan: Plan, time_limit: float) -> str:
    started = time.perf_counter()
    schedule = optimize(plan, time_limit=time_limit, deadline=Deadline.after(time_limit))
    seconds = time.perf_counter() - started
    lines = f"{len(schedule.conflicts)} / {len(schedule.grouped_conflicts)}" if schedule.conflicts else "-"
    suggestion = "confirmed" if schedule.suggestion else ("; ".join(schedule.explain_notes)[:50] or "-")
    days = (plan.last_day - plan.first_day).days + 1
    return f"| {label} | {days} | {schedule.status} | {seconds:.2f} | {lines} | {suggestion} |"


def weight_row() -> str:
    plan = generate_plan(156, "marathon", seed=1)
    data = plan.model_dump()
    data["rules"]["weights"] = dict.fromkeys(Weights.model_fields, MAX_WEIGHT)
    data["rules"].update(max_sessions=100, target_sessions=100)
    previous = [plan.first_day + dt.timedelta(days=3 * i) for i in range(300)]
    built = build(Plan.model_validate(data), previous=previous)
    total = sum(abs(c) for c in built.model.proto.objective.coeffs)
    return f"Objective coefficient sum at the weight limit ({MAX_WEIGHT:,}), 3-year block: {total:.2e}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=5.0)
    args = parser.parse_args()
    print("| refused input | seconds | peak RSS growth | line |")
    print("|---|---|---|---|")
    print(refusal_row("YAML billion laughs (10^9 strings)", "plan.yaml", laughs() + b"training: *a9\n"))
    print(
        refusal_row(
            "JSON array 100,000 deep", "plan.json", b'{"t": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        )
    )
    print(refusal_row("JSON 5,000-digit budget", "plan.json", b'{"budget": ' + b"9" * 5000 + b"}"))
    print()
    races = [(w, "10k" if i % 2 else "half", "A") for i, w in enumerate(range(8, 155, 9))]
    b_races = [(w, "10k", "B" if i % 2 else "C") for i, w in enumerate(range(8, 150, 9))]
    print(
        f"| plan (--time-limit {args.time_limit:g}) | days | status | seconds | conflicts / grouped | suggestion |"
    )
    print("|---|---|---|---|---|---|")
    print(
        solve_row(
            "3 years, an A race every 9 weeks", generate_plan(156, "half", races=races), args.time_limit
        )
    )
    print(
        solve_row(
            "3 years, one A race, B/C every 9 weeks",
            generate_plan(156, "marathon", races=b_races),
            args.time_limit,
        )
    )
    print(solve_row("47 weeks, hard day every other day", hard_days_plan(47, 2), args.time_limit))
    print(solve_row("2 years, hard day every day", hard_days_plan(104, 1), args.time_limit))
    print()
    print(weight_row())
    print(f"Python {platform.python_version()} on {platform.machine()}; peak RSS {peak_mb():.0f} MB.")


if __name__ == "__main__":
    main()
