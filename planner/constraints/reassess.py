"""Rule 8 (hard on the calendar): reassess after the first sessions; later ones are provisional.

Source: try 2-3 sessions, then reassess with objective measures (seed 000). It does not restrict
the dates, so it adds nothing to the model; the schedule marks the point and the tentative sessions.
"""

from __future__ import annotations

from planner.constraints.base import ModelContext, Rule
from planner.plan import Rules


class Reassess(Rule):
    number = 8
    name = "reassess"
    title = "Reassess"
    kind = "calendar"
    params = ("reassess_after",)
    source = "seed 000"

    def describe(self, rules: Rules) -> str:
        return (
            f"Reassess after the first {rules.reassess_after} sessions; sessions after that are provisional "
            "(exported as tentative)."
        )

    def add(self, ctx: ModelContext) -> None:
        return None

    @staticmethod
    def split(count: int, rules: Rules) -> int:
        """How many sessions come before the reassessment (the rest are provisional)."""
        return min(count, rules.reassess_after)
