"""The checker must not share rule code with the solver: that is how each checks the other."""

from __future__ import annotations

import subprocess
import sys

SOLVER_SIDE = (
    "planner.facts",
    "planner.constraints",
    "planner.model",
    "planner.solver",
    "planner.explain",
    "planner.reasons",
)


def test_importing_the_checker_loads_nothing_from_the_solver_side():
    code = (
        "import sys, planner.checker, planner.cli.check; "
        "print('\\n'.join(name for name in sys.modules if name.startswith('planner')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "planner.checker" in loaded
    assert not [name for name in loaded if name.startswith(SOLVER_SIDE)]
