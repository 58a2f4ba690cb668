"""Rule 4 (hard): the first session is tried well before the A race, and under load.

Per block (DOMAIN.md "Seasons"): the first session of each block that ends at an A race is a trial
when it is the first session at all or the previous one was more than `retrial_after_days` earlier.

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
    days_between,
    rule_change,
    set_block_rule,
)
from planner.dates import format_day
from planner.facts import TrainingBlock
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
            "retrial_after_days",
            "Trial again after this many days without a session",
            "In a season, the first session of a block counts as a trial again (rule 4 applies to it) when "
            "the previous session was more than this many days earlier.",
            "DOMAIN.md Seasons; seed 003: a trial 'well ahead of competition'",
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
            "hard day between it and race week. In a season, the first session of each block is a trial "
            f"again when the previous session was more than {rules.retrial_after_days} days earlier."
        )

    def relaxations(self, rules: Rules) -> list[list[PlanChange]]:
        return [[rule_change(*ACCEPT_LATE_TRIAL)]]

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        facts = athlete.facts
        for block in facts.blocks:
            if block.a_race is None:
                continue
            race, rules = block.a_race, block.rules
            whose = f"the first session of block {block.number}" if facts.is_season else "the first session"
            lead_cutoff = race.date - dt.timedelta(days=rules.trial_lead_days)
            self._trial_by(
                ctx,
                athlete,
                block,
                lead_cutoff,
                f"{whose} must be at least {rules.trial_lead_days} days before "
                f"{race.name} on {format_day(race.date)}, so by {format_day(lead_cutoff)}",
                [lead_cutoff, race.date],
                set_block_rule(facts, block, *ACCEPT_LATE_TRIAL),
            )
            if rules.trial_under_load:
                week_start, _ = facts.race_week(race)
                loads = [d for d in facts.hard_days if d.date < week_start]
                if loads:
                    last_load = loads[-1]
                    cutoff = last_load.date - dt.timedelta(days=1)
                    text = (
                        f"{whose} must come before a hard day ahead of race week: the last one is "
                        f"the {last_load.hard_label} on {format_day(last_load.date)}, so by {format_day(cutoff)}"
                    )
                    dates = [cutoff, last_load.date]
                else:
                    cutoff = facts.first - dt.timedelta(days=1)
                    text = f"there is no hard day before race week of {race.name} to test the first session under load"
                    dates = [week_start]
                self._trial_by(
                    ctx,
                    athlete,
                    block,
                    cutoff,
                    text,
                    dates,
                    set_block_rule(
                        facts, block, "trial_under_load", False, "skip testing the first session under load"
                    ),
                )

    def _trial_by(
        self,
        ctx: ModelContext,
        athlete: AthleteModel,
        block: TrainingBlock,
        cutoff: dt.date,
        text: str,
        dates: list[dt.date],
        relax: RelaxFn,
    ) -> None:
        """A trial of this block must come by `cutoff`.

        A session after the cutoff is fine only when it is not the block's trial: some session came
        before it in the block, or (DOMAIN.md "Seasons") within `retrial_after_days` before it.
        """
        one_day = dt.timedelta(days=1)
        recent = dt.timedelta(days=block.rules.retrial_after_days)
        late_from = max(block.first, cutoff + one_day)
        # One literal stands for "a session in the block by the cutoff", so each later day links to
        # it instead of repeating that sum (the issue 13 measurement: a tenth of the build time).
        tried = ctx.model.new_bool_var(f"trial_by_{cutoff}_{block.number}")
        ctx.model.add(ctx.total(athlete.sessions_between(block.first, cutoff)) >= tried)
        # With no day before the block (the first one) its first session is always the trial.
        sessions_before = block.first > athlete.facts.first
        constraints = []
        for day in days_between(late_from, block.last):
            if day not in athlete.session:
                continue
            if not sessions_before:
                constraints.append(ctx.model.add(athlete.session[day] <= tried))
                continue
            # Earlier in the block after the cutoff, or before the block within the pause allowed.
            before = athlete.sessions_between(late_from, day - one_day)
            before += athlete.sessions_between(day - recent, block.first - one_day)
            constraints.append(ctx.model.add(athlete.session[day] <= ctx.total([tried, *before])))
        if constraints:
            ctx.hard(self, text, dates, constraints, cost=COST_SAFETY, relax=relax, block=block)
