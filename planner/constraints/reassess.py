"""Rule 8 (hard on the calendar): reassess after the first sessions; later ones are provisional.

Per block (DOMAIN.md "Seasons"): each block's first series ends at its own reassessment point.
Sessions after a point stay provisional until a clinician records that reassessment (the plan's
`reassessments`, `planner reassess`, the app's button); recording it confirms the sessions up to
the next point. Source: try 2-3 sessions, then reassess with objective measures (seed 000). It
does not restrict the dates, so it is listed and described but adds nothing to the model;
`reasons.py` marks the points and the tentative sessions with `split`.
"""

from __future__ import annotations

from planner.constraints.base import Param, Rule
from planner.plan import Rules


class Reassess(Rule):
    number = 8
    name = "reassess"
    title = "Reassess"
    kind = "calendar"
    params = (
        Param(
            "reassess_after",
            "Reassess after this many sessions",
            "Sessions after this point of each block are provisional (tentative in the calendar) until a "
            "clinician records the reassessment.",
            "seed 000: try 2-3 sessions, then reassess with objective measures",
        ),
    )
    source = "seed 000"

    def describe(self, rules: Rules) -> str:
        return (
            f"Reassess after the first {rules.reassess_after} sessions of each block; sessions after that are "
            "provisional (exported as tentative) until the reassessment is recorded."
        )

    @staticmethod
    def split(count: int, rules: Rules) -> int:
        """How many sessions come before the reassessment (the rest are provisional)."""
        return min(count, rules.reassess_after)
