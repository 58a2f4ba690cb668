"""The app's squad: the squad being edited, its last plan, and the workspace that keeps both.

The squad pages read from here and hand every change back through `replace` (a new squad: a
sample, an upload, a build) or `commit` (an edit), which save it at once
(`planner.squad.workspace`): nothing is lost when the tab or the server goes away. Nothing here
decides anything: edits come from `planner.squad.edits`, plans from `planner.squad.plan_squad`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from planner.render import import_report_lines
from planner.samples import PLANS
from planner.squad.files import LoadedSquad
from planner.squad.model import Appointment, Squad, SquadPlan
from planner.squad.summary import Summary
from planner.squad.workspace import SavedPlan, SquadMeta, SquadWorkspace, restore, squad_fingerprint

_LOADED = "squad_loaded"
_SQUAD = "squad"
_SAVED = "squad_saved_plan"
_META = "squad_meta"
_REV = "squad_rev"
_RUNNER = "squad_selected_runner"
_ERROR = "squad_error"
_SEEN = "squad_seen_uploads"
SAMPLE_SQUADS = {
    "Charity team of 30 (plan files, one physio)": "squads/charity/squad.yaml",
    "Running club of 12 (their calendars, two physios on evenings)": "squads/club/squad.yaml",
    "Six runners at a Monday physio (too few appointments)": "squads/impossible.yaml",
}


def workspace() -> SquadWorkspace:
    return SquadWorkspace.default()


def ensure_loaded() -> None:
    """First squad page of a session: restore the saved squad, its last plan and its record."""
    if st.session_state.get(_LOADED):
        return
    st.session_state[_LOADED] = True
    st.session_state.setdefault(_REV, 0)
    ws = workspace()
    squad, problem = restore(ws)
    if problem is not None:
        st.session_state[_ERROR] = f"The saved squad could not be restored ({problem}); open or build one."
    st.session_state[_SQUAD] = squad
    st.session_state[_META] = ws.load_meta() if squad is not None else SquadMeta()
    st.session_state[_SAVED] = ws.load_plan() if squad is not None else None


def loaded_or_stop() -> Squad:
    """The squad for a page that needs one (the week, a runner, the downloads); without one the
    page says where to get it and stops."""
    ensure_loaded()
    current = squad()
    if current is None:
        st.info("No squad yet: open or build one on the Squad page.")
        st.stop()
    return current


# ---- reading -------------------------------------------------------------------------------------
def squad() -> Squad | None:
    return st.session_state.get(_SQUAD)


def saved() -> SavedPlan | None:
    return st.session_state.get(_SAVED)


def result() -> SquadPlan | None:
    found = saved()
    return found.result if found is not None else None


def summary() -> Summary:
    found = saved()
    return found.summary if found is not None else Summary()


def meta() -> SquadMeta:
    return st.session_state.get(_META) or SquadMeta()


def is_current() -> bool:
    """False when the squad changed after its plan was made (the user should optimize again)."""
    found, current = saved(), squad()
    return found is not None and current is not None and found.fingerprint == squad_fingerprint(current)


def rev() -> int:
    """Bumped whenever the squad is replaced or edited by a button: widgets showing it are rebuilt."""
    return st.session_state.get(_REV, 0)


def key(name: str) -> str:
    return f"{name}-{rev()}"


def previous_appointments() -> dict[str, list[Appointment]]:
    """The last plan's appointments per runner: what a re-plan keeps where it can."""
    found = result()
    if found is None:
        return {}
    return {outcome.name: list(outcome.appointments) for outcome in found.runners if outcome.appointments}


def selected_runner() -> str | None:
    current = squad()
    if current is None:
        return None
    names = [runner.name for runner in current.runners]
    chosen = st.session_state.get(_RUNNER)
    return chosen if chosen in names else (names[0] if names else None)


def select_runner(name: str) -> None:
    st.session_state[_RUNNER] = name


def error() -> str | None:
    return st.session_state.get(_ERROR)


def set_error(text: str | None) -> None:
    if text is None:
        st.session_state.pop(_ERROR, None)
    else:
        st.session_state[_ERROR] = text


def first_time(file_id: str) -> bool:
    """True the first time an uploaded file is seen (Streamlit hands it back on every rerun)."""
    seen = st.session_state.setdefault(_SEEN, set())
    if file_id in seen:
        return False
    seen.add(file_id)
    return True


# ---- changing ------------------------------------------------------------------------------------
def replace(new: Squad, source: str, notes: list[str] | None = None, imports: dict | None = None) -> None:
    """A new squad (a sample, an upload, a build): its plan and export record start afresh."""
    ws = workspace()
    lines = {name: import_report_lines(report) for name, report in (imports or {}).items()}
    record = SquadMeta(source=source, notes=list(notes or []), imports=lines)
    ws.save(new)
    ws.save_meta(record)
    ws.clear_plan()
    st.session_state[_SQUAD] = new
    st.session_state[_META] = record
    st.session_state[_SAVED] = None
    st.session_state[_REV] = rev() + 1
    st.session_state.pop(_RUNNER, None)
    set_error(None)


def replace_loaded(loaded: LoadedSquad) -> None:
    replace(loaded.squad, loaded.source, loaded.notes, loaded.imports)


def commit(edited: Squad, *, notes: list[str] | None = None) -> bool:
    """Save an edited squad (its plan stays, marked out of date until the next optimize)."""
    if edited == squad():
        return False
    workspace().save(edited)
    st.session_state[_SQUAD] = edited
    st.session_state[_REV] = rev() + 1
    if notes:
        record = meta()
        record.notes = [*record.notes, *notes]
        workspace().save_meta(record)
        st.session_state[_META] = record
    return True


def set_plan(new: SavedPlan) -> None:
    workspace().save_plan(new)
    st.session_state[_SAVED] = new


def remember_exports(histories: dict) -> None:
    """Keep what a download said (UIDs, SEQUENCE), so the next one updates the same events."""
    record = meta()
    record.histories = {**record.histories, **histories}
    workspace().save_meta(record)
    st.session_state[_META] = record


def sample_path(label: str) -> Path:
    return PLANS / SAMPLE_SQUADS[label]
