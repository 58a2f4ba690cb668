"""The squad pages under AppTest, continued: the clinic's own calendar (.ics upload) and hours, a plan
that is only feasible (its gap) with a runner's warnings in the table, free slots in the week."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from squad_helpers import optimize_squad, result_of, seed_workspace, small_squad, squad_of, squad_page
from streamlit.testing.v1 import AppTest
from ui_helpers import by_label, goto, texts

import planner.squad
from planner.squad.model import SquadPlan
from planner.squad.workspace import SquadWorkspace
from tests.squad.squad_checker import problems


def _no_exception(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "".join(str(element.proto.body) for element in at.html)


def _clinic_calendar(*starts: dt.datetime) -> bytes:
    """The clinic's own calendar: an hour-long private appointment at each start (London time)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//tests//clinic//EN")
    calendar.add("version", "2.0")
    zone = ZoneInfo("Europe/London")
    for index, start in enumerate(starts):
        event = icalendar.Event()
        event.add("uid", f"private-{index}@clinic.test")
        event.add("summary", "Private patient")
        event.add("dtstart", start.replace(tzinfo=zone))
        event.add("dtend", (start + dt.timedelta(hours=1)).replace(tzinfo=zone))
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        calendar.add_component(event)
    return calendar.to_ical()


def test_the_clinics_own_calendar_becomes_bookings_the_plan_works_around(
    app: AppTest, workspace_dir: Path
) -> None:
    seed_workspace(workspace_dir)
    optimize_squad(app)
    taken = result_of(app).appointments[0]
    start = dt.datetime.combine(taken.date, taken.start)
    data = _clinic_calendar(start)
    app.file_uploader(key="squad_bookings").set_value(("clinic.ics", data, "text/calendar")).run()
    _no_exception(app)
    bookings = squad_of(app).clinic.bookings
    assert [(b.start, b.end) for b in bookings] == [(start, start + dt.timedelta(hours=1))]
    assert any("1 bookings read from clinic.ics" in s for s in texts(app.success)), texts(app.success)
    assert SquadWorkspace(workspace_dir / "squad").load().clinic.bookings == bookings
    assert any("changed since this plan" in w for w in texts(app.warning))
    app.button(key="reoptimize-squad").click().run()
    after = result_of(app)
    assert after.status == "optimal" and problems(squad_of(app), after) == []
    # One physio: the booked hour is the clinic's, and the runner who had it moved.
    assert (taken.date, taken.start) not in {(a.date, a.start) for a in after.appointments}
    assert taken.runner in after.moved
    app.session_state["squad_week_monday"] = taken.date - dt.timedelta(days=taken.date.weekday())
    goto(app, "squad_week")
    cell = _html(app).split(f'data-date="{taken.date.isoformat()}" data-start="{taken.start:%H:%M}"')[1]
    assert cell.split("</div></div>")[0].count('class="sq-booked"') == 1
    # The bookings are cleared in one click.
    squad_page(app)
    app.button(key="squad_clear_bookings").click().run()
    assert squad_of(app).clinic.bookings == []


def test_a_bad_clinic_calendar_names_the_file_and_keeps_the_bookings(
    app: AppTest, workspace_dir: Path
) -> None:
    seed_workspace(workspace_dir)
    squad_page(app)
    app.file_uploader(key="squad_bookings").set_value(
        ("front-desk.ics", b"not a calendar", "text/calendar")
    ).run()
    _no_exception(app)
    errors = texts(app.error)
    assert any(e.startswith("front-desk.ics") and "The squad is unchanged" in e for e in errors), errors
    assert squad_of(app) == small_squad()


def test_the_clinics_hours_are_saved_and_shape_the_week(app: AppTest, workspace_dir: Path) -> None:
    seed_workspace(workspace_dir)
    squad_page(app)
    # A form: its fields are sent together by its button.
    by_label(app.time_input, "Opens").set_value(dt.time(15))
    by_label(app.time_input, "Closes").set_value(dt.time(20))
    app.button[[b.label for b in app.button].index("Save clinic")].click().run()
    _no_exception(app)
    clinic = squad_of(app).clinic
    assert (clinic.opens, clinic.closes) == (dt.time(15), dt.time(20))
    assert SquadWorkspace(workspace_dir / "squad").load().clinic.closes == dt.time(20)
    goto(app, "squad_week")
    html = _html(app)
    assert 'data-start="15:00"' in html and 'data-start="19:00"' in html and 'data-start="20:00"' not in html
    # Nothing planned yet: every open slot is free.
    assert 'class="sq-cell free"' in html and 'class="sq-cell full"' not in html
    # A clinic that closes before it opens is refused in one line, and nothing changes.
    squad_page(app)
    by_label(app.time_input, "Closes").set_value(dt.time(14))
    app.button[[b.label for b in app.button].index("Save clinic")].click().run()
    assert any(e.startswith("Not saved") for e in texts(app.error)), texts(app.error)
    assert squad_of(app).clinic.closes == dt.time(20)


def test_a_plan_only_feasible_says_its_gap_and_the_table_shows_warnings(
    app: AppTest, workspace_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time limit stopped the search: the page says so, with the gap, not 'optimal'."""
    seed_workspace(workspace_dir)
    real = planner.squad.plan_squad

    def stopped_early(*args, **kwargs) -> SquadPlan:
        found = real(*args, **kwargs)
        first = found.runners[0].model_copy(update={"warnings": ["only 2 easy days before the race"]})
        return found.model_copy(
            update={
                "status": "feasible",
                "gap": 0.04,
                "bound": found.objective + 7,
                "runners": [first, *found.runners[1:]],
            }
        )

    monkeypatch.setattr(planner.squad, "plan_squad", stopped_early)
    optimize_squad(app)
    result = result_of(app)
    assert [m.value for m in app.metric][:3] == ["feasible", str(len(result.appointments)), "4.0%"]
    said = " ".join(texts(app.success))
    assert (
        "the best plan found within the time limit" in said
        and f"gap 4.0% to the bound {result.bound}" in said
    )
    assert "optimal" not in said
    table = app.dataframe[0].value
    assert list(table["Warnings"]) == ["only 2 easy days before the race"] + [""] * (len(table) - 1)


def test_the_downloads_refuse_bad_reminders_in_one_line(app: AppTest, workspace_dir: Path) -> None:
    seed_workspace(workspace_dir)
    optimize_squad(app)
    goto(app, "squad_export")
    assert len(app.download_button) == 5
    app.text_input(key="squad_export_alarms").input("every day").run()
    _no_exception(app)
    assert [e for e in texts(app.error) if "every day" in e], texts(app.error)
    assert len(app.download_button) == 0
    app.text_input(key="squad_export_alarms").input("off").run()
    app.checkbox(key="squad_export_health").check().run()
    assert len(app.download_button) == 5 and not app.error
