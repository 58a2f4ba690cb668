"""The app's session: the working plan, its last schedule and the workspace that keeps both.

Every page reads the plan from here and hands every change back through `commit_plan`, which saves
it to the workspace at once (nothing is lost when the browser tab or the server goes away).
Nothing here decides a rule: the plan goes to `planner.solver` and `planner.checker`, edits come
from `planner.edits`, and their answers are shown as they are.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import streamlit as st

from planner.errors import PlannerInputError, shorten
from planner.export.identity import with_plan_id
from planner.importers.report import ImportReport
from planner.io import load_plan, load_plan_bytes_with_report, load_plan_with_report
from planner.plan import Plan
from planner.samples import PLANS
from planner.sanity import model_refusal
from planner.schedule import Schedule
from planner.workspace import Workspace, plan_fingerprint

DEFAULT_SAMPLE = "half_marathon.yaml"
# The same limit as the launcher's --server.maxUploadSize, checked again here because a plain
# `streamlit run planner/app/main.py` starts with Streamlit's 200 MB default.
MAX_UPLOAD_MB = 5
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
UPLOAD_TYPES = ["yaml", "yml", "json", "ics", "csv"]

_PLAN = "plan"
_SOURCE = "plan_source"
_REV = "plan_rev"
_SCHEDULE = "schedule"
_SCHEDULE_FOR = "schedule_fingerprint"
_PREVIOUS = "previous_dates"
_NOTICE = "notice"
_UPLOAD_ERROR = "upload_error"
_SEEN_UPLOADS = "seen_uploads"
_IMPORT_REPORT = "import_report"


def workspace() -> Workspace:
    return Workspace.default()


def sample_files() -> list[Path]:
    """Bundled plans and calendars, the default sample first."""
    if not PLANS.is_dir():
        return []
    files = sorted(p for p in PLANS.iterdir() if p.suffix.lower() in {f".{t}" for t in UPLOAD_TYPES})
    return sorted(
        files, key=lambda p: (p.name != DEFAULT_SAMPLE, p.suffix.lower() not in (".yaml", ".yml"), p.name)
    )


def ensure_loaded() -> None:
    """First run of a session: restore the workspace, else open the default sample."""
    if _PLAN in st.session_state:
        return
    st.session_state[_REV] = 0
    ws = workspace()
    try:
        saved = ws.load()
    except PlannerInputError as error:
        saved = None
        st.session_state[_NOTICE] = (
            "error",
            f"The saved plan could not be restored ({error}); opened a sample.",
        )
    if saved is not None:
        if saved.id is None:
            # A workspace from before plan ids: give it one now and keep it.
            saved = with_plan_id(saved)
            ws.save(saved)
        st.session_state[_PLAN] = saved
        st.session_state[_SOURCE] = ws.source() or str(ws.plan_path)
        restored = ws.load_schedule()
        if restored is not None:
            st.session_state[_SCHEDULE], st.session_state[_SCHEDULE_FOR] = restored
        return
    for sample in sample_files():
        if sample.suffix.lower() in (".yaml", ".yml"):
            try:
                _set_plan(load_plan(sample), f"sample_plans/{sample.name}")
                return
            except PlannerInputError:
                continue
    _set_plan(Plan(), "new plan")


# ---- reading -------------------------------------------------------------------------------------
def plan() -> Plan:
    return st.session_state[_PLAN]


def source() -> str:
    return st.session_state.get(_SOURCE, "")


def rev() -> int:
    """Bumped whenever the plan is replaced from outside the widgets, so widgets show the new values."""
    return st.session_state.get(_REV, 0)


def key(name: str) -> str:
    """A widget key tied to the plan revision."""
    return f"{name}-{rev()}"


def schedule() -> Schedule | None:
    return st.session_state.get(_SCHEDULE)


def schedule_is_current() -> bool:
    """False when the plan changed after the schedule was made (the user should re-optimize)."""
    return schedule() is not None and st.session_state.get(_SCHEDULE_FOR) == plan_fingerprint(plan())


def previous_dates() -> list[dt.date]:
    """Session dates before the last optimize, for the 'what changed' summary."""
    return st.session_state.get(_PREVIOUS, [])


# ---- changing --------------------------------------------------------------------------------
def _set_plan(new_plan: Plan, source: str) -> None:
    """Replace the whole plan (sample, upload, restart): widgets are rebuilt, the old schedule dropped.

    A plan without an id gets one here, once, and the workspace saves it: the calendar exports'
    UIDs come from it, so renaming the plan or the runner later keeps the events.
    """
    new_plan = with_plan_id(new_plan)
    st.session_state[_PLAN] = new_plan
    st.session_state[_SOURCE] = source
    st.session_state[_REV] = rev() + 1
    st.session_state.pop(_SCHEDULE, None)
    st.session_state.pop(_SCHEDULE_FOR, None)
    st.session_state[_PREVIOUS] = []
    st.session_state.pop(_IMPORT_REPORT, None)
    ws = workspace()
    ws.save(new_plan, source=source)
    ws.clear_schedule()


def commit_plan(new_plan: Plan, *, rebuild_widgets: bool = False) -> bool:
    """Save an edited plan. Returns True when something changed.

    `rebuild_widgets` is for changes made by buttons (pin, apply suggestion) rather than by the
    widget that shows the value, so the other widgets pick the new value up.
    """
    if new_plan == plan():
        return False
    st.session_state[_PLAN] = new_plan
    if rebuild_widgets:
        st.session_state[_REV] = rev() + 1
    workspace().save(new_plan)
    return True


def open_sample(path: Path) -> bool:
    try:
        loaded, report = load_plan_with_report(path)
    except PlannerInputError as error:
        st.session_state[_UPLOAD_ERROR] = str(error)
        return False
    _set_plan(loaded, f"sample_plans/{path.name}")
    st.session_state[_IMPORT_REPORT] = report
    st.session_state.pop(_UPLOAD_ERROR, None)
    notify("success", f"Opened sample_plans/{path.name}.")
    return True


def open_upload(name: str, data: bytes, file_id: str, **import_options: Any) -> bool:
    """Read an uploaded file once; a bad file leaves the current plan untouched."""
    seen = st.session_state.setdefault(_SEEN_UPLOADS, set())
    if file_id in seen:
        return False
    seen.add(file_id)
    if len(data) > MAX_UPLOAD_BYTES:
        st.session_state[_UPLOAD_ERROR] = (
            f"{name}: file is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_MB} MB. "
            "The current plan is unchanged."
        )
        return False
    options = {k: v for k, v in import_options.items() if v is not None}
    calendar = Path(name).suffix.lower() in (".ics", ".ical", ".csv")
    try:
        loaded, report = load_plan_bytes_with_report(data, name, **(options if calendar else {}))
        # What the model would refuse (no training, a pin outside the block) is refused here, so
        # the workspace only ever holds a plan the Schedule page can optimize.
        refusal = model_refusal(loaded)
        if refusal:
            raise PlannerInputError(refusal, source=name)
    except PlannerInputError as error:
        st.session_state[_UPLOAD_ERROR] = f"{error} The current plan is unchanged."
        return False
    except Exception as error:  # one message for any file: the plan stays as it was
        st.session_state[_UPLOAD_ERROR] = (
            f"{shorten(name, 80)}: could not be read ({type(error).__name__}: {shorten(str(error), 120)}); "
            "this is a bug in planner. The current plan is unchanged."
        )
        return False
    _set_plan(loaded, name)
    st.session_state[_IMPORT_REPORT] = report
    st.session_state.pop(_UPLOAD_ERROR, None)
    opened = f"Opened {name}: {len(loaded.training)} training days, {len(loaded.races)} races."
    if report is not None and report.unknown:
        opened += f" {len(report.unknown)} events of unknown effort are treated as possibly hard: see below."
    notify("success", opened)
    return True


def import_report() -> ImportReport | None:
    """How the last opened calendar (upload or sample) was read; None after a plan file."""
    return st.session_state.get(_IMPORT_REPORT)


def upload_error() -> str | None:
    return st.session_state.get(_UPLOAD_ERROR)


def set_schedule(new_schedule: Schedule) -> None:
    """Keep the solver's answer (and the dates it replaced, to say what moved)."""
    old = schedule()
    st.session_state[_PREVIOUS] = old.dates if old is not None else []
    st.session_state[_SCHEDULE] = new_schedule
    st.session_state[_SCHEDULE_FOR] = plan_fingerprint(plan())
    workspace().save_schedule(new_schedule, plan())


def notify(kind: str, text: str) -> None:
    """A message shown once on the next page render (survives st.rerun)."""
    st.session_state[_NOTICE] = (kind, text)


def show_notice() -> None:
    notice = st.session_state.pop(_NOTICE, None)
    if notice is None:
        return
    kind, text = notice
    {"success": st.success, "error": st.error, "warning": st.warning}.get(kind, st.info)(text)
