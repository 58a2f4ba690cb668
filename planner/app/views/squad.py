"""Squad page: open or build a squad, the clinic, optimize, the honest answer, the runners table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.app import squad_actions, squad_state
from planner.app.squad_panels import clinic_panel, open_panel
from planner.app.state import notify
from planner.dates import format_day
from planner.errors import PlannerInputError
from planner.squad import edits
from planner.squad.model import RunnerOutcome, SquadPlan
from planner.squad.render import cost_words, shortage_lines, status_words
from planner.squad.workspace import SavedPlan

RUNNER_PAGE = "views/squad_runner.py"
WEEK_PAGE = "views/squad_week.py"
TABLE_KEY = "squad_runners_table"
OUTCOME_WORDS = {
    "planned": "planned",
    "infeasible": "not planned: their own rules conflict",
    "refused": "not planned: screening red flag",
    "unplanned": "not planned",
}


def show_answer(saved: SavedPlan) -> None:
    """The status, honestly: proven optimal, only feasible (with its gap), short of appointments."""
    result = saved.result
    metrics = st.columns(4)
    metrics[0].metric("Status", result.status)
    metrics[1].metric("Appointments", len(result.appointments))
    metrics[2].metric("Gap", "-" if result.gap is None else f"{result.gap:.1%}")
    metrics[3].metric("Solve time", f"{result.stats.total_seconds:.1f} s")
    words = status_words(result)
    found = result.status in ("optimal", "feasible")
    (st.success if found else st.error)(f"Status: {words}.")
    if result.objective is not None:
        st.caption(f"Objective {result.objective} (the runners' points less the fairness penalty).")
    for warning in result.warnings:
        st.warning(warning)
    moved = squad_actions.replan_words(saved)
    if moved:
        st.info("\n".join(line.strip() for line in moved))
    if result.shortage is not None:
        show_shortage(result)
    unplanned = [o.name for o in result.runners if o.status != "planned"]
    if unplanned and found:
        st.warning(f"Not planned ({len(unplanned)}): {', '.join(unplanned)}. Open a runner below to see why.")


def show_shortage(result: SquadPlan) -> None:
    """The shortage in words, and its checked extra opening as one click."""
    shortage = result.shortage
    assert shortage is not None
    st.error("\n\n".join(line.strip() for line in shortage_lines(result)))
    if not (shortage.confirmed and shortage.fix):
        st.caption("No extra opening was confirmed by a re-solve, so none is offered: raise the time limit.")
        return
    if st.button("Open these appointments and plan again", type="primary", key="squad_apply_fix"):
        current = squad_state.squad()
        assert current is not None
        try:
            squad_state.commit(edits.apply_fix(current, shortage.fix))
        except PlannerInputError as error:
            st.error(f"Not changed: {error}")
            return
        saved = squad_actions.run_optimize(keep_previous=False)
        if saved is not None:
            notify(
                "success",
                f"Opened {shortage.missing} more appointment(s) and planned again: {saved.result.status}.",
            )
        st.rerun()


def runner_rows(saved: SavedPlan | None) -> pd.DataFrame:
    """One row per runner: sessions, status, what the squad cost them, warnings."""
    squad = squad_state.squad()
    assert squad is not None
    outcomes: dict[str, RunnerOutcome] = {}
    if saved is not None:
        outcomes = {outcome.name: outcome for outcome in saved.result.runners}
    rows = []
    for runner in squad.runners:
        outcome = outcomes.get(runner.name)
        if outcome is None:
            rows.append({"Runner": runner.name, "Status": "not planned yet: optimize"})
            continue
        times = ", ".join(f"{format_day(a.date)} {a.start:%H:%M}" for a in outcome.appointments)
        rows.append(
            {
                "Runner": outcome.name,
                "Status": OUTCOME_WORDS.get(outcome.status, outcome.status),
                "Sessions": len(outcome.sessions),
                "Appointments": times,
                "Cost vs alone": cost_words(outcome) if outcome.status == "planned" else "",
                "Moved": "moved" if outcome.moved else "",
                "Warnings": "; ".join(outcome.warnings),
            }
        )
    columns = ["Runner", "Status", "Sessions", "Appointments", "Cost vs alone", "Moved", "Warnings"]
    return pd.DataFrame(rows, columns=columns).astype({"Sessions": "Int64"})


def _open_selected() -> None:
    """A click on a row of the runners table opens that runner's calendar."""
    event = st.session_state.get(TABLE_KEY)
    rows = event.selection.rows if event is not None else []
    squad = squad_state.squad()
    if rows and squad is not None and rows[0] < len(squad.runners):
        squad_state.select_runner(squad.runners[rows[0]].name)
        st.session_state["squad_open_runner"] = True


def show_runners(saved: SavedPlan | None) -> None:
    st.subheader("Runners")
    st.caption("Click a runner's row to open their calendar with the reasons for every session.")
    frame = runner_rows(saved)
    st.dataframe(
        frame,
        key=TABLE_KEY,
        on_select=_open_selected,
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        placeholder="",
        column_config={
            "Appointments": st.column_config.TextColumn("Appointments", width="large"),
            "Cost vs alone": st.column_config.TextColumn("Cost vs alone", width="large"),
        },
    )
    if st.session_state.pop("squad_open_runner", False):
        st.switch_page(RUNNER_PAGE)


def controls() -> None:
    # The checkbox's column is the widest: its label must never be cut.
    cols = st.columns([1, 2, 1])
    cols[0].number_input(
        "Time limit (s)",
        1.0,
        3600.0,
        squad_actions.DEFAULT_TIME_LIMIT,
        step=10.0,
        key=squad_actions.TIME_LIMIT_KEY,
        help="The solver stops here and says whether the plan is proven optimal or only feasible, with its gap.",
    )
    keep = cols[1].checkbox(
        "Keep current appointments",
        True,
        key=squad_actions.KEEP_KEY,
        help="Re-plan with minimal change: appointments stay unless a rule or an edit needs them moved.",
    )
    with cols[2]:
        st.write("")
        if st.button("Optimize", type="primary", key="squad_optimize"):
            squad_actions.run_optimize(keep_previous=keep)
            st.rerun()


st.title("Squad")
st.caption(
    "Runners sharing one clinic: every runner's own rules hold, every session gets an appointment, "
    "and a shortage is shared fairly. The squad is saved on every change."
)
squad_state.ensure_loaded()
if squad_state.error():
    st.error(squad_state.error())
current = squad_state.squad()
with st.expander("Open or build a squad", expanded=current is None):
    open_panel()
if current is None:
    st.info("No squad yet: open the sample squad or build one from your runners' files above.")
    st.stop()
record = squad_state.meta()
st.markdown(
    f"**{current.name}**: {len(current.runners)} runners at {current.clinic.name}"
    + (f" (from {record.source})" if record.source else "")
)
with st.expander("Clinic: hours, clinicians, closed days, its own calendar", expanded=False):
    clinic_panel()
if record.notes or record.imports:
    with st.expander("How the squad's files were read", expanded=False):
        st.code(
            "\n".join([*record.notes, *(f"{n}: {line}" for n, ls in record.imports.items() for line in ls)]),
            language=None,
            wrap_lines=True,
        )
controls()
current_plan = squad_state.saved()
if current_plan is None:
    st.info("Press Optimize to give every runner their sessions at the clinic's appointments.")
else:
    squad_actions.stale_banner("squad")
    show_answer(current_plan)
    if st.button("See the clinic's week", key="squad_to_week"):
        st.switch_page(WEEK_PAGE)
show_runners(current_plan)
