"""Calendars stay right after every change (issue 9), proved with clients nobody here wrote.

One runner's calendar lives through: a first export, a rename of the plan and the runner, a moved
session, a dropped session (sent as CANCELLED), and a round trip through the exported calendar
(read back and exported again). After each file is imported into khal and put into Radicale one
resource per UID, as a CalDAV client syncing the file would, the calendar holds exactly the
file's events: every live session once, on its date, and the dropped one marked cancelled, never
a duplicate and never a stale event. ical.js reads every file the same way the exporter wrote it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from export_cases import NOW, make_plan, make_schedule
from test_clients import _put, _read_back, all_exports

from planner.export.ics import ExportOptions, export_ics, split_calendar
from planner.export.identity import read_export_state
from planner.io import load_plan_bytes
from planner.schedule import Schedule

pytestmark = pytest.mark.clients

DAY = dt.timedelta(days=1)


def _schedule(dates: list[dt.date], athlete: str) -> Schedule:
    schedule = make_schedule(dates)
    for session in schedule.sessions:
        session.athlete = athlete  # as the solver does: the runner's name on every session
    return schedule


def story(tmp_path: Path) -> list[tuple[str, Path]]:
    """The five exports of the story above, each written to its own file."""
    plan = make_plan().model_copy(update={"id": "5eed0f0a11ce0009"})
    options = ExportOptions(include_workouts=True)
    four = [dt.date(2025, 3, 24), dt.date(2025, 3, 30), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]
    steps: list[tuple[str, bytes]] = []
    first = export_ics(plan, _schedule(four, "Sam"), options=options, now=NOW)
    steps.append(("first", first.data))
    renamed = plan.model_copy(
        update={
            "name": "Spring block 2025",
            "athlete": plan.athlete.model_copy(update={"name": "Sam J. Lee"}),
        }
    )
    second = export_ics(
        renamed, _schedule(four, "Sam J. Lee"), options=options, previous=first.state, now=NOW + DAY
    )
    steps.append(("renamed", second.data))
    moved = [four[0], dt.date(2025, 3, 31), four[2], four[3]]
    third = export_ics(
        renamed,
        _schedule(moved, "Sam J. Lee"),
        options=options,
        previous=read_export_state(second.data),
        now=NOW + 2 * DAY,
    )
    steps.append(("moved", third.data))
    dropped = [moved[0], moved[1], moved[3]]
    fourth = export_ics(
        renamed, _schedule(dropped, "Sam J. Lee"), options=options, previous=third.state, now=NOW + 3 * DAY
    )
    steps.append(("dropped", fourth.data))
    back = load_plan_bytes(fourth.data, "dropped.ics")
    assert (back.id, back.name, back.athlete.name) == (renamed.id, renamed.name, renamed.athlete.name)
    fifth = export_ics(back, _schedule(dropped, back.athlete.name), options=options, now=NOW + 4 * DAY)
    steps.append(("round trip", fifth.data))
    files = []
    for index, (name, data) in enumerate(steps):
        path = tmp_path / f"{index}-{name.replace(' ', '_')}.ics"
        path.write_bytes(data)
        files.append((name, path))
    return files


def expected(path: Path) -> tuple[dict[str, dt.date], set[str]]:
    """(live session UID -> date, cancelled UIDs) of one export."""
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    live, cancelled = {}, set()
    for event in cal.walk("VEVENT"):
        uid = str(event["UID"])
        if str(event.get("STATUS")) == "CANCELLED":
            cancelled.add(uid)
        elif str(event.get("X-PLANNER-KIND")) == "session":
            live[uid] = event.decoded("DTSTART").date()
    return live, cancelled


def sequences(path: Path) -> dict[str, int]:
    return {
        str(e["UID"]): int(e["SEQUENCE"])
        for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    }


def test_the_story_changes_only_what_changed(tmp_path: Path) -> None:
    files = dict(story(tmp_path))
    first, renamed, moved, dropped, back = (sequences(files[name]) for name in files)
    sessions = [uid for uid in first if uid.startswith("session-")]
    # The rename puts the new name in every session's title: one update each, same UIDs.
    assert set(renamed) == set(first) and all(renamed[u] == 1 for u in sessions)
    # The move touches the moved session (and the ones whose description names the gap to it).
    assert set(moved) == set(first) and sum(moved[u] > renamed[u] for u in sessions) >= 1
    # The drop sends the dropped session as CANCELLED with a higher SEQUENCE.
    live, cancelled = expected(files["dropped"])
    (gone,) = [u for u in cancelled if u.startswith("session-")]
    assert dropped[gone] == moved[gone] + 1 and set(live) == set(sessions) - {gone}
    # Reading the calendar back and exporting again changes nothing a client would see.
    assert back == dropped


def test_khal_follows_rename_move_drop_and_round_trip_without_duplicates(khal, tmp_path: Path) -> None:
    calendar = khal.calendar("Europe/Berlin")
    files = story(tmp_path)
    first_uids = set(expected(files[0][1])[0])
    for name, path in files:
        calendar.import_file(path)
        live, cancelled = expected(path)
        shown = calendar.rows("{cancelled}|{start-date}|{uid}|{title}", "2025-03-01")
        sessions = [row for row in shown if row[2].startswith("session-")]
        # Every session khal shows is one the file has: no duplicate, no stale event.
        assert len({row[2] for row in sessions}) == len(sessions), (name, sessions)
        assert {row[2] for row in sessions if not row[0]} == set(live), (name, sessions)
        assert {row[2]: row[1] for row in sessions if not row[0]} == {
            u: f"{d:%Y-%m-%d}" for u, d in live.items()
        }
        assert {row[2] for row in shown if row[0].startswith("CANCELLED")} == cancelled, name
        # The same four UIDs the first export made, the whole way through.
        assert set(live) | {u for u in cancelled if u.startswith("session-")} == first_uids, name
    # After the drop, the dropped session is still shown, as cancelled.
    assert any(u.startswith("session-") for u in expected(files[3][1])[1])


def test_radicale_follows_rename_move_drop_and_round_trip_without_duplicates(
    radicale, tmp_path: Path
) -> None:
    url = radicale.new_calendar()
    files = story(tmp_path)
    first_uids = set(expected(files[0][1])[0])
    for name, path in files:
        for uid, body in split_calendar(path.read_bytes()).items():
            status = _put(url + uid.replace("@", "-") + ".ics", body, radicale.auth)
            assert status in (201, 204), f"{name}: {uid} rejected ({status})"
        events = _read_back(radicale, url)
        live, cancelled = expected(path)
        sessions = {uid: e for uid, e in events.items() if uid.startswith("session-")}
        shown_live = {
            uid: e.decoded("DTSTART").date()
            for uid, e in sessions.items()
            if str(e.get("STATUS")) != "CANCELLED"
        }
        assert shown_live == live, name
        assert {uid for uid, e in events.items() if str(e.get("STATUS")) == "CANCELLED"} == cancelled, name
        assert set(sessions) == first_uids, name
        # A later file's SEQUENCE is what the server keeps: updates, not new events.
        for uid, event in events.items():
            assert int(event["SEQUENCE"]) == _sequence(path, uid), (name, uid)


def _sequence(path: Path, uid: str) -> int:
    for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        if str(event["UID"]) == uid:
            return int(event["SEQUENCE"])
    return -1  # an event of an earlier file that this one no longer carries (a workout left)


def test_icaljs_reads_every_export_and_every_step_of_the_story(icaljs, tmp_path: Path) -> None:
    paths = []
    for name, _, data in all_exports():
        paths.append(tmp_path / f"{name}.ics")
        paths[-1].write_bytes(data)
    paths += [path for _, path in story(tmp_path)]
    read = icaljs(*paths)
    assert len(read) == len(paths)
    for path in paths:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        ours = cal.walk("VEVENT")
        theirs = read[str(path)]
        assert [e["uid"] for e in theirs] == [str(e["UID"]) for e in ours], path.name
        for mine, event in zip(ours, theirs, strict=True):
            start = mine.decoded("DTSTART")
            if isinstance(start, dt.datetime):
                # The TZID resolved through the file's own VTIMEZONE: never floating, never off by an hour.
                assert event["zone"] == str(mine["DTSTART"].params["TZID"]), (path.name, event)
                assert event["utc"] == int(start.timestamp()), (path.name, event)
            else:
                assert event["zone"] == "date" and event["start"] == start.isoformat(), (path.name, event)
            assert event["status"] == (str(mine["STATUS"]) if "STATUS" in mine else None)
            assert event["sequence"] == int(mine.get("SEQUENCE", 0))


def test_story_files_hold_no_escape_split_and_no_duplicate(tmp_path: Path) -> None:
    from export_cases import lint

    for name, path in story(tmp_path):
        assert lint(path.read_bytes()) == [], name
