"""Rule 2 (soft, optionally hard): keep hard days out of the soreness window after a session.

Source: soreness 24-48 h (seed 000); calves "for a few days" (seed 001), so lower-leg focus
uses the longer window.
"""

from __future__ import annotations

import datetime as dt

from planner.constraints.base import (
    COST_PREFERENCE,
    AthleteModel,
    ModelContext,
    ModelRule,
    Param,
    rule_change,
    set_rule,
)
from planner.dates import format_day
from planner.plan import Rules
from planner.schedule import PlanChange


class SorenessComfort(ModelRule):
    number = 2
    name = "soreness_comfort"
    title = "Soreness comfort"
    kind = "soft"
    params = (
        Param(
            "comfort_days_before_hard",
            "Soreness comfort days",
            "Penalise a hard day within this many days after a session (soft rule).",
            "seeds 000 and 001: soreness lasts 24-48 h",
        ),
        Param(
            "comfort_days_before_hard_lower_leg",
            "Soreness comfort days, lower-leg focus",
            "The same window when the focus is calf, achilles, foot or shin.",
            "seeds 000 and 001: calves can stay sore 'for a few days'",
        ),
        Param(
            "comfort_is_hard",
            "Make soreness comfort a hard rule",
            "Forbid (instead of penalise) a hard day inside the soreness window.",
            "DOMAIN.md: 'a plan can make this hard'",
        ),
        Param(
            "weights.comfort",
            "Soreness comfort",
            "Penalty per hard day inside the soreness window.",
            "planner weight",
        ),
    )
    source = "seeds 000, 001"

    def is_hard(self, rules: Rules) -> bool:
        return rules.comfort_is_hard

    def describe(self, rules: Rules) -> str:
        mode = "never" if rules.comfort_is_hard else "avoid"
        return (
            f"{mode.capitalize()} a hard day within {rules.comfort_days_before_hard} days after a session "
            f"({rules.comfort_days_before_hard_lower_leg} for a lower-leg focus)."
        )

    def relaxations(self, rules: Rules) -> list[list[PlanChange]]:
        return [
            [rule_change("comfort_is_hard", False, "make the soreness window a preference instead of a rule")]
        ]

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        facts = athlete.facts
        window = facts.comfort_days
        why = "calf/lower-leg soreness can last" if facts.lower_leg_focus else "soreness can last"
        for day in facts.avoided_days:
            before = [day.date - dt.timedelta(days=k) for k in range(1, window + 1)]
            before = [d for d in before if d in athlete.session]
            if not before:
                continue
            if athlete.rules.comfort_is_hard:
                ctx.hard(
                    self,
                    f"no session within {window} days before the {day.hard_label} on "
                    f"{format_day(day.date)} ({why} {window} days)",
                    [*before, day.date],
                    ctx.forbid_days(athlete, before),
                    cost=COST_PREFERENCE,
                    relax=set_rule("comfort_is_hard", False, "make the soreness window a preference"),
                )
                continue
            for session_day in before:
                gap = (day.date - session_day).days
                ctx.soft(
                    self,
                    -athlete.rules.weights.comfort,
                    athlete.session[session_day],
                    f"the {day.hard_label} on {format_day(day.date)} is {gap} day(s) after a session on "
                    f"{format_day(session_day)} ({why} {window} days)",
                    [session_day, day.date],
                )
