"""The app under AppTest: every page and every flow of issue 4, against the real library and solver."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest
from ui_helpers import SAMPLES, by_label, goto, optimize, plan, schedule, texts

from planner.io import load_plan
from planner.workspace import Workspace


def training_calendar_ics() -> bytes:
    """A small coaching feed: a weekly RRULE easy run, workouts, a week banner and the race."""
    start = dt.date(2027, 3, 1)
    events = [
        "BEGIN:VEVENT\r\nUID:easy@x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270302\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=8\r\nSUMMARY:Run: Easy 40 min\r\nEND:VEVENT\r\n",
        "BEGIN:VEVENT\r\nUID:banner@x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270301\r\n"
        "DTEND;VALUE=DATE:20270308\r\nSUMMARY:Training Week 1\r\nEND:VEVENT\r\n",
    ]
    for week in range(8):
        thursday = start + dt.timedelta(days=7 * week + 3)
        sunday = start + dt.timedelta(days=7 * week + 6)
        events.append(
            f"BEGIN:VEVENT\r\nUID:tempo{week}@x\r\nDTSTAMP:20270101T000000Z\r\n"
            f"DTSTART;VALUE=DATE:{thursday:%Y%m%d}\r\nSUMMARY:Run: Tempo 5 km\r\nEND:VEVENT\r\n"
        )
        if week < 7:
            events.append(
                f"BEGIN:VEVENT\r\nUID:long{week}@x\r\nDTSTAMP:20270101T000000Z\r\n"
                f"DTSTART;VALUE=DATE:{sunday:%Y%m%d}\r\nSUMMARY:Long run 16 km\r\nEND:VEVENT\r\n"
            )
    race = start + dt.timedelta(days=7 * 7 + 6)
    events.append(
        f"BEGIN:VEVENT\r\nUID:race@x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:{race:%Y%m%d}\r\n"
        "SUMMARY:Race day: Riverside 10K race\r\nEND:VEVENT\r\n"
    )
    body = "".join(events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//coach//EN\r\n{body}END:VCALENDAR\r\n".encode()


def training_calendar_csv() -> bytes:
    """A coaching platform export with the usual columns, a note row and a day off."""
    lines = ["Title,WorkoutType,WorkoutDescription,PlannedDuration,PlannedDistanceInMeters,WorkoutDay"]
    start = dt.date(2027, 3, 1)
    for week in range(8):
        monday = start + dt.timedelta(days=7 * week)
        lines.append(f"Day Off,Day Off,,,,{monday}")
        lines.append(f"Easy run,Run,Easy aerobic,0.75,8000,{monday + dt.timedelta(days=1)}")
        lines.append(f"Intervals 6x800m,Run,6x800m @ 5K pace,1.0,10000,{monday + dt.timedelta(days=3)}")
        if week < 7:
            lines.append(f"Long run,Run,Long steady run,1.5,18000,{monday + dt.timedelta(days=6)}")
    lines.append(f"Riverside 10K race,Run,Race day,0.75,10000,{start + dt.timedelta(days=55)}")
    return ("\r\n".join(lines) + "\r\n").encode()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    goto(at, "training")
    at.file_uploader(key="upload").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# ---- start, pages, samples ---------------------------------------------------------------------------
def test_first_start_opens_the_half_marathon_sample_and_saves_it(app: AppTest, workspace_dir: Path) -> None:
    assert texts(app.title) == ["Plan"]
    # The plan gets its id once (calendar UIDs come from it) and the workspace saves it.
    assert plan(app).id is not None and len(plan(app).id) == 32
    assert plan(app).model_copy(update={"id": None}) == load_plan(SAMPLES / "half_marathon.yaml")
    assert app.session_state["plan_source"] == "sample_plans/half_marathon.yaml"
    assert Workspace(workspace_dir).load() == plan(app)


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("plan", "Plan"),
        ("training", "Training"),
        ("clinic", "Clinic & rules"),
        ("schedule", "Schedule"),
        ("export", "Export"),
    ],
)
def test_every_page_renders_and_viewing_it_changes_nothing(app: AppTest, page: str, title: str) -> None:
    before = plan(app)
    goto(app, page)
    assert texts(app.title) == [title]
    assert not app.error
    assert plan(app) == before


def test_open_another_sample(app: AppTest) -> None:
    app.selectbox(key="sample_choice").select(SAMPLES / "10k.yaml").run()
    app.button(key="open_sample").click().run()
    assert plan(app).model_copy(update={"id": None}) == load_plan(SAMPLES / "10k.yaml")
    assert "sample_plans/10k.yaml" in " ".join(texts(app.sidebar.caption))


def test_plan_page_edits_athlete_focus_and_races(app: AppTest, workspace_dir: Path) -> None:
    by_label(app.text_input, "Athlete").input("Ana Runner").run()
    by_label(app.multiselect, "Focus regions").set_value(["calf"]).run()
    assert plan(app).athlete.name == "Ana Runner"
    assert plan(app).athlete.focus == ["calf"]
    assert "Lower-leg focus" in " ".join(texts(app.caption))
    key = next(k for k in app.session_state if k.startswith("races-"))
    race_date = plan(app).races[0].date
    app.session_state[key] = {"edited_rows": {0: {"priority": "B"}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert [r.priority for r in plan(app).races if r.date == race_date] == ["B"]
    assert Workspace(workspace_dir).load().athlete.name == "Ana Runner"


def test_a_bad_plan_value_shows_one_error_and_is_not_saved(app: AppTest) -> None:
    by_label(app.text_input, "Timezone (IANA name)").input("Mars/Olympus").run()
    assert plan(app).athlete.timezone != "Mars/Olympus"
    assert any("unknown timezone" in e for e in texts(app.error))


def test_screening_red_flag_warns_and_the_solver_refuses(app: AppTest) -> None:
    by_label(app.checkbox, "Suspected fracture or tendon rupture").check().run()
    assert any("seek medical care" in e for e in texts(app.error))
    optimize(app)
    assert schedule(app).status == "refused"
    assert schedule(app).sessions == []


def test_contraindication_plans_with_clearance_on_every_session(app: AppTest) -> None:
    by_label(app.checkbox, "Bleeding disorder or blood thinners").check().run()
    assert any("clinician" in w for w in texts(app.warning))
    optimize(app)
    assert schedule(app).sessions
    assert all(s.needs_clearance for s in schedule(app).sessions)


# ---- uploads -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_upload_a_native_plan(app: AppTest, suffix: str, workspace_dir: Path) -> None:
    sample = load_plan(SAMPLES / "10k.yaml")
    raw = yaml.safe_load((SAMPLES / "10k.yaml").read_text(encoding="utf-8"))
    data = json.dumps(raw, default=str).encode() if suffix == ".json" else (SAMPLES / "10k.yaml").read_bytes()
    upload(app, f"my_plan{suffix}", data)
    assert plan(app).id is not None  # given once, kept by the workspace
    assert plan(app).model_copy(update={"id": None}) == sample
    assert app.session_state["plan_source"] == f"my_plan{suffix}"
    assert Workspace(workspace_dir).load() == plan(app)


@pytest.mark.parametrize(
    ("name", "make"), [("coach.ics", training_calendar_ics), ("coach.csv", training_calendar_csv)]
)
def test_upload_a_training_calendar(app: AppTest, name: str, make, workspace_dir: Path) -> None:
    upload(app, name, make())
    imported = plan(app)
    assert app.session_state["plan_source"] == name
    kinds = {w.kind for d in imported.training for w in d.workouts}
    assert {"quality", "long_run"} <= kinds
    assert [r.date for r in imported.races if r.priority == "A"] == [dt.date(2027, 4, 25)]
    assert Workspace(workspace_dir).load() == imported
    optimize(app)
    assert schedule(app).found


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.yaml", b"name: [unclosed\n", "invalid YAML"),
        ("photo.ics", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "binary"),
        ("empty.csv", b"", "empty"),
        ("plan.yaml", b"name: x\nrules:\n  min_gap_days: banana\n", "min_gap_days"),
    ],
)
def test_a_bad_upload_shows_one_error_and_keeps_the_plan(
    app: AppTest, name: str, data: bytes, message: str, workspace_dir: Path
) -> None:
    before = plan(app)
    upload(app, name, data)
    errors = texts(app.error)
    assert len(errors) == 1 and message in errors[0] and "\n" not in errors[0]
    assert "current plan is unchanged" in errors[0]
    assert plan(app) == before
    assert Workspace(workspace_dir).load() == before


def test_an_upload_over_the_size_limit_is_refused(app: AppTest) -> None:
    before = plan(app)
    upload(app, "huge.yaml", b"# padding\n" * (6 * 1024 * 1024 // 10))
    assert any("limit is 5 MB" in e for e in texts(app.error))
    assert plan(app) == before


def coach_calendar_with_unknowns() -> bytes:
    """The small feed above plus two sessions only the coach knows the effort of, and a dentist."""
    extra = (
        "BEGIN:VEVENT\r\nUID:choice@x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270310\r\n"
        "SUMMARY:Run: Coach's choice 45'\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:funday@x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270317\r\n"
        "SUMMARY:Guided Run: Sunday Funday\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:dentist@x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270315\r\n"
        "SUMMARY:Dentist\r\nEND:VEVENT\r\n"
    )
    return training_calendar_ics().replace(b"END:VCALENDAR", extra.encode() + b"END:VCALENDAR")


def test_a_calendar_with_unknown_titles_imports_lists_them_and_their_kind_is_set_in_the_grid(
    app: AppTest, workspace_dir: Path
) -> None:
    upload(app, "coach.ics", coach_calendar_with_unknowns())
    assert not texts(app.error)
    unknown = {d.date for d in plan(app).training for w in d.workouts if w.kind == "unknown"}
    assert unknown == {dt.date(2027, 3, 10), dt.date(2027, 3, 17)}
    # The report says how the file was read, and the unknowns are named where the user sees them.
    report = " ".join(str(c.value) for c in app.code)
    assert "Read coach.ics: iCalendar" in report and "Dentist" in report
    warning = " ".join(texts(app.warning))
    assert "2 events of unknown effort" in warning and "Coach's choice 45'" in warning
    # The user picks the unknown days and says the coach's choice was a tempo.
    rev = app.session_state["plan_rev"]
    app.selectbox(key=f"week-{rev}").select("Days with an unknown effort").run()
    assert {
        row.date() if hasattr(row, "date") else row for row in app.data_editor[0].value["date"]
    } == unknown
    index = list(app.data_editor[0].value["title"]).index("Coach's choice 45'")
    app.session_state[f"workouts-{rev}-unknown"] = {
        "edited_rows": {index: {"kind": "quality"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    kinds = {d.date: [w.kind for w in d.workouts] for d in plan(app).training}
    assert kinds[dt.date(2027, 3, 10)] == ["quality"] and kinds[dt.date(2027, 3, 17)] == ["unknown"]
    assert Workspace(workspace_dir).load() == plan(app)
    # The solver keeps clear of the day still unknown and the day before it.
    optimize(app)
    assert not {s.date for s in schedule(app).sessions} & {dt.date(2027, 3, 16), dt.date(2027, 3, 17)}


def test_the_timezone_field_puts_utc_times_on_the_runners_dates(app: AppTest) -> None:
    goto(app, "training")
    by_label(app.text_input, "Runner's timezone").input("Pacific/Auckland").run()
    feed = training_calendar_ics().replace(
        b"DTSTART;VALUE=DATE:20270425", b"DTSTART:20270424T200000Z"
    )  # the race at 08:00 in Auckland, written in UTC
    upload(app, "feed.ics", feed)
    assert [r.date for r in plan(app).races] == [dt.date(2027, 4, 25)]
    assert plan(app).athlete.timezone == "Pacific/Auckland"
    assert "given with the timezone field" in " ".join(str(c.value) for c in app.code)


def test_an_ambiguous_csv_asks_for_the_date_order_and_reads_with_it(app: AppTest) -> None:
    data = (
        b"Date,Session\n01/09/2027,Intervals 6 x 800m\n05/09/2027,Long run 18 km\n12/09/2027,Race day 10K\n"
    )
    before = plan(app)
    upload(app, "club.csv", data)
    errors = texts(app.error)
    assert len(errors) == 1 and "--date-format" in errors[0] and plan(app) == before
    by_label(app.selectbox, "Date order in a CSV").select("day/month/year").run()
    upload(app, "club2.csv", data)
    assert [r.date for r in plan(app).races] == [dt.date(2027, 9, 12)]


# ---- training editor ------------------------------------------------------------------------------
def test_edit_a_workout_kind_in_the_week_grid(app: AppTest, workspace_dir: Path) -> None:
    goto(app, "training")
    first = min(plan(app).training, key=lambda d: d.date)
    week_select = app.selectbox(key=f"week-{app.session_state['plan_rev']}")
    week_select.select_index(1).run()
    assert len(app.data_editor[0].value) == sum(
        len(d.workouts) for d in plan(app).training if (d.date - first.date).days < 7 - first.date.weekday()
    )
    editor_key = f"workouts-{app.session_state['plan_rev']}-1"
    app.session_state[editor_key] = {
        "edited_rows": {0: {"kind": "quality", "title": "6x800m"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    edited = next(d for d in plan(app).training if d.date == first.date)
    assert (edited.workouts[0].kind, edited.workouts[0].title) == ("quality", "6x800m")
    saved = next(d for d in Workspace(workspace_dir).load().training if d.date == first.date)
    assert saved.workouts[0].kind == "quality"
    # The other weeks are untouched.
    others = [d for d in plan(app).training if d.date != first.date]
    assert others == [d for d in load_plan(SAMPLES / "half_marathon.yaml").training if d.date != first.date]


def test_add_and_delete_workouts_in_the_grid(app: AppTest) -> None:
    goto(app, "training")
    rev = app.session_state["plan_rev"]
    count = sum(len(d.workouts) for d in plan(app).training)
    new_day = plan(app).last_day + dt.timedelta(days=1)
    app.session_state[f"workouts-{rev}-0"] = {
        "edited_rows": {},
        "added_rows": [{"date": new_day.isoformat(), "kind": "easy", "title": "shakeout"}],
        "deleted_rows": [0],
    }
    app.run()
    assert sum(len(d.workouts) for d in plan(app).training) == count
    assert [w.title for d in plan(app).training if d.date == new_day for w in d.workouts] == ["shakeout"]


# ---- clinic and rules ------------------------------------------------------------------------------
def test_rules_show_the_value_in_force_and_save_edits(app: AppTest) -> None:
    goto(app, "clinic")
    assert "All rules are at their DOMAIN.md defaults." in texts(app.caption)
    gap = by_label(app.number_input, "Minimum days between sessions (min_gap_days)")
    assert gap.value == 3 and "Default: 3" in gap.help and "rule 7" in gap.help
    gap.set_value(4).run()
    assert plan(app).rules.min_gap_days == 4
    assert any("min_gap_days = 4 (default 3)" in i for i in texts(app.info))
    app.button(key="reset_rules").click().run()
    assert plan(app).rules.min_gap_days == 3


def test_clinic_days_and_budget(app: AppTest) -> None:
    goto(app, "clinic")
    by_label(app.multiselect, "Open days").set_value(["tue", "wed"]).run()
    by_label(app.checkbox, "Budget limit").check().run()
    by_label(app.number_input, "Budget").set_value(300.0).run()
    assert plan(app).clinic.open_weekdays == ["tue", "wed"]
    assert plan(app).budget == 300.0
    optimize(app)
    assert schedule(app).found
    assert {s.date.weekday() for s in schedule(app).sessions} <= {1, 2}
    assert len(schedule(app).sessions) * plan(app).clinic.price <= 300.0


# ---- schedule ---------------------------------------------------------------------------------------
def test_optimize_shows_status_calendar_and_reasons(app: AppTest) -> None:
    optimize(app)
    result = schedule(app)
    assert result.status == "optimal"
    assert [m.value for m in app.metric][:2] == ["optimal", str(len(result.sessions))]
    assert app.status[0].state == "complete"
    calendar = app.html[0].value
    for session in result.sessions:
        assert f'data-session="{session.date.isoformat()}"' in calendar
        assert session.purpose in calendar
    markdown = " ".join(texts(app.markdown))
    assert all(reason in markdown for s in result.sessions for reason in s.reasons)


def test_same_input_gives_the_same_schedule_and_reoptimize_keeps_it(app: AppTest) -> None:
    optimize(app)
    first = schedule(app).dates
    app.button(key="optimize").click().run()
    assert schedule(app).dates == first
    assert f"All {len(first)} sessions stayed where they were." in texts(app.caption)


def test_pin_a_session_then_reoptimize_keeps_it(app: AppTest, workspace_dir: Path) -> None:
    optimize(app)
    chosen = schedule(app).sessions[1].date
    app.button(key=f"pin-{chosen}").click().run()
    assert [p.date for p in plan(app).pinned] == [chosen]
    assert [p.date for p in Workspace(workspace_dir).load().pinned] == [chosen]
    assert any("plan changed since" in w for w in texts(app.warning))
    app.button(key="optimize").click().run()
    session = next(s for s in schedule(app).sessions if s.date == chosen)
    assert session.pinned
    app.button(key=f"unpin-{chosen}").click().run()
    assert plan(app).pinned == []


def test_forbid_a_session_day_moves_only_what_has_to_move(app: AppTest) -> None:
    optimize(app)
    before = schedule(app).dates
    travel = before[2]
    app.date_input(key="pin_forbid_day").set_value(travel).run()
    app.button(key="forbid_day").click().run()
    assert plan(app).forbidden == [travel]
    app.button(key="optimize").click().run()
    after = schedule(app).dates
    assert schedule(app).found and travel not in after
    assert set(before) - {travel} <= set(after)
    assert any("sessions kept" in i for i in texts(app.info))
    app.button(key=f"allow-{travel}").click().run()
    assert plan(app).forbidden == []


def test_check_a_date_says_why_and_offers_the_nearest_good_dates(app: AppTest) -> None:
    optimize(app)
    quality_day = next(d.date for d in plan(app).training if any(w.kind == "quality" for w in d.workouts))
    app.date_input(key="check_date").set_value(quality_day).run()
    app.checkbox(key="check_alone").check().run()
    app.button(key="check").click().run()
    assert any(": not valid with nothing booked." in e for e in texts(app.error))
    assert any("rule 1" in m for m in texts(app.markdown))
    nearest = [i for i in texts(app.info) if i.startswith("Nearest good dates")]
    assert nearest and nearest[0].count(",") >= 1
    good = schedule(app).dates[0]
    app.date_input(key="check_date").set_value(good).run()
    app.button(key="check").click().run()
    assert any(": fine with nothing booked." in s for s in texts(app.success))


def test_infeasible_plan_shows_conflicts_and_applies_the_suggestion(app: AppTest) -> None:
    app.selectbox(key="sample_choice").select(SAMPLES / "impossible.yaml").run()
    app.button(key="open_sample").click().run()
    optimize(app)
    result = schedule(app)
    assert result.status == "infeasible" and result.conflicts
    assert result.suggestion is not None and result.suggestion.confirmed
    markdown = " ".join(texts(app.markdown))
    assert all(c.text in markdown for c in result.conflicts)
    assert all(change in markdown for change in result.suggestion.changes)
    app.button(key="apply_suggestion").click().run()
    assert not app.exception
    assert schedule(app).found
    assert plan(app) != load_plan(SAMPLES / "impossible.yaml")
    assert any("Applied" in s for s in texts(app.success))


def test_restart_restores_the_plan_and_the_schedule(start_app, workspace_dir: Path) -> None:
    first = start_app()
    by_label(first.text_input, "Plan name").input("Harbour half, edited").run()
    optimize(first)
    dates = schedule(first).dates
    restarted = start_app()
    assert plan(restarted).name == "Harbour half, edited"
    assert plan(restarted) == plan(first)
    assert schedule(restarted).dates == dates
    goto(restarted, "schedule")
    assert not any("plan changed since" in w for w in texts(restarted.warning))


def test_a_damaged_workspace_opens_the_sample_with_a_message(start_app, workspace_dir: Path) -> None:
    workspace_dir.mkdir(parents=True)
    (workspace_dir / "plan.yaml").write_text("rules: {min_gap_days: -5}\n", encoding="utf-8")
    at = start_app()
    assert plan(at).model_copy(update={"id": None}) == load_plan(SAMPLES / "half_marathon.yaml")
    assert any("could not be restored" in e for e in texts(at.error))


# ---- export -----------------------------------------------------------------------------------------
def test_export_page_offers_every_download_and_remembers_the_export(app: AppTest) -> None:
    goto(app, "export")
    assert [b.label for b in app.download_button] == [
        "Download plan file (yaml)",
        "Download plan file (json)",
    ]
    optimize(app)
    goto(app, "export")
    labels = [b.label for b in app.download_button]
    assert labels[:2] == ["Download calendar (.ics)", "Download schedule (JSON)"]
    app.download_button(key="download_ics").click().run()
    assert len(plan(app).exported) >= len(schedule(app).sessions)
