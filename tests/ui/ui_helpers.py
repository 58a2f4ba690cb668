"""Helpers for driving the app under AppTest by what the user sees (labels, keys)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from planner.cli.ui import APP_PATH

# Here, not in conftest.py: tests/ui, tests/export and tests/checker each have a conftest.py outside
# a package, so `import conftest` finds whichever pytest loaded last (`pytest tests/ui tests/export`
# broke every module here).
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_plans"
APP = APP_PATH


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def by_label(widgets: Any, label: str) -> Any:
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r}: {[w.label for w in widgets]}"
    return found[0]


def texts(elements: Any) -> list[str]:
    return [str(e.value) for e in elements]


def optimize(at: AppTest) -> AppTest:
    goto(at, "schedule")
    at.button(key="optimize").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plan(at: AppTest) -> Any:
    return at.session_state["plan"]


def schedule(at: AppTest) -> Any:
    return at.session_state["schedule"]
