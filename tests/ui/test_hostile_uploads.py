"""Bad uploads in the app (issue 13, item 8): each gets one message, the plan and the workspace stay
as they were, and a plan at the very limits still renders on every page (no widget overflows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest
from test_ui_app import upload
from ui_helpers import SAMPLES, goto, plan, texts

from planner.limits import MAX_BUDGET, MAX_CAPACITY, MAX_PRICE, MAX_WEIGHT
from planner.plan import Weights
from planner.workspace import Workspace

BASE = yaml.safe_load((SAMPLES / "10k.yaml").read_text(encoding="utf-8"))
PAGES = ("plan", "training", "clinic", "schedule", "export")


def json_plan(**changes: object) -> bytes:
    data = json.loads(json.dumps(BASE, default=str))
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return json.dumps(data, indent=1).encode()


def laughs() -> bytes:
    lines = ['a0: &a0 "lol"'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\ntraining: *a9\n").encode()


HOSTILE = {
    "deep-json": ("plan.json", b'{"training": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "nested"),
    "huge-integer": ("plan.json", json_plan(budget="@").replace(b'"@"', b"9" * 5000), "digits"),
    "inf-budget": ("plan.yaml", yaml.safe_dump({**BASE, "budget": float("inf")}).encode(), "budget"),
    "nan-price": ("plan.json", json_plan(clinic__price="@").replace(b'"@"', b"NaN"), "clinic.price"),
    "alias-bomb": ("plan.yaml", laughs(), "alias"),
    "year-9999": ("plan.json", json_plan(races__0__date="9999-12-31"), "1900-2200"),
    "year-0001": ("plan.json", json_plan(training__0__date="0001-01-01"), "1900-2200"),
    "crlf-name": ("plan.json", json_plan(athlete__name="Sam\r\nBEGIN:VEVENT"), "line break"),
    "weight-2-pow-63": ("plan.json", json_plan(rules={"weights": {"spacing": 2**63}}), "weights.spacing"),
    "duplicate-key": ("plan.json", b'{"name": "a",\n "name": "b"}', "duplicate key"),
    "ten-years": ("plan.json", json_plan(end="2037-04-25"), "3 years"),
    "race-only": ("plan.json", json_plan(training=[]), "no training"),
    "pin-outside": ("plan.json", json_plan(pinned=["2027-06-01"]), "outside the block"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_upload_gets_one_message_and_changes_nothing(app: AppTest, workspace_dir: Path, case: str):
    name, data, words = HOSTILE[case]
    before = plan(app)
    saved = Workspace(workspace_dir).plan_path.read_bytes()
    upload(app, name, data)
    errors = texts(app.error)
    assert len(errors) == 1, errors
    assert errors[0].startswith(name) and words in errors[0] and "current plan is unchanged" in errors[0]
    assert "\n" not in errors[0] and len(errors[0]) < 400
    assert plan(app) == before
    assert Workspace(workspace_dir).plan_path.read_bytes() == saved
    for page in PAGES:
        goto(app, page)


def test_a_plan_at_the_limits_renders_on_every_page(app: AppTest):
    data = json.loads(json_plan())
    data["budget"] = MAX_BUDGET
    data["clinic"].update(price=MAX_PRICE, capacity=MAX_CAPACITY)
    data["rules"] = {"weights": dict.fromkeys(Weights.model_fields, MAX_WEIGHT)}
    upload(app, "limits.json", json.dumps(data).encode())
    assert not texts(app.error)
    assert plan(app).budget == MAX_BUDGET
    for page in PAGES:
        goto(app, page)
