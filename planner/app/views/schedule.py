"""Schedule page: optimize, the month calendar, the timeline, sessions with reasons, pins, checks."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner import edits
from planner.app import state
from planner.app.calendar_view import month_grid_html
from planner.app.checks import check_words
from planner.app.timeline import timeline_chart
from planner.checker import screening_warnings
from planner.dates import long_date
from planner.errors import PlannerInputError
from planner.plan import Plan
from planner.render import (
    block_title,
    conflict_words,
    replan_summary,
    session_flags,
    status_text,
)
from planner.schedule import Schedule, Session
from planner.solver import optimize
from planner.workspace import plan_fingerprint

CHECK_ANSWER = "check_answer"


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


def edit_plan(edited: Plan, message: str) -> None:
    """Save a button's edit (pin, forbid...) and rerun so every widget shows it."""
    state.commit_plan(edited, rebuild_widgets=True)
    state.notify("success", message)
    st.rerun()


def show_answer(schedule: Schedule) -> None:
    """The status, honestly: optimal or only feasible, stale or current, what changed."""
    metrics = st.columns(4)
    metrics[0].metric("Status", schedule.status)
    metrics[1].metric("Sessions", len(schedule.sessions))
    metrics[2].metric("Gap", "-" if schedule.gap is None else f"{schedule.gap:.1%}")
    metrics[3].metric("Solve time", f"{schedule.solve_seconds:.2f} s")
    (st.success if schedule.found else st.error)(status_text(schedule))
    if not state.schedule_is_current():
        st.warning(
            "The plan changed since this schedule was made (pins, forbidden days or edits): press Optimize."
        )
    for warning in schedule.warnings:
        st.warning(warning)
    previous = state.previous_dates()
    if previous and schedule.found:
        changed, words = replan_summary(previous, schedule.dates)
        (st.info if changed else st.caption)(words)


def show_conflicts(plan: Plan, schedule: Schedule, time_limit: float) -> None:
    """Why nothing fits, and the checked relaxation with a button to apply it."""
    if not schedule.conflicts and schedule.suggestion is None and not schedule.explain_notes:
        return
    st.subheader("Why nothing fits")
    for line in conflict_words(schedule):
        st.markdown(f"- {line[0].upper()}{line[1:]}")
    for note in schedule.explain_notes:
        st.info(note)
    suggestion = schedule.suggestion
    if suggestion is None or not suggestion.confirmed or not suggestion.changes:
        return
    st.markdown("**Suggested change** (checked: a re-solve finds a schedule with it):")
    for change in suggestion.changes:
        st.markdown(f"- {change}")
    if suggestion.patch and st.button("Apply suggestion", type="primary", key="apply_suggestion"):
        try:
            relaxed = edits.apply_relaxation(plan, suggestion)
        except PlannerInputError as error:
            st.error(f"The suggestion could not be applied: {error}")
            return
        state.commit_plan(relaxed, rebuild_widgets=True)
        result = run_optimize(time_limit, keep_previous=False)
        if result is not None:
            state.notify(
                "success" if result.found else "warning",
                f"Applied: {'; '.join(suggestion.changes)}. Re-optimized: {result.status}.",
            )
        st.rerun()


def show_sessions(plan: Plan, schedule: Schedule) -> None:
    """Each session with its reasons and a pin/unpin button; in a season, block by block."""
    if schedule.reassess_date is not None:
        st.caption(
            f"Reassess on {long_date(schedule.reassess_date)}: sessions after it are provisional "
            "(tentative in the calendar) until the reassessment is recorded."
        )
    pinned = {p.date for p in plan.pinned}
    grouped = len(schedule.blocks) > 1
    for block in schedule.blocks if grouped else [None]:
        if block is not None:
            st.markdown(f"#### {block_title(block)}")
        for session in schedule.sessions:
            if block is None or session.block == block.number:
                show_session(plan, session, pinned)


def show_session(plan: Plan, session: Session, pinned: set[dt.date]) -> None:
    row = st.columns([5, 1])
    flags = session_flags(session, pinned=session.date in pinned)
    with row[0]:
        suffix = f" ({', '.join(flags)})" if flags else ""
        st.markdown(
            f"**#{session.number} {long_date(session.date)}: {session.purpose.replace('_', ' ')}**{suffix}"
        )
        for reason in session.reasons:
            st.markdown(f"- {reason}")
    with row[1]:
        if session.date in pinned:
            if st.button("Unpin", key=f"unpin-{session.date}"):
                edit_plan(edits.unpin(plan, session.date), f"Unpinned {long_date(session.date)}.")
        elif st.button("Pin", key=f"pin-{session.date}"):
            pin(plan, session.date)


def show_reassessments(plan: Plan, schedule: Schedule, time_limit: float) -> None:
    """Rule 8 per block: record that the clinician reassessed, which confirms the next sessions."""
    due = [b for b in schedule.blocks if b.reassess_date is not None or b.reassessed is not None]
    if not due:
        return
    st.subheader("Reassessments")
    st.caption(
        "Sessions after a block's reassessment point stay provisional (tentative in the calendar) until "
        "the clinician records the reassessment; then the sessions up to the next point are confirmed."
    )
    for block in due:
        cols = st.columns([3, 2, 1])
        name = f"Block {block.number}" + (f" (to {block.a_race})" if block.a_race else "")
        if block.reassessed is not None:
            cols[0].markdown(f"**{name}**: reassessed on {long_date(block.reassessed)}")
            if cols[2].button("Undo", key=f"unreassess-{block.number}"):
                record(edits.forget_reassessment(plan, block.reassessed), time_limit, "Reassessment removed.")
            continue
        assert block.reassess_date is not None
        cols[0].markdown(f"**{name}**: reassess after {long_date(block.reassess_date)}")
        day = cols[1].date_input(
            "Reassessed on",
            block.reassess_date,
            key=f"reassess-day-{block.number}",
            min_value=block.first,
            max_value=block.last,
        )
        with cols[2]:
            st.write("")
            if st.button("Reassessed", key=f"reassess-{block.number}", help="The clinician has reassessed."):
                record(
                    edits.record_reassessment(plan, day),
                    time_limit,
                    f"Reassessment on {long_date(day)} recorded.",
                )


def record(edited: Plan, time_limit: float, message: str) -> None:
    """Save a reassessment edit and re-plan with minimal change, so the sessions show what it confirms."""
    state.commit_plan(edited, rebuild_widgets=True)
    result = run_optimize(time_limit, keep_previous=True)
    if result is not None:
        state.notify("success", message)
    st.rerun()


def pin(plan: Plan, day: dt.date) -> None:
    edit_plan(
        edits.pin(plan, day, note="pinned in the app"),
        f"Pinned {long_date(day)}. Optimize again to plan around it.",
    )


def show_pins_and_forbidden(plan: Plan) -> None:
    """The pinned and forbidden days, and a day picker to add either."""
    st.subheader("Pinned and forbidden days")
    for held in sorted(plan.pinned, key=lambda p: p.date):
        cols = st.columns([5, 1])
        cols[0].markdown(
            f":material/push_pin: {long_date(held.date)}" + (f" ({held.purpose})" if held.purpose else "")
        )
        if cols[1].button("Unpin", key=f"unpin-list-{held.date}"):
            edit_plan(edits.unpin(plan, held.date), f"Unpinned {long_date(held.date)}.")
    for day in sorted(plan.forbidden):
        cols = st.columns([5, 1])
        cols[0].markdown(f":material/block: {long_date(day)} kept free")
        if cols[1].button("Allow", key=f"allow-{day}"):
            edit_plan(edits.allow(plan, day), f"{long_date(day)} is allowed again.")
    cols = st.columns([2, 2, 1])
    chosen = cols[0].date_input(
        "Day",
        plan.first_day or dt.date.today(),
        key="pin_forbid_day",
        min_value=plan.first_day,
        max_value=plan.last_day,
    )
    with cols[1]:
        st.write("")
        if st.button(
            "Forbid this day", key="forbid_day", help="The runner travels or cannot come: keep it free."
        ):
            edit_plan(
                edits.forbid(plan, chosen),
                f"{long_date(chosen)} is kept free. Optimize again to move any session off it.",
            )
    with cols[2]:
        st.write("")
        if st.button("Pin this day", key="pin_day", help="A session agreed with the clinic: keep it there."):
            pin(plan, chosen)


def show_date_check(plan: Plan, schedule: Schedule) -> None:
    """A clinician's proposed date: the same check as `planner check --proposed`."""
    st.caption(
        "A clinician's proposed date, checked against the training and the hard rules by the independent "
        "checker (no solver), together with the sessions already in the schedule."
    )
    cols = st.columns([2, 2])
    default = schedule.dates[0] if schedule.dates else plan.first_day or dt.date.today()
    proposed = cols[0].date_input("Proposed date", default, key="check_date")
    alone = cols[1].checkbox(
        "Ignore the current sessions",
        False,
        key="check_alone",
        help="Check the date on its own, as if nothing were booked.",
    )
    # The answer stays until the question changes (the date, the checkbox, the plan or its
    # sessions): any other click on the page used to wipe it.
    question = (proposed, alone, tuple(schedule.dates), plan_fingerprint(plan))
    if st.button("Check date", key="check"):
        booked = [] if alone else [d for d in schedule.dates if d != proposed]
        st.session_state[CHECK_ANSWER] = (question, check_words(plan, booked, proposed))
    answered = st.session_state.get(CHECK_ANSWER)
    if answered is None or answered[0] != question:
        return
    show_check_lines(*answered[1])
    for warning in screening_warnings(plan):
        st.warning(warning)


def show_check_lines(answer: list[str], block: list[str]) -> None:
    verdict, *rest = answer
    (st.success if ": fine " in verdict else st.error)(verdict)
    for line in rest:
        if line.startswith("Nearest good dates") or line.startswith("No good date"):
            st.info(line)
        else:
            st.markdown(f"- {line.strip()}")
    if block:
        with st.expander(block[0], expanded=False):
            st.markdown("\n".join(f"- {line.strip()}" for line in block[1:]))


def show_schedule(plan: Plan, schedule: Schedule, time_limit: float) -> None:
    """The answer, the views and the actions on it."""
    show_answer(schedule)
    show_conflicts(plan, schedule, time_limit)
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
        show_reassessments(plan, schedule, time_limit)
        show_sessions(plan, schedule)
        show_pins_and_forbidden(plan)
    with check_tab:
        show_date_check(plan, schedule)


st.title("Schedule")
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

current_plan, current_schedule = state.plan(), state.schedule()
if current_schedule is None:
    st.info("Press Optimize to place the dry-needling sessions in this block.")
    st.html(month_grid_html(current_plan, None))
else:
    show_schedule(current_plan, current_schedule, time_limit)
