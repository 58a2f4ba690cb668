"""How long `planner --help` and `planner schema` take, and what they import.

    python benchmarks/startup.py [--runs 10]

Each command runs `--runs` times in a fresh process (the console script of this interpreter's
environment); the median and the fastest wall time are printed, then whether the run loaded
OR-Tools, pandas or streamlit (it should load none: the CLI imports them inside the commands that
need them). Times depend on the machine: nothing here asserts on them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = (["--help"], ["schema"])
HEAVY = ("ortools", "pandas", "streamlit")


def wall_times(argv: list[str], runs: int) -> list[float]:
    script = Path(sys.executable).with_name("planner")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(script), *argv], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def heavy_modules(argv: list[str]) -> list[str]:
    code = (
        "import contextlib, io, sys\n"
        "from planner.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return [name for name in HEAVY if name in loaded.split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print("| command | median s | fastest s | loads |")
    print("|---|---|---|---|")
    for argv in COMMANDS:
        times = wall_times(argv, args.runs)
        loads = ", ".join(heavy_modules(argv)) or "none of " + ", ".join(HEAVY)
        print(f"| planner {' '.join(argv)} | {statistics.median(times):.2f} | {min(times):.2f} | {loads} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
