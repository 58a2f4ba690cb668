"""Rule 9 (hard): sessions only when the clinic is open and the runner can attend; capacity.

Source: DOMAIN.md clinic defaults (Mon-Sat 08:00-18:00); capacity matters for a squad.
"""

from __future__ import annotations

import datetime as dt

from planner.constraints.base import (
    COST_ATTENDANCE,
    COST_CLINIC,
    AthleteModel,
    ModelContext,
    ModelRule,
    Param,
    plan_edit,
)
from planner.dates import format_day
from planner.plan import WEEKDAYS, Rules

WEEKDAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
DEFAULTS = "DOMAIN.md clinic defaults"


class ClinicOpen(ModelRule):
    number = 9
    name = "clinic"
    title = "Clinic days and capacity"
    kind = "hard"
    params = (
        Param(
            "clinic.open_weekdays",
            "Open days",
            "Sessions only on these weekdays.",
            f"{DEFAULTS}: Monday-Saturday",
        ),
        Param(
            "clinic.opens",
            "Opens",
            "The clinic's opening time; appointments start inside the hours.",
            f"{DEFAULTS}",
        ),
        Param("clinic.closes", "Closes", "The clinic's closing time.", f"{DEFAULTS}"),
        Param(
            "clinic.appointment_minutes", "Appointment minutes", "Length of one appointment.", f"{DEFAULTS}"
        ),
        Param(
            "clinic.capacity",
            "Capacity per day",
            "Appointments per day the clinic can give (matters for a squad).",
            "DOMAIN.md squads",
        ),
        Param("clinic.closed_dates", "Closed dates", "No sessions on these dates.", "DOMAIN.md rule 9"),
        Param(
            "athlete.unavailable",
            "Unavailable",
            "Days the runner cannot attend the clinic.",
            "DOMAIN.md rule 9",
        ),
    )
    source = DEFAULTS

    def describe(self, rules: Rules) -> str:
        return (
            "Sessions only on clinic open days, never on closed dates or days the runner cannot attend; "
            "at most the clinic's capacity per day."
        )

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        plan = athlete.facts.plan
        clinic = plan.clinic.name
        open_days = set(plan.clinic.open_weekdays)
        for index, weekday in enumerate(WEEKDAYS):
            days = [d for d in athlete.session if d.weekday() == index]
            if weekday in open_days or not days:
                continue
            ctx.hard(
                self,
                f"{clinic} is closed on {WEEKDAY_NAMES[index]}",
                [],
                ctx.forbid_days(athlete, days),
                cost=COST_CLINIC,
                relax=plan_edit(
                    op="open_weekday",
                    weekday=weekday,
                    text=f"ask {clinic} for a {WEEKDAY_NAMES[index][:-1]} appointment",
                ),
            )
        # A closed date on a closed weekday is an instance too: a repair that opens the weekday
        # must also see that this date stays closed (else "ask for a Sunday" would not work).
        for day in sorted(set(plan.clinic.closed_dates)):
            if day in athlete.session:
                ctx.hard(
                    self,
                    f"{clinic} is closed on {format_day(day)}",
                    [day],
                    ctx.forbid_days(athlete, [day]),
                    cost=COST_CLINIC,
                    relax=plan_edit(
                        op="open_date", date=day, text=f"ask {clinic} to open on {format_day(day)}"
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
                    relax=plan_edit(
                        op="attend_date", date=day, text=f"{plan.athlete.name} attends on {format_day(day)}"
                    ),
                )

    def add_shared(self, ctx: ModelContext) -> None:
        if len(ctx.athletes) < 2:
            return
        # A squad shares one clinic: per day, no more sessions than appointments it can give.
        capacity = ctx.athletes[0].facts.plan.clinic.capacity
        by_day: dict[dt.date, list] = {}
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
                    relax=lambda _dates: [],
                )
