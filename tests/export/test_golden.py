"""Golden files: the exact bytes of the issue's hard cases, reviewed once and then held still.

Regenerate after an intended change with `PLANNER_UPDATE_GOLDEN=1 pytest tests/export/test_golden.py`
and read the diff. The VTIMEZONE comes from tzdata; a tzdata rule change for these zones shows
up here first.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from export_cases import LATER, NOW, hand_cases, lint, make_plan, make_schedule

from planner.export.ics import export_ics
from planner.export.identity import read_export_state

GOLDEN = Path(__file__).with_name("golden")
CASES = ("dst_day", "kathmandu", "auckland", "all_day", "unicode_clinic")


def _check(name: str, data: bytes) -> None:
    path = GOLDEN / f"{name}.ics"
    if os.environ.get("PLANNER_UPDATE_GOLDEN") == "1":
        path.write_bytes(data)
    assert path.exists(), f"{path} missing: run with PLANNER_UPDATE_GOLDEN=1 once and review it"
    assert lint(data) == []
    assert data == path.read_bytes(), f"{name}: export differs from {path}"


@pytest.mark.parametrize("name", CASES)
def test_export_matches_golden_file(name: str) -> None:
    plan, schedule, options = hand_cases()[name]
    _check(name, export_ics(plan, schedule, options=options, now=NOW).data)


def test_plan_moved_after_export_matches_golden_file() -> None:
    plan = make_plan()
    first = export_ics(plan, make_schedule(), now=NOW)
    moved = make_schedule(
        [dt.date(2025, 3, 24), dt.date(2025, 4, 1), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]
    )
    second = export_ics(plan, moved, previous=read_export_state(first.data), now=LATER).data
    _check("moved_after_export", second)
    # Only the moved event differs, apart from DTSTAMP (the time of this export).
    before = first.data.replace(b"DTSTAMP:20250301T120000Z", b"DTSTAMP:20250308T093000Z")
    changed = [line for line in second.split(b"\r\n") if line not in before.split(b"\r\n")]
    assert changed and all(
        line.startswith(
            (
                b"DTSTART;",
                b"DTEND;",
                b"SEQUENCE:1",
                b"LAST-MODIFIED:20250308",
                b"X-PLANNER-FINGERPRINT",
                b"X-PLANNER-DATE",
                b"DESCRIPTION",
                b"TRIGGER",
                b" ",
            )
        )
        for line in changed
    ), changed
