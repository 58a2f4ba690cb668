"""The squad pages under AppTest: open and build a squad, optimize, the runners table, the clinic's
week, a runner's calendar, every edit with its re-plan, the shortage fix, downloads, restarts."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from squad_helpers import optimize_squad, result_of, seed_workspace, small_squad, squad_of, squad_page
from streamlit.testing.v1 import AppTest
from ui_helpers import SAMPLES, by_label, goto, texts

from planner.app.week_view import runner_link
from planner.dates import format_day
from planner.io import dump_plan
from planner.squad.files import dump_squad
from planner.squad.week import full_days
from planner.squad.workspace import SquadWorkspace
from tests.squad.squad_checker import problems


def _no_exception(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "".join(str(element.proto.body) for element in at.html)


# ---- opening a squad ------------------------------------------------------------------------------
def test_the_squad_page_starts_empty_and_opens_the_sample_squad(app: AppTest, workspace_dir: Path) -> None:
    squad_page(app)
    assert texts(app.title) == ["Squad"]
    assert any("No squad yet" in text for text in texts(app.info))
    app.selectbox(key="squad_sample").select("Six runners at a Monday physio (too few appointments)").run()
    _no_exception(app.button(key="open_squad_sample").click().run())
    assert squad_of(app).name == "Monday physio for the half-marathon group"
    # Saved at once, as a squad file with every runner inline.
    assert SquadWorkspace(workspace_dir / "squad").load() == squad_of(app)
    assert any("Opened the sample squad" in text for text in texts(app.success))


def test_a_squad_file_upload_and_a_zipped_squad_folder_open(app: AppTest, tmp_path: Path) -> None:
    squad_page(app)
    data = dump_squad(small_squad()).encode("utf-8")
    app.file_uploader(key="squad_upload").set_value(("group.yaml", data, "application/yaml")).run()
    assert _no_exception(app) and squad_of(app) == small_squad()
    buffer = io.BytesIO()
    folder = SAMPLES / "squads" / "club"
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"club/{path.relative_to(folder)}")
    app.file_uploader(key="squad_upload").set_value(("club.zip", buffer.getvalue(), "application/zip")).run()
    _no_exception(app)
    assert squad_of(app).name == "Liffey Valley AC spring season" and len(squad_of(app).runners) == 12
    assert app.session_state["squad_meta"].source == "club.zip"


def test_a_bad_upload_names_the_file_and_keeps_the_squad(app: AppTest, workspace_dir: Path) -> None:
    ws = seed_workspace(workspace_dir)
    before = ws.squad_path.read_bytes()
    squad_page(app)
    bad = b"name: Broken\nrunners:\n  - inline: {athlete: {nmae: X}}\n"
    app.file_uploader(key="squad_upload").set_value(("broken.yaml", bad, "application/yaml")).run()
    _no_exception(app)
    errors = texts(app.error)
    assert any("broken.yaml" in e and "nmae" in e and "The squad is unchanged" in e for e in errors), errors
    assert squad_of(app) == small_squad() and ws.squad_path.read_bytes() == before
    # A runner's file that is not a plan: named, and the squad stays as it was.
    notes = [("notes.yaml", b"- just a list\n", "application/yaml")]
    app.file_uploader(key="squad_runner_files").set_value(notes).run()
    _no_exception(app.button(key="squad_add").click().run())
    errors = texts(app.error)
    assert any(e.startswith("notes.yaml") and "The squad is unchanged" in e for e in errors), errors
    assert squad_of(app) == small_squad() and ws.squad_path.read_bytes() == before


def test_build_a_squad_from_runners_files_then_add_one(app: AppTest, workspace_dir: Path) -> None:
    squad_page(app)
    runners = small_squad().runners
    files = [(f"{r.name}.yaml", dump_plan(r.plan).encode(), "application/yaml") for r in runners[:3]]
    app.text_input(key="squad_build_name").input("Track group").run()
    app.file_uploader(key="squad_runner_files").set_value(files).run()
    _no_exception(app.button(key="squad_build").click().run())
    built = squad_of(app)
    assert built.name == "Track group" and [r.name for r in built.runners] == [r.name for r in runners[:3]]
    assert built.clinic.timezone == runners[0].plan.athlete.timezone
    app.file_uploader(key="squad_runner_files").set_value(
        [(f"{runners[3].name}.yaml", dump_plan(runners[3].plan).encode(), "application/yaml")]
    ).run()
    _no_exception(app.button(key="squad_add").click().run())
    assert len(squad_of(app).runners) == 4
    assert SquadWorkspace(workspace_dir / "squad").load() == squad_of(app)
    # The same runner twice: refused in one line, the squad kept.
    app.button(key="squad_add").click().run()
    assert len(squad_of(app).runners) == 4
    assert any("names identify runners" in e for e in texts(app.error))


def test_clinic_settings_and_closed_days_are_saved(app: AppTest, workspace_dir: Path) -> None:
    seed_workspace(workspace_dir)
    squad_page(app)
    by_label(app.number_input, "Clinicians").set_value(2)
    app.button[[b.label for b in app.button].index("Save clinic")].click().run()
    _no_exception(app)
    assert squad_of(app).clinic.clinicians == 2
    app.date_input(key="squad_close_day").set_value(dt.date(2027, 2, 1)).run()
    app.button(key="squad_close").click().run()
    assert squad_of(app).clinic.closed_dates == [dt.date(2027, 2, 1)]
    assert SquadWorkspace(workspace_dir / "squad").load().clinic.closed_dates == [dt.date(2027, 2, 1)]


# ---- optimize, the table, the week ---------------------------------------------------------------------
def test_optimize_shows_the_honest_status_and_the_runners_table(app: AppTest, workspace_dir: Path) -> None:
    seed_workspace(workspace_dir)
    optimize_squad(app)
    result = result_of(app)
    assert result.status == "optimal" and problems(small_squad(), result) == []
    assert [m.value for m in app.metric][:2] == ["optimal", str(len(result.appointments))]
    assert any("proven: no better plan exists" in s for s in texts(app.success))
    table = app.dataframe[0].value
    assert list(table["Runner"]) == [r.name for r in small_squad().runners]
    assert list(table["Sessions"]) == [len(o.sessions) for o in result.runners]
    assert all("planning together cost" in cost for cost in table["Cost vs alone"])
    assert (workspace_dir / "squad" / "plan.json").exists()


def test_the_clinic_week_shows_booked_full_and_free_slots_week_by_week(
    app: AppTest, workspace_dir: Path
) -> None:
    seed_workspace(workspace_dir)
    optimize_squad(app)
    result = result_of(app)
    goto(app, "squad_week")
    first = result.appointments[0]
    html = _html(app)
    assert f'data-week="{(first.date - dt.timedelta(days=first.date.weekday())).isoformat()}"' in html
    assert f'data-runner="{first.runner}"' in html
    by_label(app.selectbox, "Jump to a full day").select_index(0).run()
    _no_exception(app)
    html = _html(app)
    assert "(full)" in html and 'class="sq-cell full"' in html
    before = app.session_state["squad_week_monday"]
    app.button(key="squad_week_next").click().run()
    assert app.session_state["squad_week_monday"] == before + dt.timedelta(days=7)


def test_open_a_runner_from_the_week_shows_their_calendar_with_reasons(
    app: AppTest, workspace_dir: Path
) -> None:
    seed_workspace(workspace_dir)
    optimize_squad(app)
    goto(app, "squad_week")
    name = app.selectbox(key="squad_week_runner").value
    app.button(key="squad_week_open").click().run()
    _no_exception(app)
    assert texts(app.title) == ["Squad runner"]
    outcome = result_of(app).runner(name)
    html = _html(app)
    first = outcome.sessions[0]
    assert f'data-session="{first.date.isoformat()}"' in html and first.reasons[0].split(" ")[0] in html
    assert f"{outcome.appointments[0].start:%H:%M}" in html
    assert any(f"{len(outcome.sessions)} sessions" in s for s in texts(app.success))


def test_a_runner_in_the_week_links_to_their_calendar(app: AppTest, workspace_dir: Path) -> None:
    seed_workspace(workspace_dir)
    optimize_squad(app)
    goto(app, "squad_week")
    result = result_of(app)
    booked = result.appointments[0].runner
    # The chip is a link to the runner page naming the runner (spaces and all, URL-encoded).
    assert f'href="{runner_link(booked)}" target="_self" data-runner="{booked}"' in _html(app)
    assert "runner=" + booked.replace(" ", "+") in runner_link(booked)
    # Following it: the runner page opens on that runner (not the first, its default), and drops
    # the parameter so that the picker decides after that.
    other = small_squad().runners[1].name
    app.query_params["runner"] = other
    goto(app, "squad_runner")
    assert app.selectbox[0].value == other
    assert "runner" not in app.query_params
    outcome = result.runner(other)
    assert f'data-session="{outcome.sessions[0].date.isoformat()}"' in _html(app)


# ---- edits and re-plans ----------------------------------------------------------------------------
def _swap_on_a_full_day(squad, result):
    """A full day, a runner booked on it, and another runner's slot that day (to pin the first into)."""
    for day in full_days(squad, result):
        booked = [a for a in result.appointments if a.date == day]
        for mover in booked:
            for other in booked:
                if other.start != mover.start:
                    return day, mover, other
    raise AssertionError("no full day with two runners")


def test_pin_a_runners_session_to_a_slot_and_reoptimize_moves_few_and_says_who(
    app: AppTest, workspace_dir: Path
) -> None:
    seed_workspace(workspace_dir)
    optimize_squad(app)
    before = result_of(app)
    day, mover, other = _swap_on_a_full_day(small_squad(), before)
    # The coach moves one runner into another's slot on a full evening, from the clinic's week.
    app.session_state["squad_week_monday"] = day - dt.timedelta(days=day.weekday())
    goto(app, "squad_week")
    by_label(app.selectbox, "Runner").select(mover.runner).run()
    days = by_label(app.selectbox, "Day")
    days.select_index(days.options.index(format_day(day))).run()
    times = by_label(app.selectbox, "Time")
    times.select_index([o.split(",")[0] for o in times.options].index(f"{other.start:%H:%M}")).run()
    assert by_label(app.selectbox, "Time").value.start == other.start
    app.button(key="squad_pin").click().run()
    _no_exception(app)
    pinned = next(r for r in squad_of(app).runners if r.name == mover.runner)
    assert [(p.date, p.start) for p in pinned.pinned_slots] == [(day, other.start)]
    assert any("changed since this plan" in w for w in texts(app.warning))
    app.button(key="reoptimize-week").click().run()
    _no_exception(app)
    after = result_of(app)
    assert after.status == "optimal" and problems(squad_of(app), after) == []
    assert (day, other.start) in [(a.date, a.start) for a in after.runner(mover.runner).appointments]
    moved = set(after.moved)
    assert {mover.runner, other.runner} <= moved and len(moved) <= 3, moved
    said = " ".join(texts(app.info))
    assert all(name in said for name in moved)
    assert "Keep current appointments" in said and "--fresh" not in said  # the app's words, not the CLI's
    for outcome in after.runners:
        if outcome.name not in moved:
            assert outcome.appointments == before.runner(outcome.name).appointments


def test_forbid_a_day_for_one_runner_and_remove_a_runner(app: AppTest, workspace_dir: Path) -> None:
    seed_workspace(workspace_dir)
    optimize_squad(app)
    outcome = result_of(app).runners[1]
    app.session_state["squad_selected_runner"] = outcome.name
    goto(app, "squad_runner")
    day = outcome.appointments[0].date
    app.date_input(key=f"squad_runner_day-{outcome.name}").set_value(day).run()
    app.button(key="squad_runner_forbid").click().run()
    _no_exception(app)
    runner = next(r for r in squad_of(app).runners if r.name == outcome.name)
    assert runner.plan.forbidden == [day]
    optimize_squad(app)
    assert day not in [a.date for a in result_of(app).runner(outcome.name).appointments]
    assert outcome.name in result_of(app).moved
    goto(app, "squad_runner")
    app.checkbox(key=f"squad_remove_sure-{outcome.name}").check().run()
    app.button(key="squad_remove").click().run()
    assert outcome.name not in [r.name for r in squad_of(app).runners]


def test_close_a_clinic_day_from_the_week_and_nobody_is_booked_then(
    app: AppTest, workspace_dir: Path
) -> None:
    seed_workspace(workspace_dir)
    optimize_squad(app)
    goto(app, "squad_week")
    busy = result_of(app).appointments[0].date
    closing = next(d for d in by_label(app.selectbox, "Clinic day").options if str(busy.day) in d)
    by_label(app.selectbox, "Clinic day").select(closing).run()
    app.button(key="squad_week_close").click().run()
    _no_exception(app)
    assert busy in squad_of(app).clinic.closed_dates
    app.button(key="reoptimize-week").click().run()
    assert busy not in {a.date for a in result_of(app).appointments}
    assert 'class="sq-head closed"' in _html(app)


def test_a_shortage_is_said_in_words_and_its_checked_fix_is_one_click(app: AppTest) -> None:
    squad_page(app)
    app.selectbox(key="squad_sample").select("Six runners at a Monday physio (too few appointments)").run()
    app.button(key="open_squad_sample").click().run()
    optimize_squad(app)
    assert result_of(app).status == "shortage"
    said = " ".join(texts(app.error))
    assert "3 appointments short on Mondays 14-28 Jun" in said and "checked" in said
    app.button(key="squad_apply_fix").click().run()
    _no_exception(app)
    assert len(squad_of(app).clinic.extra_appointments) == 3
    assert result_of(app).status == "optimal"
    assert all(o.status == "planned" for o in result_of(app).runners)


# ---- downloads and restarts -------------------------------------------------------------------------
def test_downloads_are_offered_and_a_calendar_download_is_remembered(
    app: AppTest, workspace_dir: Path
) -> None:
    seed_workspace(workspace_dir)
    goto(app, "squad_export")
    assert [b.label for b in app.download_button] == ["Download squad file (YAML)"]
    optimize_squad(app)
    goto(app, "squad_export")
    assert [b.label for b in app.download_button] == [
        "Download runner calendars (.zip of .ics)",
        "Download clinic roster (.ics)",
        "Download clinic roster (.csv)",
        "Download squad plan (JSON)",
        "Download squad file (YAML)",
    ]
    app.download_button(key="squad_download_roster_ics").click().run()
    histories = SquadWorkspace(workspace_dir / "squad").load_meta().histories
    assert len(histories[""]) == len(result_of(app).appointments)


def test_a_restart_restores_the_squad_its_plan_and_its_edits(start_app, workspace_dir: Path) -> None:
    seed_workspace(workspace_dir)
    first = start_app()
    optimize_squad(first)
    goto(first, "squad_week")
    first.button(key="squad_week_close").click().run()
    restarted = start_app()
    squad_page(restarted)
    assert squad_of(restarted) == squad_of(first)
    assert result_of(restarted) == result_of(first)
    assert any("changed since this plan" in w for w in texts(restarted.warning))
