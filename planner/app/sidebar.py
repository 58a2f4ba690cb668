"""The sidebar on every page: which plan or squad is open, where it is saved, the last solver answer."""

from __future__ import annotations

import streamlit as st

from planner.app import squad_state, state
from planner.dates import long_date


def render_sidebar(*, squad: bool = False) -> None:
    if squad:
        render_squad_sidebar()
        return
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


def render_squad_sidebar() -> None:
    squad = squad_state.squad()
    with st.sidebar:
        if squad is None:
            st.caption("No squad open: see Squad.")
            return
        st.markdown(f"**{squad.name}**: {len(squad.runners)} runners")
        st.caption(
            f"At {squad.clinic.name} ({squad.clinic.clinicians} clinician(s), {squad.clinic.timezone})"
        )
        if squad_state.meta().source:
            st.caption(f"From: {squad_state.meta().source}")
        result = squad_state.result()
        if result is None:
            st.caption("Not optimized yet: see Squad.")
        else:
            stale = "" if squad_state.is_current() else " (squad changed since: optimize again)"
            st.caption(f"Last solve: {result.status}, {len(result.appointments)} appointments{stale}")
        st.caption(f"Saved on every change to `{squad_state.workspace().folder}`")
