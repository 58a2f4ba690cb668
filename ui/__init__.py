"""The Streamlit app. Layout only: every decision comes from the `planner` library."""
