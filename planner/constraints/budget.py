"""Rule 10 (hard when set): sessions x price stay within the budget.

Source: $65-120 a session, often not covered by insurance (seed 001).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from planner.constraints.base import COST_VOLUME, AthleteModel, ModelContext, ModelRule, Param
from planner.plan import Rules
from planner.schedule import PlanChange


class Budget(ModelRule):
    number = 10
    name = "budget"
    title = "Budget"
    kind = "hard"
    params = (
        Param(
            "budget",
            "Budget limit",
            "Sessions x price may not exceed the budget.",
            "DOMAIN.md: no limit unless the plan sets one",
        ),
        Param(
            "clinic.price",
            "Price per session",
            "What one session costs; the budget rule multiplies it by the number of sessions.",
            "seed 001: $65-120 a session, default 95 (the middle)",
        ),
    )
    source = "seed 001"

    def describe(self, rules: Rules) -> str:
        return "Sessions x price must not exceed the plan's budget (when one is set)."

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        plan = athlete.facts.plan
        if plan.budget is None:
            return
        price = plan.clinic.price
        affordable = len(athlete.session)
        # Compared before flooring: a tiny price (5e-324) makes the quotient infinite.
        if price > 0 and plan.budget / price < affordable:
            affordable = math.floor(plan.budget / price + 1e-9)

        def raise_budget(dates: Sequence, price: float = price, currency: str = plan.clinic.currency) -> list:
            return [
                PlanChange(
                    op="set_budget",
                    value=round(len(dates) * price, 2),
                    text=f"raise the budget to {len(dates) * price:g} {currency}",
                )
            ]

        ctx.hard(
            self,
            f"a budget of {plan.budget:g} {plan.clinic.currency} at {price:g} a session pays for "
            f"{affordable} session(s)",
            [],
            [ctx.model.add(athlete.count <= affordable)],
            cost=COST_VOLUME,
            relax=raise_budget,
        )
