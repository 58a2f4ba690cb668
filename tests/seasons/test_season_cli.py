"""Seasons on the command line: block settings in the plan file, `planner reassess`, JSON by block."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.io import load_plan, save_plan
from planner.samples.generator import generate_season


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def season_file(tmp_path: Path) -> Path:
    path = tmp_path / "season.yaml"
    save_plan(generate_season(0), path)
    return path


def test_reassess_records_the_date_in_the_plan_file_and_confirms_sessions(
    capsys, season_file, tmp_path
) -> None:
    out_json = tmp_path / "before.json"
    assert run(capsys, "optimize", str(season_file), "--json", str(out_json))[0] == 0
    before = json.loads(out_json.read_text())
    point = before["blocks"][0]["reassess_date"]
    assert before["reassess_date"] == point
    code, out, err = run(capsys, "reassess", str(season_file), point)
    assert code == 0, err
    assert "Recorded a reassessment on" in out
    assert [str(d) for d in load_plan(season_file).reassessments] == [point]
    assert run(capsys, "optimize", str(season_file), "--json", str(out_json))[0] == 0
    after = json.loads(out_json.read_text())
    assert after["blocks"][0]["reassessed"] == point
    assert after["reassess_date"] == before["blocks"][1]["reassess_date"]
    confirmed = [s["date"] for s in after["sessions"] if not s["provisional"]]
    assert confirmed == [d for b in after["blocks"][:2] for d in b["sessions"] if d <= after["reassess_date"]]
    # --undo takes it back out.
    assert run(capsys, "reassess", str(season_file), point, "--undo")[0] == 0
    assert load_plan(season_file).reassessments == []


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2026-12-01", "outside the plan"),
        ("2027-12-01", "after the last A race"),
        ("2027-02-30", "is not a date"),
    ],
)
def test_reassess_refuses_a_date_that_cannot_be_one_with_one_line(capsys, season_file, date, words) -> None:
    before = season_file.read_bytes()
    code, out, err = run(capsys, "reassess", str(season_file), date)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err, err
    assert season_file.read_bytes() == before, "a refused edit leaves the file as it was"


def test_reassess_refuses_a_calendar_and_an_undo_of_nothing(capsys, season_file, tmp_path) -> None:
    calendar = tmp_path / "coach.ics"
    calendar.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    code, _, err = run(capsys, "reassess", str(calendar), "2027-03-01")
    assert code == 2 and "plan file" in err
    code, _, err = run(capsys, "reassess", str(season_file), "2027-03-01", "--undo")
    assert code == 2 and "no reassessment is recorded on 2027-03-01" in err


def test_block_settings_in_the_plan_file_name_a_real_a_race(capsys, season_file) -> None:
    text = season_file.read_text()
    assert "blocks:" in text and "target_sessions: 6" in text, "the generator writes its cadence per block"
    wrong = season_file.with_name("wrong.yaml")
    wrong.write_text(text.replace("a_race: '2027-07-04'", "a_race: '2027-07-05'"))
    code, _, err = run(capsys, "optimize", str(wrong))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "blocks.1.a_race: '2027-07-05' is not an A race of the plan" in err
    global_setting = season_file.with_name("global.yaml")
    global_setting.write_text(text.replace("target_sessions: 5", "min_gap_days: 5"))
    code, _, err = run(capsys, "optimize", str(global_setting))
    assert code == 2 and "min_gap_days is a season-wide setting" in err


def test_the_schema_shows_blocks_and_reassessments(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert {"blocks", "reassessments"} <= set(schema["properties"])
    block_rules = schema["$defs"]["BlockRules"]["properties"]
    assert {"target_sessions", "retrial_after_days", "max_gap_days"} <= set(block_rules)
    assert "min_gap_days" not in block_rules


def test_rules_lists_the_settings_of_each_block(capsys, season_file) -> None:
    code, out, _ = run(capsys, "rules", str(season_file))
    assert code == 0
    assert "Block ending at Independence Day 10K (Sun 4 Jul 2027): target_sessions 5" in out
    assert "more than 84 days earlier" in out
