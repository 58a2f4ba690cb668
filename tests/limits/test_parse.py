"""Bounded parsing (issue 13, item 1): hostile YAML and JSON are refused in one line naming the file
and the line, quickly and in little memory, before anything walks them."""

from __future__ import annotations

import json
import resource
import time

import pytest
import yaml

from planner.errors import PlannerInputError
from planner.io import load_plan_bytes
from planner.parse import MAX_DEPTH, MAX_INT_DIGITS, MAX_NODES, json_lines, load_json
from planner.samples import PLANS

SAMPLE = (PLANS / "10k.yaml").read_text(encoding="utf-8")


def laughs(levels: int, width: int) -> str:
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join(f'*a{level - 1}' for _ in range(width))}]")
    return "\n".join(lines) + "\n"


def refusal(data: bytes | str, name: str = "plan.yaml") -> str:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    with pytest.raises(PlannerInputError) as caught:
        load_plan_bytes(raw, name)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300
    assert message.startswith(name)
    return message


def test_a_billion_laughs_is_one_line_fast_and_small():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    message = refusal(laughs(10, 10))
    assert time.perf_counter() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # kB: under 100 MB
    assert f"more than {MAX_NODES:,} values" in message and "alias" in message


def test_an_alias_bomb_inside_a_field_names_its_line():
    message = refusal("name: Bomb\n" + laughs(9, 10) + "training: *a8\n")
    assert message.startswith("plan.yaml:")


def test_aliases_a_plan_really_uses_still_work():
    text = """
name: Aliased
training:
  - date: 2027-03-02
    workouts: [&tempo {kind: quality, title: Tempo 5 km}]
  - date: 2027-03-09
    workouts: [*tempo]
  - date: 2027-03-13
    workouts: [{kind: long_run, title: Long run}]
"""
    plan = load_plan_bytes(text.encode(), "plan.yaml")
    assert [day.workouts[0].title for day in plan.training][:2] == ["Tempo 5 km", "Tempo 5 km"]


@pytest.mark.parametrize(
    "text", ["athlete: &me\n  name: Loop\n  self: *me\n", "training: &t [*t]\n"], ids=["mapping", "list"]
)
def test_a_recursive_alias_is_refused(text):
    assert "refers to the value that contains it" in refusal(text)


@pytest.mark.parametrize(
    "text",
    [
        "training: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "".join(f"{' ' * i}k{i}:\n" for i in range(3000)),
        "athlete: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
    ],
    ids=["flow-list", "block-mapping", "flow-mapping"],
)
def test_deep_yaml_is_refused_with_its_line(text):
    assert f"nested more than {MAX_DEPTH} levels deep" in refusal(text)


def test_yaml_with_several_documents_is_refused():
    assert "invalid YAML" in refusal("---\nname: a\n" * 20_000)


def test_python_tags_are_never_constructed():
    assert "invalid YAML" in refusal("name: !!python/object/apply:os.system ['echo pwned']\n")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('{\n  "name": "a",\n  "budget": 10,\n  "budget": 50\n}', 4, "duplicate key 'budget'"),
        ('{\n  "athlete": {"name": "Sam",\n   "name": "Alex"}\n}', 3, "duplicate key 'name'"),
        ('{\n  "budget":\n   ' + "9" * 5000 + "\n}", 3, "a number of 5000 digits"),
        ('{\n "training": ' + "[" * 2000 + "]" * 2000 + "}", 2, "nested more than"),
        ('{\n "athlete": ' + '{"a": ' * 100 + "1" + "}" * 100 + "}", 2, "nested more than"),
    ],
    ids=["duplicate", "nested-duplicate", "long-integer", "deep-array", "deep-object"],
)
def test_json_problems_name_their_line(text, line, words):
    message = refusal(text, "plan.json")
    assert message.startswith(f"plan.json:{line}: ") and words in message


def test_a_bad_escape_names_its_line():
    message = refusal('{\n  "name": "Sam \\q Runner"\n}', "plan.json")
    assert message.startswith("plan.json:2: invalid JSON")


def test_json_validation_errors_name_the_line_of_the_field():
    plan = json.loads(json.dumps(yaml.safe_load(SAMPLE), default=str))
    plan["clinic"]["price"] = "lots"
    text = json.dumps(plan, indent=2)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"price"' in row)
    assert refusal(text, "plan.json").startswith(f"plan.json:{line}: field 'clinic.price'")


def test_json_lines_map_every_key_path():
    lines = json_lines('{\n "a": [\n  {"b": 1},\n  {"b": 2}\n ],\n "c": "x"\n}')
    assert lines[("a",)] == 2 and lines[("a", 1, "b")] == 4 and lines[("c",)] == 6


def test_small_json_numbers_and_constants_parse():
    data = load_json('{"a": 12345678901234567890, "b": NaN, "c": 1e400}', "p.json")
    assert data["a"] == 12345678901234567890 and data["b"] != data["b"] and data["c"] == float("inf")
    assert load_json('{"a": ' + "9" * MAX_INT_DIGITS + "}", "p.json")["a"] == 10**MAX_INT_DIGITS - 1
