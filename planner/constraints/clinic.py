"""Rule 9 (hard): sessions only when the clinic is open and the runner can attend; capacity.

Source: DOMAIN.md clinic defaults (Mon-Sat 08:00-18:00); capacity matters for a squad.
"""

from __future__ import annotations

from planner.constraints.base import COST_ATTENDANCE, COST_CLINIC, ModelContext, Rule
from planner.facts import format_day
from planner.plan import WEEKDAYS, Rules
from planner.schedule import PlanChange

WEEKDAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


class ClinicOpen(Rule):
    number = 9
    name = "clinic"
    title = "Clinic days and capacity"
    kind = "hard"
    params = ()
    source = "DOMAIN.md clinic defaults"

    def describe(self, rules: Rules) -> str:
        return (
            "Sessions only on clinic open days, never on closed dates or days the runner cannot attend; "
            "at most the clinic's capacity per day."
        )

    def add(self, ctx: ModelContext) -> None:
        for athlete in ctx.athletes:
            plan = athlete.facts.plan
            open_days = set(plan.clinic.open_weekdays)
            for index, weekday in enumerate(WEEKDAYS):
                if weekday in open_days:
                    continue
                days = [d for d in athlete.session if d.weekday() == index]
                if days:
                    ctx.hard(
                        self,
                        f"{plan.clinic.name} is closed on {WEEKDAY_NAMES[index]}",
                        [],
                        ctx.forbid_days(athlete, days),
                        cost=COST_CLINIC,
                        relax=_change(
                            "open_weekday",
                            weekday=weekday,
                            text=f"ask {plan.clinic.name} for a {WEEKDAY_NAMES[index][:-1]} appointment",
                        ),
                    )
            for day in sorted(set(plan.clinic.closed_dates)):
                if day in athlete.session and WEEKDAYS[day.weekday()] in open_days:
                    ctx.hard(
                        self,
                        f"{plan.clinic.name} is closed on {format_day(day)}",
                        [day],
                        ctx.forbid_days(athlete, [day]),
                        cost=COST_CLINIC,
                        relax=_change(
                            "open_date", date=day, text=f"ask {plan.clinic.name} to open on {format_day(day)}"
                        ),
                    )
            for day in sorted(set(plan.athlete.unavailable)):
                if day in athlete.session:
                    ctx.hard(
                        self,
                        f"{plan.athlete.name} cannot attend on {format_day(day)}",
                        [day],
                        ctx.forbid_days(athlete, [day]),
                        cost=COST_ATTENDANCE,
                        relax=_change(
                            "attend_date", date=day, text=f"{plan.athlete.name} attends on {format_day(day)}"
                        ),
                    )
        self._capacity(ctx)

    def _capacity(self, ctx: ModelContext) -> None:
        if len(ctx.athletes) < 2:
            return
        # A squad shares one clinic: per day, no more sessions than appointments it can give.
        capacity = ctx.athletes[0].facts.plan.clinic.capacity
        by_day: dict = {}
        for athlete in ctx.athletes:
            for day, var in athlete.session.items():
                by_day.setdefault(day, []).append(var)
        for day, vars_ in sorted(by_day.items()):
            if len(vars_) > capacity:
                ctx.hard(
                    self,
                    f"the clinic has {capacity} appointment(s) on {format_day(day)}",
                    [day],
                    [ctx.model.add(sum(vars_) <= capacity)],
                    cost=COST_CLINIC,
                    relax=lambda _d: [],
                )


def _change(op: str, **fields):
    return lambda _dates: [PlanChange(op=op, **fields)]
