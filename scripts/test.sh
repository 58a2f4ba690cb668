#!/usr/bin/env bash
# The README's test command: system packages the client/browser tests need, a venv with the
# package and its test extras, lint, then the whole suite. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the real-browser app tests; gir1.2-ical-3.0 + python3-gi: libical parses every export.
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# node + npm: ical.js parses every export (installed below into .node/).
command -v npm >/dev/null || need_apt+=(nodejs npm)
/usr/bin/python3 -c 'import gi; gi.require_version("ICalGLib", "3.0")' >/dev/null 2>&1 || need_apt+=(gir1.2-ical-3.0 python3-gi)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need_apt[@]}"
  else
    echo "scripts/test.sh: please install: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi

VENV="${PLANNER_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
# constraints.txt pins every package to the versions the suite last passed with (regenerate it
# with scripts/freeze.sh); pyproject.toml keeps the floors.
"$VENV/bin/python" -m pip install -q -c constraints.txt -e ".[test,app]"
"$VENV/bin/python" -m pip check
# ical.js (Thunderbird, Nextcloud) parses every export in tests/export: npm, with the machine's node.
if [ ! -f .node/node_modules/ical.js/package.json ]; then
  npm install --no-save --no-audit --no-fund --prefix .node ical.js@2 >/dev/null
fi
"$VENV/bin/ruff" check planner tests benchmarks
"$VENV/bin/ruff" format --check planner tests benchmarks
"$VENV/bin/python" -m pytest -q "$@"
