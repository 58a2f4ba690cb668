"""The benchmark's greedy baseline follows a coach's rules of thumb, and the benchmark prints a table."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from planner.io import load_plan
from planner.plan import HARD_KINDS, WEEKDAYS, Plan

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO / "sample_plans"
SAMPLE_NAMES = sorted(path.stem for path in SAMPLE_DIR.glob("*.yaml"))


def load_module(name: str) -> ModuleType:
    # benchmarks/ is a folder of scripts beside the package, not installed: import it from the repo.
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    return importlib.import_module(f"benchmarks.{name}")


greedy = load_module("greedy")


def hard_days(plan: Plan) -> set[dt.date]:
    days = {day.date for day in plan.training if any(w.kind in HARD_KINDS for w in day.workouts)}
    return days | {race.date for race in plan.races}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_greedy_keeps_a_coachs_rules_of_thumb(name: str) -> None:
    plan = load_plan(SAMPLE_DIR / f"{name}.yaml")
    dates = greedy.greedy_schedule(plan)
    pins = {pin.date for pin in plan.pinned}
    hard = hard_days(plan)
    assert dates == sorted(set(dates))
    assert pins <= set(dates), "a pinned session stays"
    # At most each block's target, and one post-race session after the last A race.
    targets = (
        sum(plan.block_rules(race).target_sessions for race in plan.a_races) or plan.rules.target_sessions
    )
    tail = int(bool(plan.a_races) and plan.last_day is not None and plan.last_day > plan.a_races[-1].date)
    assert len(dates) <= targets + tail + len(pins)
    for day in set(dates) - pins:
        assert day not in hard and day + dt.timedelta(days=1) not in hard
        assert WEEKDAYS[day.weekday()] in plan.clinic.open_weekdays
    free = sorted(set(dates) - pins)
    assert all((b - a).days >= plan.rules.min_gap_days for a, b in itertools.pairwise(free))


def test_greedy_books_the_day_after_long_runs_and_one_taper_session() -> None:
    plan = load_plan(SAMPLE_DIR / "beginner_marathon.yaml")
    dates = greedy.greedy_schedule(plan)
    long_runs = {day.date for day in plan.training if any(w.kind == "long_run" for w in day.workouts)}
    assert len(dates) == plan.rules.target_sessions
    assert all(day - dt.timedelta(days=1) in long_runs for day in dates)
    race = plan.races[0]
    taper = [
        day for day in dates if race.date - dt.timedelta(days=21) <= day <= race.date - dt.timedelta(days=7)
    ]
    assert len(taper) == 1
    # The coach's habit: the first long runs of the block, not the best-spread ones.
    assert dates[0] == min(long_runs) + dt.timedelta(days=1)


def test_greedy_imports_none_of_the_solvers_rule_code() -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import benchmarks.greedy; "
        "bad = [m for m in sys.modules if m.startswith(('planner.constraints', 'planner.solver', "
        "'planner.facts', 'planner.explain'))]; print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_benchmark_prints_a_markdown_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("10k", "impossible"):
        (tmp_path / f"{name}.yaml").write_bytes((SAMPLE_DIR / f"{name}.yaml").read_bytes())
    run = load_module("run")
    assert run.main(["--runs", "1", "--no-season", "--time-limit", "5", "--samples", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("| plan | weeks | build s | solve s |")
    rows = {
        line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]] for line in lines[2:4]
    }
    assert set(rows) == {"10k.yaml", "impossible.yaml"}
    assert rows["10k.yaml"][4] in ("optimal", "feasible")
    assert rows["impossible.yaml"][4] == "infeasible"
    assert "Peak RSS" in out


def test_greedy_books_each_block_of_a_season_and_one_post_race_session() -> None:
    plan = load_plan(SAMPLE_DIR / "season_two_marathons.yaml")
    dates = greedy.greedy_schedule(plan)
    spring, autumn = plan.a_races
    for race in (spring, autumn):
        window = (race.date - dt.timedelta(days=race.taper_length), race.date - dt.timedelta(days=7))
        assert any(window[0] <= day <= window[1] for day in dates), f"a taper session before {race.name}"
    assert sum(1 for day in dates if spring.date < day <= autumn.date) > 1, "block 2 has its own series"
    assert [day for day in dates if day > autumn.date] == [autumn.date + dt.timedelta(days=1)]


def test_the_seasons_benchmark_prints_both_seasons(capsys: pytest.CaptureFixture[str]) -> None:
    seasons = load_module("seasons")
    assert seasons.main(["--runs", "1"]) == 0
    out = capsys.readouterr().out
    rows = [
        line for line in out.splitlines() if line.startswith("| 52 weeks") or line.startswith("| 104 weeks")
    ]
    assert len(rows) == 2
    assert all("| 1/1 |" in row for row in rows), "each season proved optimal"
