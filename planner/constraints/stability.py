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
            else:
                ctx.soft(self, -weight, var, f"a new session on {format_day(day)}", [day])
