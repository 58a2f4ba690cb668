"""Entry point: `planner ui` or `streamlit run ui/app.py`.

Opens the working plan from the workspace (or a bundled sample on first start) and lays out the
pages. Pages live in `ui/views/`; everything they compute comes from the `planner` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run ui/app.py` puts only ui/ on the path; the pages import `ui.*` from the repo root.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

from ui import state  # noqa: E402
from ui.sidebar import render_sidebar  # noqa: E402

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
