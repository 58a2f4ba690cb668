"""Rule 11 (soft): reward a post-race session 1-3 days after a B race (or the A race, if the plan goes on).

Source: best used after races and long runs, against DOMS (seed 003).
"""

from __future__ import annotations

import datetime as dt

from planner.constraints.base import AthleteModel, ModelContext, ModelRule, Param
from planner.dates import format_day
from planner.plan import Rules

POST_RACE_DAYS = (1, 2, 3)


class PostRace(ModelRule):
    number = 11
    name = "post_race"
    title = "Post-race"
    kind = "soft"
    params = (
        Param(
            "weights.post_race",
            "Post-race",
            "Reward for a session 1-3 days after a B or A race.",
            "planner weight",
        ),
    )
    source = "seed 003"

    def describe(self, rules: Rules) -> str:
        return (
            f"Reward a session 1-3 days after a B race, or after the A race when the plan runs past it "
            f"(+{rules.weights.post_race})."
        )

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        for race in athlete.facts.key_races:
            window = [race.date + dt.timedelta(days=k) for k in POST_RACE_DAYS]
            sessions = [athlete.session[d] for d in window if d in athlete.session]
            if not sessions:
                continue
            # One reward per race, however many sessions fall in the window.
            rewarded = ctx.model.new_bool_var(f"post_race_{race.date}")
            ctx.model.add(rewarded <= sum(sessions))
            ctx.soft(
                self,
                athlete.rules.weights.post_race,
                rewarded,
                f"a post-race session 1-3 days after {race.name} on {format_day(race.date)}",
                [race.date],
            )
