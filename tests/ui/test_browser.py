"""The app in a real browser: Debian's chromium driven by Playwright against `streamlit run` on 127.0.0.1.

Load the app, edit a workout in the grid, optimize, see the sessions on the calendar, pin one,
download the .ics and parse it. Screenshots of every page go to tests/ui/artifacts/ (and, with
PLANNER_UPDATE_SCREENSHOTS=1, to docs/screenshots/ for the README).
"""

from __future__ import annotations

import time
from pathlib import Path

import icalendar
import pytest
import yaml
from browser_app import ROOT, download, open_page, settle, shoot

pytestmark = pytest.mark.browser


def saved_plan(workspace: Path) -> dict:
    return yaml.safe_load((workspace / "plan.yaml").read_text(encoding="utf-8"))


def wait_for_saved(page, workspace: Path, condition, timeout_s: float = 15.0) -> dict:
    """Poll the workspace until `condition(plan)` holds: under load a rerun may start late, so the
    app's own outcome (the saved plan) is the reliable signal, not the script state alone."""
    deadline = time.monotonic() + timeout_s
    while True:
        plan = saved_plan(workspace)
        if condition(plan) or time.monotonic() > deadline:
            return plan
        page.wait_for_timeout(250)


def first_title(plan: dict) -> str:
    return min(plan["training"], key=lambda d: d["date"])["workouts"][0]["title"]


def edit_first_title(page, text: str) -> None:
    """Select the first row's date cell in the canvas grid, move to Title, type, commit."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for()
    page.wait_for_timeout(500)  # the canvas paints its rows after the element appears
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 90, box["y"] + 35 + 17)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # opens the cell editor
    page.wait_for_timeout(300)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text, delay=20)
    page.keyboard.press("Enter")
    settle(page)


def test_plan_edit_optimize_pin_and_download_in_chromium(browser_tab, server: tuple[str, Path]) -> None:
    url, workspace = server
    page = browser_tab
    page.goto(url)
    settle(page)
    page.get_by_role("heading", name="Plan").first.wait_for()
    assert "Harbour" in page.locator("[data-testid='stSidebar']").inner_text()
    shoot(page, "plan")

    # Edit a workout in the canvas grid: select the first row's date cell, move to Title, type.
    open_page(page, "Training")
    edited = lambda plan: first_title(plan) == "Hill sprints"  # noqa: E731
    edit_first_title(page, "Hill sprints")
    # One retry: a click that lands while the grid is still painting selects nothing.
    if not edited(wait_for_saved(page, workspace, edited, timeout_s=8)):
        edit_first_title(page, "Hill sprints")
    assert first_title(wait_for_saved(page, workspace, edited)) == "Hill sprints"
    shoot(page, "training")

    open_page(page, "Clinic & rules")
    shoot(page, "clinic")

    # Optimize and see the sessions on the month calendar.
    open_page(page, "Schedule")
    page.get_by_role("button", name="Optimize").click()
    settle(page)
    page.get_by_text("Optimal: no better placement exists").wait_for()
    sessions = page.locator(".pl-session")
    count = sessions.count()
    assert count >= 2
    assert "trial" in sessions.first.inner_text()
    shoot(page, "schedule")

    # Pin the second session from the list.
    page.get_by_role("tab", name="Sessions & pins").click()
    page.get_by_role("button", name="Pin", exact=True).nth(1).click()
    settle(page)
    pinned = wait_for_saved(page, workspace, lambda plan: len(plan.get("pinned", [])) == 1)["pinned"]
    assert len(pinned) == 1
    page.get_by_role("button", name="Optimize").click()
    settle(page)
    page.get_by_role("tab", name="Timeline").click()
    page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first.wait_for()
    shoot(page, "timeline")
    page.get_by_role("tab", name="Calendar").click()
    assert page.locator(f".pl-session[data-session='{pinned[0]['date']}']").inner_text().endswith("⚑")

    # Download the calendar and read it back.
    open_page(page, "Export")
    target = download(page, "Download calendar (.ics)", "sessions.ics")
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = [e for e in calendar.walk("VEVENT") if "Dry needling" in str(e["SUMMARY"])]
    assert len(events) == count
    assert str(pinned[0]["date"]).replace("-", "") in {e["DTSTART"].to_ical().decode()[:8] for e in events}
    settle(page)
    shoot(page, "export")


def test_a_season_shows_block_bands_and_records_a_reassessment_in_chromium(
    browser_tab, server: tuple[str, Path]
) -> None:
    url, workspace = server
    page = browser_tab
    page.goto(url)
    settle(page)
    # A coach brings the season's plan file: upload it on the Training page.
    open_page(page, "Training")
    page.locator("input[type='file']").first.set_input_files(
        str(ROOT / "sample_plans" / "season_two_marathons.yaml")
    )
    settle(page)
    wait_for_saved(page, workspace, lambda plan: plan.get("name", "").startswith("Two marathons"))

    open_page(page, "Schedule")
    page.get_by_role("button", name="Optimize").click()
    settle(page)
    page.get_by_text("Optimal: no better placement exists").wait_for()
    labels = page.locator(".pl-block").all_inner_texts()
    assert labels == [
        "Block 1 → Harborfront Marathon",
        "Block 2 → Charles River Marathon",
        "After the last A race",
    ]
    assert page.locator("td[data-block='2']").count() == 26 * 7
    shoot(page, "season")
    page.get_by_role("tab", name="Timeline").click()
    page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first.wait_for()
    shoot(page, "season_timeline")

    # Block 2's reassessment: one click records it and confirms the rest of the season.
    page.get_by_role("tab", name="Sessions & pins").click()
    page.get_by_role("button", name="Reassessed", exact=True).first.click()
    settle(page)
    saved = wait_for_saved(page, workspace, lambda plan: len(plan.get("reassessments", [])) == 2)
    assert len(saved["reassessments"]) == 2
    page.get_by_text("recorded").first.wait_for()
    page.get_by_role("tab", name="Calendar").click()
    assert page.locator(".pl-session.provisional").count() == 0
