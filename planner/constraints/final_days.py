"""Rule 5 (hard): keep the final days before A/B races free; race week only as opt-in activation.

Source: occasionally used days before a key event, only after a trial well ahead (seed 003).
"""

from __future__ import annotations

import datetime as dt

from planner.constraints.base import (
    COST_PREFERENCE,
    COST_SAFETY,
    AthleteModel,
    ModelContext,
    ModelRule,
    Param,
    days_between,
    rule_change,
    set_rule,
)
from planner.dates import format_day
from planner.plan import Rules
from planner.schedule import PlanChange


class FinalDays(ModelRule):
    number = 5
    name = "final_days"
    title = "Final days before races"
    kind = "hard"
    params = (
        Param(
            "final_blackout_days",
            "Final blackout days before A/B races",
            "No session in this many days before an A or B race, nor on race day.",
            "seeds 000 and 001: soreness lasts 24-48 h; seed 003: only occasionally days before a key event",
        ),
        Param(
            "allow_activation",
            "Allow activation sessions in race week",
            "Allow a race-week session (purpose activation) outside the final blackout.",
            "seed 003: occasionally used days before a key event, only after a trial",
        ),
    )
    source = "seed 003"

    def describe(self, rules: Rules) -> str:
        activation = "allowed as activation" if rules.allow_activation else "not allowed"
        return (
            f"No session in the last {rules.final_blackout_days} days before an A or B race, nor on race day; "
            f"other race-week sessions are {activation}."
        )

    def relaxations(self, rules: Rules) -> list[list[PlanChange]]:
        if rules.allow_activation:
            return []
        return [[rule_change("allow_activation", True, "allow an activation session in race week")]]

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        facts, rules = athlete.facts, athlete.rules
        for race in facts.key_races:
            blackout = [race.date - dt.timedelta(days=k) for k in range(1, rules.final_blackout_days + 1)]
            blackout = [d for d in blackout if d in athlete.session]
            if blackout:
                ctx.hard(
                    self,
                    f"no session in the last {rules.final_blackout_days} days before {race.name} "
                    f"({race.priority} race) on {format_day(race.date)}",
                    [*blackout, race.date],
                    ctx.forbid_days(athlete, blackout),
                    cost=COST_SAFETY,
                    relax=set_rule(
                        "final_blackout_days",
                        max(0, rules.final_blackout_days - 1),
                        "shorten the final blackout by a day",
                    ),
                )
            if race.priority != "A" or rules.allow_activation:
                continue
            week_start, _ = facts.race_week(race)
            week = [
                d for d in days_between(week_start, race.date) if d in athlete.session and d not in blackout
            ]
            if week:
                ctx.hard(
                    self,
                    f"no session in race week of {race.name} ({format_day(week_start)} to "
                    f"{format_day(race.date)}) unless activation sessions are allowed",
                    [week_start, race.date],
                    ctx.forbid_days(athlete, week),
                    cost=COST_PREFERENCE,
                    relax=set_rule("allow_activation", True, "allow an activation session in race week"),
                )
