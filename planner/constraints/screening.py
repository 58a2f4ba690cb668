"""Rule 13 (refuse or warn): screening answers decide whether to plan at all.

Source: seed 000 - red flags are "not the next step at all" (seek medical care); the listed
conditions are things to tell the clinician before needling (clearance needed). It decides before
any model is built, so it is listed and described but is not a model rule: the solver asks
`refusal` first, and `clearance_warning` marks the sessions.
"""

from __future__ import annotations

from planner.constraints.base import Rule
from planner.plan import Plan, Rules

RED_FLAG_WORDS = {
    "progressive_numbness_or_weakness": "progressive numbness or weakness",
    "bowel_or_bladder_loss": "loss of bowel or bladder control",
    "severe_swelling_or_cannot_bear_weight": "severe swelling or inability to bear weight",
    "suspected_fracture_or_tendon_rupture": "a suspected fracture or tendon rupture",
    "fever_or_unexplained_weight_loss": "fever or unexplained weight loss",
}
CONTRAINDICATION_WORDS = {
    "pregnant": "pregnancy",
    "bleeding_disorder_or_blood_thinners": "a bleeding disorder or blood thinners",
    "compromised_immune_system": "a compromised immune system",
    "strong_fear_of_needles": "a strong fear of needles",
}


class Screening(Rule):
    number = 13
    name = "screening"
    title = "Screening"
    kind = "screening"
    source = "seed 000"

    def describe(self, rules: Rules) -> str:
        return (
            "A red flag refuses to plan (seek medical care); a contraindication plans but every session "
            "needs clinician clearance."
        )

    @staticmethod
    def refusal(plan: Plan) -> str | None:
        flags = [RED_FLAG_WORDS[name] for name in plan.athlete.screening.red_flags]
        if not flags:
            return None
        return (
            f"Not planning dry needling: the screening reports {', '.join(flags)}. Dry needling is not the next "
            "step; please seek medical care first."
        )

    @staticmethod
    def clearance_warning(plan: Plan) -> str | None:
        found = [CONTRAINDICATION_WORDS[name] for name in plan.athlete.screening.contraindications]
        if not found:
            return None
        return f"Every session needs clinician clearance: the screening reports {', '.join(found)}."
