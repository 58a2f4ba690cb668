"""The shape of the package (issue 7's "Done when"): no import circle, small files and functions,
rule names only in their rule modules, and a quick start that loads no solver."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from planner.checker.calendar import RULE_NAMES
from planner.constraints import REGISTRY
from planner.constraints.away_from_hard import AwayFromHardDays
from planner.constraints.soreness import SorenessComfort
from planner.constraints.trial import TrialBeforeRaceWeek
from planner.constraints.volume import Volume
from planner.plan import Plan

PACKAGE = Path(__file__).resolve().parents[2] / "planner"
MAX_FILE_LINES = 450
MAX_FUNCTION_LINES = 80
# Python files that are data tables may be longer. The importers' words are YAML now
# (planner/importers/vocabulary/), so none is left.
DATA_TABLES: set[str] = set()


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module in planner/."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every planner module `name` imports, at the top or inside a function (lazy imports count)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            # `from planner import edits` imports the module planner.edits.
            targets.update(
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names
            )
    return {target for target in targets if target in known and target != name}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_import_graph_of_planner_has_no_circle():
    found = modules()
    graph = {name: imports_of(name, path, set(found)) for name, path in found.items()}
    assert graph["planner.solver"] >= {"planner.model", "planner.explain"}
    assert "planner.solver" not in graph["planner.explain"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_a_circle_would_be_found():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_file_over_450_lines_and_no_function_over_80_lines():
    too_long, long_functions = [], []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        text = path.read_text(encoding="utf-8")
        if relative not in DATA_TABLES and len(text.splitlines()) > MAX_FILE_LINES:
            too_long.append(f"{relative}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{relative}:{node.lineno} {node.name}: {length} lines")
    assert not too_long and not long_functions, too_long + long_functions
    assert all((PACKAGE / table).exists() for table in DATA_TABLES)


def plan_vocabulary() -> set[str]:
    """Words the plan file itself uses (field names, enum values): some rules share a name with them."""
    words: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            words.update(key for key in node.get("properties", {}))
            words.update(value for value in node.get("enum", []) if isinstance(value, str))
            if "const" in node and isinstance(node["const"], str):
                words.add(node["const"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(Plan.model_json_schema())
    return words


def test_a_rule_name_is_written_only_in_its_own_rule_module():
    rules = [*REGISTRY.listed(), *REGISTRY.always]
    # "clinic", "budget", "pinned", "screening", "spacing", "post_race", "taper_maintenance" are
    # also plan fields or purposes, and "reassess" names the calendar's reassessment event, so
    # those words appear for other reasons; every other rule name must not.
    distinctive = {rule.name: rule for rule in rules if rule.name not in plan_vocabulary() | {"reassess"}}
    assert {AwayFromHardDays.name, SorenessComfort.name, TrialBeforeRaceWeek.name, Volume.name} <= set(
        distinctive
    )
    checker_table = PACKAGE / "checker" / "calendar.py"
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and node.value in distinctive):
                continue
            owner = Path(sys.modules[type(distinctive[node.value]).__module__].__file__)
            if path not in (owner, checker_table):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value!r}")
    assert not offenders, offenders


def test_the_checker_restates_the_registry_names_exactly():
    # The independent checker may not import the rules (test_independence.py), so it restates
    # their names; this keeps the two in step.
    by_number = {rule.number: rule.name for rule in REGISTRY.listed()}
    assert {number: by_number[number] for number in RULE_NAMES} == RULE_NAMES


def test_help_and_schema_load_no_solver_and_no_pandas():
    code = (
        "import contextlib, io, sys\n"
        "from planner.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "    main(['schema'])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "planner.cli" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("ortools", "pandas", "streamlit")}
