"""The sidebar on every page: which plan is open, where it is saved, the last solver answer."""

from __future__ import annotations

import streamlit as st

from planner.app import state
from planner.dates import long_date


def render_sidebar() -> None:
    plan = state.plan()
    with st.sidebar:
        st.markdown(f"**{plan.name}** - {plan.athlete.name}")
        st.caption(f"From: {state.source()}")
        if plan.first_day and plan.last_day:
            weeks = (plan.last_day - plan.first_day).days // 7 + 1
            st.caption(f"{long_date(plan.first_day)} to {long_date(plan.last_day)} ({weeks} weeks)")
        for race in sorted(plan.races, key=lambda r: r.date):
            st.caption(f":material/flag: {race.priority} race: {race.name}, {long_date(race.date)}")
        schedule = state.schedule()
        if schedule is None:
            st.caption("Not optimized yet: see Schedule.")
        else:
            stale = "" if state.schedule_is_current() else " (plan changed since: re-optimize)"
            st.caption(f"Last solve: {schedule.status}, {len(schedule.sessions)} sessions{stale}")
        st.caption(f"Saved on every change to `{state.workspace().folder}`")
