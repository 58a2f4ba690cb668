"""Training page: the workouts week by week in a table editor, and uploading a plan or calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

import pandas as pd
import streamlit as st

from planner.app import state
from planner.app.widgets import as_date, as_number, as_time, commit, is_blank, plan_dict
from planner.dates import format_day, long_date
from planner.errors import PlannerInputError
from planner.plan import DISTANCES, HARD_KINDS, POSSIBLY_HARD_KINDS, Workout
from planner.render import import_report_lines

KINDS = list(get_args(Workout.model_fields["kind"].annotation))
COLUMNS = ["date", "day", "kind", "title", "time", "duration_min", "distance_km", "description"]
ALL_WEEKS = "All weeks"
# The days holding an event of unknown effort, to set their kind after an import.
UNKNOWN_ONLY = "Days with an unknown effort"
DATE_ORDERS = {"Detect": None, "day/month/year": "dd/mm/yyyy", "month/day/year": "mm/dd/yyyy"}

st.title("Training")
st.caption(
    "One row per workout. Pick the kind from the list: quality, long run and race days are the hard "
    "days the rules keep sessions away from, and so are workouts of unknown effort (possibly hard). "
    "Add a row for a new workout; select rows and delete to remove."
)

# ---- upload -----------------------------------------------------------------------------------------
with st.expander("Upload a plan file or a training calendar", expanded=state.plan().training == []):
    st.caption(
        "A native plan (.yaml, .json), an .ics calendar feed or a coaching platform's CSV export. "
        f"Up to {state.MAX_UPLOAD_MB} MB. A file that cannot be read leaves the current plan as it is."
    )
    use_race = st.checkbox("Give the A race for a calendar import", key="import_race_given")
    race_cols = st.columns(2)
    race_date = race_cols[0].date_input("A race date", None, key="import_race_date", disabled=not use_race)
    distance = race_cols[1].selectbox(
        "Distance", DISTANCES, index=3, key="import_distance", disabled=not use_race
    )
    read_cols = st.columns(2)
    zone = read_cols[0].text_input(
        "Runner's timezone",
        key="import_timezone",
        placeholder="the calendar's own",
        help="An IANA name such as Pacific/Auckland: timed events land on the runner's local dates. "
        "Empty: the calendar's own timezone.",
    )
    date_order = read_cols[1].selectbox(
        "Date order in a CSV",
        list(DATE_ORDERS),
        key="import_date_order",
        help="Only needed when no date in the file has a day above 12.",
    )
    uploaded = st.file_uploader(
        "Plan or calendar", type=state.UPLOAD_TYPES, key="upload", max_upload_size=state.MAX_UPLOAD_MB
    )
    if uploaded is not None:
        options: dict[str, Any] = {"date_format": DATE_ORDERS[date_order]}
        if zone.strip():
            options |= {"timezone": zone.strip(), "timezone_by": "the timezone field"}
        if use_race and race_date is not None:
            options |= {"race": race_date, "distance": distance}
        if state.open_upload(uploaded.name, uploaded.getvalue(), uploaded.file_id, **options):
            st.rerun()
    if state.upload_error():
        st.error(state.upload_error())

# ---- how a calendar was read ------------------------------------------------------------------------
report = state.import_report()
if report is not None:
    with st.expander(f"How {report.source} was read", expanded=bool(report.unknown)):
        st.code("\n".join(import_report_lines(report)), language=None, wrap_lines=True)
    if report.unknown:
        listed = "; ".join(f"{format_day(note.date)} {note.text}" for note in report.unknown[:6])
        more = f" and {len(report.unknown) - 6} more" if len(report.unknown) > 6 else ""
        st.warning(
            f"{len(report.unknown)} events of unknown effort are treated as possibly hard (no session on them "
            f'nor the day before): {listed}{more}. Choose "{UNKNOWN_ONLY}" below and set their kind.'
        )

# ---- week by week -----------------------------------------------------------------------------------
plan = state.plan()
weeks: list[dt.date] = []
if plan.first_day and plan.last_day:
    monday = plan.first_day - dt.timedelta(days=plan.first_day.weekday())
    while monday <= plan.last_day:
        weeks.append(monday)
        monday += dt.timedelta(days=7)

unknown_days = {d.date for d in plan.training if any(w.kind in POSSIBLY_HARD_KINDS for w in d.workouts)}
week = st.selectbox(
    "Week",
    [ALL_WEEKS, *([UNKNOWN_ONLY] if unknown_days else []), *weeks],
    format_func=lambda w: w if isinstance(w, str) else f"Week {weeks.index(w) + 1}: {long_date(w)}",
    key=state.key("week"),
)


def in_scope(day: dt.date) -> bool:
    if week == UNKNOWN_ONLY:
        # Whole days, not single rows: saving a day's rows replaces the day.
        return day in unknown_days
    return week == ALL_WEEKS or week <= day <= week + dt.timedelta(days=6)


rows = [
    {
        "date": day.date,
        "day": day.date.strftime("%a"),
        "kind": workout.kind,
        "title": workout.title,
        "time": workout.time,
        "duration_min": workout.duration_min,
        "distance_km": workout.distance_km,
        "description": workout.description,
    }
    for day in sorted(plan.training, key=lambda d: d.date)
    if in_scope(day.date)
    for workout in day.workouts
]
frame = pd.DataFrame(rows, columns=COLUMNS).astype(
    {"date": "object", "time": "object", "duration_min": "float", "distance_km": "float"}
)
week_index = (
    {ALL_WEEKS: 0, UNKNOWN_ONLY: "unknown"}.get(week) if isinstance(week, str) else weeks.index(week) + 1
)
edited = st.data_editor(
    frame,
    key=f"workouts-{state.rev()}-{week_index}",
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    height=min(38 * (len(frame) + 2), 700),
    placeholder="",  # an empty cell is empty, not the word "None"
    column_config={
        "date": st.column_config.DateColumn("Date", required=True, format="ddd D MMM YYYY"),
        "day": st.column_config.TextColumn("Day", disabled=True, width="small"),
        "kind": st.column_config.SelectboxColumn("Kind", options=KINDS, required=True),
        "title": st.column_config.TextColumn("Title"),
        "time": st.column_config.TimeColumn("Time", format="HH:mm", help="Empty: all-day."),
        "duration_min": st.column_config.NumberColumn("Minutes", min_value=0, max_value=1440, step=1),
        "distance_km": st.column_config.NumberColumn("km", min_value=0, max_value=500, format="%.1f"),
        "description": st.column_config.TextColumn("Description"),
    },
)


def workouts_by_day(records: list[dict[str, Any]]) -> tuple[dict[dt.date, list[dict[str, Any]]], list[str]]:
    """Rows back into workouts per date, with one message per row that cannot be saved."""
    by_day: dict[dt.date, list[dict[str, Any]]] = {}
    problems = []
    for number, row in enumerate(records, start=1):
        try:
            day = as_date(row["date"])
        except PlannerInputError:
            problems.append(f"row {number}: {row['date']!r} is not a date")
            continue
        if day is None:
            continue  # a row being added: nothing to save until it has a date
        if is_blank(row["kind"]):
            problems.append(f"row {number} ({long_date(day)}): choose a kind")
            continue
        minutes = as_number(row["duration_min"])
        by_day.setdefault(day, []).append(
            {
                "kind": row["kind"],
                "title": "" if is_blank(row["title"]) else str(row["title"]),
                "time": as_time(row["time"]),
                "duration_min": None if minutes is None else int(minutes),
                "distance_km": as_number(row["distance_km"]),
                "description": "" if is_blank(row["description"]) else str(row["description"]),
            }
        )
    return by_day, problems


edited_days, problems = workouts_by_day(edited.to_dict("records"))
for problem in problems:
    st.warning(f"Not saved yet: {problem}")
if not problems:
    data = plan_dict()
    kept = [d for d in data["training"] if not in_scope(d["date"])]
    # A date edited out of the shown week still belongs to the plan: merge rather than drop it.
    merged: dict[dt.date, list[dict[str, Any]]] = {}
    for d in kept:
        merged.setdefault(d["date"], []).extend(d["workouts"])
    for day, workouts in edited_days.items():
        merged.setdefault(day, []).extend(workouts)
    new_training = [{"date": day, "workouts": merged[day]} for day in sorted(merged)]
    old_training = sorted(
        ({"date": d["date"], "workouts": d["workouts"]} for d in data["training"] if d["workouts"]),
        key=lambda d: d["date"],
    )
    if new_training != old_training:
        data["training"] = new_training
        if commit(data, rebuild_widgets=True):
            state.notify("success", "Training saved.")
            st.rerun()

total = sum(len(d.workouts) for d in plan.training)
hard = sum(1 for d in plan.training for w in d.workouts if w.kind in HARD_KINDS)
possibly = sum(1 for d in plan.training for w in d.workouts if w.kind in POSSIBLY_HARD_KINDS)
unknown_words = f", {possibly} of unknown effort (possibly hard)" if possibly else ""
st.caption(
    f"{total} workouts in the block, {hard} of them hard{unknown_words}. Week filter: {len(frame)} shown."
)
