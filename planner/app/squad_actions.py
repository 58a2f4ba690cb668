"""What the squad pages' buttons do: plan the squad (with progress), apply an edit, say what changed.

Each action calls the library (`planner.squad.plan_squad`, `planner.squad.edits`,
`planner.squad.summary`) and shows its answer in the words `planner squad` prints
(`planner.squad.render`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from planner.app import squad_state
from planner.app.state import notify
from planner.errors import PlannerInputError
from planner.squad.model import Squad
from planner.squad.render import STATUS_WORDS, replan_lines
from planner.squad.workspace import SavedPlan, squad_fingerprint

DEFAULT_TIME_LIMIT = 60.0
TIME_LIMIT_KEY = "squad_time_limit"
KEEP_KEY = "squad_keep_previous"


def time_limit() -> float:
    return float(st.session_state.get(TIME_LIMIT_KEY, DEFAULT_TIME_LIMIT))


def run_optimize(*, keep_previous: bool = True) -> SavedPlan | None:
    """Plan the squad with progress shown; keeps the last plan's appointments where it can."""
    from planner.squad import plan_squad  # lazy: OR-Tools loads on the first solve
    from planner.squad.summary import Summary, summarise

    squad = squad_state.squad()
    if squad is None:
        return None
    previous = squad_state.previous_appointments() if keep_previous else {}
    names = {runner.name for runner in squad.runners}
    previous = {name: items for name, items in previous.items() if name in names}
    limit = time_limit()
    with st.status(f"Planning {len(squad.runners)} runners...", expanded=False) as status:
        st.write(
            f"Each runner alone first, then together where the clinic's appointments run short "
            f"(time limit {limit:g} s)."
            + (" Keeping the last plan's appointments where the rules allow." if previous else "")
        )
        result = plan_squad(squad, previous=previous or None, time_limit=limit)
        st.write(
            f"{STATUS_WORDS.get(result.status, result.status)}; solved in {result.stats.total_seconds:.1f} s."
        )
        found = result.status in ("optimal", "feasible")
        if found:
            st.write("Working out what planning together cost each runner against planning alone.")
        summary = summarise(squad, result, busiest=10) if found else Summary()
        status.update(
            label=f"Done: {result.status}, {len(result.appointments)} appointments",
            state="complete" if found else "error",
        )
    saved = SavedPlan(result, squad_fingerprint(squad), summary, previous)
    squad_state.set_plan(saved)
    return saved


def edit(change: Callable[..., Squad], *args: Any, message: str, **kwargs: Any) -> bool:
    """Apply a squad edit from `planner.squad.edits`; a refused edit shows one line and changes nothing."""
    current = squad_state.squad()
    if current is None:
        return False
    try:
        edited = change(current, *args, **kwargs)
    except PlannerInputError as error:
        st.error(f"Not changed: {error}")
        return False
    if squad_state.commit(edited):
        notify("success", f"{message} Optimize again to re-plan; appointments stay where they can.")
        st.rerun()
    return True


def replan_words(saved: SavedPlan) -> list[str]:
    """Who moved in the last re-plan (empty for a fresh plan)."""
    if not saved.previous or saved.result.status not in ("optimal", "feasible"):
        return []
    return replan_lines(
        saved.previous,
        saved.result,
        "the last plan",
        fresh="untick 'Keep current appointments' to ignore them",
    )


def stale_banner(where: str) -> None:
    """When the squad changed since its plan: say so, with the button that plans it again."""
    if squad_state.saved() is None or squad_state.is_current():
        return
    cols = st.columns([4, 1])
    cols[0].warning(
        "The squad changed since this plan was made (an edit, a pin, a closed day): optimize again."
    )
    if cols[1].button("Optimize again", key=f"reoptimize-{where}", type="primary"):
        run_optimize(keep_previous=True)
        st.rerun()
