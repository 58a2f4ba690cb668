"""Clinic week page: the clinic's appointments week by week, who is booked in each slot, full and
free slots; open a runner's calendar, pin a runner's session to a slot, close a clinic day."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.app import squad_actions, squad_state
from planner.app.week_view import week_html
from planner.dates import format_day, long_date
from planner.squad import edits
from planner.squad.model import Squad, SquadPlan
from planner.squad.week import ClinicWeek, clinic_week, first_busy_week, full_days, weeks

WEEK = "squad_week_monday"
RUNNER_PAGE = "views/squad_runner.py"


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _set_week(monday: dt.date) -> None:
    st.session_state[WEEK] = monday


def pick_week(squad: Squad, result: SquadPlan | None) -> dt.date | None:
    """The week shown: previous/next buttons, a list of weeks, and a jump to any full day."""
    mondays = weeks(squad)
    if not mondays:
        return None
    monday = st.session_state.get(WEEK) or first_busy_week(squad, result) or mondays[0]
    if monday not in mondays:
        monday = mondays[0]
    _set_week(monday)
    per_week: dict[dt.date, int] = {}
    for appointment in result.appointments if result is not None else []:
        per_week[_monday(appointment.date)] = per_week.get(_monday(appointment.date), 0) + 1
    at = mondays.index(monday)
    cols = st.columns([1, 3, 3, 1])
    with cols[0]:
        st.write("")
        st.button(
            "◀",
            key="squad_week_prev",
            help="The week before",
            disabled=at == 0,
            on_click=_set_week,
            args=(mondays[at - 1],),
        )
    chosen = cols[1].selectbox(
        "Week",
        mondays,
        index=at,
        key=f"squad_week_pick-{monday}",
        format_func=lambda m: (
            f"Week {mondays.index(m) + 1}: {long_date(m)} ({per_week.get(m, 0)} appointments)"
        ),
    )
    full = full_days(squad, result)
    jump = cols[2].selectbox(
        "Jump to a full day",
        full,
        index=None,
        key=f"squad_week_full-{monday}",
        format_func=long_date,
        placeholder=f"{len(full)} full days" if full else "no full day",
        disabled=not full,
    )
    with cols[3]:
        st.write("")
        last = at == len(mondays) - 1
        st.button(
            "▶",
            key="squad_week_next",
            help="The week after",
            disabled=last,
            on_click=_set_week,
            args=(mondays[min(at + 1, len(mondays) - 1)],),
        )
    target = _monday(jump) if jump is not None else chosen
    if target != monday:
        _set_week(target)
        st.rerun()
    return monday


def open_runner(week: ClinicWeek, squad: Squad) -> None:
    here = sorted({b.runner for day in week.days for slot in day.slots for b in slot.runners})
    others = [r.name for r in squad.runners if r.name not in here]
    cols = st.columns([3, 1])
    name = cols[0].selectbox(
        "Open a runner's calendar",
        [*here, *others],
        key="squad_week_runner",
        help="The runners booked this week come first.",
    )
    with cols[1]:
        st.write("")
        if st.button("Open calendar", key="squad_week_open") and name is not None:
            squad_state.select_runner(name)
            st.switch_page(RUNNER_PAGE)


def pin_to_slot(week: ClinicWeek, squad: Squad) -> None:
    """Move one runner: their session on a day of this week at one appointment time."""
    open_days = [day for day in week.days if day.open]
    if not open_days:
        return
    st.markdown("**Move a runner: pin their session to a slot**")
    names = [r.name for r in squad.runners]
    chosen = squad_state.selected_runner()
    cols = st.columns([3, 2, 2, 1])
    name = cols[0].selectbox(
        "Runner", names, index=names.index(chosen) if chosen in names else 0, key="squad_pin_runner"
    )
    day = cols[1].selectbox(
        "Day", open_days, key=f"squad_pin_day-{week.monday}", format_func=lambda d: format_day(d.date)
    )
    slots = [slot for slot in day.slots if slot.capacity > 0]
    slot = cols[2].selectbox(
        "Time",
        slots,
        key=f"squad_pin_time-{week.monday}",
        format_func=lambda s: f"{s.start:%H:%M}, {s.free} free" if s.free else f"{s.start:%H:%M}, taken",
        help="A taken slot's runner moves elsewhere when the squad is planned again. Slots the clinic's "
        "own calendar fills are not offered.",
    )
    with cols[3]:
        st.write("")
        if st.button("Pin", key="squad_pin", type="primary") and slot is not None:
            squad_state.select_runner(name)
            squad_actions.edit(
                edits.pin_slot,
                name,
                slot.date,
                slot.start,
                message=f"Pinned {name} on {format_day(slot.date)} at {slot.start:%H:%M}.",
            )


def close_a_day(week: ClinicWeek) -> None:
    st.markdown("**Close or reopen a clinic day**")
    cols = st.columns([3, 2])
    day = cols[0].selectbox(
        "Clinic day",
        week.days,
        key=f"squad_close_pick-{week.monday}",
        format_func=lambda d: format_day(d.date),
    )
    with cols[1]:
        st.write("")
        if day is not None and day.open and st.button("Close the clinic on this day", key="squad_week_close"):
            squad_actions.edit(
                edits.close_day, day.date, message=f"The clinic is closed on {long_date(day.date)}."
            )
        if day is not None and not day.open and st.button("Reopen this day", key="squad_week_reopen"):
            squad_actions.edit(edits.reopen_day, day.date, message=f"{long_date(day.date)} is open again.")


st.title("Clinic week")
current = squad_state.loaded_or_stop()
saved = squad_state.saved()
result = saved.result if saved is not None else None
if result is None:
    st.info("Not optimized yet: the grid shows the clinic's own bookings. Optimize on the Squad page.")
else:
    squad_actions.stale_banner("week")
    moved = squad_actions.replan_words(saved)
    if moved:
        st.info("\n".join(line.strip() for line in moved))
monday = pick_week(current, result)
if monday is not None:
    shown = clinic_week(current, result, monday)
    st.caption(
        f"Week of {long_date(monday)}: {shown.taken} appointment{'' if shown.taken == 1 else 's'} booked, "
        f"{shown.free} free, "
        f"{shown.full_slots} slots full. {current.clinic.name}, {current.clinic.clinicians} clinician(s), "
        f"{current.clinic.appointment_minutes}-minute appointments ({current.clinic.timezone})."
    )
    st.html(week_html(shown))
    open_runner(shown, current)
    pin_to_slot(shown, current)
    close_a_day(shown)
