"""Rule 6 (hard when the taper is longer than race week): a maintenance session in the taper.

Per block (DOMAIN.md "Seasons"): each A race's taper, with its block's `taper_maintenance`.

Source: maintenance during heavy blocks, deload weeks and the pre-race taper (seed 003).
"""

from __future__ import annotations

from planner.constraints.base import (
    COST_PREFERENCE,
    AthleteModel,
    ModelContext,
    ModelRule,
    Param,
    rule_change,
    set_block_rule,
)
from planner.dates import format_day
from planner.plan import Rules
from planner.schedule import PlanChange

SKIP_TAPER_SESSION = ("taper_maintenance", False, "skip the taper maintenance session")


class TaperMaintenance(ModelRule):
    number = 6
    name = "taper_maintenance"
    title = "Taper maintenance"
    kind = "hard"
    params = (
        Param(
            "taper_maintenance",
            "Taper maintenance session",
            "Require a session between the start of the taper and 7 days before the A race.",
            "seed 003: maintenance during heavy blocks, deload weeks and the pre-race taper",
        ),
    )
    source = "seed 003"

    def is_hard(self, rules: Rules) -> bool:
        return rules.taper_maintenance

    def describe(self, rules: Rules) -> str:
        if not rules.taper_maintenance:
            return "Off: no session is required in the taper."
        return "At least one session from the start of the taper to 7 days before each A race."

    def relaxations(self, rules: Rules) -> list[list[PlanChange]]:
        return [[rule_change(*SKIP_TAPER_SESSION)]]

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        facts = athlete.facts
        for block in facts.blocks:
            race = block.a_race
            if race is None or not block.rules.taper_maintenance:
                continue
            window = facts.taper_maintenance_window(race)
            if window is None:
                continue
            first, last = window
            days = athlete.sessions_between(first, last)
            constraint = ctx.model.add(sum(days) >= 1) if days else ctx.model.add_bool_or([])
            ctx.hard(
                self,
                f"one session in the taper of {race.name}, between {format_day(first)} and {format_day(last)}",
                [first, last],
                [constraint],
                cost=COST_PREFERENCE,
                relax=set_block_rule(facts, block, *SKIP_TAPER_SESSION),
                block=block,
            )
