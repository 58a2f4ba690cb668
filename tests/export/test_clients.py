"""Proof against calendar clients nobody here wrote: khal, libical, a Radicale CalDAV server."""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path

import caldav
import icalendar
import pytest
from export_cases import LATER, NOW, SAMPLE_PLANS, hand_cases, make_plan, make_schedule, sample_exports

from planner.export.caldav import publish
from planner.export.ics import export_ics, split_calendar

pytestmark = pytest.mark.clients


@cache
def all_exports() -> tuple[tuple[str, str, bytes], ...]:
    """(name, timezone, bytes) for the hand cases and every sample plan."""
    from planner.io import load_plan

    out = [
        (name, plan.athlete.timezone, export_ics(plan, schedule, options=options, now=NOW).data)
        for name, (plan, schedule, options) in hand_cases().items()
    ]
    zones = {path.stem: load_plan(path).athlete.timezone for path in SAMPLE_PLANS}
    out += [(name, zones[name.split("+")[0]], result.data) for name, result in sample_exports()]
    return tuple(out)


def _uids(data: bytes) -> set[str]:
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def _dates(data: bytes) -> list[dt.date]:
    starts = [e.decoded("DTSTART") for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    return [s.date() if isinstance(s, dt.datetime) else s for s in starts]


# --- khal ---------------------------------------------------------------------------------------


def test_khal_imports_every_export_twice_without_warnings_or_duplicates(khal, tmp_path: Path) -> None:
    for name, timezone, data in all_exports():
        path = tmp_path / f"{name}.ics"
        path.write_bytes(data)
        calendar = khal.calendar(timezone.replace("UTC", "Etc/UTC") if timezone == "UTC" else timezone)
        calendar.import_file(path)
        start = f"{min(_dates(data)) - dt.timedelta(days=1):%Y-%m-%d}"
        once = calendar.list_events(start)
        calendar.import_file(path)
        twice = calendar.list_events(start)
        assert once == twice, f"{name}: a second import changed the calendar"
        listed = {line.rsplit("[", 1)[1].rstrip("]") for line in twice}
        assert listed == _uids(data), name
        # khal leaves temp copies (".icsXXXX") when it overwrites; events are the .ics files.
        assert len(list(calendar.events.glob("*.ics"))) == len(_uids(data)), name


def test_khal_shows_local_times_on_dst_days_and_far_from_utc(khal, tmp_path: Path) -> None:
    expected = {
        "dst_day": ("Europe/Berlin", "2025-03-30 10:00 2025-03-30 10:45 Dry needling #2: recovery"),
        "kathmandu": ("Asia/Kathmandu", "2025-04-07 08:15 2025-04-07 09:00 Dry needling #3: maintenance"),
        "auckland": ("Pacific/Auckland", "2025-04-06 17:15 2025-04-06 18:00 Dry needling #2: recovery"),
        "all_day": ("Europe/Berlin", "2025-03-24 2025-03-24 Dry needling #1: trial"),
    }
    for name, (timezone, line) in expected.items():
        plan, schedule, options = hand_cases()[name]
        path = tmp_path / f"{name}.ics"
        path.write_bytes(export_ics(plan, schedule, options=options, now=NOW).data)
        calendar = khal.calendar(timezone)
        calendar.import_file(path)
        assert any(listed.startswith(line + " [") for listed in calendar.list_events("2025-03-01")), name


def test_khal_updates_a_moved_session_in_place(khal, tmp_path: Path) -> None:
    plan = make_plan()
    first = export_ics(plan, make_schedule(), now=NOW)
    moved = make_schedule(
        [dt.date(2025, 3, 24), dt.date(2025, 3, 31), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]
    )
    second = export_ics(plan, moved, previous=first.state, now=LATER)
    calendar = khal.calendar("Europe/Berlin")
    for index, result in enumerate((first, second)):
        path = tmp_path / f"export{index}.ics"
        path.write_bytes(result.data)
        calendar.import_file(path)
    listed = calendar.list_events("2025-03-01")
    assert len(listed) == 5
    assert any(line.startswith("2025-03-31 10:00") for line in listed)
    assert not any(line.startswith("2025-03-30") for line in listed)


# --- libical ------------------------------------------------------------------------------------


def test_libical_parses_every_export_without_errors(libical_check, tmp_path: Path) -> None:
    paths = []
    for name, _, data in all_exports():
        paths.append(tmp_path / f"{name}.ics")
        paths[-1].write_bytes(data)
    code, output = libical_check(*paths)
    assert code == 0, output
    assert f"ok: {len(paths)} file(s)" in output


def test_libical_check_reports_real_errors(libical_check, tmp_path: Path) -> None:
    plan, schedule, options = hand_cases()["dst_day"]
    data = export_ics(plan, schedule, options=options, now=NOW).data
    broken = tmp_path / "broken.ics"
    broken.write_bytes(
        data.replace(b"TRIGGER:-PT2H", b"TRIGGER:soon", 1).replace(b"DTSTAMP:20250301T120000Z\r\n", b"", 1)
    )
    code, output = libical_check(broken)
    assert code == 1
    assert "TRIGGER" in output and "DTSTAMP" in output


# --- Radicale -----------------------------------------------------------------------------------


def _put(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        url, data=body, method="PUT", headers={**headers, "Content-Type": "text/calendar; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _read_back(radicale, url: str) -> dict[str, icalendar.Event]:
    """A CalDAV time-range query through the `caldav` library: what a sync client would see."""
    client = caldav.DAVClient(url=radicale.base, username=radicale.user, password="pw")
    calendar = client.calendar(url=url)
    found = calendar.search(start=dt.datetime(2020, 1, 1), end=dt.datetime(2030, 1, 1), event=True)
    events = {}
    for item in found:
        for event in icalendar.Calendar.from_ical(item.data).walk("VEVENT"):
            events[str(event["UID"])] = event
    return events


def test_radicale_accepts_every_export_whole_and_per_uid_and_reads_it_back(radicale) -> None:
    exports = all_exports()
    # Sample plans with all their workouts hold a hundred events or more: one whole-file PUT each
    # covers them; per-UID PUTs (what CalDAV clients do) run on the others and one workout export.
    first_workouts = next(name for name, _, _ in exports if name.endswith("+workouts"))
    for name, _, data in exports:
        exported = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
        whole = radicale.new_calendar()
        assert _put(whole, data, radicale.auth) in (200, 201, 204), name
        urls = [whole]
        if not name.endswith("+workouts") or name == first_workouts:
            per_uid = radicale.new_calendar()
            for uid, body in split_calendar(data).items():
                status = _put(per_uid + uid.replace("@", "-") + ".ics", body, radicale.auth)
                assert status == 201, f"{name}: {uid} rejected ({status})"
            urls.append(per_uid)
        for url in urls:
            back = _read_back(radicale, url)
            assert back.keys() == exported.keys(), name
            for uid, event in exported.items():
                for prop in ("DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "STATUS", "DESCRIPTION"):
                    if prop in event:
                        assert back[uid].decoded(prop) == event.decoded(prop), f"{name} {uid} {prop}"


FOREIGN = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//else//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:dentist-42@example.com\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20250326\r\n"
    b"DTEND;VALUE=DATE:20250327\r\nSUMMARY:Dentist\r\nX-PLANNER-KIND:session\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _get(url: str, headers: dict[str, str]) -> tuple[bytes, str]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return response.read(), response.headers["ETag"]


def test_publish_is_idempotent_updates_in_place_and_leaves_foreign_events_alone(radicale) -> None:
    url = radicale.new_calendar()
    foreign_url = url + "dentist.ics"
    assert _put(foreign_url, FOREIGN, radicale.auth) == 201
    foreign_before = _get(foreign_url, radicale.auth)
    plan = make_plan()
    other_plan = make_plan(name="Squad block")
    assert publish(other_plan, make_schedule(), url, radicale.user, "pw").created == 5

    first = publish(plan, make_schedule(), url, radicale.user, "pw")
    assert (first.created, first.updated, first.deleted, first.unchanged) == (5, 0, 0, 0)
    events = _read_back(radicale, url)
    again = publish(plan, make_schedule(), url, radicale.user, "pw")
    assert (again.created, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 5)
    assert _read_back(radicale, url).keys() == events.keys()

    moved = make_schedule(
        [dt.date(2025, 3, 24), dt.date(2025, 3, 31), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]
    )
    result = publish(plan, moved, url, radicale.user, "pw")
    assert (result.created, result.updated, result.deleted, result.unchanged) == (0, 1, 0, 4)
    after = _read_back(radicale, url)
    assert after.keys() == events.keys()  # same UIDs: updated in place, no duplicate
    changed = [uid for uid in events if after[uid].decoded("DTSTART") != events[uid].decoded("DTSTART")]
    assert len(changed) == 1
    assert after[changed[0]].decoded("DTSTART").date() == dt.date(2025, 3, 31)
    assert int(after[changed[0]]["SEQUENCE"]) == 1

    fewer = make_schedule([dt.date(2025, 3, 24), dt.date(2025, 4, 7)], reassess=None)
    result = publish(plan, fewer, url, radicale.user, "pw")
    # Dropped: 30 Mar, 20 Apr and the reassessment; the two kept say "of 2" now.
    assert (result.created, result.updated, result.deleted, result.unchanged) == (0, 2, 3, 0)
    assert _get(foreign_url, radicale.auth) == foreign_before  # same bytes, same ETag
    remaining = _read_back(radicale, url)
    assert "dentist-42@example.com" in remaining
    assert sum(1 for e in remaining.values() if str(e.get("SUMMARY")) == "Dentist") == 1
    # The other plan published to the same calendar keeps all of its events.
    assert publish(other_plan, make_schedule(), url, radicale.user, "pw").unchanged == 5


def test_planner_publish_command_twice_changes_nothing_the_second_time(radicale, monkeypatch, capsys) -> None:
    from planner.cli import main

    solvable = next(path for path in SAMPLE_PLANS if path.stem == "10k")
    url = radicale.new_calendar()
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "pw")
    argv = ["publish", str(solvable), "--caldav", url, "--user", radicale.user, "--alarms", "evening"]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert "unchanged" in first and " 0 created" not in first
    assert main(argv) == 0
    assert "0 created, 0 updated, 0 deleted" in capsys.readouterr().out
