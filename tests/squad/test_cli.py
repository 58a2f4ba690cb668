"""`planner squad`: appointments with reasons, JSON, runner calendars, the roster, re-plans, shortages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from pathlib import Path

import icalendar
import pytest

from planner.cli import main
from planner.io import save_plan
from planner.plan import Screening
from planner.samples import PLANS
from planner.samples.generator import generate_plan
from planner.samples.recipes import sample_plan

START = dt.date(2027, 1, 4)
NAMES = ("Maya Ortiz", "Tom Becker", "Ana Silva", "Kofi Mensah")


@pytest.fixture
def squad_file(tmp_path: Path) -> Path:
    """Four runners (plan files) at an evening clinic with one physio; Maya's plan holds health data."""
    (tmp_path / "plans").mkdir()
    for index, name in enumerate(NAMES):
        plan = generate_plan(
            10,
            "half",
            seed=40 + index,
            start=START + dt.timedelta(weeks=index % 2),
            long_run_weekday="sun",
            athlete_name=name,
            timezone="Europe/London",
            focus=["calf", "achilles"] if index == 0 else ["glute"],
        )
        if index == 0:
            screening = Screening(bleeding_disorder_or_blood_thinners=True, notes="takes warfarin")
            plan.athlete = plan.athlete.model_copy(update={"screening": screening})
        save_plan(plan, tmp_path / "plans" / f"{name.split()[0].lower()}.yaml")
    path = tmp_path / "squad.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            name: Evening group
            clinic: {name: Quay Physio, opens: "16:00", closes: "19:00", appointment_minutes: 60}
            runners:
              - plan: plans/maya.yaml
              - plan: plans/tom.yaml
                availability: [{weekdays: [mon, tue, wed, thu, fri], start: "17:00"}]
              - plan: plans/ana.yaml
              - plan: plans/kofi.yaml
            """
        ),
        encoding="utf-8",
    )
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["squad", *argv])
    except SystemExit as exit_:  # argparse's one-line errors (planner.cli.OneLineParser)
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def _events(path: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_squad_prints_appointments_and_writes_json_calendars_and_roster(squad_file, tmp_path, capsys) -> None:
    out_dir = tmp_path / "out"
    code, text, _ = _run(
        capsys,
        str(squad_file),
        "--json", str(out_dir / "plan.json"),
        "--ics-dir", str(out_dir / "calendars"),
        "--roster-ics", str(out_dir / "roster.ics"),
        "--roster-csv", str(out_dir / "roster.csv"),
    )  # fmt: skip
    assert code == 0, text
    assert text.startswith("Evening group: 4 runners at Quay Physio")
    assert "Status: optimal (proven" in text and "Busiest days at the clinic:" in text
    data = json.loads((out_dir / "plan.json").read_text())
    assert data["status"] == "optimal" and data["gap"] == 0.0
    appointments = data["appointments"]
    for runner in data["runners"]:
        name = runner["name"]
        assert runner["status"] == "planned" and runner["cost"]["loss"] == runner["loss"]
        # Every session is printed at its appointment time, with its reasons.
        for session, appointment in zip(runner["sessions"], runner["appointments"], strict=True):
            day = dt.date.fromisoformat(session["date"])
            assert appointment["date"] == session["date"]
            line = f"{session['number']}. {day:%a} {day.day} {day:%b %Y} {appointment['start'][:5]}-{appointment['end'][:5]}"
            assert line in text, line
            assert session["reasons"]
        # The runner's calendar holds those sessions at those times, in the clinic's timezone.
        calendar = out_dir / "calendars" / f"{name.lower().replace(' ', '-')}.ics"
        starts = sorted(
            e.decoded("DTSTART").replace(tzinfo=None)
            for e in _events(calendar)
            if str(e["X-PLANNER-KIND"]) == "session"
        )
        assert starts == [
            dt.datetime.fromisoformat(f"{a['date']}T{a['start']}") for a in runner["appointments"]
        ]
        assert b"TZID=Europe/London" in calendar.read_bytes()
    # No slot holds more runners than there are clinicians (one).
    assert len({(a["date"], a["start"]) for a in appointments}) == len(appointments)
    roster = list(csv.DictReader(io.StringIO((out_dir / "roster.csv").read_text())))
    assert [(r["date"], r["start"], r["runner"]) for r in roster] == [
        (a["date"], a["start"][:5], a["runner"]) for a in appointments
    ]
    roster_events = _events(out_dir / "roster.ics")
    assert len(roster_events) == len(appointments)
    assert {str(e["X-PLANNER-RUNNER"]) for e in roster_events} == set(NAMES)


def test_the_roster_holds_runner_names_and_purposes_only(squad_file, tmp_path, capsys) -> None:
    # Health data in the runner's own calendar only when asked for, and never in the roster.
    code, _, _ = _run(
        capsys,
        str(squad_file),
        "--include-health",
        "--ics-dir", str(tmp_path / "cal"),
        "--roster-ics", str(tmp_path / "roster.ics"),
        "--roster-csv", str(tmp_path / "roster.csv"),
    )  # fmt: skip
    assert code == 0
    assert (
        b"warfarin" in (tmp_path / "cal" / "maya-ortiz.ics").read_bytes()
    )  # the opt-in reached her calendar
    for path in (tmp_path / "roster.ics", tmp_path / "roster.csv"):
        raw = path.read_bytes().decode("utf-8")
        unfolded = raw.replace("\r\n ", "").lower()
        for word in (
            "calf",
            "calves",
            "achilles",
            "lower leg",
            "warfarin",
            "blood",
            "clearance",
            "screening",
        ):
            assert word not in unfolded, (path.name, word)
        for word in ("long run", "day after", "after-care", "valarm", "x-planner-settings", "glute"):
            assert word not in unfolded, (path.name, word)
        assert "maya ortiz" in unfolded and "trial" in unfolded


def _with_forbidden(squad_file: Path, runner_file: str, day: str) -> None:
    text = squad_file.read_text().replace(
        f"- plan: plans/{runner_file}\n", f"- plan: plans/{runner_file}\n    forbid: [{day}]\n"
    )
    squad_file.write_text(text)


@pytest.mark.parametrize("previous", ["roster.ics", "roster.csv", "plan.json"])
def test_a_replan_moves_as_few_appointments_as_it_can_and_says_who_moved(
    squad_file, tmp_path, capsys, previous
) -> None:
    outputs = ["--json", str(tmp_path / "plan.json"), "--ics-dir", str(tmp_path / "cal")]
    outputs += ["--roster-ics", str(tmp_path / "roster.ics"), "--roster-csv", str(tmp_path / "roster.csv")]
    assert _run(capsys, str(squad_file), *outputs)[0] == 0
    before = json.loads((tmp_path / "plan.json").read_text())
    first = {r["name"]: r["appointments"] for r in before["runners"]}
    tom_before = {str(e["UID"]): e for e in _events(tmp_path / "cal" / "tom-becker.ics")}
    moved_day = first["Tom Becker"][1]["date"]
    _with_forbidden(squad_file, "tom.yaml", moved_day)
    (tmp_path / previous).rename(tmp_path / f"previous-{previous}")
    code, text, _ = _run(
        capsys, str(squad_file), "--previous", str(tmp_path / f"previous-{previous}"), *outputs
    )
    assert code == 0
    after = json.loads((tmp_path / "plan.json").read_text())
    now = {r["name"]: r["appointments"] for r in after["runners"]}
    changed = sorted(name for name in first if first[name] != now[name])
    assert "Tom Becker" in changed and after["moved"] == changed
    assert moved_day not in [a["date"] for a in now["Tom Becker"]]
    assert f"Re-planned against {sum(map(len, first.values()))} appointments" in text
    assert (
        f"{len(changed)} runner{'' if len(changed) == 1 else 's'} moved" in text
        and "  - Tom Becker: removed " in text
    )
    # A fresh plan of the edited squad moves at least as many runners.
    assert _run(capsys, str(squad_file), "--fresh", "--json", str(tmp_path / "fresh.json"))[0] == 0
    fresh = {
        r["name"]: r["appointments"] for r in json.loads((tmp_path / "fresh.json").read_text())["runners"]
    }
    assert len(changed) <= sum(1 for name in first if first[name] != fresh[name])
    # Tom's calendar updates in place: same UIDs, a higher SEQUENCE only where something changed.
    tom_after = {str(e["UID"]): e for e in _events(tmp_path / "cal" / "tom-becker.ics")}
    assert set(tom_before) <= set(tom_after)
    moved = [
        uid
        for uid, e in tom_after.items()
        if uid in tom_before and e.decoded("DTSTART") != tom_before[uid].decoded("DTSTART")
    ]
    assert moved and all(int(tom_after[uid]["SEQUENCE"]) > int(tom_before[uid]["SEQUENCE"]) for uid in moved)


def test_the_impossible_sample_is_a_shortage_in_words_with_a_checked_fix(tmp_path, capsys) -> None:
    squad = PLANS / "squads" / "impossible.yaml"
    code, text, err = _run(
        capsys, str(squad), "--json", str(tmp_path / "plan.json"), "--roster-csv", str(tmp_path / "r.csv")
    )
    assert code == 1
    assert "3 appointments short on Mondays 14-28 Jun" in text
    assert "Extra opening that fixes it (checked: planning again with it fits every runner):" in text
    assert "open 3 more 60-minute appointment(s) at 18:00 on Mon 14 Jun, Mon 21 Jun, Mon 28 Jun" in text
    shortage = json.loads((tmp_path / "plan.json").read_text())["shortage"]
    assert shortage["missing"] == 3 and shortage["confirmed"] and shortage["proven_minimal"]
    assert not (tmp_path / "r.csv").exists() and "no calendars or roster written" in err


def test_a_runner_whose_own_rules_conflict_is_explained_by_name(tmp_path, capsys) -> None:
    save_plan(sample_plan("impossible"), tmp_path / "sean.yaml")
    save_plan(
        generate_plan(8, "10k", seed=3, start=dt.date(2027, 3, 1), long_run_weekday="sun", athlete_name="Able",
                      timezone="Europe/Dublin"),
        tmp_path / "able.yaml",
    )  # fmt: skip
    (tmp_path / "squad.yaml").write_text(
        "clinic: {name: Club room, open_weekdays: [tue, thu, fri], opens: '18:00', closes: '21:00'}\n"
        "runners:\n  - plan: sean.yaml\n    availability: [{weekdays: [tue, thu]}]\n  - plan: able.yaml\n"
    )
    code, text, _ = _run(capsys, str(tmp_path / "squad.yaml"), "--roster-csv", str(tmp_path / "roster.csv"))
    assert code == 1  # not every runner has a schedule
    assert (
        "Sean Byrne - not planned" in text
        and "! Sean Byrne: no schedule fits this runner's own rules" in text
    )
    assert "No schedule fits this plan. These rules conflict:" in text
    assert "Able - " in text and "1. " in text
    runners = {row["runner"] for row in csv.DictReader(io.StringIO((tmp_path / "roster.csv").read_text()))}
    assert runners == {"Able"}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--time-limit", "-1"], "--time-limit"),
        (["--time-limit", "nan"], "--time-limit"),
        (["--previous", "notes.txt"], "notes.txt: no such file"),
        (["--json", "."], "--json .: is a directory"),
        (["--ics-dir", "/dev/null"], "--ics-dir /dev/null: is not a folder"),
        (["--alarms", "sometimes"], "--alarms"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(squad_file, capsys, argv, expected) -> None:
    code, out, err = _run(capsys, str(squad_file), *argv)
    assert code == 2 and out == ""
    assert expected in err and err.count("\n") == 1 and "Traceback" not in err


def test_no_output_may_overwrite_the_squad_file_or_another_output(squad_file, tmp_path, capsys) -> None:
    code, _, err = _run(capsys, str(squad_file), "--json", str(squad_file))
    assert code == 2 and "is the input file; it is never overwritten" in err
    same = str(tmp_path / "out.txt")
    code, _, err = _run(capsys, str(squad_file), "--roster-ics", same, "--roster-csv", same)
    assert code == 2 and "is also the --roster-ics output" in err
    assert squad_file.read_text().startswith("name: Evening group")
