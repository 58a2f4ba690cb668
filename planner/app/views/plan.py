"""Plan page: open a sample, the athlete, focus regions, races and the screening questions."""

from __future__ import annotations

from typing import get_args

import pandas as pd
import streamlit as st

from planner.app import state
from planner.app.widgets import (
    as_date,
    as_number,
    commit,
    date_list_editor,
    is_blank,
    plan_dict,
    setting_help,
)
from planner.plan import DISTANCES, REGIONS, WEEKDAYS, Race, Screening

PRIORITIES = list(get_args(Race.model_fields["priority"].annotation))
SCREENING_LABELS = {
    "progressive_numbness_or_weakness": "Progressive numbness or weakness",
    "bowel_or_bladder_loss": "Loss of bowel or bladder control",
    "severe_swelling_or_cannot_bear_weight": "Severe swelling or cannot bear weight",
    "suspected_fracture_or_tendon_rupture": "Suspected fracture or tendon rupture",
    "fever_or_unexplained_weight_loss": "Fever or unexplained weight loss",
    "pregnant": "Pregnant",
    "bleeding_disorder_or_blood_thinners": "Bleeding disorder or blood thinners",
    "compromised_immune_system": "Compromised immune system",
    "strong_fear_of_needles": "Strong fear of needles",
}

st.title("Plan")
st.caption(
    "Who the block is for, the races and the screening answers. Every change is saved at once; "
    "the training itself is on the Training page."
)

with st.expander("Open a sample plan", expanded=False):
    samples = [p for p in state.sample_files() if p.suffix.lower() in (".yaml", ".yml")]
    if samples:
        choice = st.selectbox("Sample", samples, format_func=lambda p: p.name, key="sample_choice")
        if st.button("Open sample", key="open_sample") and state.open_sample(choice):
            st.rerun()
    else:
        st.info("No sample plans are bundled in this installation.")
    st.caption("Your own plan file, .ics feed or CSV export: upload it on the Training page.")

plan = state.plan()
data = plan_dict()

left, right = st.columns(2)
with left:
    data["name"] = st.text_input("Plan name", plan.name, key=state.key("plan_name"))
    data["athlete"]["name"] = st.text_input("Athlete", plan.athlete.name, key=state.key("athlete_name"))
    data["athlete"]["timezone"] = st.text_input(
        "Timezone (IANA name)",
        plan.athlete.timezone,
        key=state.key("timezone"),
        help="Used for the calendar export, e.g. Europe/Berlin or America/New_York.",
    )
with right:
    data["athlete"]["focus"] = st.multiselect(
        "Focus regions",
        REGIONS,
        default=plan.athlete.focus,
        key=state.key("focus"),
        help="Calf, achilles, foot or shin is a lower-leg focus: soreness lasts longer (DOMAIN.md rule 2).",
    )
    data["athlete"]["preferred_weekdays"] = st.multiselect(
        "Preferred clinic weekdays",
        list(WEEKDAYS),
        default=plan.athlete.preferred_weekdays,
        key=state.key("preferred_weekdays"),
        help=setting_help("athlete.preferred_weekdays", [])[1],
    )
    if plan.athlete.lower_leg_focus:
        st.caption("Lower-leg focus: the soreness window before hard days is the longer one.")

st.subheader("Races")
race_frame = pd.DataFrame(
    [
        {
            "date": r.date,
            "name": r.name,
            "distance": r.distance,
            "priority": r.priority,
            "taper_days": r.taper_days,
        }
        for r in sorted(plan.races, key=lambda r: r.date)
    ],
    columns=["date", "name", "distance", "priority", "taper_days"],
).astype({"date": "object", "taper_days": "float"})
edited_races = st.data_editor(
    race_frame,
    key=state.key("races"),
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    placeholder="",
    column_config={
        "date": st.column_config.DateColumn("Date", required=True, format="ddd D MMM YYYY"),
        "name": st.column_config.TextColumn("Name"),
        "distance": st.column_config.SelectboxColumn("Distance", options=DISTANCES, required=True),
        "priority": st.column_config.SelectboxColumn(
            "Priority", options=PRIORITIES, required=True, help="A = goal race, B = important, C = tune-up."
        ),
        "taper_days": st.column_config.NumberColumn(
            "Taper days",
            min_value=0,
            max_value=42,
            step=1,
            help="Empty: by distance (5K 7, 10K 10, half 14, marathon and ultra 21 days).",
        ),
    },
)
races = []
for row in edited_races.to_dict("records"):
    if as_date(row["date"]) is None:
        continue  # a row being added: nothing to save until it has a date
    taper = as_number(row["taper_days"])
    races.append(
        {
            "date": as_date(row["date"]),
            "name": "Race" if is_blank(row["name"]) else str(row["name"]),
            "distance": row["distance"] if not is_blank(row["distance"]) else "marathon",
            "priority": row["priority"] if not is_blank(row["priority"]) else "A",
            "taper_days": None if taper is None else int(taper),
        }
    )
# Row order in the grid is not a change: only a different set of races is.
if sorted(races, key=repr) != sorted((r.model_dump() for r in plan.races), key=repr):
    data["races"] = races

block_left, block_right = st.columns(2)
if plan.first_day is None or plan.last_day is None:
    st.caption("Add training days or a race to set the block's dates.")
else:
    with block_left:
        start = st.date_input(
            "Block start",
            plan.first_day,
            key=state.key("block_start"),
            help="Defaults to the first training day.",
        )
        # Keep "start: not set" until the user actually moves it, so the default keeps following the training.
        data["start"] = start if (start != plan.first_day or plan.start) else None
    with block_right:
        end = st.date_input(
            "Block end",
            plan.last_day,
            key=state.key("block_end"),
            help="Defaults to the last training day or race.",
        )
        data["end"] = end if (end != plan.last_day or plan.end) else None

st.subheader("Days the runner cannot attend")
unavailable = date_list_editor(
    "Unavailable",
    plan.athlete.unavailable,
    key=state.key("unavailable"),
    help=setting_help("athlete.unavailable", [])[1],
)
if set(unavailable) != set(plan.athlete.unavailable):
    data["athlete"]["unavailable"] = unavailable

st.subheader("Screening")
st.caption("Answers stay in the plan file; they are never exported to a calendar unless you opt in.")
cols = st.columns(2)
with cols[0]:
    st.markdown("**Seek medical care first if any of these** (refuses to plan, rule 13)")
    for name in Screening.RED_FLAGS:
        data["athlete"]["screening"][name] = st.checkbox(
            SCREENING_LABELS[name], getattr(plan.athlete.screening, name), key=state.key(f"screen_{name}")
        )
with cols[1]:
    st.markdown("**Tell the clinician first** (plans, every session needs clearance)")
    for name in Screening.CONTRAINDICATIONS:
        data["athlete"]["screening"][name] = st.checkbox(
            SCREENING_LABELS[name], getattr(plan.athlete.screening, name), key=state.key(f"screen_{name}")
        )

if commit(data):
    st.rerun()

screening = state.plan().athlete.screening
if screening.red_flags:
    st.error(
        "Red flag: "
        + ", ".join(SCREENING_LABELS[n].lower() for n in screening.red_flags)
        + ". Dry needling is not the next step: seek medical care. The planner will not place sessions."
    )
elif screening.contraindications:
    st.warning(
        "Tell the clinician before needling: "
        + ", ".join(SCREENING_LABELS[n].lower() for n in screening.contraindications)
        + ". Every session will be marked 'needs clinician clearance'."
    )
