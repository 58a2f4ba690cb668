"""Squad benchmark (issue 11): build time, time to a proven optimum, peak memory, HiGHS on the same model.

    python benchmarks/squad.py [--sizes 50,200,1000] [--time-limit 120] [--highs-limit 120] [--no-highs]

Each size runs in its own child process (so its peak memory is its own: the summed PSS of that
process and its two pricing workers, sampled every 0.5 s): a seeded squad from
`planner.squad.demo.generate_squad` (24 weeks from Mon 4 Jan 2027; 1 clinician = 6 appointments a
day for 50 and 200 runners, 5 clinicians = 30 a day for 1000), planned by `plan_squad`; "s to gap 0" is its whole
time (preparing the runners, solo plans, column generation, the integer master, appointment times),
against HiGHS's solve time alone. The whole
squad model (every runner, capacity rows, fairness objective, with each runner's solo best) is then
exported as MPS and solved by HiGHS (`pip install highspy`, benchmark only) in another child
process: ortools 9.15 and highspy 1.15 cannot share a process (SOLVER_NOTES). Both optima must
agree when both are proven. A determinism check plans the 50-runner squad twice.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLINICIANS = {50: 1, 200: 1, 1000: 5}
SAMPLE_EVERY = 0.5  # seconds between memory samples (see _MemoryWatch)


def _pss_mb(pid: int) -> float:
    """Proportional set size of one process: its private pages plus its share of shared ones."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0.0


class _MemoryWatch:
    """Samples the summed PSS of this process and its children (the pricing workers) every 0.5 s.

    Reading a process's PSS makes the kernel walk its page tables: about 5 ms for a 400 MB worker
    (20 ms at 1.6 GB, measured). Sampled every 0.1 s, the three reads took some 15 % of a core from
    the two pricing workers on this 2-core machine; every 0.5 s they take about 3 %. The squad's
    memory grows steadily (models, then plans), so the coarser samples still see its peak.

    The workers are forked and share pages with this process; PSS counts a shared page once in
    total, so the sum is the memory the whole solve really holds."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            try:
                with open(f"/proc/{me}/task/{me}/children") as listed:
                    children = [int(pid) for pid in listed.read().split()]
            except OSError:
                children = []
            self.peak = max(self.peak, sum(_pss_mb(pid) for pid in [me, *children]))
            self._stop.wait(SAMPLE_EVERY)

    def __enter__(self) -> _MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _child_plan(size: int, time_limit: float, mps_path: str) -> dict:
    from planner.squad import plan_squad
    from planner.squad.demo import generate_squad
    from planner.squad.joint import full_model
    from planner.squad.linear import from_cp_model

    squad = generate_squad(size, clinicians=CLINICIANS.get(size, max(1, size // 200)), seed=11)
    with _MemoryWatch() as memory:
        started = time.perf_counter()
        plan = plan_squad(squad, time_limit=time_limit)
        wall = time.perf_counter() - started
    # Peak memory of generating and planning (this process and its pricing workers), before the
    # MPS export for HiGHS builds the whole compact model.
    peak_mb = memory.peak
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    best = {r.name: r.solo_score for r in plan.runners if r.solo_score is not None}
    linear_size = [0, 0]
    offset = 0.0
    if mps_path:
        linear = from_cp_model(full_model(squad, best))
        Path(mps_path).write_text(linear.to_mps())
        linear_size = list(linear.size)
        offset = linear.offset
    losses = [r.loss for r in plan.runners if r.loss is not None]
    return {
        "size": size,
        "capacity_per_day": 6 * squad.clinic.clinicians,
        "status": plan.status,
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": plan.gap,
        "build_s": plan.stats.build_seconds,
        "solo_s": plan.stats.solo_seconds,
        "joint_s": plan.stats.joint_seconds,
        "stages_s": plan.stats.stages,
        "solve_s": plan.stats.total_seconds,
        "wall_s": wall,
        "joint_runners": plan.stats.joint_runners,
        "rounds": plan.stats.rounds,
        "columns": plan.stats.columns,
        "method": plan.stats.method,
        "max_loss": max(losses, default=0),
        "mean_loss": sum(losses) / max(1, len(losses)),
        "infeasible_runners": sum(1 for r in plan.runners if r.status == "infeasible"),
        "linear_size": linear_size,
        "offset": offset,
        "peak_mb": peak_mb,
        "peak_rss_mb": peak_rss_mb,
        "workers_rss_mb": workers_rss_mb,
        "peak_mb_with_export": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child_highs(mps_path: str, time_limit: float) -> dict:
    import highspy

    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", time_limit)
    highs.readModel(mps_path)
    started = time.perf_counter()
    highs.run()
    info = highs.getInfo()
    return {
        "status": highs.modelStatusToString(highs.getModelStatus()),
        "seconds": time.perf_counter() - started,
        "objective": info.objective_function_value,
        "bound": info.mip_dual_bound,
        "gap": info.mip_gap,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child_determinism() -> dict:
    from planner.squad import plan_squad
    from planner.squad.demo import generate_squad

    squad = generate_squad(50, clinicians=1, seed=11)
    first = plan_squad(squad, time_limit=120)
    second = plan_squad(squad, time_limit=120)
    same = [a.model_dump() for a in first.appointments] == [a.model_dump() for a in second.appointments]
    return {"same_plan": same, "appointments": len(first.appointments)}


def _run_child(args: list[str], timeout: float) -> dict:
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired:
        # HiGHS did not honour its time limit on the 1000-runner model (killed at 600 s): say so.
        return {
            "status": f"no answer in {timeout:g} s",
            "seconds": timeout,
            "objective": 0.0,
            "gap": float("inf"),
        }
    if out.returncode != 0:
        raise RuntimeError(f"child {args} failed: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--highs-limit", type=float, default=120.0)
    parser.add_argument("--no-highs", action="store_true")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "plan":
            result = _child_plan(int(rest[0]), float(rest[1]), rest[2] if len(rest) > 2 else "")
        elif kind == "highs":
            result = _child_highs(rest[0], float(rest[1]))
        else:
            result = _child_determinism()
        print(json.dumps(result))
        return
    print(
        "| runners | capacity/day | status | s to gap 0 | solo s | rounds | pricing s | LP s | cover s "
        "| gap | peak MB | HiGHS status | HiGHS s | HiGHS gap | ratio (ours/HiGHS) | objectives agree |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            mps = "" if args.no_highs else str(Path(tmp) / f"squad{size}.mps")
            ours = _run_child(
                ["plan", str(size), str(args.time_limit), *([mps] if mps else [])], 4 * args.time_limit + 600
            )
            print(f"    ours: {json.dumps(ours)}", flush=True)
            highs = (
                None
                if args.no_highs
                else _run_child(["highs", mps, str(args.highs_limit)], args.highs_limit + 300)
            )
            solve = f"{ours['solve_s']:.2f}" if ours["status"] == "optimal" else f"> {ours['solve_s']:.1f}"
            gap = f"{ours['gap']:.4f}" if ours["gap"] is not None else "-"
            stages = ours["stages_s"]
            row = [
                str(size),
                str(ours["capacity_per_day"]),
                ours["status"],
                solve,
                f"{ours['solo_s']:.1f}",
                str(ours["rounds"]),
                f"{stages.get('pricing', 0.0):.1f}",
                f"{stages.get('lp', 0.0):.1f}",
                f"{stages.get('cover', 0.0):.1f}",
                gap,
                f"{ours['peak_mb']:.0f}",
            ]
            if highs:
                # HiGHS minimised -(objective - offset): its value v means an objective of offset - v.
                highs_objective = ours["offset"] - highs["objective"]
                agree = "-"
                if ours["status"] == "optimal" and highs["status"] == "Optimal":
                    agree = (
                        "yes"
                        if abs(highs_objective - ours["objective"]) < 0.5
                        else f"NO ({highs_objective:g})"
                    )
                ratio = ours["solve_s"] / highs["seconds"] if highs["seconds"] else float("nan")
                row += [
                    highs["status"],
                    f"{highs['seconds']:.2f}",
                    f"{highs['gap']:.4f}",
                    f"{ratio:.2f}",
                    agree,
                ]
            else:
                row += ["-"] * 5
            print("| " + " | ".join(row) + " |", flush=True)
            if highs:
                print(f"    highs: {json.dumps(highs)}", flush=True)
    det = _run_child(["determinism"], 1200)
    print(
        f"determinism: same input twice -> same plan: {det['same_plan']} ({det['appointments']} appointments)"
    )
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
