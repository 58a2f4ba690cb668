"""Export page: the sessions as an .ics calendar, the schedule as JSON, the plan file."""

from __future__ import annotations

import streamlit as st

from planner.app import state
from planner.app.export_files import calendar_download, plan_downloads, schedule_json_download
from planner.app.widgets import export_options
from planner.plan import ExportedSession

st.title("Export")
plan = state.plan()
schedule = state.schedule()


def remember_export(exported: list[ExportedSession]) -> None:
    """Keep what this export said in the plan, so the next one updates events instead of duplicating."""
    state.commit_plan(plan.model_copy(update={"exported": exported}))


st.subheader("Calendar")
if schedule is None or not schedule.found:
    st.info("Optimize on the Schedule page first: there are no sessions to put in a calendar yet.")
else:
    if not state.schedule_is_current():
        st.warning("The plan changed since the last optimize: this calendar shows the last schedule.")
    options = export_options(
        "export",
        health_help="Focus regions, region-specific after-care, screening answers and notes stay out of "
        "the calendar unless you opt in.",
    )
    if options is not None:
        download, result = calendar_download(plan, schedule, options)
        st.download_button(
            "Download calendar (.ics)",
            download.data,
            file_name=download.file_name,
            mime=download.mime,
            key="download_ics",
            type="primary",
            on_click=remember_export,
            args=(result.state,),
        )
        st.caption(
            f"{len(schedule.sessions)} sessions"
            + (", provisional ones as tentative" if any(s.provisional for s in schedule.sessions) else "")
            + ". Import it into Google, Apple or Outlook calendar; importing a later export again "
            "updates the same events instead of adding copies, and sessions that left the plan are "
            "sent as cancelled. For a calendar that updates itself, run `planner serve` on the plan file."
        )
    data = schedule_json_download(plan, schedule)
    st.download_button(
        "Download schedule (JSON)", data.data, file_name=data.file_name, mime=data.mime, key="download_json"
    )

st.subheader("Plan")
st.caption("The working plan with every edit, pin and forbidden day: open it again with `planner optimize`.")
for index, item in enumerate(plan_downloads(plan)):
    st.download_button(
        f"Download {item.label.lower()}",
        item.data,
        file_name=item.file_name,
        mime=item.mime,
        key=f"download_plan_{index}",
    )
