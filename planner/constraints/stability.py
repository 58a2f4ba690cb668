"""Re-planning (soft): keep the previous sessions unless a change is needed (minimal change).

Not a DOMAIN.md rule but a term the model adds for every athlete whose previous schedule is known
(`planner optimize --previous`, the app's re-optimize): SOLVER_NOTES found a hint alone moves 6-10
sessions, while an explicit change penalty gives the minimal change every time.
"""

from __future__ import annotations

from planner.constraints.base import AthleteModel, ModelContext, ModelRule, Param
from planner.dates import format_day
from planner.plan import Rules


class Stability(ModelRule):
    number = 0
    name = "minimal_change"
    title = "Minimal change"
    kind = "soft"
    params = (
        Param(
            "weights.change",
            "Change on re-plan",
            "Penalty per session moved from the previous schedule (minimal change).",
            "planner weight",
        ),
    )
    source = "SOLVER_NOTES re-planning"

    def describe(self, rules: Rules) -> str:
        return f"Keep the previous plan's sessions where they were (-{rules.weights.change} per change)."

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        if not athlete.previous:
            return
        weight = athlete.rules.weights.change
        for day, var in athlete.session.items():
            if day in athlete.previous:
                ctx.soft(
                    self, -weight, 1 - var, f"the session on {format_day(day)} moved or was dropped", [day]
                )
        # A session on a new day is a change of its own only beyond the previous plan's count:
        # a move costs one change, not two, so a session that had to go (a forbidden day) is
        # replaced whenever the other rules gain from it (issue 9: no 32-56-day gaps).
        new_days = [var for day, var in athlete.session.items() if day not in athlete.previous]
        if new_days:
            extra = ctx.model.new_int_var(0, len(new_days), f"{athlete.key}:beyond_previous")
            ctx.model.add(extra >= sum(athlete.session.values()) - len(athlete.previous))
            ctx.soft(self, -weight, extra, "more sessions than the previous plan", [])
