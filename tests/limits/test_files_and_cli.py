"""Inputs and outputs that are not ordinary files, and the command line's own edge cases
(issue 13 items 3 and 4; issue 9 item 7): refused in one line with exit 2, nothing replaced that
the user did not name, a closed pipe ends quietly, a solver bug is called a bug."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import planner.solver
from planner.cli import EXIT_CLOSED_PIPE, main
from planner.errors import EXIT_BUG, PlannerBug, PlannerInputError
from planner.io import MAX_INPUT_BYTES, atomic_write, output_file, read_bytes
from planner.samples import PLANS

TEN_K = PLANS / "10k.yaml"


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    target = tmp_path / "plan.yaml"
    shutil.copy(TEN_K, target)
    return target


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and len(lines[0]) < 300, err
    return lines[0]


# ---- reading -----------------------------------------------------------------------------------
def test_a_fifo_as_input_is_refused_without_waiting_for_a_writer(tmp_path: Path):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    with pytest.raises(PlannerInputError, match=r"plan\.yaml: is a FIFO \(named pipe\), not a file$"):
        read_bytes(fifo)


def test_a_device_a_folder_and_a_huge_file_are_refused_before_reading(tmp_path: Path):
    with pytest.raises(PlannerInputError, match="character device"):
        read_bytes(Path(os.devnull))
    with pytest.raises(PlannerInputError, match="is a directory"):
        read_bytes(tmp_path)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: no 20 MB written
    with pytest.raises(PlannerInputError, match="larger than 20 MB"):
        read_bytes(huge)


# ---- writing -----------------------------------------------------------------------------------
def test_outputs_that_are_not_regular_files_are_refused(tmp_path: Path, plan_file: Path):
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    cases = {
        str(fifo): "is a FIFO",
        str(tmp_path): "is a directory",
        os.devnull: "is a character device",
        str(plan_file / "out.json"): "is a file, not a folder",
        "": "give a file name",
        str(tmp_path / ("o" * 300 + ".json")): "(File name too long)",
    }
    for target, words in cases.items():
        with pytest.raises(PlannerInputError, match=re.escape(words)):
            output_file(target, f"--json {target}")
    assert fifo.is_fifo()


def test_atomic_write_never_replaces_a_special_file(tmp_path: Path):
    fifo = tmp_path / "calendar.ics"
    os.mkfifo(fifo)
    with pytest.raises(PlannerInputError, match="only a regular file is written"):
        atomic_write(fifo, "x")
    assert fifo.is_fifo() and sorted(p.name for p in tmp_path.iterdir()) == ["calendar.ics"]


def test_a_symlinked_output_replaces_its_file_and_keeps_the_link(tmp_path: Path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_the_input_and_each_other_are_never_outputs(capsys, plan_file: Path, tmp_path: Path):
    before = plan_file.read_bytes()
    code, _, err = run(capsys, "optimize", str(plan_file), "--json", str(plan_file))
    assert code == 2 and "is the input file" in one_line(err)
    out = tmp_path / "out.json"
    code, _, err = run(capsys, "optimize", str(plan_file), "--json", str(out), "--ics", str(out))
    assert code == 2 and "is also the --json output" in one_line(err)
    assert plan_file.read_bytes() == before and not out.exists()


def test_an_existing_calendar_with_a_broken_sequence_is_read_leniently(
    capsys, plan_file: Path, tmp_path: Path
):
    out = tmp_path / "out.ics"
    assert run(capsys, "optimize", str(plan_file), "--ics", str(out))[0] == 0
    out.write_bytes(out.read_bytes().replace(b"SEQUENCE:0", b"SEQUENCE:abc"))
    code, _, err = run(capsys, "optimize", str(plan_file), "--ics", str(out))
    assert code == 0, err
    assert b"SEQUENCE:abc" not in out.read_bytes()


def test_a_file_that_is_not_a_calendar_is_refused_before_solving(capsys, plan_file: Path, tmp_path: Path):
    notes = tmp_path / "notes.ics"
    notes.write_bytes(b"my shopping list")
    code, out, err = run(capsys, "optimize", str(plan_file), "--ics", str(notes))
    assert code == 2 and one_line(err).startswith(f"planner: error: --ics {notes}: not a readable calendar")
    assert out == "" and notes.read_bytes() == b"my shopping list"


# ---- the command line --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("--time-limit", "abc"), "--time-limit"),
        (("--time-limit", "-inf"), "--time-limit"),
        (("--time-limit", "nan"), "positive number of seconds"),
        (("--time-limit", "0"), "positive number of seconds"),
        (("--distance", "42k"), "--distance"),
        (
            ("--calendar-name", "Sam\r\nBEGIN:VEVENT", "--ics", "x.ics"),
            "--calendar-name: contains a line break",
        ),
        (("--alarms", "9" * 5000 + "m", "--ics", "x.ics"), "--alarms: cannot read"),
        (("--race", "9999-12-31"), "--race: 9999-12-31 is outside the years 1900-2200"),
    ],
)
def test_bad_options_are_one_line(capsys, plan_file: Path, argv, words, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "optimize", str(plan_file), *argv)
    assert code == 2 and words in one_line(err)


def test_a_race_far_from_the_training_is_refused_unless_forced(capsys, plan_file: Path):
    code, _, err = run(capsys, "optimize", str(plan_file), "--race", "2028-04-23")
    line = one_line(err)
    assert code == 2 and line.startswith("planner: error: --race: race on Sun 23 Apr 2028 is 52 weeks after")
    assert "Sat 24 Apr 2027" in line or "2027" in line
    code, out, err = run(capsys, "optimize", str(plan_file), "--race", "2028-04-23", "--force")
    assert code in (0, 1) and "weeks after the last workout" in out


def test_an_end_inside_a_taper_is_said(capsys, tmp_path: Path):
    plan = tmp_path / "cut.yaml"
    plan.write_text(TEN_K.read_text(encoding="utf-8") + "end: '2027-04-20'\n", encoding="utf-8")
    _, out, _ = run(capsys, "optimize", str(plan))
    assert (
        "the block ends on Tue 20 Apr 2027, inside the 10-day taper of Cherry Creek 10K on Sun 25 Apr 2027"
        in out
    )


def test_a_solver_bug_is_called_a_bug_with_exit_3(capsys, plan_file: Path, monkeypatch):
    def broken(*args, **kwargs):
        raise PlannerBug("CP-SAT rejected the model as invalid (possible integer overflow in objective)")

    monkeypatch.setattr(planner.solver, "optimize", broken)
    code, _, err = run(capsys, "optimize", str(plan_file))
    assert code == EXIT_BUG and "bug in planner" in one_line(err)


@pytest.mark.parametrize("command", [["rules"], ["optimize"], ["check", "--dates", "2027-03-02"]])
def test_a_closed_stdout_ends_quietly(command, plan_file: Path):
    read_end, write_end = os.pipe()
    os.close(read_end)
    argv = [sys.executable, "-m", "planner", command[0], str(plan_file), *command[1:]]
    done = subprocess.run(argv, stdout=write_end, stderr=subprocess.PIPE, timeout=120, check=False)
    os.close(write_end)
    assert done.returncode == EXIT_CLOSED_PIPE, done.stderr
    assert done.stderr == b""
