#!/usr/bin/env bash
# The README's test command: a fresh venv with the package and its test extras, then the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${PLANNER_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e ".[test]"
"$VENV/bin/ruff" check planner ui tests benchmarks
"$VENV/bin/ruff" format --check planner ui tests benchmarks
"$VENV/bin/python" -m pytest -q "$@"
