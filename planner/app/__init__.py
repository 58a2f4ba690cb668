"""The planning app (Streamlit): `planner ui`, or `streamlit run planner/app/main.py`.

Layout only: every answer comes from the library (`planner.solver`, `planner.checker`,
`planner.edits`, `planner.render`, the rule registry). `main.py` is the entry script, the pages
are `views/*.py`, and the helpers here draw (calendar, timeline) or keep the session (`state.py`).
"""
