"""The app shows a season block by block and records a clinician's reassessment (issue 10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest
from ui_helpers import SAMPLES, optimize, plan, schedule, texts

from planner.workspace import Workspace


def open_season(app: AppTest) -> AppTest:
    app.selectbox(key="sample_choice").select(SAMPLES / "season_two_marathons.yaml").run()
    app.button(key="open_sample").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return optimize(app)


def test_the_season_shows_block_by_block_on_the_calendar_and_in_the_sessions(app: AppTest) -> None:
    open_season(app)
    result = schedule(app)
    assert result.status == "optimal" and len(result.blocks) == 3
    calendar = app.html[0].value
    assert "Block 1 → Harborfront Marathon" in calendar and "Block 2 → Charles River Marathon" in calendar
    assert "After the last A race" in calendar
    assert 'data-date="2027-04-26" data-block="2"' in calendar, (
        "the day after the spring marathon starts block 2"
    )
    headings = " ".join(texts(app.markdown))
    assert "Block 2: Mon 26 Apr 2027 to Sun 24 Oct 2027, 26 weeks; A race: Charles River Marathon" in headings
    assert headings.index("Block 1:") < headings.index("Block 2:") < headings.index("After the last A race:")


def test_recording_a_reassessment_confirms_the_next_sessions(app: AppTest, workspace_dir: Path) -> None:
    open_season(app)
    before = schedule(app)
    point = before.blocks[1].reassess_date
    assert point is not None and any(s.provisional for s in before.sessions)
    app.date_input(key="reassess-day-2").set_value(point + dt.timedelta(days=3)).run()
    app.button(key="reassess-2").click().run()
    assert not app.exception, [e.value for e in app.exception]
    recorded = point + dt.timedelta(days=3)
    assert recorded in plan(app).reassessments
    assert recorded in Workspace(workspace_dir).load().reassessments
    after = schedule(app)
    assert after.dates == before.dates, "recording a reassessment moves no session"
    assert [s.date for s in after.sessions if s.provisional] == []
    assert any("recorded" in text for text in texts(app.success))
    app.button(key="unreassess-2").click().run()
    assert recorded not in plan(app).reassessments
    assert any(s.provisional for s in schedule(app).sessions)


def test_the_rules_page_shows_each_blocks_own_settings(app: AppTest) -> None:
    open_season(app)
    app.switch_page("views/clinic.py").run()
    assert not app.exception, [e.value for e in app.exception]
    shown = " ".join(texts(app.info))
    assert (
        "Block ending at Charles River Marathon (Sun 24 Oct 2027): max_sessions 10, target_sessions 9"
        in shown
    )
