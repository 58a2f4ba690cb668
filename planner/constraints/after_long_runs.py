"""Rule 3 (soft, strong): reward a session the day after a long run or race.

Source: best used after intense sessions, races and long runs, against tightness and DOMS (seed 003).
"""

from __future__ import annotations

import datetime as dt

from planner.constraints.base import AthleteModel, ModelContext, ModelRule, Param
from planner.dates import format_day
from planner.plan import Rules


class AfterLongRuns(ModelRule):
    number = 3
    name = "after_long_runs"
    title = "After long runs"
    kind = "soft"
    params = (
        Param(
            "weights.after_long_run",
            "After long runs",
            "Reward for a session the day after a long run or race.",
            "seed 003; planner weight",
        ),
    )
    source = "seed 003"

    def describe(self, rules: Rules) -> str:
        return f"Reward a session the day after a long run or race (+{rules.weights.after_long_run})."

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        for day in athlete.facts.hard_days:
            if not (day.is_long_run or day.is_race):
                continue
            after = day.date + dt.timedelta(days=1)
            if after in athlete.session:
                ctx.soft(
                    self,
                    athlete.rules.weights.after_long_run,
                    athlete.session[after],
                    f"{format_day(after)} is the day after the {day.hard_label} on {format_day(day.date)}",
                    [after, day.date],
                )
