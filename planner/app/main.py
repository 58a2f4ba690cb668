"""Entry point: `planner ui` or `streamlit run planner/app/main.py`.

Opens the working plan from the workspace (or a bundled sample on first start) and lays out the
pages: one runner's plan, and a squad sharing a clinic. Pages live in `views/`; everything they
compute comes from the `planner` package.
"""

from __future__ import annotations

import streamlit as st

from planner.app import state
from planner.app.sidebar import render_sidebar

st.set_page_config(
    page_title="Planner: dry needling in a training block",
    page_icon=":material/directions_run:",
    layout="wide",
)
state.ensure_loaded()

runner_pages = [
    st.Page("views/plan.py", title="Plan", icon=":material/description:", default=True),
    st.Page("views/training.py", title="Training", icon=":material/directions_run:"),
    st.Page("views/clinic.py", title="Clinic & rules", icon=":material/local_hospital:"),
    st.Page("views/schedule.py", title="Schedule", icon=":material/calendar_month:"),
    st.Page("views/export.py", title="Export", icon=":material/download:"),
]
squad_pages = [
    st.Page("views/squad.py", title="Squad", icon=":material/groups:"),
    st.Page("views/squad_week.py", title="Clinic week", icon=":material/view_week:"),
    st.Page("views/squad_runner.py", title="Squad runner", icon=":material/person:"),
    st.Page("views/squad_export.py", title="Squad downloads", icon=":material/folder_zip:"),
]
page = st.navigation({"One runner": runner_pages, "A squad at one clinic": squad_pages})
# Users see the viewer's menu only: no "Deploy" button, no developer options. `planner ui` passes
# the same setting on the command line; this covers a plain `streamlit run`, where the browser
# learns the setting at the start of a run: so run once more, from the top, with it set, on the
# page the link asked for (a bare st.rerun() here sent the server's first visitor to Plan).
if st.get_option("client.toolbarMode") != "viewer":
    st.set_option("client.toolbarMode", "viewer")
    st.switch_page(page)
state.show_notice()
page.run()
# After the page: the summary then shows what the page just did (an optimize, an upload).
render_sidebar(squad=page in squad_pages)
