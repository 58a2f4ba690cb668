"""Adding a rule is one class and one registry line: a toy rule, registered here through the
registry's public hook, shows up in `planner rules`, in the app's rule help and in the explainer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from planner.cli import main
from planner.cli.ui import APP_PATH
from planner.constraints import REGISTRY
from planner.constraints.base import (
    COST_PREFERENCE,
    AthleteModel,
    ModelContext,
    ModelRule,
    Param,
    rule_change,
    set_rule,
)
from planner.plan import Rules
from planner.schedule import PlanChange
from planner.solver import optimize
from tests.core.conftest import make_plan


class NoFridays(ModelRule):
    """Toy rule 15: no session on a Friday while any clear day before hard days is asked for."""

    number = 15
    name = "toy_no_fridays"
    title = "Toy: no Fridays"
    kind = "hard"
    params = (
        Param(
            "clear_days_before_hard",
            "Clear days before a hard day",
            "Toy rule 15 reads this too: with 0 clear days, Fridays are allowed again.",
            "tests/layout/test_new_rule.py",
        ),
    )
    source = "a test"

    def describe(self, rules: Rules) -> str:
        return "No session on a Friday (a toy rule registered by a test)."

    def relaxations(self, rules: Rules) -> list[list[PlanChange]]:
        return [[rule_change("clear_days_before_hard", 0, "toy: allow Fridays again")]]

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        fridays = [day for day in athlete.session if day.weekday() == 4]
        if athlete.rules.clear_days_before_hard and fridays:
            ctx.hard(
                self,
                "toy: no session on a Friday",
                [],
                ctx.forbid_days(athlete, fridays),
                cost=COST_PREFERENCE,
                relax=set_rule("clear_days_before_hard", 0, "toy: drop the Friday rule"),
            )


@pytest.fixture
def toy_rule() -> Iterator[NoFridays]:
    rule = NoFridays()
    REGISTRY.register(rule)
    try:
        yield rule
    finally:
        REGISTRY.unregister(rule)


def fridays_only_plan():
    # Sunday long run, every other day easy: Friday is a fine day for every DOMAIN rule.
    return make_plan("E Q E E E E L", weeks=8, clinic={"open_weekdays": ["fri"]})


def test_without_the_toy_rule_fridays_work():
    assert optimize(fridays_only_plan()).found


def test_the_toy_rule_is_listed_by_planner_rules(toy_rule, capsys):
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == (
        "15. Toy: no Fridays (hard): No session on a Friday (a toy rule registered by a test).  [source: a test]"
    )


def test_the_toy_rule_is_named_in_the_conflicts_and_offers_its_relaxation(toy_rule):
    schedule = optimize(fridays_only_plan())
    assert schedule.status == "infeasible"
    assert [(c.rule, c.rule_number, c.text) for c in schedule.conflicts if c.rule_number == 15] == [
        ("toy_no_fridays", 15, "toy: no session on a Friday")
    ]
    offered = [schedule.suggestion, *schedule.alternatives]
    assert all(relaxation is not None and relaxation.confirmed for relaxation in offered)
    changes = [change for relaxation in offered for change in relaxation.changes]
    assert "toy: drop the Friday rule" in changes  # the instance's own relaxation (the repair)
    assert "toy: allow Fridays again" in changes  # the rule's relaxations(), tried besides it


def test_the_app_shows_the_toy_rule_in_its_rule_help(toy_rule, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_WORKSPACE", str(tmp_path / "workspace"))
    app = AppTest.from_file(str(APP_PATH), default_timeout=30)
    app.run()
    app.switch_page("views/clinic.py").run()
    assert not app.exception, [e.value for e in app.exception]
    clear_days = next(w for w in app.number_input if w.label.endswith("(clear_days_before_hard)"))
    assert "Rule 15 (Toy: no Fridays): Toy rule 15 reads this too" in clear_days.help
    assert "Rule 1 (Away from hard days)" in clear_days.help
    assert any("Toy: no Fridays" in m.value for m in app.markdown)
