"""The app's library side and drawing helpers without Streamlit: workspace, launcher, calendar, exports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
from ui_helpers import ROOT, SAMPLES

from planner.app.calendar_view import KIND_COLOURS, month_grid_html
from planner.app.export_files import calendar_download, plan_downloads, schedule_json_download
from planner.app.timeline import timeline_chart, timeline_frames
from planner.app.widgets import setting_help
from planner.cli.ui import APP_PATH, MAX_UPLOAD_MB, launch, streamlit_command
from planner.constraints import REGISTRY
from planner.errors import PlannerInputError
from planner.io import load_plan, load_plan_bytes
from planner.plan import PinnedSession, Rules, Weights
from planner.solver import optimize
from planner.workspace import Workspace, default_folder, plan_fingerprint


@pytest.fixture(scope="module")
def half() -> tuple:
    plan = load_plan(SAMPLES / "half_marathon.yaml")
    return plan, optimize(plan, time_limit=10)


# ---- workspace ----------------------------------------------------------------------------------------
def test_workspace_round_trips_the_plan_and_leaves_no_temp_files(tmp_path: Path, half: tuple) -> None:
    plan, schedule = half
    ws = Workspace(tmp_path / "ws")
    assert ws.load() is None and ws.last_dates() == []
    ws.save(plan, source="sample_plans/half_marathon.yaml")
    ws.save_schedule(schedule, plan)
    assert ws.load() == plan
    assert ws.source() == "sample_plans/half_marathon.yaml"
    restored, fingerprint = ws.load_schedule()
    assert restored.dates == schedule.dates and fingerprint == plan_fingerprint(plan)
    assert ws.last_dates() == schedule.dates
    assert sorted(p.name for p in (tmp_path / "ws").iterdir()) == [
        "plan.yaml",
        "schedule.json",
        "workspace.json",
    ]


def test_a_damaged_plan_raises_one_line_and_a_damaged_schedule_is_ignored(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.plan_path.write_text("athlete: {timezone: Nowhere/Land}\n", encoding="utf-8")
    with pytest.raises(PlannerInputError, match="timezone") as error:
        ws.load()
    assert "\n" not in str(error.value) and "plan.yaml" in str(error.value)
    ws.schedule_path.write_text("{not json", encoding="utf-8")
    assert ws.load_schedule() is None and ws.last_dates() == []


def test_fingerprint_ignores_export_bookkeeping_but_not_pins(half: tuple) -> None:
    plan, _ = half
    pinned = plan.model_copy(update={"pinned": [PinnedSession(date=plan.first_day + dt.timedelta(days=2))]})
    assert plan_fingerprint(pinned) != plan_fingerprint(plan)
    assert plan_fingerprint(plan.model_copy(update={"exported": []})) == plan_fingerprint(plan)


def test_default_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANNER_WORKSPACE", str(tmp_path / "elsewhere"))
    assert default_folder() == tmp_path / "elsewhere"
    monkeypatch.delenv("PLANNER_WORKSPACE")
    assert default_folder() == Path("~/.planner/workspace").expanduser()


# ---- launcher ----------------------------------------------------------------------------------------
def test_launcher_runs_streamlit_on_the_app_with_the_upload_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    assert APP_PATH == ROOT / "planner" / "app" / "main.py" and APP_PATH.exists()
    command = streamlit_command(8600)
    assert command[1:5] == ["-m", "streamlit", "run", str(APP_PATH)]
    assert command[command.index("--server.maxUploadSize") + 1] == str(MAX_UPLOAD_MB)
    assert command[-2:] == ["--server.port", "8600"]
    # Screening answers live in the plan: the app listens on loopback unless told otherwise.
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    seen = []
    monkeypatch.setattr("subprocess.call", lambda cmd: seen.append(cmd) or 3)
    assert launch(8600) == 3 and seen == [command]


# ---- calendar and timeline ---------------------------------------------------------------------------
def test_month_grid_marks_sessions_races_taper_and_workout_kinds(half: tuple) -> None:
    plan, schedule = half
    forbidden_day = plan.first_day + dt.timedelta(days=1)
    shown = plan.model_copy(update={"forbidden": [forbidden_day]})
    html = month_grid_html(shown, schedule)
    race = plan.a_races[0]
    months = {(d.year, d.month) for d in (plan.first_day, plan.last_day)}
    assert html.count('class="pl-month"') >= len(months)
    for session in schedule.sessions:
        assert f'data-session="{session.date.isoformat()}"' in html
        assert f"#{session.number} {session.purpose}" in html
    assert race.name in html
    race_week_cell = f'<td class="race_week" data-date="{race.date.isoformat()}">'
    assert race_week_cell in html
    taper_day = race.date - dt.timedelta(days=race.taper_length)
    assert f'<td class="taper" data-date="{taper_day.isoformat()}">' in html
    assert f'class="forbidden" data-date="{forbidden_day.isoformat()}"' in html
    kinds = {w.kind for d in plan.training for w in d.workouts}
    assert all(f"wk-{kind}" in html and KIND_COLOURS[kind] in html for kind in kinds)
    assert "http" not in html  # nothing fetched from a CDN


def test_timeline_has_weekly_load_windows_and_sessions(half: tuple) -> None:
    plan, schedule = half
    frames = timeline_frames(plan, schedule)
    assert len(frames["weeks"]) == (plan.last_day - plan.first_day).days // 7 + 1
    assert frames["weeks"]["minutes"].max() > 0
    assert {"taper", "race week"} == set(frames["windows"]["window"])
    assert len(frames["sessions"]) == len(schedule.sessions)
    assert frames["weeks"]["phase"].iloc[-1] in ("taper", "race week")
    spec = timeline_chart(plan, schedule).to_dict()
    assert len(spec["layer"]) == 4


# ---- exports and help ---------------------------------------------------------------------------------
def test_downloads_are_a_valid_calendar_the_schedule_and_the_plan(half: tuple) -> None:
    plan, schedule = half
    download, result = calendar_download(plan, schedule)
    assert download.file_name.endswith(".ics") and download.mime == "text/calendar"
    events = [
        e
        for e in icalendar.Calendar.from_ical(download.data).walk("VEVENT")
        if "Dry needling" in str(e["SUMMARY"])
    ]
    assert sorted(e.decoded("DTSTART") if isinstance(e.decoded("DTSTART"), dt.date) else None for e in events)
    assert len(events) == len(schedule.sessions)
    assert {s.uid for s in result.state} >= {str(e["UID"]) for e in events}
    as_json = json.loads(schedule_json_download(plan, schedule).data)
    assert as_json["status"] == "optimal" and [s["date"] for s in as_json["sessions"]] == [
        d.isoformat() for d in schedule.dates
    ]
    for item in plan_downloads(plan):
        assert load_plan_bytes(item.data, item.file_name) == plan


def test_every_rule_and_weight_has_help_naming_its_rule_and_source() -> None:
    documented = set(REGISTRY.parameters())
    # Top-level names are rule parameters (plus the plan's budget); `weights.*` the soft weights.
    assert {name for name in documented if "." not in name} - {"budget"} == set(Rules.model_fields) - {
        "weights"
    }
    assert {name.removeprefix("weights.") for name in documented if name.startswith("weights.")} == set(
        Weights.model_fields
    )
    for name in set(Rules.model_fields) - {"weights"}:
        _, text = setting_help(name, Rules.model_fields[name].default)
        assert "Default:" in text and "Source: DOMAIN.md rule" in text, name
