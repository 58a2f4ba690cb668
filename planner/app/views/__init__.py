"""The app's pages: each is a script Streamlit runs (see `planner/app/main.py`)."""
