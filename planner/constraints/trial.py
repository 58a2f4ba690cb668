"""Rule 4 (hard): the first session is tried well before the A race, and under load.

Source: occasionally used days before a key event, but only after a trial "well ahead of
competition" in training (seed 003).
"""

from __future__ import annotations

import datetime as dt

from planner.constraints.base import (
    COST_SAFETY,
    AthleteModel,
    ModelContext,
    ModelRule,
    Param,
    RelaxFn,
    rule_change,
    set_rule,
)
from planner.dates import format_day
from planner.plan import Rules
from planner.schedule import PlanChange

# The relaxation both the instances and the explainer's alternatives offer.
ACCEPT_LATE_TRIAL = ("trial_lead_days", 0, "accept a first session close to the race")


class TrialBeforeRaceWeek(ModelRule):
    number = 4
    name = "trial_before_race_week"
    title = "Trial well before race week"
    kind = "hard"
    params = (
        Param(
            "trial_lead_days",
            "Trial lead days before the A race",
            "The first session is at least this many days before the A race, with a hard day between "
            "the trial and race week.",
            "seed 003: used before a key event only after a trial 'well ahead of competition'",
        ),
        Param(
            "trial_under_load",
            "Hard day between trial and race week",
            "Require at least one hard day between the trial session and race week, so the response "
            "to needling was tested under load.",
            "seed 003: a trial 'well ahead of competition' in training",
        ),
    )
    source = "seed 003"

    def describe(self, rules: Rules) -> str:
        return (
            f"The first session is at least {rules.trial_lead_days} days before the A race, with at least one "
            "hard day between it and race week."
        )

    def relaxations(self, rules: Rules) -> list[list[PlanChange]]:
        return [[rule_change(*ACCEPT_LATE_TRIAL)]]

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        facts, rules = athlete.facts, athlete.rules
        previous_race: dt.date | None = None
        # The trial is judged against the first A race on or after it: a runner whose sessions
        # start after the spring A race must have tried well before the autumn one.
        for race in facts.a_races:
            lead_cutoff = race.date - dt.timedelta(days=rules.trial_lead_days)
            self._first_session_by(
                ctx,
                athlete,
                lead_cutoff,
                previous_race,
                race.date,
                f"the first session must be at least {rules.trial_lead_days} days before "
                f"{race.name} on {format_day(race.date)}, so by {format_day(lead_cutoff)}",
                [lead_cutoff, race.date],
                set_rule(*ACCEPT_LATE_TRIAL),
            )
            if rules.trial_under_load:
                week_start, _ = facts.race_week(race)
                loads = [d for d in facts.hard_days if d.date < week_start]
                if loads:
                    last_load = loads[-1]
                    cutoff = last_load.date - dt.timedelta(days=1)
                    text = (
                        f"the first session must come before a hard day ahead of race week: the last one is "
                        f"the {last_load.hard_label} on {format_day(last_load.date)}, so by {format_day(cutoff)}"
                    )
                    dates = [cutoff, last_load.date]
                else:
                    cutoff = facts.first - dt.timedelta(days=1)
                    text = f"there is no hard day before race week of {race.name} to test the first session under load"
                    dates = [week_start]
                self._first_session_by(
                    ctx,
                    athlete,
                    cutoff,
                    previous_race,
                    race.date,
                    text,
                    dates,
                    set_rule("trial_under_load", False, "skip testing the first session under load"),
                )
            previous_race = race.date

    def _first_session_by(
        self,
        ctx: ModelContext,
        athlete: AthleteModel,
        cutoff: dt.date,
        previous_race: dt.date | None,
        race_day: dt.date,
        text: str,
        dates: list[dt.date],
        relax: RelaxFn,
    ) -> None:
        # A session before the previous A race means the trial belongs to that race: this one's
        # condition does not apply, so such sessions also count as "early".
        early_until = max(cutoff, previous_race) if previous_race else cutoff
        late = [var for day, var in athlete.session.items() if early_until < day <= race_day]
        if not late:
            return
        # A later session needs an earlier one: the trial comes first. One literal stands for "a
        # session by the cutoff", so each later day links to it and not to the whole sum (a 3-year
        # block with 17 A races built in 0.8 s with the sum repeated, a tenth of that this way).
        tried = ctx.model.new_bool_var(f"trial_by_{cutoff}")
        ctx.model.add(sum(athlete.sessions_between(athlete.facts.first, early_until)) >= tried)
        constraints = [ctx.model.add(var <= tried) for var in late]
        ctx.hard(self, text, dates, constraints, cost=COST_SAFETY, relax=relax)
