"""A normal (non-editable) install runs the app: the wheel carries the app and the sample plans.

The wheel is built from this checkout and installed with its `app` extra into a fresh venv, offline:
the fresh venv sees this environment's packages through a folder of links (minus the editable
`planner`), so pip finds every dependency already installed and takes only `planner` from the wheel.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import free_port, stop_process

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 45


def run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Built from a copy: an in-tree build leaves build/ behind, and a stale build/lib would slip
    # deleted modules into later wheels.
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(ROOT / "planner", source / "planner", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the test extra installs setuptools, so the build needs no download.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, source)
    (built,) = out.glob("planner-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and its app extra; returns its bin/ folder."""
    base = tmp_path_factory.mktemp("fresh")
    # Named site-packages like any install: Streamlit runs in development mode (and refuses
    # --server.port) when its own files are not under a site-packages folder.
    links = base / "shared" / "site-packages"
    links.mkdir(parents=True)
    (here,) = [Path(p) for p in site.getsitepackages() if Path(p).name == "site-packages"]
    for entry in here.iterdir():
        if not entry.name.lower().startswith(("planner", "__editable__", "_planner")):
            (links / entry.name).symlink_to(entry)
    venv = base / "venv"
    run(sys.executable, "-m", "venv", venv)
    bin_dir = venv / "bin"
    (fresh_site,) = (venv / "lib").glob("python3*/site-packages")
    # A path line in a .pth file joins sys.path (its own .pth files are not run: no editable finder).
    (fresh_site / "deps.pth").write_text(f"{links}\n")
    run(
        bin_dir / "python",
        "-m",
        "pip",
        "install",
        "-q",
        "--no-index",
        "--find-links",
        wheel.parent,
        "planner[app]",
    )
    run(bin_dir / "python", "-m", "pip", "check")
    return bin_dir


def test_the_wheel_carries_the_app_and_the_sample_plans(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"planner/app/main.py", "planner/app/views/schedule.py", "planner/cli/ui.py"} <= names
    prefix = "planner/samples/plans/"
    plans = {name.removeprefix(prefix) for name in names if name.startswith(prefix)}
    on_disk = (ROOT / "sample_plans").resolve()
    assert plans == {str(path.relative_to(on_disk)) for path in on_disk.rglob("*") if path.is_file()}


def test_the_installed_package_is_the_wheel_and_opens_a_sample(installed: Path, tmp_path: Path) -> None:
    code = (
        "import planner, planner.samples\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from planner.cli.ui import APP_PATH\n"
        "at = AppTest.from_file(str(APP_PATH), default_timeout=30)\n"
        "at.run()\n"
        "assert not at.exception, [e.value for e in at.exception]\n"
        "print(planner.__file__)\n"
        "print(at.session_state['plan_source'])\n"
    )
    env = {**os.environ, "PLANNER_WORKSPACE": str(tmp_path / "workspace")}
    result = subprocess.run(
        [installed / "python", "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    location, source = result.stdout.split()
    assert Path(location).is_relative_to(installed.parent) and not Path(location).is_relative_to(ROOT)
    assert source == "sample_plans/half_marathon.yaml"


@pytest.fixture
def server(installed: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen, int]]:
    port = free_port()
    env = {**os.environ, "PLANNER_WORKSPACE": str(tmp_path / "workspace")}
    log = (tmp_path / "ui.log").open("wb")
    process = subprocess.Popen(
        [installed / "planner", "ui", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process, port
    finally:
        stop_process(process)
        log.close()


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read() == b"ok"
    except OSError:
        return False


def test_planner_ui_from_the_wheel_answers_and_stops_with_its_pid(
    server: tuple[subprocess.Popen, int], tmp_path: Path
) -> None:
    process, port = server
    deadline = time.monotonic() + STARTUP_SECONDS
    while not answers(port):
        assert process.poll() is None, (tmp_path / "ui.log").read_text()
        assert time.monotonic() < deadline, f"no answer on port {port}: {(tmp_path / 'ui.log').read_text()}"
        time.sleep(0.5)
    # Stopping `planner ui` by its PID stops the streamlit server it started too.
    stop_process(process)
    deadline = time.monotonic() + 10
    while answers(port):
        assert time.monotonic() < deadline, f"the server on port {port} outlived planner ui"
        time.sleep(0.2)
