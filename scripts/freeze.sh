#!/usr/bin/env bash
# Rewrite constraints.txt from the test venv: every package the project installs, at the versions
# installed now (run after a green `bash scripts/test.sh` with newer versions).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${PLANNER_VENV:-.venv}"
{
  echo "# Versions the whole suite passed with; scripts/test.sh and scripts/demo.sh install with -c."
  echo "# Regenerate with scripts/freeze.sh. Floors (oldest versions that work) are in pyproject.toml."
  "$VENV/bin/python" -m pip freeze --all --exclude-editable | grep -v '^pip=='
} > constraints.txt
