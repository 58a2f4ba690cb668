#!/usr/bin/env bash
# The README's first command: set up and run the planner on a bundled sample plan.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${PLANNER_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
# Only what `planner optimize` needs: no app extra (streamlit, pandas).
"$VENV/bin/python" -m pip install -q -c constraints.txt -e .
"$VENV/bin/planner" optimize "${1:-sample_plans/half_marathon.yaml}" --json schedule.json --ics schedule.ics
