"""Real calendar clients for the export tests: a Radicale CalDAV server, khal, libical.

A missing tool fails the test with what to install; `PLANNER_SKIP_CLIENTS=1` skips them for
local development only (CI never sets it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import free_port, stop_process

LIBICAL_PYTHON = "/usr/bin/python3"
LIBICAL_CHECK = Path(__file__).with_name("libical_check.py")


def _skip_or_fail(message: str) -> None:
    if os.environ.get("PLANNER_SKIP_CLIENTS") == "1":
        pytest.skip(f"PLANNER_SKIP_CLIENTS=1: {message}")
    pytest.fail(message)


@dataclass
class RadicaleServer:
    base: str
    user: str = "runner"

    def new_calendar(self) -> str:
        """MKCALENDAR a fresh collection; returns its URL (trailing slash)."""
        url = f"{self.base}/{self.user}/{uuid.uuid4().hex[:10]}/"
        request = urllib.request.Request(url, method="MKCALENDAR", headers=self.auth)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201, response.status
        return url

    @property
    def auth(self) -> dict[str, str]:
        import base64

        return {"Authorization": "Basic " + base64.b64encode(f"{self.user}:pw".encode()).decode()}


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    try:
        import radicale  # noqa: F401
    except ImportError:
        _skip_or_fail("Radicale is not installed: pip install radicale caldav")
    folder = tmp_path_factory.mktemp("radicale")
    port = free_port()
    config = folder / "config"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        "[rights]\ntype = owner_only\n"
        f"[storage]\nfilesystem_folder = {folder / 'store'}\n"
        "[web]\ntype = none\n"
        "[logging]\nlevel = warning\n"
    )
    log = (folder / "radicale.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"Radicale exited with {process.returncode}: {(folder / 'radicale.log').read_text()}"
                )
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("Radicale did not open its port within 20 s")
                time.sleep(0.05)
        yield RadicaleServer(base=f"http://127.0.0.1:{port}")
    finally:
        stop_process(process)
        log.close()


@dataclass
class Khal:
    executable: str
    root: Path

    def calendar(self, timezone: str) -> KhalCalendar:
        folder = self.root / uuid.uuid4().hex[:8]
        (folder / "events").mkdir(parents=True)
        config = folder / "khal.conf"
        config.write_text(
            "[calendars]\n[[plan]]\n"
            f"path = {folder / 'events'}\ntype = calendar\n"
            "[locale]\n"
            "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            f"local_timezone = {timezone}\ndefault_timezone = {timezone}\n"
            f"[sqlite]\npath = {folder / 'khal.db'}\n"
        )
        return KhalCalendar(self.executable, config, folder / "events")


@dataclass
class KhalCalendar:
    executable: str
    config: Path
    events: Path

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [self.executable, "-c", str(self.config), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"khal {args[0]} exited {result.returncode}:\n{output}"
        assert "Traceback" not in output and "warning" not in output.lower(), f"khal {args[0]}:\n{output}"
        return result.stdout

    def import_file(self, path: Path) -> None:
        self.run("import", "--batch", "-a", "plan", str(path))

    def rows(self, fields: str, start: str) -> list[list[str]]:
        """`khal list` with `fields` ('{cancelled}|{start-date}|{uid}'), one row per event, split on |."""
        out = self.run("list", "-a", "plan", "--day-format", "", "-f", fields, start, "400d")
        return [line.split("|") for line in out.splitlines() if line.strip()]

    def list_events(self, start: str) -> list[str]:
        out = self.run(
            "list", "-a", "plan", "--day-format", "", "-f", "{start} {end} {title} [{uid}]", start, "400d"
        )
        return [line for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def khal(tmp_path_factory: pytest.TempPathFactory) -> Khal:
    executable = shutil.which("khal") or str(Path(sys.executable).with_name("khal"))
    if not Path(executable).exists():
        _skip_or_fail("khal is not installed: pip install khal")
    return Khal(executable, tmp_path_factory.mktemp("khal"))


@pytest.fixture(scope="session")
def libical_check() -> object:
    """A function: paths -> (returncode, output) from libical via Debian's python3-gi."""
    if not Path(LIBICAL_PYTHON).exists():
        _skip_or_fail(f"{LIBICAL_PYTHON} is missing: apt-get install -y python3-gi gir1.2-ical-3.0")
    probe = subprocess.run(
        [LIBICAL_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        _skip_or_fail(
            f"libical bindings missing ({probe.stderr.strip()}): "
            "apt-get install -y gir1.2-ical-3.0 python3-gi"
        )

    def check(*paths: Path) -> tuple[int, str]:
        result = subprocess.run(
            [LIBICAL_PYTHON, str(LIBICAL_CHECK), *map(str, paths)], capture_output=True, text=True, timeout=60
        )
        return result.returncode, result.stdout + result.stderr

    return check


ICALJS_DIR = Path(__file__).resolve().parents[2] / ".node" / "node_modules" / "ical.js"
ICALJS_CHECK = Path(__file__).with_name("icaljs_check.mjs")


@pytest.fixture(scope="session")
def icaljs() -> object:
    """A function: paths -> {path: [event, ...]} as ical.js reads them (scripts/test.sh installs it)."""
    import json

    node = shutil.which("node")
    if node is None or not (ICALJS_DIR / "package.json").exists():
        _skip_or_fail(f"ical.js missing: npm install --no-save --prefix {ICALJS_DIR.parents[1]} ical.js@2")

    def read(*paths: Path) -> dict[str, list[dict]]:
        result = subprocess.run(
            [node, str(ICALJS_CHECK), str(ICALJS_DIR), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return read


@pytest.fixture(scope="session")
def vdirsyncer() -> str:
    executable = shutil.which("vdirsyncer") or str(Path(sys.executable).with_name("vdirsyncer"))
    if not Path(executable).exists():
        _skip_or_fail("vdirsyncer is not installed: pip install vdirsyncer")
    return executable
