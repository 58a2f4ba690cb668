"""Bounded parsing of plan text: YAML and JSON into plain data, with the line of every field.

A plan is a small tree (at most seven levels: `training.0.workouts.0.title`). Text that is not
one is refused here, in one line naming the file and the line, before anything walks it:
- nesting deeper than `MAX_DEPTH` (Python's recursion would give up first: a RecursionError);
- YAML aliases that expand to more than `MAX_NODES` values (a "billion laughs" alias bomb is a
  few hundred bytes that expand to 10^9 strings) or that contain themselves;
- more than one YAML document;
- duplicate JSON keys (the last one silently wins in Python's json: a plan whose `training`
  appears twice would quietly lose a block) and integers longer than `MAX_INT_DIGITS` digits.

Non-finite numbers (`.inf`, `NaN`, `1e400`) parse to floats here and are refused by the plan
model with the field's name (`planner/plan.py`), so YAML, JSON, the CLI and the app say the same.

The YAML side composes the document once with a depth guard, measures the expanded size of the
node graph (memoised per node, so the measuring itself is linear), then constructs from the same
nodes: one parse. The JSON side uses the C parser; only when something is wrong, or a field
needs its line, does a small tokenizer walk the text for positions (`_json_positions`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from planner.errors import PlannerInputError, shorten

# README "Input limits".
MAX_DEPTH = 32
MAX_NODES = 200_000
MAX_INT_DIGITS = 30

Lines = dict[tuple, int]


# ---- YAML ---------------------------------------------------------------------------------------
class PlanLoader(yaml.SafeLoader):
    """SafeLoader that leaves clock times and dates as text for pydantic to validate, and refuses
    nesting deeper than MAX_DEPTH while composing.

    YAML 1.1 reads `opens: 9:00` as the sexagesimal integer 540 (00:09), and its own timestamp
    constructor fails on 2027-02-30 with no field or line; pydantic names both.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _keeps_text(tag: str, regexp: re.Pattern) -> bool:
    if tag == "tag:yaml.org,2002:timestamp":
        return False
    return not (tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and regexp.match("9:00"))


PlanLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if _keeps_text(tag, regexp)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Refused(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def load_yaml(text: str, source: str) -> tuple[Any, Lines]:
    """The YAML document as plain data and the line of every key path. Raises PlannerInputError."""
    loader = PlanLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_expanded_size(node)
        data = loader.construct_document(node)
    except _Refused as refused:
        raise PlannerInputError(refused.message, source=source, line=refused.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PlannerInputError(
            f"invalid YAML: {shorten(problem, 120)}", source=source, line=mark.line + 1 if mark else None
        ) from None
    finally:
        loader.dispose()
    return data, _yaml_lines(node)


def _check_expanded_size(root: yaml.Node) -> None:
    """Refuse a node graph whose aliases expand past MAX_NODES values or MAX_DEPTH levels, or loop."""
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    # Iterative post-order walk: each node is measured once, however often aliases repeat it.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            kids = list(_children(node))
            size[key] = 1 + sum(size[id(kid)] for kid in kids)
            height[key] = 1 + max((height[id(kid)] for kid in kids), default=0)
            if size[key] > MAX_NODES:
                raise _Refused(
                    f"more than {MAX_NODES:,} values once its aliases are expanded (an alias bomb?)",
                    node.start_mark.line + 1,
                )
            if height[key] > MAX_DEPTH:
                raise _Refused(
                    f"nested more than {MAX_DEPTH} levels deep once its aliases are expanded",
                    node.start_mark.line + 1,
                )
            continue
        if key in size:
            continue
        open_nodes.add(key)
        stack.append((node, True))
        for kid in _children(node):
            if id(kid) in open_nodes:
                raise _Refused("an alias refers to the value that contains it", kid.start_mark.line + 1)
            if id(kid) not in size:
                stack.append((kid, False))


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, yaml.SequenceNode):
        yield from node.value


def _yaml_lines(node: yaml.Node | None, path: tuple = ()) -> Lines:
    """Map every key path in the YAML document to its 1-based line (bounded by the checks above)."""
    lines: Lines = {}
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            lines[child] = key.start_mark.line + 1
            lines.update({k: v for k, v in _yaml_lines(value, child).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_yaml_lines(item, (*path, index)))
    return lines


# ---- JSON ---------------------------------------------------------------------------------------
class _JsonProblem(Exception):
    """Raised from inside json.loads; the tokenizer then finds its line."""


def load_json(text: str, source: str) -> Any:
    """The JSON document as plain data. Raises PlannerInputError naming the line of the problem."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise PlannerInputError(f"invalid JSON: {exc.msg}", source=source, line=exc.lineno) from None
    except (_JsonProblem, RecursionError):
        # The C parser says what, not where: walk the text for the first problem and its line.
        found = _json_positions(text)
        problem = found.problem or ("nested too deeply", None)
        raise PlannerInputError(problem[0], source=source, line=problem[1]) from None
    if _depth(data) > MAX_DEPTH:
        problem = _json_positions(text).problem or (f"nested more than {MAX_DEPTH} levels deep", None)
        raise PlannerInputError(problem[0], source=source, line=problem[1])
    return data


def json_lines(text: str) -> Lines:
    """The line of every key path in valid JSON text (for error messages)."""
    return _json_positions(text).lines


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JsonProblem(key)
        result[key] = value
    return result


def _bounded_int(text: str) -> int:
    # int() of 5,000 digits raises ValueError (Python's int_max_str_digits); no plan needs 30.
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _JsonProblem(text)
    return int(text)


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, (dict, list)):
            level += 1
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((item, level) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)
_LONG_INT = re.compile(rf"-?\d{{{MAX_INT_DIGITS + 1},}}")


@dataclass
class _Frame:
    path: tuple
    is_object: bool
    index: int = 0
    key: str | None = None
    expect_key: bool = True
    keys: set[str] = field(default_factory=set)


@dataclass
class _Positions:
    lines: Lines = field(default_factory=dict)
    problem: tuple[str, int] | None = None


def _json_positions(text: str) -> _Positions:
    """Walk JSON tokens: the line of each key path, and the first duplicate key, over-deep nesting
    or over-long integer. Tolerant of broken text (json.loads reports syntax errors itself)."""
    found = _Positions()
    stack: list[_Frame] = []
    line, last = 1, 0
    for match in _TOKEN.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        token = match.group()
        top = stack[-1] if stack else None
        if top is not None and top.is_object and top.expect_key and token.startswith('"'):
            key = _decoded(token)
            if key in top.keys:
                found.problem = (f"duplicate key '{shorten(key, 60)}' (JSON keeps only the last one)", line)
                return found
            top.keys.add(key)
            top.key, top.expect_key = key, False
            found.lines.setdefault((*top.path, key), line)
            continue
        if token == ",":
            if top is not None:
                top.expect_key = top.is_object
                top.index += 0 if top.is_object else 1
            continue
        if token in (":", "}", "]"):
            if token != ":" and stack:
                stack.pop()
            continue
        path = _value_path(top)
        found.lines.setdefault(path, line)
        if token in ("{", "["):
            stack.append(_Frame(path, token == "{"))
            if len(stack) > MAX_DEPTH:
                found.problem = (f"nested more than {MAX_DEPTH} levels deep", line)
                return found
        elif _LONG_INT.fullmatch(token):
            found.problem = (f"a number of {len(token.lstrip('-'))} digits (at most {MAX_INT_DIGITS})", line)
            return found
    return found


def _value_path(top: _Frame | None) -> tuple:
    if top is None:
        return ()
    return (*top.path, top.key) if top.is_object else (*top.path, top.index)


def _decoded(token: str) -> str:
    try:
        return json.loads(token)
    except ValueError:
        return token.strip('"')
