"""Input limits on a plan's values (README "Input limits"): finite, bounded numbers; dates in
1900-2200; one-line names; a block of at most three years that names the fields that made it long.
Every refusal is one line under 300 characters naming the file, the line and the field."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from planner.dates import parse_date
from planner.errors import MAX_MESSAGE, PlannerInputError, shorten, shown
from planner.io import load_plan_bytes
from planner.limits import MAX_BUDGET, MAX_NAME, MAX_PRICE, MAX_WEIGHT
from planner.model import build
from planner.plan import Plan, Weights
from planner.samples import PLANS
from planner.samples.generator import generate_plan

BASE = yaml.safe_load((PLANS / "10k.yaml").read_text(encoding="utf-8"))


def with_value(path: str, value: object, fmt: str = "json") -> bytes:
    data = json.loads(json.dumps(BASE, default=str))
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target = data
    for part in parents:
        target = target.setdefault(part, {}) if isinstance(part, str) else target[part]
    target[last] = value
    if fmt == "json":
        return json.dumps(data, indent=1).encode()
    return yaml.safe_dump(data, sort_keys=False).encode()


def refused(data: bytes, name: str = "plan.json") -> str:
    with pytest.raises(PlannerInputError) as caught:
        load_plan_bytes(data, name)
    message = str(caught.value)
    assert "\n" not in message and len(message) <= MAX_MESSAGE
    return message


@pytest.mark.parametrize("raw", ["Infinity", "-Infinity", "NaN", '"1e400"', "1e400", "-1e400"])
@pytest.mark.parametrize(
    "path", ["budget", "clinic.price", "rules.weights.spacing", "training.0.workouts.0.distance_km"]
)
def test_numbers_must_be_finite(path, raw):
    text = json.dumps(json.loads(with_value(path, "@")), indent=1).replace('"@"', raw)
    message = refused(text.encode())
    assert f"field '{path}'" in message and message.startswith("plan.json:")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("rules.weights.after_long_run", 2**62),
        ("rules.weights.change", MAX_WEIGHT + 1),
        ("clinic.price", MAX_PRICE + 1),
        ("budget", MAX_BUDGET * 10),
        ("clinic.capacity", 2**62),
    ],
)
def test_numbers_past_their_limit_are_refused_with_the_field(path, value):
    assert f"field '{path}'" in refused(with_value(path, value))


def test_the_largest_weights_build_a_valid_model():
    # The bound on weights exists for CP-SAT's 64-bit objective: at the limit it must still validate.
    plan = generate_plan(156, "marathon", seed=1)
    data = plan.model_dump()
    data["rules"]["weights"] = dict.fromkeys(Weights.model_fields, MAX_WEIGHT)
    data["rules"].update(max_sessions=100, target_sessions=100)
    built = build(
        Plan.model_validate(data), previous=[plan.first_day + dt.timedelta(days=3 * i) for i in range(300)]
    )
    assert built.model.validate() == ""


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
@pytest.mark.parametrize(
    "path",
    ["training.0.date", "races.0.date", "athlete.unavailable", "clinic.closed_dates", "start", "forbidden"],
)
def test_dates_outside_1900_2200_are_refused(path, day):
    value = [day] if path in ("athlete.unavailable", "clinic.closed_dates", "forbidden") else day
    message = refused(with_value(path, value, "yaml"), "plan.yaml")
    assert "is outside the years 1900-2200" in message and message.startswith("plan.yaml:")


def test_date_options_have_the_same_limit():
    with pytest.raises(PlannerInputError, match=r"^--race: 9999-12-31 is outside the years 1900-2200$"):
        parse_date("9999-12-31", "--race")
    assert parse_date("2200-12-31", "--race") == dt.date(2200, 12, 31)


def test_a_block_longer_than_three_years_names_the_fields_at_both_ends():
    message = refused(with_value("end", "2037-02-15", "yaml"), "plan.yaml")
    assert "the block would run" in message and "(end)" in message and "training.0.date" in message


@pytest.mark.parametrize(
    "path", ["name", "athlete.name", "clinic.name", "clinic.address", "clinic.currency", "races.0.name"]
)
@pytest.mark.parametrize(
    "text", ["Sam\r\nBEGIN:VEVENT", "Sam\nX-INJECTED:1", "Sam\rRunner", "Sam\x00", "Sam\u2028"]
)
def test_names_are_one_line(path, text):
    message = refused(with_value(path, text))
    assert f"field '{path}'" in message and ("line break" in message or "control character" in message)


def test_a_lone_surrogate_is_refused_and_the_message_still_prints():
    message = refused(b'{"name": "Sam \\ud800 Runner"}')
    assert "lone surrogate" in message
    message.encode("utf-8")  # printable as it is


def test_descriptions_keep_line_breaks_as_lf_only():
    data = with_value("training.0.workouts.0.description", "Warm up\r\n6x800m\rCool down")
    plan = load_plan_bytes(data, "plan.json")
    assert plan.training[0].workouts[0].description == "Warm up\n6x800m\nCool down"


def test_long_names_are_refused_and_long_values_are_shortened_in_the_message():
    message = refused(with_value("athlete.name", "x" * (MAX_NAME + 1)))
    assert f"at most {MAX_NAME}" in message
    message = refused(with_value("training.0.workouts.0.kind", "k" * 1_000_000, "yaml"), "plan.yaml")
    assert message.startswith("plan.yaml:") and "kkk..." in message
    message = refused(with_value("athlete.timezone", "x" * 1_000_000))
    assert "unknown timezone" in message


def test_shorten_and_shown():
    assert shorten("a\r\nb") == "a\\x0d\\x0ab"
    assert shorten("x" * 100, 10) == "xxxxxxx..."
    assert shown(10**5000).startswith("an integer of about 500")
    text = str(PlannerInputError("y" * 10_000, source="plan.yaml", line=3))
    assert len(text) <= MAX_MESSAGE and text.startswith("plan.yaml:3: yyy") and text.endswith("...")
