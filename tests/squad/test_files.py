"""Squad files: every kind of runner, relative paths, the clinic's own calendar, and one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planner.errors import PlannerInputError
from planner.io import save_plan
from planner.samples.calendars import clinic_ics, plan_csv, plan_ics
from planner.samples.generator import generate_plan
from planner.squad.files import load_squad, squad_schema

START = dt.date(2027, 1, 4)


def _plan(seed: int, name: str, timezone: str = "Europe/Dublin", weeks: int = 10):
    return generate_plan(
        weeks, "half", seed=seed, start=START, long_run_weekday="sun", athlete_name=name, timezone=timezone
    )


def _write(folder: Path, text: str) -> Path:
    path = folder / "squad.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A squad folder: a plan file, an .ics and a .csv calendar in subfolders."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "calendars").mkdir()
    save_plan(_plan(1, "Maya Ortiz"), tmp_path / "plans" / "maya.yaml")
    (tmp_path / "calendars" / "tom.ics").write_bytes(plan_ics(_plan(2, "x"), calendar_name="Tom's training"))
    (tmp_path / "calendars" / "ana.csv").write_bytes(plan_csv(_plan(3, "x"), a_race=False))
    return tmp_path


def test_every_kind_of_runner_resolves_against_the_squad_file(folder: Path, monkeypatch) -> None:
    inline = json.dumps(_plan(4, "Kofi Mensah").model_dump(mode="json"))
    path = _write(
        folder,
        f"""\
        name: Club
        clinic: {{name: Riverside Physio, opens: "16:00", closes: "19:00", appointment_minutes: 60}}
        runners:
          - plan: plans/maya.yaml
            availability: [{{weekdays: [mon, wed], start: "17:00"}}]
          - calendar: calendars/tom.ics
            name: Tom Becker
            focus: [calf]
          - calendar: calendars/ana.csv
            race: 2027-03-14
            distance: half
            pin: [2027-01-20]
          - inline: {inline}
        """,
    )
    monkeypatch.chdir("/")  # relative paths are the squad file's, not the working directory's
    loaded = load_squad(path)
    squad = loaded.squad
    assert [r.name for r in squad.runners] == ["Maya Ortiz", "Tom Becker", "ana", "Kofi Mensah"]
    maya, tom, ana, kofi = squad.runners
    assert maya.availability[0].weekdays == ["mon", "wed"] and maya.availability[0].start == dt.time(17)
    assert tom.plan.athlete.focus == ["calf"]
    assert ana.plan.a_races[-1].date == dt.date(2027, 3, 14) and ana.plan.a_races[-1].distance == "half"
    assert [p.date for p in ana.plan.pinned] == [dt.date(2027, 1, 20)]
    assert kofi.plan.training
    # The runners share Europe/Dublin, so the clinic is there; the calendars say how they were read.
    assert squad.clinic.timezone == "Europe/Dublin"
    assert set(loaded.imports) == {"Tom Becker", "ana"}
    assert loaded.files["Maya Ortiz"] == str(folder / "plans" / "maya.yaml")


def test_a_calendar_that_names_no_timezone_is_read_in_the_clinic_s(folder: Path) -> None:
    path = _write(
        folder,
        """\
        clinic: {timezone: Pacific/Auckland}
        runners:
          - {calendar: calendars/ana.csv, race: 2027-03-14, distance: half}
          - {calendar: calendars/tom.ics, name: Tom}
        """,
    )
    loaded = load_squad(path)
    ana, tom = loaded.squad.runners
    assert ana.plan.athlete.timezone == "Pacific/Auckland"
    assert "clinic.timezone" in loaded.imports["ana"].timezone_reason
    # A calendar that says where its runner is keeps its own zone; the output notes the difference.
    assert tom.plan.athlete.timezone == "Europe/Dublin"
    assert any("Tom" in note and "Europe/Dublin" in note for note in loaded.notes)


def test_the_clinic_s_own_calendar_becomes_bookings_in_its_local_time(folder: Path) -> None:
    (folder / "clinic.ics").write_bytes(
        clinic_ics(
            "Riverside Physio",
            "America/New_York",  # the calendar's own zone: its times are converted to the clinic's
            [(dt.datetime(2027, 1, 12, 12, 0), 90, "Private patient")],
            weekly=(dt.datetime(2027, 1, 13, 12, 0), 60, "Team meeting", 3),
            cancelled=[(dt.datetime(2027, 1, 14, 12, 0), 60, "Private patient")],
            days_off=[(dt.date(2027, 1, 15), "Course")],
        )
    )
    path = _write(
        folder,
        """\
        clinic: {timezone: Europe/Dublin, bookings_ics: clinic.ics}
        runners: [{plan: plans/maya.yaml}]
        """,
    )
    loaded = load_squad(path)
    bookings = sorted((b.start, b.end) for b in loaded.squad.clinic.bookings)
    noon_ny = [dt.datetime(2027, 1, d, 17, 0) for d in (12, 13, 20, 27)]  # 12:00 New York = 17:00 Dublin
    assert [start for start, _ in bookings if start.hour == 17] == noon_ny
    assert (noon_ny[0], noon_ny[0] + dt.timedelta(minutes=90)) in bookings
    assert (dt.datetime(2027, 1, 15), dt.datetime(2027, 1, 16)) in bookings  # the day off: all day
    assert len(bookings) == 5  # the cancelled appointment is not a booking
    assert any("1 cancelled event skipped" in note for note in loaded.notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "runners:\n  - plan: plans/maya.yaml\n    availabilty: []\n",
            "squad.yaml:3: unknown field 'runners.0.availabilty'",
        ),
        ("runners:\n  - plan: plans/nobody.yaml\n", "nobody.yaml: no such file"),
        (
            "runners:\n  - plan: plans/maya.yaml\n    calendar: calendars/tom.ics\n",
            "squad.yaml:2: field 'runners.0': give exactly one of plan",
        ),
        ("runners:\n  - plan: calendars/tom.ics\n", "is not a plan file"),
        (
            "runners:\n  - plan: plans/maya.yaml\n    timezone: Europe/Paris\n",
            "timezone is for calendar runners",
        ),
        (
            "runners:\n  - plan: plans/maya.yaml\n  - plan: plans/maya.yaml\n",
            "squad.yaml:3: runners.1: 'Maya Ortiz' is also runners.0",
        ),
        (
            "clinic:\n  opens: '19:00'\n  closes: '18:00'\nrunners: [{plan: plans/maya.yaml}]\n",
            "squad.yaml:1: field 'clinic': closes (18:00) must be after opens (19:00)",
        ),
        (
            "runners:\n  - plan: plans/maya.yaml\n    availability:\n      - {weekdays: [mon]}\n"
            "      - {weekdays: [mon], start: '17:00'}\n",
            "squad.yaml:3: runners.0.availability: runner 'Maya Ortiz': mon is in two availability windows",
        ),
        ("runners:\n  - plan: plans/maya.yaml\n    race: 2026-01-01\n", "runners.0 ("),
        ("runners: []\n", "field 'runners': List should have at least 1 item"),
        (
            "clinic: {timezone: Mars/Base}\nrunners: [{plan: plans/maya.yaml}]\n",
            "unknown timezone 'Mars/Base'",
        ),
        (
            "athlete: {name: Maya}\ntraining: []\nraces: []\n",
            "this is one runner's plan, not a squad file: plan it with `planner optimize`",
        ),
    ],
)
def test_bad_squad_files_are_one_line_naming_file_line_and_field(
    folder: Path, text: str, expected: str
) -> None:
    with pytest.raises(PlannerInputError) as caught:
        load_squad(_write(folder, text))
    message = str(caught.value)
    assert expected in message and "\n" not in message


def test_runners_in_several_timezones_need_the_clinic_s(folder: Path) -> None:
    save_plan(_plan(5, "Lena", timezone="Europe/Berlin"), folder / "plans" / "lena.yaml")
    text = "runners: [{plan: plans/maya.yaml}, {plan: plans/lena.yaml}]\n"
    with pytest.raises(PlannerInputError, match=r"clinic.timezone is needed: the runners are in 2 timezones"):
        load_squad(_write(folder, text))
    assert load_squad(_write(folder, "clinic: {timezone: Europe/Berlin}\n" + text)).squad.clinic.timezone == (
        "Europe/Berlin"
    )


def test_an_error_inside_a_runner_s_file_names_that_file_and_line(folder: Path) -> None:
    (folder / "plans" / "bad.yaml").write_text("name: Bad\nathlete:\n  nmae: x\n", encoding="utf-8")
    with pytest.raises(PlannerInputError) as caught:
        load_squad(_write(folder, "runners: [{plan: plans/bad.yaml}]\n"))
    assert str(caught.value) == f"{folder / 'plans' / 'bad.yaml'}:3: unknown field 'athlete.nmae'"


def test_the_squad_schema_describes_the_file_and_loads_no_solver() -> None:
    schema = squad_schema()
    assert {"clinic", "runners", "fairness"} <= set(schema["properties"])
    runner = schema["$defs"]["RunnerEntry"]["properties"]
    assert {"plan", "calendar", "inline", "availability", "race", "timezone", "pin", "forbid"} <= set(runner)
    assert "bookings_ics" in schema["$defs"]["ClinicEntry"]["properties"]
    code = (
        "import sys, json; from planner.cli import main; main(['schema', '--squad']);"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('ortools', 'pandas')]"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "SquadFile"


def test_a_race_far_outside_a_runner_s_training_needs_force(folder: Path) -> None:
    # The same check as `planner optimize --race` (planner.sanity.far_races): usually a wrong year.
    path = _write(folder, "runners:\n  - plan: plans/maya.yaml\n    race: 2028-03-14\n    distance: half\n")
    with pytest.raises(PlannerInputError, match=r"squad.yaml:2: runners.0 .*check the year, or pass --force"):
        load_squad(path)
    assert load_squad(path, force=True).squad.runners[0].plan.a_races[-1].date == dt.date(2028, 3, 14)
