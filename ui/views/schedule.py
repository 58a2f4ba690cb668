"""Schedule page: optimize, the month calendar, the timeline, sessions with reasons, pins, checks."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.checker import check_dates, nearest_valid_dates
from planner.errors import PlannerInputError
from planner.explain import apply_relaxation
from planner.facts import format_day
from planner.plan import PinnedSession, Plan
from planner.schedule import Schedule
from planner.solver import optimize
from ui import state
from ui.calendar_view import month_grid_html
from ui.timeline import timeline_chart
from ui.widgets import day_label

STATUS_WORDS = {
    "optimal": "Optimal: no better placement exists under these rules.",
    "feasible": "Feasible: the best placement found within the time limit; a better one may exist.",
    "infeasible": "No placement satisfies every hard rule: see the conflicts below.",
    "unknown": "The solver ran out of time before finding any placement: raise the time limit.",
    "refused": "Refused: the screening answers say to seek medical care first.",
}


def run_optimize(time_limit: float, *, keep_previous: bool = True) -> Schedule | None:
    """Solve with progress shown; keeps the current sessions where they can stay (minimal change)."""
    current = state.schedule()
    previous = current.dates if keep_previous and current is not None and current.sessions else None
    with st.status("Optimizing the block...", expanded=False) as status:
        st.write("Building the model from the plan and its rules.")
        try:
            result = optimize(state.plan(), time_limit=time_limit, previous=previous)
        except PlannerInputError as error:
            status.update(label="The plan cannot be optimized", state="error")
            st.error(str(error))
            return None
        st.write(f"Solved in {result.solve_seconds:.2f} s: {result.status}.")
        status.update(
            label=f"Done: {result.status}, {len(result.sessions)} sessions",
            state="complete" if result.found else "error",
        )
    state.set_schedule(result)
    return result


def add_pin(day: dt.date) -> None:
    plan = state.plan()
    data = plan.model_dump()
    data["pinned"] = [*data["pinned"], PinnedSession(date=day, note="pinned in the app").model_dump()]
    data["forbidden"] = [d for d in data["forbidden"] if d != day]
    state.commit_plan(type(plan).model_validate(data), rebuild_widgets=True)
    state.notify("success", f"Pinned {day_label(day)}. Optimize again to plan around it.")


def remove_pin(day: dt.date) -> None:
    plan = state.plan()
    state.commit_plan(
        plan.model_copy(update={"pinned": [p for p in plan.pinned if p.date != day]}), rebuild_widgets=True
    )
    state.notify("success", f"Unpinned {day_label(day)}.")


def forbid(day: dt.date) -> None:
    plan = state.plan()
    data = plan.model_dump()
    data["pinned"] = [p for p in data["pinned"] if p["date"] != day]
    data["forbidden"] = sorted({*data["forbidden"], day})
    state.commit_plan(type(plan).model_validate(data), rebuild_widgets=True)
    state.notify("success", f"{day_label(day)} is kept free. Optimize again to move any session off it.")


def allow(day: dt.date) -> None:
    plan = state.plan()
    state.commit_plan(
        plan.model_copy(update={"forbidden": [d for d in plan.forbidden if d != day]}), rebuild_widgets=True
    )
    state.notify("success", f"{day_label(day)} is allowed again.")


st.title("Schedule")
plan = state.plan()

controls = st.columns([1, 1, 3])
time_limit = controls[0].number_input(
    "Time limit (s)",
    1.0,
    120.0,
    10.0,
    step=1.0,
    key="time_limit",
    help="The solver stops here and says whether the answer is proven optimal or only feasible.",
)
keep = controls[1].checkbox(
    "Keep current sessions",
    True,
    key="keep_previous",
    help="Re-optimize with minimal change: sessions stay where they are unless a rule needs them moved.",
)
with controls[2]:
    st.write("")
    optimize_clicked = st.button("Optimize", type="primary", key="optimize")
if optimize_clicked:
    run_optimize(time_limit, keep_previous=keep)

schedule = state.schedule()


def show_schedule(plan: Plan, schedule: Schedule, time_limit: float) -> None:
    """The answer, the views and the actions on it."""

    # ---- the answer, honestly -----------------------------------------------------------------------
    metrics = st.columns(4)
    metrics[0].metric("Status", schedule.status)
    metrics[1].metric("Sessions", len(schedule.sessions))
    metrics[2].metric("Gap", "-" if schedule.gap is None else f"{schedule.gap:.1%}")
    metrics[3].metric("Solve time", f"{schedule.solve_seconds:.2f} s")
    status_text = STATUS_WORDS.get(schedule.status, schedule.status)
    if schedule.status == "feasible" and schedule.gap is not None:
        status_text += f" Gap to the best bound: {schedule.gap:.1%}."
    if schedule.found:
        st.success(status_text)
    else:
        st.error(status_text)
    if not state.schedule_is_current():
        st.warning(
            "The plan changed since this schedule was made (pins, forbidden days or edits): press Optimize."
        )
    for warning in schedule.warnings:
        st.warning(warning)

    previous = state.previous_dates()
    if previous and schedule.found:
        before, after = set(previous), set(schedule.dates)
        moved_out = sorted(before - after)
        moved_in = sorted(after - before)
        if not moved_out and not moved_in:
            st.caption(f"All {len(after)} sessions stayed where they were.")
        else:
            st.info(
                f"Changed: {len(before & after)} sessions kept; "
                + (f"removed {', '.join(format_day(d) for d in moved_out)}; " if moved_out else "")
                + (f"added {', '.join(format_day(d) for d in moved_in)}." if moved_in else "")
            )

    # ---- conflicts and the suggested relaxation ---------------------------------------------------------
    if schedule.conflicts or schedule.suggestion is not None:
        st.subheader("Why nothing fits")
        for conflict in schedule.conflicts:
            dates = ", ".join(format_day(d) for d in conflict.dates)
            st.markdown(
                f"- **Rule {conflict.rule_number} ({conflict.rule})**: {conflict.text}"
                + (f" [{dates}]" if dates else "")
            )
        suggestion = schedule.suggestion
        if suggestion is not None and suggestion.changes:
            proof = (
                "checked: a re-solve finds a schedule with it"
                if suggestion.confirmed
                else "not yet confirmed"
            )
            st.markdown("**Suggested change** (" + proof + "):")
            for change in suggestion.changes:
                st.markdown(f"- {change}")
            if suggestion.patch and st.button("Apply suggestion", type="primary", key="apply_suggestion"):
                try:
                    relaxed = apply_relaxation(plan, suggestion)
                except (ValueError, PlannerInputError) as error:
                    st.error(f"The suggestion could not be applied: {error}")
                else:
                    state.commit_plan(relaxed, rebuild_widgets=True)
                    result = run_optimize(time_limit, keep_previous=False)
                    if result is not None:
                        state.notify(
                            "success" if result.found else "warning",
                            f"Applied: {'; '.join(suggestion.changes)}. Re-optimized: {result.status}.",
                        )
                    st.rerun()

    # ---- views ------------------------------------------------------------------------------------------
    calendar_tab, timeline_tab, sessions_tab, check_tab = st.tabs(
        ["Calendar", "Timeline", "Sessions & pins", "Check a date"]
    )

    with calendar_tab:
        st.html(month_grid_html(plan, schedule))

    with timeline_tab:
        st.caption(
            "Weekly load by phase; taper and race week shaded; pink lines are sessions, triangles races."
        )
        st.altair_chart(timeline_chart(plan, schedule), width="stretch")

    with sessions_tab:
        if schedule.reassess_date is not None:
            st.caption(
                f"Reassess on {day_label(schedule.reassess_date)}: sessions after it are provisional "
                "(tentative in the calendar)."
            )
        pinned = {p.date for p in plan.pinned}
        for session in schedule.sessions:
            row = st.columns([5, 1])
            flags = []
            if session.provisional:
                flags.append("provisional")
            if session.date in pinned:
                flags.append("pinned")
            if session.needs_clearance:
                flags.append("needs clinician clearance")
            with row[0]:
                suffix = f" ({', '.join(flags)})" if flags else ""
                st.markdown(
                    f"**#{session.number} {day_label(session.date)}: "
                    f"{session.purpose.replace('_', ' ')}**{suffix}"
                )
                for reason in session.reasons:
                    st.markdown(f"- {reason}")
            with row[1]:
                if session.date in pinned:
                    if st.button("Unpin", key=f"unpin-{session.date}"):
                        remove_pin(session.date)
                        st.rerun()
                elif st.button("Pin", key=f"pin-{session.date}"):
                    add_pin(session.date)
                    st.rerun()

        st.subheader("Pinned and forbidden days")
        if plan.pinned:
            for pin in sorted(plan.pinned, key=lambda p: p.date):
                cols = st.columns([5, 1])
                cols[0].markdown(
                    f":material/push_pin: {day_label(pin.date)}"
                    + (f" ({pin.purpose})" if pin.purpose else "")
                )
                if cols[1].button("Unpin", key=f"unpin-list-{pin.date}"):
                    remove_pin(pin.date)
                    st.rerun()
        if plan.forbidden:
            for day in sorted(plan.forbidden):
                cols = st.columns([5, 1])
                cols[0].markdown(f":material/block: {day_label(day)} kept free")
                if cols[1].button("Allow", key=f"allow-{day}"):
                    allow(day)
                    st.rerun()
        forbid_cols = st.columns([2, 2, 1])
        default_day = plan.first_day or dt.date.today()
        pin_day = forbid_cols[0].date_input(
            "Day", default_day, key="pin_forbid_day", min_value=plan.first_day, max_value=plan.last_day
        )
        with forbid_cols[1]:
            st.write("")
            if st.button(
                "Forbid this day", key="forbid_day", help="The runner travels or cannot come: keep it free."
            ):
                forbid(pin_day)
                st.rerun()
        with forbid_cols[2]:
            st.write("")
            if st.button(
                "Pin this day", key="pin_day", help="A session agreed with the clinic: keep it there."
            ):
                add_pin(pin_day)
                st.rerun()

    with check_tab:
        st.caption(
            "A clinician's proposed date, checked against the training and the hard rules by the independent "
            "checker (no solver), together with the sessions already in the schedule."
        )
        check_cols = st.columns([2, 2])
        proposed = check_cols[0].date_input(
            "Proposed date", schedule.dates[0] if schedule.dates else default_day, key="check_date"
        )
        alone = check_cols[1].checkbox(
            "Ignore the current sessions",
            False,
            key="check_alone",
            help="Check the date on its own, as if nothing were booked.",
        )
        if st.button("Check date", key="check"):
            booked = [] if alone else [d for d in schedule.dates if d != proposed]
            report = check_dates(plan, sorted([*booked, proposed]))
            nearest = nearest_valid_dates(plan, booked, proposed, count=3)
            # Only what the proposed date causes: what the booked sessions already broke is not its fault.
            already = {v.key for v in check_dates(plan, booked).violations}
            caused = [
                v
                for v in report.violations
                if v.key not in already and (proposed in v.session_dates or not v.session_dates)
            ]
            if nearest[:1] == [proposed]:
                st.success(f"{day_label(proposed)} works: it breaks no hard rule.")
            else:
                st.error(f"{day_label(proposed)} does not work.")
                for violation in caused:
                    st.markdown(f"- **Rule {violation.rule_number} ({violation.rule})**: {violation.why}")
                if not caused:
                    st.markdown("- It is a forbidden day or outside the block.")
                if nearest:
                    st.info("Nearest good dates: " + ", ".join(day_label(d) for d in nearest))
                else:
                    st.info("No good date in the block.")
            for warning in report.warnings:
                st.warning(warning)


if schedule is None:
    st.info("Press Optimize to place the dry-needling sessions in this block.")
    st.html(month_grid_html(plan, None))
else:
    show_schedule(plan, schedule, time_limit)
