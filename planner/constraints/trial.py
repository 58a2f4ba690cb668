"""Rule 4 (hard): the first session is tried well before the A race, and under load.

Source: occasionally used days before a key event, but only after a trial "well ahead of
competition" in training (seed 003).
"""

from __future__ import annotations

import datetime as dt

from planner.constraints.base import COST_SAFETY, AthleteModel, ModelContext, Rule, set_rule
from planner.facts import format_day
from planner.plan import Rules


class TrialBeforeRaceWeek(Rule):
    number = 4
    name = "trial_before_race_week"
    title = "Trial well before race week"
    kind = "hard"
    params = ("trial_lead_days",)
    source = "seed 003"

    def describe(self, rules: Rules) -> str:
        return (
            f"The first session is at least {rules.trial_lead_days} days before the A race, with at least one "
            "hard day between it and race week."
        )

    def add(self, ctx: ModelContext) -> None:
        for athlete in ctx.athletes:
            facts = athlete.facts
            # trial_lead_days = 0 means the runner has tried needling before (a returning client).
            if not facts.a_races or athlete.rules.trial_lead_days == 0:
                continue
            race = facts.a_races[0]
            lead_cutoff = race.date - dt.timedelta(days=athlete.rules.trial_lead_days)
            self._first_session_by(
                ctx,
                athlete,
                lead_cutoff,
                f"the first session must be at least {athlete.rules.trial_lead_days} days before "
                f"{race.name} on {format_day(race.date)}, so by {format_day(lead_cutoff)}",
                [lead_cutoff, race.date],
            )
            week_start, _ = facts.race_week(race)
            loads = [d for d in facts.hard_days if d.date < week_start]
            if loads:
                last_load = loads[-1]
                cutoff = last_load.date - dt.timedelta(days=1)
                text = (
                    f"the first session must come before a hard day ahead of race week: the last one is the "
                    f"{last_load.hard_label} on {format_day(last_load.date)}, so by {format_day(cutoff)}"
                )
                dates = [cutoff, last_load.date]
            else:
                cutoff = facts.first - dt.timedelta(days=1)
                text = f"there is no hard day before race week of {race.name} to test the trial session under load"
                dates = [week_start]
            self._first_session_by(ctx, athlete, cutoff, text, dates)

    def _first_session_by(
        self, ctx: ModelContext, athlete: AthleteModel, cutoff: dt.date, text: str, dates: list[dt.date]
    ) -> None:
        late = [var for day, var in athlete.session.items() if day > cutoff]
        if not late:
            return
        early = sum(athlete.sessions_between(athlete.facts.first, cutoff))
        # A later session needs an earlier one: the trial comes first.
        constraints = [ctx.model.add(var <= early) for var in late]
        ctx.hard(
            self,
            text,
            dates,
            constraints,
            cost=COST_SAFETY,
            relax=set_rule(
                "trial_lead_days", 0, "count a needling trial the runner already had (trial_lead_days 0)"
            ),
        )
