"""The squad samples: made by their recipes, what their headers say, and planned by `planner squad`."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from planner.cli import main
from planner.importers import import_calendar_with_report
from planner.plan import HARD_KINDS, Plan
from planner.samples.squads import CLUB, SQUADS, _club_plan, squad_files
from planner.squad.demo import generate_squad
from planner.squad.files import load_squad

SAMPLE_SQUADS = Path(__file__).resolve().parents[2] / "sample_plans" / "squads"


def hard_days(plan: Plan) -> set[dt.date]:
    """Days with a hard workout, and race days (a race the squad file gives has no workout)."""
    return {day.date for day in plan.training if {w.kind for w in day.workouts} & HARD_KINDS} | {
        race.date for race in plan.races
    }


def test_every_squad_sample_file_is_what_its_recipe_makes() -> None:
    # Guards hand edits that drift from planner/samples/squads.py (regenerate: python -m planner.samples).
    files = squad_files()
    on_disk = {str(p.relative_to(SQUADS)) for p in SQUADS.rglob("*") if p.is_file()}
    assert on_disk == set(files)
    for relative, data in files.items():
        assert (SAMPLE_SQUADS / relative).read_bytes() == data, relative


def test_the_charity_team_is_thirty_generated_runners_with_varied_plans() -> None:
    loaded = load_squad(SAMPLE_SQUADS / "charity" / "squad.yaml")
    squad = loaded.squad
    generated = generate_squad(30, weeks=12, clinicians=1, seed=2)
    assert len(squad.runners) == 30 and len(set(loaded.files.values())) == 30
    for runner, source in zip(squad.runners, generated.runners, strict=True):
        assert runner.plan.training == source.plan.training and runner.availability == source.availability
    assert len({r.plan.a_races[-1].distance for r in squad.runners}) >= 4
    assert len({r.plan.athlete.focus[0] for r in squad.runners}) >= 6
    assert len({tuple(w.model_dump_json() for w in r.availability) for r in squad.runners}) >= 3
    assert len(squad.clinic.bookings) == len(generated.clinic.bookings)  # read back from clinic.ics


def test_the_club_brings_its_own_calendars_and_each_reads_back_as_its_plan() -> None:
    loaded = load_squad(SAMPLE_SQUADS / "club" / "squad.yaml")
    runners = {runner.name: runner for runner in loaded.squad.runners}
    assert len(runners) == 12 and set(loaded.imports) == set(runners)
    suffixes = Counter(Path(path).suffix for path in loaded.files.values())
    assert suffixes[".ics"] >= 4 and suffixes[".csv"] >= 4
    for index, spec in enumerate(CLUB):
        source = _club_plan(index, spec)
        name = spec[0]
        plan = runners[name].plan
        assert hard_days(plan) == hard_days(source), name
        assert [(r.date, r.distance) for r in plan.a_races] == [
            (r.date, r.distance) for r in source.a_races
        ], name
        report = loaded.imports[name]
        assert report.unknown == [] and report.warnings == [], name
        assert plan.athlete.timezone == "Europe/Dublin"
    # Two calendars leave the race out: the squad file gives it.
    without = [spec[0] for spec in CLUB if not spec[7]]
    assert len(without) == 2
    for name in without:
        path = loaded.files[name]
        calendar_only = import_calendar_with_report(Path(path).read_bytes(), path).plan
        assert (
            not calendar_only.a_races or calendar_only.a_races[-1].date != runners[name].plan.a_races[-1].date
        )


@pytest.mark.parametrize("name", ["charity", "club"])
def test_planner_squad_plans_the_sample_with_concrete_appointments(name: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.json"
    assert main(["squad", str(SAMPLE_SQUADS / name / "squad.yaml"), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    data = json.loads(out.read_text())
    assert data["status"] == "optimal" and data["gap"] == 0.0
    for runner in data["runners"]:
        assert runner["status"] == "planned"
        assert len(runner["appointments"]) == len(runner["sessions"]) >= 2
        assert all(a["start"] for a in runner["appointments"])
        cost = runner["cost"]
        assert cost["loss"] == runner["solo_score"] - runner["squad_score"] >= 0
        if cost["loss"]:
            # The rules that scored differently add up to exactly what the squad cost the runner.
            assert sum(rule["alone"] - rule["squad"] for rule in cost["rules"]) == cost["loss"]
            assert f"{runner['name']} - " in text and f"cost {cost['loss']} points" in text
    if name == "charity":
        assert any(runner["loss"] for runner in data["runners"]), "the charity sample shows a cost"
        assert "Busiest days at the clinic:" in text and "(full)" in text
