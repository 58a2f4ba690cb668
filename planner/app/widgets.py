"""Small widget helpers shared by the pages: cell values back to Python, validated plan edits."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import BaseModel, ValidationError

from planner import render
from planner.app import state
from planner.constraints import REGISTRY
from planner.dates import parse_date
from planner.errors import PlannerInputError, validation_message
from planner.export.ics import ExportOptions, parse_alarms
from planner.plan import Plan


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT:
        return True
    return isinstance(value, str) and not value.strip()


def as_date(value: Any) -> dt.date | None:
    """A grid cell as a date: the editor hands back dates, Timestamps or ISO strings."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # An ISO date, or a timestamp's text: its first ten characters are the date.
    return parse_date(str(value)[:10], "date")


def as_time(value: Any) -> dt.time | None:
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


def as_number(value: Any) -> float | None:
    return None if is_blank(value) else float(value)


def commit(data: dict[str, Any], *, rebuild_widgets: bool = False) -> bool:
    """Validate an edited plan (as a dict) and save it; a bad value shows one error and changes nothing."""
    try:
        edited = Plan.model_validate(data)
    except ValidationError as error:
        st.error(f"Not saved: {validation_message(error)}")
        return False
    return state.commit_plan(edited, rebuild_widgets=rebuild_widgets)


def plan_dict() -> dict[str, Any]:
    """The working plan as a plain dict to edit (a deep copy: editing it never touches the plan)."""
    return state.plan().model_dump()


def date_list_editor(label: str, dates: list[dt.date], key: str, help: str | None = None) -> list[dt.date]:
    """A one-column table of dates the user can add to and delete from."""
    frame = pd.DataFrame({"date": sorted(dates)}, dtype="object")
    edited = st.data_editor(
        frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        placeholder="",
        column_config={"date": st.column_config.DateColumn(label, format="ddd D MMM YYYY", help=help)},
    )
    out = {as_date(v) for v in edited["date"].tolist()}
    return sorted(d for d in out if d is not None)


def field_bounds(
    model: type[BaseModel], name: str, low: float = 0, high: float = 10_000
) -> tuple[float, float]:
    """A number field's limits from the plan model (`ge`/`le`), so a widget accepts exactly what a
    plan may hold: a saved plan never exceeds its widget (StreamlitValueAboveMaxError)."""
    for item in model.model_fields[name].metadata:
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
    return low, high


def setting_help(name: str, default: object) -> tuple[str, str]:
    """(label, help) for a plan setting, from the rules that read it (`planner rules` in the app)."""
    return render.setting_help(name, REGISTRY.parameters().get(name, []), default)


def export_options(key: str, *, whose: str = "", health_help: str) -> ExportOptions | None:
    """The calendar export's choices (workouts, reminders, health details), one row of widgets for
    the runner's Export page and the squad's downloads; None, with the error shown, for bad reminders.
    Widget keys are `{key}_workouts`, `{key}_alarms` and `{key}_health`; `whose` ends each label."""
    cols = st.columns(3)
    with_workouts = cols[0].checkbox(f"Include the training workouts{whose}", False, key=f"{key}_workouts")
    alarms_text = cols[1].text_input(
        f"Reminders{whose}",
        "evening,2h",
        key=f"{key}_alarms",
        help="'off', or a list like evening,2h (the evening before and 2 hours before) or 1d,30m.",
    )
    with_health = cols[2].checkbox(
        f"Include health details{whose}", False, key=f"{key}_health", help=health_help
    )
    try:
        return ExportOptions(
            alarms=parse_alarms(alarms_text), include_workouts=with_workouts, include_health=with_health
        )
    except PlannerInputError as error:
        st.error(str(error))
        return None
