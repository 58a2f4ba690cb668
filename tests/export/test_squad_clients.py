"""A squad's calendars against the clients the single-runner export passes: every runner's .ics and
the clinic's roster .ics, first export and re-plan, through khal, Radicale, libical, ical.js,
vobject, ics.py and the byte lint (the fixtures and helpers of this folder)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from functools import cache
from pathlib import Path

import icalendar
import pytest
from export_cases import lint
from test_clients import _put, _read_back

from planner.cli import main
from planner.export.ics import split_calendar
from planner.samples import PLANS

pytestmark = pytest.mark.clients

CLUB = PLANS / "squads" / "club"
ZONE = "Europe/Dublin"


@cache
def _story(root: str) -> tuple[tuple[str, Path], ...]:
    """The club squad planned, then re-planned after one runner's edit: (step, file) for every
    runner calendar and roster of both steps."""
    folder = Path(root)
    squad = folder / "club"
    shutil.copytree(CLUB, squad)
    out = folder / "out"
    argv = [
        "squad",
        str(squad / "squad.yaml"),
        "--ics-dir",
        str(out / "cal"),
        "--roster-ics",
        str(out / "roster.ics"),
    ]
    argv += ["--json", str(out / "plan.json"), "--alarms", "evening,2h"]
    assert main(argv) == 0
    files = []
    steps = {}
    for step in ("first", "replan"):
        step_dir = folder / step
        shutil.copytree(out, step_dir)
        steps[step] = step_dir
        files += [(step, path) for path in sorted(step_dir.rglob("*.ics"))]
        if step == "first":
            # Aoife cannot come on her first appointment's day any more: a re-plan moves her.
            first_day = json.loads((out / "plan.json").read_text())["runners"][0]["appointments"][0]["date"]
            text = (squad / "squad.yaml").read_text()
            edited = text.replace("  name: Aoife Byrne\n", f"  name: Aoife Byrne\n  forbid: [{first_day}]\n")
            assert edited != text
            (squad / "squad.yaml").write_text(edited)
            assert main(argv) == 0
    return tuple(files)


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> tuple[tuple[str, Path], ...]:
    return _story(str(tmp_path_factory.mktemp("squad")))


def _events(path: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_the_story_has_every_runner_and_the_roster_at_both_steps(story) -> None:
    first = {path.name: path for step, path in story if step == "first"}
    replan = {path.name: path for step, path in story if step == "replan"}
    assert first.keys() == replan.keys() and "roster.ics" in first and len(first) == 13
    assert _starts(first["aoife-byrne.ics"]) != _starts(replan["aoife-byrne.ics"])
    assert _starts(first["roster.ics"]) != _starts(replan["roster.ics"])


def _starts(path: Path) -> list[dt.datetime]:
    return sorted(e.decoded("DTSTART") for e in _events(path) if str(e.get("X-PLANNER-KIND")) == "session")


def test_every_squad_calendar_passes_the_byte_lint_vobject_and_ics_py(story) -> None:
    import ics
    import vobject

    for step, path in story:
        data = path.read_bytes()
        assert lint(data) == [], (step, path.name)
        cal = vobject.readOne(data.decode("utf-8"), validate=True)
        assert len(cal.vevent_list) == data.count(b"BEGIN:VEVENT"), path.name
        assert len(ics.Calendar(data.decode("utf-8")).events) == data.count(b"BEGIN:VEVENT"), path.name


def test_libical_reads_every_squad_calendar_without_errors(story, libical_check) -> None:
    paths = [path for _, path in story]
    code, output = libical_check(*paths)
    assert code == 0, output
    assert f"ok: {len(paths)} file(s)" in output


def test_icaljs_reads_every_squad_calendar_at_the_same_instants(story, icaljs) -> None:
    paths = [path for _, path in story]
    read = icaljs(*paths)
    for path in paths:
        ours = _events(path)
        theirs = read[str(path)]
        assert [e["uid"] for e in theirs] == [str(e["UID"]) for e in ours], path.name
        for mine, event in zip(ours, theirs, strict=True):
            start = mine.decoded("DTSTART")
            if isinstance(start, dt.datetime):
                assert event["zone"] == ZONE and event["utc"] == int(start.timestamp()), (path.name, event)
            assert event["sequence"] == int(mine.get("SEQUENCE", 0))
        if path.name == "roster.ics":
            assert all(e["alarms"] == 0 for e in theirs)  # the clinic's roster rings no reminders


def test_khal_imports_both_steps_without_duplicates_and_shows_the_moved_appointment(story, khal) -> None:
    by_name: dict[str, list[Path]] = {}
    for _, path in story:
        by_name.setdefault(path.name, []).append(path)
    for name, (first, replan) in by_name.items():
        calendar = khal.calendar(ZONE)
        calendar.import_file(first)
        calendar.import_file(replan)
        rows = calendar.rows("{cancelled}|{start}|{uid}", "2027-01-01")
        uids = [row[2] for row in rows]
        assert len(uids) == len(set(uids)) == len({str(e["UID"]) for e in _events(replan)}), name
        live = sorted(row[1] for row in rows if not row[0].strip())
        expected = sorted(
            f"{e.decoded('DTSTART'):%Y-%m-%d %H:%M}"
            if isinstance(e.decoded("DTSTART"), dt.datetime)
            else f"{e.decoded('DTSTART'):%Y-%m-%d}"
            for e in _events(replan)
            if str(e.get("STATUS")) != "CANCELLED"
        )
        assert live == expected, name


def test_radicale_takes_every_squad_calendar_whole_and_per_uid(story, radicale) -> None:
    for step, path in story:
        data = path.read_bytes()
        exported = {str(e["UID"]): e for e in _events(path)}
        whole = radicale.new_calendar()
        assert _put(whole, data, radicale.auth) in (200, 201, 204), path.name
        per_uid = radicale.new_calendar()
        for uid, body in split_calendar(data).items():
            assert _put(per_uid + uid.replace("@", "-") + ".ics", body, radicale.auth) == 201, (
                path.name,
                uid,
            )
        for url in (whole, per_uid):
            back = _read_back(radicale, url)
            assert back.keys() == exported.keys(), (step, path.name)
            for uid, event in exported.items():
                assert back[uid].decoded("DTSTART") == event.decoded("DTSTART"), (path.name, uid)
