"""Rule 6 (hard when the taper is longer than race week): a maintenance session in the taper.

Source: maintenance during heavy blocks, deload weeks and the pre-race taper (seed 003).
"""

from __future__ import annotations

from planner.constraints.base import COST_PREFERENCE, ModelContext, Rule, set_rule
from planner.facts import format_day
from planner.plan import Rules


class TaperMaintenance(Rule):
    number = 6
    name = "taper_maintenance"
    title = "Taper maintenance"
    kind = "hard"
    params = ("taper_maintenance",)
    source = "seed 003"

    def is_hard(self, rules: Rules) -> bool:
        return rules.taper_maintenance

    def describe(self, rules: Rules) -> str:
        if not rules.taper_maintenance:
            return "Off: no session is required in the taper."
        return "At least one session from the start of the taper to 7 days before each A race."

    def add(self, ctx: ModelContext) -> None:
        for athlete in ctx.athletes:
            if not athlete.rules.taper_maintenance:
                continue
            facts = athlete.facts
            for race in facts.a_races:
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
                    relax=set_rule("taper_maintenance", False, "skip the taper maintenance session"),
                )
