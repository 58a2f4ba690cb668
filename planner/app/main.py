"""Entry point: `planner ui` or `streamlit run planner/app/main.py`.

Opens the working plan from the workspace (or a bundled sample on first start) and lays out the
pages. Pages live in `views/`; everything they compute comes from the `planner` package.
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

pages = [
    st.Page("views/plan.py", title="Plan", icon=":material/description:", default=True),
    st.Page("views/training.py", title="Training", icon=":material/directions_run:"),
    st.Page("views/clinic.py", title="Clinic & rules", icon=":material/local_hospital:"),
    st.Page("views/schedule.py", title="Schedule", icon=":material/calendar_month:"),
    st.Page("views/export.py", title="Export", icon=":material/download:"),
]
page = st.navigation(pages)
state.show_notice()
page.run()
# After the page: the summary then shows what the page just did (an optimize, an upload).
render_sidebar()
