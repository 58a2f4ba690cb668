"""Fixtures for the app tests: a private workspace per test and the app under AppTest."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_app import CHROMIUM, app_server, chromium_page
from streamlit.testing.v1 import AppTest
from ui_helpers import APP

# Real solves (and the infeasibility explainer) take well under a second on the samples; the
# margin is for a loaded CI machine.
TIMEOUT = 30


@pytest.fixture
def workspace_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "workspace"
    monkeypatch.setenv("PLANNER_WORKSPACE", str(folder))
    return folder


@pytest.fixture
def start_app(workspace_dir: Path) -> Callable[[], AppTest]:
    """Start a fresh app session (a new browser tab, or the app after a restart) on the test's workspace."""

    def start() -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


@pytest.fixture
def app(start_app: Callable[[], AppTest]) -> AppTest:
    return start_app()


@pytest.fixture(scope="module")
def chromium_path() -> Path:
    """Debian's chromium for the browser tests; missing, it fails unless PLANNER_SKIP_BROWSER=1."""
    if not CHROMIUM.exists():
        if os.environ.get("PLANNER_SKIP_BROWSER") == "1":
            pytest.skip("PLANNER_SKIP_BROWSER=1 and /usr/bin/chromium is missing")
        pytest.fail(
            "/usr/bin/chromium is missing: apt-get install -y chromium (or set PLANNER_SKIP_BROWSER=1)"
        )
    return CHROMIUM


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`streamlit run planner/app/main.py` for one test module, on a free port with a private
    workspace; stopped by its PID."""
    workspace = tmp_path_factory.mktemp("browser-workspace")
    log = tmp_path_factory.mktemp("browser-log") / "streamlit.log"
    with app_server(workspace, log) as url:
        yield url, workspace


@pytest.fixture(scope="module")
def browser_tab(chromium_path: Path, server: tuple[str, Path]) -> Iterator:
    with chromium_page() as tab:
        yield tab
