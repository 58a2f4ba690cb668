"""What a new user noticed on the single-runner pages (issue 12's polish list): cut-off chips, the
timeline legend, "None" in empty cells, the Deploy button, the Check-a-date answer vanishing. The
390 px month grid is measured in the real browser (tests/ui/test_browser_squad.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from ui_helpers import SAMPLES, goto, optimize, plan, schedule, texts

from planner.app.calendar_view import month_grid_html
from planner.app.timeline import timeline_chart, timeline_frames
from planner.cli.ui import streamlit_command
from planner.facts import BlockFacts, workout_label
from planner.io import load_plan
from planner.solver import optimize as solve


@pytest.fixture(scope="module")
def half() -> tuple:
    plan = load_plan(SAMPLES / "half_marathon.yaml")
    return plan, solve(plan, time_limit=10)


def _css_rule(html: str, selector: str) -> str:
    found = re.search(re.escape(selector) + r" \{([^}]*)\}", html)
    assert found, selector
    return found.group(1)


def test_calendar_chips_show_their_whole_text_and_say_more_on_hover(half: tuple) -> None:
    plan, schedule = half
    html = month_grid_html(plan, schedule)
    for selector in (".pl-wk", ".pl-session", ".pl-block"):
        rule = _css_rule(html, selector)
        assert "ellipsis" not in rule and "nowrap" not in rule, selector  # wrap, never cut
    for day in plan.training:
        for workout in day.workouts:
            assert f">{workout_label(workout)}</div>" in html.replace("&amp;", "&")
    first = schedule.sessions[0]
    chip = re.search(
        rf'<div class="pl-session[^"]*" data-session="{first.date.isoformat()}" title="([^"]*)"', html
    )
    assert chip and chip.group(1).startswith(f"Session #1: {first.purpose}")
    assert first.reasons[0].split(" (")[0] in chip.group(1)


def test_race_week_keeps_its_label_on_a_row_of_its_own_above_full_width_chips(half: tuple) -> None:
    plan, schedule = half
    race = plan.a_races[0]
    html = month_grid_html(plan, schedule)
    cell = re.search(
        rf'<td class="race_week" data-date="{(race.date - dt.timedelta(days=2)).isoformat()}">(.*?)</td>',
        html,
    )
    assert cell
    head, _, chips = cell.group(1).partition("</div>")
    assert 'class="pl-head"' in head and "race week" in head and "pl-wk" in chips
    assert "float" not in _css_rule(html, ".pl-phase")
    # The grid fits a phone: months shrink below 460 px and a month scrolls inside its own box.
    assert "minmax(min(460px, 100%), 1fr)" in _css_rule(html, ".pl-months")
    assert "overflow-x: auto" in _css_rule(html, ".pl-month")


def test_the_timeline_legend_says_what_sessions_and_shading_are(half: tuple) -> None:
    plan, schedule = half
    frames = timeline_frames(plan, schedule)
    assert set(frames["sessions"]["state"]) == {"confirmed", "provisional"}
    spec = timeline_chart(plan, schedule).to_dict()
    titles = {
        channel.get("title")
        for layer in spec["layer"]
        for channel in layer.get("encoding", {}).values()
        if isinstance(channel, dict) and "title" in channel
    }
    assert {"Phase", "Sessions", "Shaded"} <= titles and not {"Provisional", "Window"} & titles
    assert spec["config"]["legend"]["orient"] == "bottom"  # beside the chart the third was cut off
    phases = set(frames["weeks"]["phase"])
    assert not any("_" in phase for phase in phases)
    assert {d.phase.replace("_", " ") for d in BlockFacts.from_plan(plan).days} >= phases - {""}


def test_empty_grid_cells_are_empty_not_none(app: AppTest) -> None:
    for page in ("training", "plan"):
        goto(app, page)
        assert app.dataframe, page
        for grid in app.dataframe:
            assert grid.proto.HasField("placeholder") and grid.proto.placeholder == "", page


def test_users_get_the_viewers_toolbar_without_deploy(app: AppTest) -> None:
    assert st.get_option("client.toolbarMode") == "viewer"
    command = streamlit_command(8600)
    assert command[command.index("--client.toolbarMode") + 1] == "viewer"


def test_the_check_a_date_answer_stays_until_the_question_changes(app: AppTest) -> None:
    optimize(app)
    good = schedule(app).dates[0]
    app.date_input(key="check_date").set_value(good).run()
    app.checkbox(key="check_alone").check().run()
    app.button(key="check").click().run()
    answer = [s for s in texts(app.success) if ": fine with nothing booked." in s]
    assert answer
    # Another click on the page (the timeline's neighbour: keep-sessions) keeps the answer.
    app.checkbox(key="keep_previous").uncheck().run()
    assert [s for s in texts(app.success) if ": fine with nothing booked." in s] == answer
    # A new question clears it until it is asked.
    app.date_input(key="check_date").set_value(good + dt.timedelta(days=1)).run()
    assert not [s for s in texts(app.success) if "with nothing booked" in s]
    assert not [e for e in texts(app.error) if "with nothing booked" in e]
    assert plan(app).pinned == []
