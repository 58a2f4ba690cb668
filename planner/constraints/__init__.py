"""The rule registry: adding a rule is one module and one line here.

`REGISTRY.listed()` is every DOMAIN.md rule in number order (what `planner rules` prints and the
app describes); `REGISTRY.model_rules()` is the part that adds itself to the CP-SAT model.
Reassess (rule 8) and Screening (rule 13) are listed but are not model rules: one labels sessions
after the solve, the other decides before it. `REGISTRY.always` are model terms every athlete
gets whatever rule list a caller passes (re-planning's minimal change).
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.constraints.after_long_runs import AfterLongRuns
from planner.constraints.away_from_hard import AwayFromHardDays
from planner.constraints.base import ModelContext, ModelRule, Param, Rule
from planner.constraints.budget import Budget
from planner.constraints.clinic import ClinicOpen
from planner.constraints.final_days import FinalDays
from planner.constraints.pinned import PinnedAndForbidden
from planner.constraints.post_race import PostRace
from planner.constraints.reassess import Reassess
from planner.constraints.screening import Screening
from planner.constraints.soreness import SorenessComfort
from planner.constraints.spacing import Spacing
from planner.constraints.stability import Stability
from planner.constraints.taper import TaperMaintenance
from planner.constraints.trial import TrialBeforeRaceWeek
from planner.constraints.volume import Volume


class Registry:
    """The rules in force. `register` is the public hook for a new rule (and for tests)."""

    def __init__(self, rules: Iterable[Rule], always: Iterable[ModelRule] = ()) -> None:
        self._rules: list[Rule] = []
        self.always: tuple[ModelRule, ...] = tuple(always)
        for rule in rules:
            self.register(rule)

    def register(self, rule: Rule) -> None:
        taken = {known.name for known in (*self._rules, *self.always)}
        if rule.name in taken:
            raise ValueError(f"a rule named {rule.name!r} is already registered")
        self._rules.append(rule)

    def unregister(self, rule: Rule) -> None:
        self._rules.remove(rule)

    def listed(self) -> tuple[Rule, ...]:
        """Every rule, in DOMAIN.md number order."""
        return tuple(sorted(self._rules, key=lambda rule: rule.number))

    def model_rules(self) -> tuple[ModelRule, ...]:
        """The rules that add themselves to the model, in number order."""
        return tuple(rule for rule in self.listed() if isinstance(rule, ModelRule))

    def parameters(self) -> dict[str, list[tuple[Rule, Param]]]:
        """Plan setting -> the rules that read it, each with its help text and source."""
        found: dict[str, list[tuple[Rule, Param]]] = {}
        for rule in (*self.listed(), *self.always):
            for param in rule.params:
                found.setdefault(param.name, []).append((rule, param))
        return found


REGISTRY = Registry(
    [
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
    ],
    always=[Stability()],
)

__all__ = ["REGISTRY", "ModelContext", "ModelRule", "Param", "Registry", "Rule"]
