"""Squad runner page: one runner's calendar (the single-runner month grid, with reasons), what the
squad cost them, and their edits: pin a session to a slot, forbid a day, remove them."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.app import squad_actions, squad_state
from planner.app.calendar_view import month_grid_html
from planner.app.week_view import RUNNER_QUERY
from planner.dates import format_day, long_date
from planner.export.squad import runner_schedule
from planner.render import plan_header, session_flags
from planner.squad import edits
from planner.squad.model import RunnerOutcome, Squad, SquadRunner
from planner.squad.render import cost_detail_lines, cost_words, runner_lines


def choose_runner(squad: Squad) -> SquadRunner:
    names = [runner.name for runner in squad.runners]
    # A runner's chip in the clinic's week links here with ?runner=NAME: select them once, then
    # drop the parameter so that the picker below decides from now on.
    asked = st.query_params.get(RUNNER_QUERY)
    if asked is not None:
        del st.query_params[RUNNER_QUERY]
        if asked in names:
            squad_state.select_runner(asked)
    chosen = squad_state.selected_runner() or names[0]
    name = st.selectbox("Runner", names, index=names.index(chosen), key=f"squad_runner_pick-{chosen}")
    if name != chosen:
        squad_state.select_runner(name)
        st.rerun()
    return squad.runners[names.index(name)]


def availability_words(runner: SquadRunner) -> str:
    if not runner.availability:
        return "Comes whenever the clinic is open."
    parts = []
    for window in runner.availability:
        days = ", ".join(d.capitalize() for d in window.weekdays)
        hours = f" from {window.start:%H:%M}" if window.start else ""
        hours += f" until {window.end:%H:%M}" if window.end else ""
        parts.append(days + hours)
    return "Comes on " + "; ".join(parts) + "."


def show_planned(runner: SquadRunner, outcome: RunnerOutcome) -> None:
    cost = squad_state.summary().costs.get(runner.name)
    st.success(f"{len(outcome.sessions)} sessions; {cost_words(outcome)}.")
    for line in cost_detail_lines(cost):
        st.markdown(f"- {line.strip()}")
    for warning in outcome.warnings:
        st.warning(warning)
    schedule = runner_schedule(outcome, runner.plan)
    calendar_tab, sessions_tab = st.tabs(["Calendar", "Sessions & reasons"])
    with calendar_tab:
        st.caption("Hover a session for its reasons; the time is its appointment at the clinic.")
        st.html(month_grid_html(runner.plan, schedule))
    with sessions_tab:
        at = {a.date: a for a in outcome.appointments}
        pinned = {p.date for p in runner.plan.pinned}
        for session in schedule.sessions:
            row = st.columns([5, 1])
            appointment = at.get(session.date)
            when = f" {appointment.start:%H:%M}-{appointment.end:%H:%M}" if appointment else ""
            flags = session_flags(session, pinned=session.date in pinned)
            suffix = f" ({', '.join(flags)})" if flags else ""
            row[0].markdown(
                f"**#{session.number} {long_date(session.date)}{when}: {session.purpose.replace('_', ' ')}**{suffix}"
            )
            for reason in session.reasons:
                row[0].markdown(f"- {reason}")
            if session.date in pinned:
                if row[1].button("Unpin", key=f"squad_unpin-{session.date}"):
                    squad_actions.edit(
                        edits.unpin,
                        runner.name,
                        session.date,
                        message=f"Unpinned {format_day(session.date)}.",
                    )
            elif appointment is not None and row[1].button("Pin here", key=f"squad_pin_here-{session.date}"):
                squad_actions.edit(
                    edits.pin_slot,
                    runner.name,
                    session.date,
                    appointment.start,
                    message=f"Pinned {runner.name} on {format_day(session.date)} at {appointment.start:%H:%M}.",
                )


def pins_and_days(squad: Squad, runner: SquadRunner) -> None:
    """Pin a session at a slot, forbid a day for this runner only, and the days already held."""
    st.subheader("Edits for this runner")
    first = runner.plan.first_day or dt.date.today()
    for held in sorted(runner.plan.pinned, key=lambda p: p.date):
        cols = st.columns([5, 1])
        start = runner.pinned_start(held.date)
        cols[0].markdown(
            f":material/push_pin: {long_date(held.date)}" + (f" at {start:%H:%M}" if start else "")
        )
        if cols[1].button("Unpin", key=f"squad_unpin_list-{held.date}"):
            squad_actions.edit(
                edits.unpin, runner.name, held.date, message=f"Unpinned {format_day(held.date)}."
            )
    for day in sorted(runner.plan.forbidden):
        cols = st.columns([5, 1])
        cols[0].markdown(f":material/block: {long_date(day)} kept free")
        if cols[1].button("Allow", key=f"squad_allow-{day}"):
            squad_actions.edit(
                edits.allow_day, runner.name, day, message=f"{long_date(day)} is allowed again."
            )
    starts = [start for start, _ in squad.clinic.slot_times()]
    cols = st.columns([2, 1, 1, 1])
    day = cols[0].date_input(
        "Day",
        first,
        key=f"squad_runner_day-{runner.name}",
        min_value=runner.plan.first_day,
        max_value=runner.plan.last_day,
    )
    start = cols[1].selectbox(
        "Time", starts, key=f"squad_runner_time-{runner.name}", format_func=lambda t: f"{t:%H:%M}"
    )
    with cols[2]:
        st.write("")
        if st.button(
            "Pin a session",
            key="squad_runner_pin",
            help="A time agreed with the runner: the session stays there.",
        ):
            squad_actions.edit(
                edits.pin_slot,
                runner.name,
                day,
                start,
                message=f"Pinned {runner.name} on {format_day(day)} at {start:%H:%M}.",
            )
    with cols[3]:
        st.write("")
        if st.button(
            "Forbid this day",
            key="squad_runner_forbid",
            help="This runner cannot come (travel): keep it free.",
        ):
            squad_actions.edit(
                edits.forbid_day,
                runner.name,
                day,
                message=f"{long_date(day)} is kept free for {runner.name}.",
            )


def remove(runner: SquadRunner) -> None:
    with st.expander(f"Remove {runner.name} from the squad"):
        sure = st.checkbox(f"Yes, remove {runner.name}", key=f"squad_remove_sure-{runner.name}")
        if st.button("Remove runner", key="squad_remove", disabled=not sure):
            squad_actions.edit(edits.remove_runner, runner.name, message=f"Removed {runner.name}.")


st.title("Squad runner")
current = squad_state.loaded_or_stop()
chosen_runner = choose_runner(current)
st.caption(f"{plan_header(chosen_runner.plan)}. {availability_words(chosen_runner)}")
saved = squad_state.saved()
squad_actions.stale_banner("runner")
outcomes = {o.name: o for o in saved.result.runners} if saved is not None else {}
found = outcomes.get(chosen_runner.name)
if found is None:
    st.info("Not planned yet: optimize on the Squad page.")
    st.html(month_grid_html(chosen_runner.plan, None))
elif found.status == "planned":
    show_planned(chosen_runner, found)
else:
    st.error(f"{chosen_runner.name} is not planned.")
    lines = runner_lines(found, chosen_runner.plan, squad_state.summary().costs.get(found.name))
    st.code("\n".join(lines), language=None, wrap_lines=True)
pins_and_days(current, chosen_runner)
remove(chosen_runner)
