"""Fixtures for the app tests: a private workspace per test and the app under AppTest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
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
