"""The command line: exit codes 0/1/2, one clear line for bad input, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_plans"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_feasible_plan_exits_0_with_reasons_and_json(capsys, tmp_path):
    out_json = tmp_path / "schedule.json"
    code, out, err = run(capsys, "optimize", str(SAMPLES / "10k.yaml"), "--json", str(out_json))
    assert code == 0, err
    assert "Status: optimal" in out and "1. " in out and "clear day" in out
    data = json.loads(out_json.read_text())
    assert data["status"] == "optimal"
    assert data["conflicts"] == []
    assert data["sessions"] and all({"date", "purpose", "reasons"} <= set(s) for s in data["sessions"])
    assert data["sessions"][0]["purpose"] == "trial"


def test_an_impossible_plan_exits_1_with_conflicts_in_words_and_json(capsys, tmp_path):
    out_json = tmp_path / "schedule.json"
    code, out, _ = run(capsys, "optimize", str(SAMPLES / "impossible.yaml"), "--json", str(out_json))
    assert code == 1
    assert "These rules conflict" in out and "Suggested change (checked" in out
    data = json.loads(out_json.read_text())
    assert data["status"] == "infeasible" and data["sessions"] == []
    assert data["conflicts"] and all(c["text"] for c in data["conflicts"])
    assert data["suggestion"]["confirmed"] is True


def test_a_red_flag_exits_1_and_says_to_seek_care(capsys, tmp_path):
    plan = (SAMPLES / "10k.yaml").read_text()
    plan_file = tmp_path / "flag.yaml"
    plan_file.write_text(
        plan.replace("athlete:\n", "athlete:\n  screening:\n    fever_or_unexplained_weight_loss: true\n", 1)
    )
    code, out, _ = run(capsys, "optimize", str(plan_file))
    assert code == 1 and "seek medical care" in out


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


BAD_INPUTS = {
    "empty": ("empty.yaml", "", "file is empty"),
    "binary": ("plan.yaml", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20, "binary"),
    "wrong date": (
        "plan.yaml",
        "name: x\ntraining:\n  - date: 2027-02-30\n    workouts: [{kind: easy}]\n",
        ":3:",
    ),
    "race before the block": (
        "plan.yaml",
        "start: 2027-03-01\nraces:\n  - {date: 2027-02-01, name: Early 10K, distance: 10k}\n"
        "training:\n  - date: 2027-03-02\n    workouts: [{kind: easy}]\n",
        "before the block",
    ),
    "unknown field": ("plan.yaml", "name: x\nathlete:\n  nmae: Sam\n", "unknown field 'athlete.nmae'"),
    "unknown workout kind": (
        "plan.yaml",
        "training:\n  - date: 2027-03-02\n    workouts: [{kind: jogging}]\n",
        "kind",
    ),
    "bad csv date": ("coach.csv", "date,title\n2027-03-01,Easy 5 mi\nnot-a-date,Tempo\n", "coach.csv:3"),
    "not a calendar": ("feed.ics", "this is not a calendar\n", "feed.ics"),
    "wrong type": ("plan.txt", "name: x\n", "unknown file type"),
    "invalid yaml": ("plan.yaml", "name: [unclosed\n", "invalid YAML"),
    "invalid json": ("plan.json", "{name: 1}", "invalid JSON"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line_and_no_traceback(capsys, tmp_path, case):
    name, content, expected = BAD_INPUTS[case]
    path = write(tmp_path, name, content)
    code, out, err = run(capsys, "optimize", path)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("planner: error: ")
    assert expected in lines[0]
    assert "Traceback" not in err + out


MYSTERY = "date,title\n2027-03-01,Easy 5 mi\n2027-03-02,Mystery session\n2027-03-07,Long run 12 mi\n"


def test_an_unknown_workout_is_possibly_hard_by_default_and_stops_only_with_strict(capsys, tmp_path):
    # Issue 8 changed this on purpose: unknown text used to stop every import.
    path = write(tmp_path, "coach.csv", MYSTERY)
    # --force: the race is 7 weeks after the last workout, which is refused as a likely typo otherwise.
    code, _, err = run(capsys, "optimize", path, "--race", "2027-04-25", "--distance", "10k", "--force")
    assert code in (0, 1) and "Traceback" not in err
    assert "1 event of unknown effort treated as possibly hard" in err and "Mystery session" in err
    code, _, err = run(capsys, "optimize", path, "--strict")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1
    assert (
        lines[0].startswith("planner: error: ")
        and "coach.csv:3" in lines[0]
        and "Mystery session" in lines[0]
    )


def test_check_on_a_calendar_reports_the_import_and_keeps_it_in_the_json(capsys, tmp_path):
    path = write(tmp_path, "coach.csv", MYSTERY)
    out_json = tmp_path / "check.json"
    code, _, err = run(capsys, "check", path, "--dates", "2027-03-01", "--json", str(out_json))
    assert code in (0, 1) and err.startswith("Read coach.csv: CSV (spreadsheet), 3 events")
    imported = json.loads(out_json.read_text())["import"]
    assert [note["text"] for note in imported["unknown"]] == ["Mystery session"]
    # Rule 1 keeps the day before the possibly hard session clear.
    assert code == 1


def test_calendar_options_on_a_plan_file_are_one_line(capsys):
    code, _, err = run(capsys, "optimize", str(SAMPLES / "10k.yaml"), "--timezone", "Pacific/Auckland")
    assert code == 2 and "--timezone is for calendar imports" in err


def test_missing_file_and_bad_options_exit_2(capsys, tmp_path):
    assert run(capsys, "optimize", str(tmp_path / "nope.yaml"))[0] == 2
    sample = str(SAMPLES / "10k.yaml")
    code, _, err = run(capsys, "optimize", sample, "--race", "2027-13-01")
    assert code == 2 and "--race" in err
    code, _, err = run(capsys, "optimize", sample, "--focus", "elbow")
    assert code == 2 and "elbow" in err
    code, _, err = run(capsys, "optimize", sample, "--clinic-days", "someday")
    assert code == 2 and "--clinic-days" in err
    code, _, err = run(capsys, "optimize", sample, "--race", "2020-01-01")
    assert code == 2 and "before" in err


def test_overrides_change_the_plan(capsys, tmp_path):
    out_json = tmp_path / "s.json"
    code, _, _ = run(
        capsys,
        "optimize",
        str(SAMPLES / "10k.yaml"),
        "--clinic-days",
        "fri",
        "--focus",
        "calf",
        "--json",
        str(out_json),
    )
    data = json.loads(out_json.read_text())
    assert code in (0, 1)
    import datetime as dt

    assert all(dt.date.fromisoformat(s["date"]).weekday() == 4 for s in data["sessions"])


def test_race_and_distance_for_a_calendar(capsys, tmp_path):
    csv = write(
        tmp_path,
        "plain.csv",
        "date,title\n"
        + "\n".join(
            f"2027-{m:02d}-{d:02d},{t}"
            for m in (3, 4)
            for d, t in (
                (1, "Easy 5 mi"),
                (2, "Tempo 4 mi"),
                (6, "Long run 12 mi"),
                (15, "Intervals 6x800m"),
                (20, "Long run 14 mi"),
                (22, "Easy 4 mi"),
            )
        )
        + "\n",
    )
    out_json = tmp_path / "s.json"
    code, out, err = run(
        capsys, "optimize", csv, "--race", "2027-05-02", "--distance", "10k", "--json", str(out_json)
    )
    assert code == 0, err
    assert "A race" in out and "Sun 2 May 2027" in out
    # The import report: on stderr, and "import" in the JSON.
    assert "Read plain.csv: CSV (spreadsheet), 12 events" in err
    assert json.loads(out_json.read_text())["import"]["races"][0]["priority_why"] == "given with --race"


def test_schema_prints_the_plan_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Plan" and "rules" in schema["properties"]


def test_rules_prints_every_rule_with_the_values_in_force(capsys):
    code, out, _ = run(capsys, "rules", str(SAMPLES / "plantar_fasciitis_rehab.yaml"))
    assert code == 0
    assert [line.split(".")[0].strip() for line in out.splitlines()] == [str(n) for n in range(1, 15)]
    assert "at least 2 days apart" in out  # the rehab plan's min_gap_days, not the default 3


def test_the_console_script_runs_in_a_fresh_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "planner", "optimize", str(SAMPLES / "impossible.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "These rules conflict" in result.stdout
    assert "Traceback" not in result.stderr


def test_check_refuses_every_date_for_a_red_flag(capsys, tmp_path):
    plan = (SAMPLES / "10k.yaml").read_text()
    plan_file = tmp_path / "flag.yaml"
    plan_file.write_text(
        plan.replace("athlete:\n", "athlete:\n  screening:\n    bowel_or_bladder_loss: true\n", 1)
    )
    out_json = tmp_path / "s.json"
    assert main(["optimize", str(SAMPLES / "10k.yaml"), "--json", str(out_json)]) == 0
    dates = ",".join(s["date"] for s in json.loads(out_json.read_text())["sessions"])
    assert main(["check", str(SAMPLES / "10k.yaml"), "--dates", dates]) == 0
    capsys.readouterr()
    assert main(["check", str(plan_file), "--dates", dates]) == 1
    assert "seek medical care" in capsys.readouterr().out
