"""Rule 10 (hard when set): sessions x price stay within the budget.

Source: $65-120 a session, often not covered by insurance (seed 001).
"""

from __future__ import annotations

import math

from planner.constraints.base import COST_VOLUME, ModelContext, Rule
from planner.plan import Rules
from planner.schedule import PlanChange


class Budget(Rule):
    number = 10
    name = "budget"
    title = "Budget"
    kind = "hard"
    params = ()
    source = "seed 001"

    def describe(self, rules: Rules) -> str:
        return "Sessions x price must not exceed the plan's budget (when one is set)."

    def add(self, ctx: ModelContext) -> None:
        for athlete in ctx.athletes:
            plan = athlete.facts.plan
            if plan.budget is None:
                continue
            price = plan.clinic.price
            affordable = len(athlete.session) if price <= 0 else math.floor(plan.budget / price + 1e-9)
            ctx.hard(
                self,
                f"a budget of {plan.budget:g} {plan.clinic.currency} at {price:g} a session pays for "
                f"{affordable} session(s)",
                [],
                [ctx.model.add(athlete.count <= affordable)],
                cost=COST_VOLUME,
                relax=lambda dates, price=price, currency=plan.clinic.currency: [
                    PlanChange(
                        op="set_budget",
                        value=round(len(dates) * price, 2),
                        text=f"raise the budget to {len(dates) * price:g} {currency}",
                    )
                ],
            )
