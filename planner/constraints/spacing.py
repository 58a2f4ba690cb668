"""Rule 12 (soft): prefer evenly spaced sessions on the runner's preferred weekdays.

Long gaps are measured inside each block up to its A race (DOMAIN.md "Seasons"), with the block's
`max_gap_days`; bunching and weekdays are season-wide.

Source: courses run "over a few weeks" (seed 001); DOMAIN.md rule 12.
"""

from __future__ import annotations

from planner.constraints.base import AthleteModel, ModelContext, ModelRule, Param
from planner.dates import format_day
from planner.plan import WEEKDAYS, Rules


class Spacing(ModelRule):
    number = 12
    name = "spacing"
    title = "Even spacing and preferred days"
    kind = "soft"
    params = (
        Param(
            "spacing_days",
            "Preferred days between sessions",
            "Prefer sessions about this many days apart (soft).",
            "planner default: even spacing over the block",
        ),
        Param(
            "max_gap_days",
            "Longest preferred gap between sessions",
            "Prefer no gap longer than this between sessions (soft), so the effect is kept up to the race.",
            "seed 003: maintenance through heavy blocks, deload weeks and the taper",
        ),
        Param(
            "weights.spacing",
            "Spacing",
            "Penalty per extra session inside a spacing window.",
            "planner weight",
        ),
        Param(
            "weights.long_gap",
            "Long gap",
            "Penalty per day a gap between sessions runs past the longest preferred gap.",
            "planner weight",
        ),
        Param(
            "weights.preferred_weekday",
            "Preferred weekday",
            "Penalty per session off the runner's preferred weekdays.",
            "planner weight",
        ),
        Param(
            "athlete.preferred_weekdays",
            "Preferred clinic weekdays",
            "Soft preference for these weekdays.",
            "DOMAIN.md rule 12",
        ),
    )
    source = "seed 001"

    def describe(self, rules: Rules) -> str:
        return (
            f"Prefer at most one session in any {rules.spacing_days} days (-{rules.weights.spacing} per extra), "
            f"no gap longer than {rules.max_gap_days} days inside a block before its A race (-{rules.weights.long_gap} a day past it) "
            f"and sessions on preferred weekdays (-{rules.weights.preferred_weekday} otherwise)."
        )

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        model = ctx.model
        rules = athlete.rules
        days = sorted(athlete.session)
        span = rules.spacing_days
        if rules.weights.spacing and span > rules.min_gap_days:
            # Excess sessions in each sliding window: sessions bunched together cost points.
            for start in range(0, max(1, len(days) - span + 1)):
                window = days[start : start + span]
                if len(window) <= rules.min_gap_days:
                    continue
                excess = model.new_int_var(0, len(window), f"bunched_{window[0]}")
                model.add(excess >= ctx.total(athlete.session[d] for d in window) - 1)
                ctx.soft(
                    self,
                    -rules.weights.spacing,
                    excess,
                    f"two sessions within {span} days of {format_day(window[0])}",
                    [window[0]],
                )
        self._long_gaps(ctx, athlete)
        preferred = set(athlete.facts.plan.athlete.preferred_weekdays)
        if preferred and rules.weights.preferred_weekday:
            for day in days:
                if WEEKDAYS[day.weekday()] not in preferred:
                    ctx.soft(
                        self,
                        -rules.weights.preferred_weekday,
                        athlete.session[day],
                        f"{format_day(day)} is not one of the runner's preferred days",
                        [day],
                    )

    def _long_gaps(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        """Penalise each day a gap runs past max_gap_days, inside each block up to its A race.

        A run of G session-free days holds G - max_gap_days + 1 windows of max_gap_days free days, so
        one penalty per empty window is `weights.long_gap` per day past the limit. (Windows once a
        week missed gaps up to six days past it, and the tie-break towards earlier dates drove
        sessions into exactly those gaps.)
        """
        weight = athlete.rules.weights.long_gap
        if not weight:
            return
        for block in athlete.facts.blocks:
            if block.a_race is None:
                continue
            days = [d for d in sorted(athlete.session) if block.first <= d < block.a_race.date]
            span = block.rules.max_gap_days
            for start in range(0, len(days) - span + 1):
                window = days[start : start + span]
                empty = ctx.model.new_bool_var(f"gap_{window[0]}")
                ctx.model.add(empty >= 1 - ctx.total(athlete.session[d] for d in window))
                ctx.soft(
                    self,
                    -weight,
                    empty,
                    f"no session in the {span} days from {format_day(window[0])}",
                    [window[0]],
                )
