"""The CLI glue: flags, UIDs kept across runs through the output file, publish errors in one line."""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from export_cases import SAMPLE_PLANS, make_plan, make_schedule

from planner.cli import build_parser, main
from planner.cli.export import add_ics_arguments, write_ics_from_args
from planner.errors import PlannerInputError


def export_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_ics_arguments(parser)
    return parser.parse_args(list(argv))


def test_flags_reach_the_export(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    args = export_args("--with-workouts", "--alarms", "off", "--calendar-name", "Sam ✨")
    write_ics_from_args(make_plan(), make_schedule(), path, args)
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "Sam ✨"
    assert any(str(e.get("X-PLANNER-KIND")) == "workout" for e in cal.walk("VEVENT"))
    assert not cal.walk("VALARM")
    assert b"\r\n" in path.read_bytes() and b"\n" not in path.read_bytes().replace(b"\r\n", b"")


def test_second_run_reuses_uids_from_the_file_and_remembers_them_in_the_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    plan = make_plan()
    write_ics_from_args(plan, make_schedule(), path, export_args())
    first = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert [s.uid for s in plan.exported] == list(first)
    fresh = make_plan()  # a new process: no state but the file on disk
    moved = make_schedule(
        [dt.date(2025, 3, 24), dt.date(2025, 3, 31), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]
    )
    write_ics_from_args(fresh, moved, path, export_args())
    second = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert second.keys() == first.keys()
    assert sorted(int(e["SEQUENCE"]) for e in second.values()) == [0, 0, 0, 0, 1]


def test_plan_exported_is_honoured_when_there_is_no_file_yet(tmp_path: Path) -> None:
    plan = make_plan()
    write_ics_from_args(plan, make_schedule(), tmp_path / "a.ics", export_args())
    remembered = list(plan.exported)
    write_ics_from_args(plan, make_schedule(), tmp_path / "b.ics", export_args())
    assert [s.uid for s in plan.exported] == [s.uid for s in remembered]


def test_an_unreadable_output_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "notes.ics"
    path.write_bytes(b"my shopping list")
    with pytest.raises(PlannerInputError, match=r"notes\.ics: not a readable calendar"):
        write_ics_from_args(make_plan(), make_schedule(), path, export_args())
    assert path.read_bytes() == b"my shopping list"


def test_bad_alarm_flag_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PlannerInputError, match=r"--alarms: cannot read '3w'"):
        write_ics_from_args(make_plan(), make_schedule(), tmp_path / "x.ics", export_args("--alarms", "3w"))


def run_publish(*argv: str) -> int:
    return main(["publish", *argv])


def sample_plan() -> str:
    return str(next(path for path in SAMPLE_PLANS if path.stem == "10k"))


def test_password_is_never_a_flag() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["publish", "p.yaml", "--caldav", "http://x/", "--password", "secret"])


def test_missing_password_without_a_terminal_is_a_one_line_error(monkeypatch, capsys) -> None:
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run_publish(sample_plan(), "--caldav", "http://127.0.0.1:9/cal/", "--user", "sam") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "PLANNER_CALDAV_PASSWORD" in err


def test_unreachable_server_is_exit_2_without_traceback(monkeypatch, capsys) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again below: nothing listens there
    monkeypatch.setenv("CAL_PW", "pw")
    code = run_publish(
        sample_plan(),
        "--caldav",
        f"http://127.0.0.1:{port}/cal/",
        "--user",
        "sam",
        "--password-env",
        "CAL_PW",
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "cannot reach the CalDAV server" in err and "Traceback" not in err


class _Refuses(http.server.BaseHTTPRequestHandler):
    def do_PROPFIND(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="cal"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def refusing_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refuses)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sam/cal/"
    finally:
        server.shutdown()
        server.server_close()


def test_wrong_password_is_exit_2_naming_the_user(refusing_server: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "wrong")
    assert run_publish(sample_plan(), "--caldav", refusing_server, "--user", "sam") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refused user 'sam'" in err and "HTTP 401" in err


def test_not_a_url_is_exit_2(monkeypatch, capsys) -> None:
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "pw")
    assert run_publish(sample_plan(), "--caldav", "calendar.example.com", "--user", "sam") == 2
    assert "is not an http(s) calendar URL" in capsys.readouterr().err
