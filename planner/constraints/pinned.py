"""Rule 14 (hard): a session a person pinned stays; a day a person forbade stays free.

Source: DOMAIN.md rule 14 - coaches and clinicians agree dates; the planner works around them.
"""

from __future__ import annotations

from planner.constraints.base import (
    COST_FORBIDDEN,
    COST_PIN,
    AthleteModel,
    ModelContext,
    ModelRule,
    plan_edit,
)
from planner.dates import format_day
from planner.plan import Rules


class PinnedAndForbidden(ModelRule):
    number = 14
    name = "pinned"
    title = "Pinned sessions and forbidden days"
    kind = "hard"
    source = "DOMAIN.md rule 14"

    def describe(self, rules: Rules) -> str:
        return "A pinned session stays where it is; a forbidden day stays free."

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        plan = athlete.facts.plan
        for pin in plan.pinned:
            if pin.date not in athlete.session:
                continue
            ctx.hard(
                self,
                f"the session pinned on {format_day(pin.date)} stays there",
                [pin.date],
                [ctx.model.add(athlete.session[pin.date] == 1)],
                cost=COST_PIN,
                relax=plan_edit(
                    op="unpin", date=pin.date, text=f"unpin the session on {format_day(pin.date)}"
                ),
            )
        for day in sorted(set(plan.forbidden)):
            if day not in athlete.session:
                continue
            ctx.hard(
                self,
                f"{format_day(day)} was marked as no-session day",
                [day],
                ctx.forbid_days(athlete, [day]),
                cost=COST_FORBIDDEN,
                relax=plan_edit(op="unforbid", date=day, text=f"allow a session on {format_day(day)}"),
            )
