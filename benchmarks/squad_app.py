"""How long the app's squad pages take to render a 200-runner squad's plan in a real browser (issue 12).

    python benchmarks/squad_app.py [--runners 200] [--seed 11] [--time-limit 300] [--rounds 5]
                                   [--workspace DIR]

The solve is not measured here (benchmarks/squad.py does that): the squad
(`planner.squad.demo.generate_squad(200, clinicians=1, seed=11)`) is planned once with `plan_squad`
and `summarise`d as the app's Optimize button does, and the plan is put into an app workspace
(`planner.squad.workspace`), as if the coach had pressed Optimize. With `--workspace DIR` an earlier
run's workspace is reused when it holds a plan for the same squad. Then `streamlit run` starts on
127.0.0.1 with that workspace and Debian's chromium (Playwright) measures, from the click to a
finished rerun with the element on screen:
- first open: a fresh tab on the Squad page (the session restores the squad and plan from disk) until
  the runners table is there;
- the clinic's week: a click on "Clinic week" until its grid is there;
- the runners table: a click on "Squad" until the table is there (the plan already in the session).
The median and the slowest of `--rounds` rounds are printed. Times depend on the machine: nothing
here asserts on them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from planner.squad.workspace import SquadWorkspace  # noqa: E402
from tests.ui.browser_app import app_server, chromium_page  # noqa: E402

# A finished rerun of the page titled `title` with `selector` on it (a page switch first clears
# the old page, so the title tells the new page's elements from the last one's).
_DONE = """([title, selector]) => {
  const app = document.querySelector("[data-testid='stApp']");
  const heading = document.querySelector("h1");
  return app && app.dataset.testScriptState === "notRunning"
    && app.dataset.testConnectionState === "CONNECTED"
    && heading && heading.textContent.trim() === title && document.querySelector(selector) !== null;
}"""
TABLE = "[data-testid='stDataFrame']"
GRID = ".sq-grid .sq-runner"


def prepare(workspace: Path, runners: int, seed: int, time_limit: float) -> dict[str, Any]:
    """The squad and its plan in the app's workspace; what the solve said (or that it was reused)."""
    from planner.squad import plan_squad
    from planner.squad.demo import generate_squad
    from planner.squad.summary import summarise
    from planner.squad.workspace import SavedPlan, SquadMeta, squad_fingerprint

    squad = generate_squad(runners, clinicians=1, seed=seed)
    ws = SquadWorkspace(workspace / "squad")
    found = ws.load_plan() if ws.squad_path.exists() else None
    if found is not None and found.fingerprint == squad_fingerprint(squad):
        result = found.result
        return {"status": result.status, "appointments": len(result.appointments), "solve_s": None}
    started = time.perf_counter()
    result = plan_squad(squad, time_limit=time_limit)
    summary = summarise(squad, result, busiest=10)
    seconds = time.perf_counter() - started
    ws.save(squad)
    ws.save_meta(SquadMeta(source=f"generate_squad({runners}, clinicians=1, seed={seed})"))
    ws.save_plan(SavedPlan(result, squad_fingerprint(squad), summary, {}))
    return {"status": result.status, "appointments": len(result.appointments), "solve_s": f"{seconds:.1f}"}


def _timed(page, action, title: str, selector: str) -> float:
    started = time.perf_counter()
    action()
    page.wait_for_function(_DONE, arg=[title, selector], polling=50, timeout=120_000)
    return time.perf_counter() - started


def _nav(page, title: str):
    return lambda: page.locator("[data-testid='stSidebarNavLink']", has_text=title).first.click()


def measure(url: str, rounds: int) -> dict[str, list[float]]:
    """Seconds per round for the first open, the week and the table (a fresh tab each round)."""
    times: dict[str, list[float]] = {
        "first open (Squad page, table)": [],
        "clinic week": [],
        "runners table": [],
    }
    with chromium_page() as page:
        for _ in range(rounds):
            page.goto("about:blank")
            first = _timed(page, lambda: page.goto(f"{url}/squad"), "Squad", TABLE)
            times["first open (Squad page, table)"].append(first)
            page.wait_for_timeout(300)
            times["clinic week"].append(_timed(page, _nav(page, "Clinic week"), "Clinic week", GRID))
            page.wait_for_timeout(300)
            times["runners table"].append(_timed(page, _nav(page, "Squad"), "Squad", TABLE))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workspace", type=Path, help="reuse (or keep) the planned workspace here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="squad-app-bench-") as scratch:
        workspace = args.workspace or Path(scratch) / "workspace"
        workspace.mkdir(parents=True, exist_ok=True)
        solved = prepare(workspace, args.runners, args.seed, args.time_limit)
        how = "plan reused" if solved["solve_s"] is None else f"solve + summary {solved['solve_s']} s"
        print(
            f"{args.runners} runners, 1 clinician, seed {args.seed}: {solved['status']}, "
            f"{solved['appointments']} appointments ({how}, not counted below)"
        )
        with app_server(workspace, Path(scratch) / "streamlit.log") as url:
            times = measure(url, args.rounds)
    print(f"| render after the solve ({args.rounds} rounds) | median s | slowest s |")
    print("|---|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.2f} | {max(values):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
