"""Squad downloads page: each runner's calendar (.zip), the clinic's roster (.ics and .csv, no health
data), the squad plan (JSON) and the squad file."""

from __future__ import annotations

import streamlit as st

from planner.app import squad_state
from planner.app.squad_downloads import squad_downloads
from planner.app.widgets import export_options


def offer(item, key: str, *, histories: dict | None = None, primary: bool = False) -> None:
    """A download button; a calendar's click keeps its export history (the next one updates it)."""
    if item is None:
        return
    st.download_button(
        f"Download {item.label[0].lower()}{item.label[1:]}",
        item.data,
        file_name=item.file_name,
        mime=item.mime,
        key=key,
        type="primary" if primary else "secondary",
        on_click=squad_state.remember_exports if histories is not None else "rerun",
        args=(histories,) if histories is not None else None,
    )


st.title("Squad downloads")
current = squad_state.loaded_or_stop()
saved = squad_state.saved()
planned = saved is not None and saved.result.status in ("optimal", "feasible")
if not planned:
    st.info("Optimize on the Squad page first: there are no appointments to put in calendars yet.")
elif not squad_state.is_current():
    st.warning("The squad changed since the last optimize: these files hold the last plan.")
options = export_options(
    "squad_export",
    whose=" (runner calendars)",
    health_help="Focus regions, after-care, screening answers and notes stay out of calendars unless you "
    "opt in. The roster never has them.",
)
if options is None:
    st.stop()
files = squad_downloads(current, saved, squad_state.meta(), options)
if planned:
    st.subheader("Calendars")
    offer(files.runners, "squad_download_runners", histories=files.runner_histories, primary=True)
    st.caption(
        "One .ics per runner, each session at its appointment time: send each runner theirs. A later "
        "download updates the same events, and appointments that moved are sent as cancelled."
    )
    offer(files.roster_ics, "squad_download_roster_ics", histories={"": files.roster_history})
    offer(files.roster_csv, "squad_download_roster_csv")
    st.caption(
        "The clinic's roster: every appointment with the runner's name and the session's purpose only."
    )
    st.subheader("The plan")
    offer(files.plan_json, "squad_download_json")
st.subheader("The squad")
offer(files.squad_file, "squad_download_file")
st.caption("Every runner inline, with every edit: open it again here, or run `planner squad` on it.")
