"""`planner serve`: a live feed at a secret URL, with ETag/Last-Modified, 304s and re-solves.

The server runs as its own process (`python -m planner serve`) on a free loopback port and is
stopped by its PID. A real HTTP client (urllib) checks 200/304/404; vdirsyncer's http storage
subscribes to the URL into a folder that khal lists, as a calendar app subscribing would.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import icalendar
import pytest
import yaml
from export_cases import SAMPLE_PLANS

from tests.servers import free_port, stop_process

TEN_K = next(path for path in SAMPLE_PLANS if path.stem == "10k")


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    plan: Path
    state: Path
    port: int


def start(plan: Path, state: Path, *extra: str, port: int | None = None) -> Served:
    port = port or free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planner",
            "serve",
            str(plan),
            "--port",
            str(port),
            "--state",
            str(state),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    url = ""
    while not url:
        line = process.stdout.readline() if process.stdout else ""
        if not line and process.poll() is not None:
            pytest.fail(
                f"planner serve exited {process.returncode}: {process.stderr.read() if process.stderr else ''}"
            )
        if ".ics" in line:
            url = line.split(": ", 1)[1].strip()
        if time.monotonic() > deadline:
            stop_process(process)
            pytest.fail("planner serve printed no URL within 30 s")
    return Served(process, url, plan, state, port)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(TEN_K.read_text())
    server = start(plan, tmp_path / "state", "--alarms", "off")
    try:
        yield server
    finally:
        stop_process(server.process)


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def sessions(data: bytes) -> dict[str, tuple[dt.date, str]]:
    out = {}
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        if str(event.get("X-PLANNER-KIND")) == "session":
            start = event.decoded("DTSTART")
            out[str(event["UID"])] = (
                start.date() if isinstance(start, dt.datetime) else start,
                str(event["STATUS"]),
            )
    return out


def test_the_feed_answers_200_then_304_and_404_for_a_wrong_token(served: Served) -> None:
    assert served.url.startswith(f"http://127.0.0.1:{served.port}/") and served.url.endswith(".ics")
    token = served.url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 32  # 24 random bytes
    status, headers, body = get(served.url)
    assert status == 200 and headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and len(sessions(body)) >= 2
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert email.utils.parsedate_to_datetime(modified).tzinfo is not None
    # Nothing changed: the same bytes and ETag, and conditional requests get a 304 without a body.
    again = get(served.url)
    assert again[2] == body and again[1]["ETag"] == etag
    assert get(served.url, **{"If-None-Match": etag})[0] == 304
    assert get(served.url, **{"If-None-Match": '"other", ' + etag})[0] == 304
    assert get(served.url, **{"If-Modified-Since": modified})[0] == 304
    assert get(served.url, **{"If-None-Match": '"stale"', "If-Modified-Since": modified})[0] == 200
    # A wrong or missing token tells nothing.
    base = served.url.rsplit("/", 1)[0]
    for path in (f"/{token[:-1]}x.ics", f"/{token}", "/", "/../plan.yaml"):
        status, _, text = get(base + path)
        assert status == 404 and text == b"Not found\n", path
    head = urllib.request.Request(served.url, method="HEAD")
    with urllib.request.urlopen(head, timeout=30) as response:
        assert response.status == 200 and response.read() == b"" and response.headers["ETag"] == etag


def test_the_feed_re_solves_when_the_plan_file_changes_and_keeps_the_uids(served: Served) -> None:
    _, headers, body = get(served.url)
    before = sessions(body)
    # Saving the file without a real change keeps the calendar (and so its ETag).
    served.plan.write_text(served.plan.read_text() + "\n# a comment\n")
    assert get(served.url)[1]["ETag"] == headers["ETag"]
    # Forbid the second session's day: the feed moves that one session, same UID, others untouched.
    data = yaml.safe_load(served.plan.read_text())
    second = sorted(day for day, _ in before.values())[1]
    data["forbidden"] = [second.isoformat()]
    served.plan.write_text(yaml.safe_dump(data))
    status, changed_headers, changed = get(served.url)
    assert status == 200 and changed_headers["ETag"] != headers["ETag"]
    after = sessions(changed)
    assert after.keys() == before.keys()
    assert [uid for uid in before if before[uid][0] != after[uid][0]] == [
        next(uid for uid, (day, _) in before.items() if day == second)
    ]
    assert get(served.url, **{"If-None-Match": changed_headers["ETag"]})[0] == 304


def test_a_restart_serves_the_same_bytes_and_a_new_token_retires_the_old_url(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(TEN_K.read_text())
    server = start(plan, tmp_path / "state")
    try:
        _, headers, body = get(server.url)
    finally:
        stop_process(server.process)
    token = server.url.rsplit("/", 1)[1]
    server = start(plan, tmp_path / "state")
    try:
        assert server.url.rsplit("/", 1)[1] == token  # the URL subscribers have keeps working
        status, again, same = get(server.url)
        assert status == 200 and same == body and again["ETag"] == headers["ETag"]
        assert again["Last-Modified"] == headers["Last-Modified"]
    finally:
        stop_process(server.process)
    server = start(plan, tmp_path / "state", "--new-token")
    try:
        assert server.url.rsplit("/", 1)[1] != token
        assert get(server.url)[0] == 200
        assert get(server.url.rsplit("/", 1)[0] + "/" + token)[0] == 404
    finally:
        stop_process(server.process)
    state_file = next((tmp_path / "state").glob("*.json"))
    assert state_file.stat().st_mode & 0o077 == 0  # the token is a secret: owner-only


def test_a_broken_plan_file_keeps_the_last_calendar_and_bad_options_are_one_line(served: Served) -> None:
    _, headers, body = get(served.url)
    served.plan.write_text("athlete: [not, a, mapping")
    status, again, same = get(served.url)
    assert status == 200 and same == body and again["ETag"] == headers["ETag"]
    result = subprocess.run(
        [sys.executable, "-m", "planner", "serve", str(served.plan), "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--port" in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "planner", "serve", "missing.yaml"], capture_output=True, text=True, timeout=60
    )
    assert (
        result.returncode == 2 and result.stderr.strip() == "planner: error: missing.yaml: no such plan file"
    )


def test_vdirsyncer_subscribes_to_the_feed_and_khal_lists_it(
    served: Served, vdirsyncer: str, khal, tmp_path: Path
) -> None:
    calendar = khal.calendar("America/Denver")
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(
        "[general]\n"
        f'status_path = "{tmp_path / "status"}/"\n'
        "[pair feed]\n"
        'a = "remote"\nb = "local"\ncollections = null\nconflict_resolution = "a wins"\n'
        "[storage remote]\n"
        f'type = "http"\nurl = "{served.url}"\n'
        "[storage local]\n"
        f'type = "filesystem"\npath = "{calendar.events}/"\nfileext = ".ics"\n'
    )

    def sync() -> list[str]:
        for command in ("discover", "sync"):
            result = subprocess.run(
                [vdirsyncer, "-c", str(config), command, "feed"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, result.stdout + result.stderr
        return sorted(
            "|".join(row) for row in calendar.rows("{cancelled}|{start-date}|{title}", "2027-01-01")
        )

    def feed_view(data: bytes) -> list[str]:
        """What khal should list for the feed: every event, cancelled ones marked."""
        view = []
        for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
            start = event.decoded("DTSTART")
            day = start.date() if isinstance(start, dt.datetime) else start
            mark = "CANCELLED " if str(event.get("STATUS")) == "CANCELLED" else ""
            view.append(f"{mark}|{day:%Y-%m-%d}|{event['SUMMARY']}")
        return sorted(view)

    # vdirsyncer's http storage renames each event after a hash of its content, as it does for
    # every feed; a subscription mirrors the feed, so the calendar must equal it after each sync.
    _, _, body = get(served.url)
    assert sync() == feed_view(body)
    # The coach forbids a day: after the next sync the calendar shows the move, no duplicate.
    data = yaml.safe_load(served.plan.read_text())
    moved = sorted(day for day, _ in sessions(body).values())[1]
    data["forbidden"] = [moved.isoformat()]
    served.plan.write_text(yaml.safe_dump(data))
    listed = sync()
    _, _, changed = get(served.url)
    assert changed != body and listed == feed_view(changed)
    live = [line for line in listed if line.startswith("|") and "Dry needling #" in line]
    assert len(live) == len(sessions(body)) and not any(f"|{moved:%Y-%m-%d}|" in line for line in live)
