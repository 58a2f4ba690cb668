"""The rule registry: adding a rule is one module and one line here."""

from __future__ import annotations

from planner.constraints.after_long_runs import AfterLongRuns
from planner.constraints.away_from_hard import AwayFromHardDays
from planner.constraints.base import ModelContext, Rule
from planner.constraints.budget import Budget
from planner.constraints.clinic import ClinicOpen
from planner.constraints.final_days import FinalDays
from planner.constraints.pinned import PinnedAndForbidden
from planner.constraints.post_race import PostRace
from planner.constraints.reassess import Reassess
from planner.constraints.screening import Screening
from planner.constraints.soreness import SorenessComfort
from planner.constraints.spacing import Spacing
from planner.constraints.taper import TaperMaintenance
from planner.constraints.trial import TrialBeforeRaceWeek
from planner.constraints.volume import Volume

RULES: tuple[Rule, ...] = (
    AwayFromHardDays(),
    SorenessComfort(),
    AfterLongRuns(),
    TrialBeforeRaceWeek(),
    FinalDays(),
    TaperMaintenance(),
    Volume(),
    Reassess(),
    ClinicOpen(),
    Budget(),
    PostRace(),
    Spacing(),
    Screening(),
    PinnedAndForbidden(),
)
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}

__all__ = ["RULES", "RULES_BY_NAME", "ModelContext", "Rule"]
