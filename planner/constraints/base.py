"""What a rule is, and the model context every rule adds itself to.

A rule is a small object: its number and name from DOMAIN.md, hard or soft, the parameters it
reads (each with its help text and source), and `describe(rules)` to say itself in words. A
`ModelRule` also puts itself in the CP-SAT model (`add(ctx, athlete)`) and offers its global
relaxations (`relaxations(rules)`) to the explainer. Hard rules add *instances* (one per race,
hard day, pin...): each instance has its words, dates, a repair cost and a relaxation, so the
explainer can name the few that conflict. Soft rules add *terms*: (weight, expression, words) in
one table that drives both the objective and the score explanation (the CP-SAT shift-scheduling
sample's pattern).

Nothing here imports OR-Tools: rules can be listed and described (`planner rules`, the app's
help) without loading the solver; the model object comes in through `ModelContext`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

from planner.facts import BlockFacts, TrainingBlock
from planner.plan import Rules
from planner.schedule import PlanChange

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

Kind = Literal["hard", "soft", "calendar", "screening"]
# How a dropped hard instance turns into plan edits, given the dates the repair model chose.
RelaxFn = Callable[[Sequence[dt.date]], list[PlanChange]]

# Repair costs: how reluctant the explainer is to suggest dropping an instance. Pins and forbidden
# days are a person's choice and cheap to revisit; medical/safety rules are expensive.
COST_PIN = 1
COST_FORBIDDEN = 2
COST_WORKOUT = 3
COST_PREFERENCE = 4
COST_CLINIC = 5
COST_VOLUME = 6
COST_ATTENDANCE = 8
COST_SAFETY = 12


@dataclass(frozen=True)
class Param:
    """A plan setting a rule reads: its path in the plan (`min_gap_days`, `weights.spacing`,
    `clinic.open_weekdays`, `budget`), a short label, what it does, and where its default comes from."""

    name: str
    label: str
    help: str
    source: str


class Rule:
    """A DOMAIN.md rule as `planner rules` and the app describe it."""

    number: ClassVar[int]
    name: ClassVar[str]
    title: ClassVar[str]
    kind: ClassVar[Kind]
    params: ClassVar[tuple[Param, ...]] = ()
    source: ClassVar[str] = ""

    def describe(self, rules: Rules) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def is_hard(self, rules: Rules) -> bool:
        return self.kind == "hard"


class ModelRule(Rule):
    """A rule that places constraints or soft terms in the CP-SAT model."""

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:  # pragma: no cover - overridden
        """Add this rule for one athlete (a squad calls it once per runner)."""
        raise NotImplementedError

    def add_shared(self, ctx: ModelContext) -> None:
        """Constraints across the athletes of one model (a squad sharing a clinic); none by default."""
        return None

    def relaxations(self, rules: Rules) -> list[list[PlanChange]]:
        """One-parameter changes that lift this rule as a whole, tried besides the explainer's repair."""
        return []

    def group_words(self, first: dt.date, last: dt.date, count: int, rules: Rules) -> str | None:
        """Words for `count` instances of this rule in a conflict that together cover every day from
        `first` to `last`, read as one line; None lists them one by one."""
        return None


@dataclass
class HardInstance:
    rule: Rule
    text: str
    dates: list[dt.date]
    cost: int
    relax: RelaxFn
    literal: cp_model.IntVar | None = None
    block: TrainingBlock | None = None  # the season block a per-block instance belongs to


@dataclass
class SoftTerm:
    """`weight` points per unit of `expr` (positive weight = reward, negative = penalty)."""

    rule: Rule
    weight: int
    expr: cp_model.LinearExprT
    text: str
    dates: list[dt.date]


@dataclass
class AthleteModel:
    """One athlete's days and session variables; a squad has several sharing one clinic.

    `previous` holds the dates of the schedule being re-planned (minimal change), if any.
    """

    key: str
    facts: BlockFacts
    session: dict[dt.date, cp_model.IntVar]
    previous: frozenset[dt.date] = field(default_factory=frozenset)

    @property
    def rules(self) -> Rules:
        return self.facts.plan.rules

    @property
    def count(self) -> cp_model.LinearExprT:
        return sum(self.session.values())

    def sessions_between(self, first: dt.date, last: dt.date) -> list[cp_model.IntVar]:
        # The days are consecutive from the plan's first day: walk the range, not every day.
        start, end = max(first, self.facts.first), min(last, self.facts.last)
        return [self.session[day] for day in days_between(start, end) if day in self.session]


class ModelContext:
    """The CP-SAT model under construction plus the tables of hard instances and soft terms.

    `explain=True` gives every hard instance an enforcement literal so the explainer can ask
    which of them conflict; otherwise the constraints are plain. `enforce_hard=False` leaves hard
    instances out entirely (used to score arbitrary dates, e.g. a coach's hand-made schedule).
    """

    def __init__(
        self,
        model: cp_model.CpModel,
        *,
        explain: bool = False,
        enforce_hard: bool = True,
    ) -> None:
        self.model = model
        self.athletes: list[AthleteModel] = []
        self.explain = explain
        self.enforce_hard = enforce_hard
        self.hard_instances: list[HardInstance] = []
        self.soft_terms: list[SoftTerm] = []

    def hard(
        self,
        rule: Rule,
        text: str,
        dates: Iterable[dt.date],
        constraints: list[cp_model.Constraint],
        *,
        cost: int,
        relax: RelaxFn,
        block: TrainingBlock | None = None,
    ) -> None:
        """Register one hard rule instance built from `constraints` (already added to the model).

        `block`: the season block a per-block instance counts in (rules 4, 6, 7), for the explainer.
        """
        instance = HardInstance(rule, text, sorted(set(dates)), cost, relax, block=block)
        if not self.enforce_hard:
            for constraint in constraints:
                # A constraint cannot be removed from a CpModel; disable it with a false literal.
                constraint.only_enforce_if(self.model.new_constant(0))
            return
        if self.explain:
            instance.literal = self.model.new_bool_var(f"{rule.name}#{len(self.hard_instances)}")
            for constraint in constraints:
                constraint.only_enforce_if(instance.literal)
        self.hard_instances.append(instance)

    def soft(
        self, rule: Rule, weight: int, expr: cp_model.LinearExprT, text: str, dates: Iterable[dt.date]
    ) -> None:
        if weight:
            self.soft_terms.append(SoftTerm(rule, weight, expr, text, sorted(set(dates))))

    @staticmethod
    def total(variables: Iterable[cp_model.IntVar]) -> cp_model.LinearExprT:
        """The sum of `variables` built in one step (Python's `sum` nests one expression per term)."""
        from ortools.sat.python import cp_model  # lazy: rules load without the solver

        return cp_model.LinearExpr.sum(list(variables))

    def forbid_days(self, athlete: AthleteModel, days: Iterable[dt.date]) -> list[cp_model.Constraint]:
        """Constraints 'no session on these days' (days outside the block are ignored)."""
        return [self.model.add(athlete.session[d] == 0) for d in days if d in athlete.session]


def rule_change(field_name: str, value: object, text: str) -> PlanChange:
    """The plan edit 'set this rule parameter to `value`', with its words."""
    return PlanChange(op="set_rule", field=field_name, value=value, text=text)  # type: ignore[arg-type]


def plan_edit(**change: object) -> RelaxFn:
    """A relaxation that is one fixed plan edit (a `PlanChange`), whatever dates the repair chose."""
    edit = PlanChange(**change)  # type: ignore[arg-type]
    return lambda _dates: [edit]


def set_rule(field_name: str, value: object, text: str) -> RelaxFn:
    """A relaxation that changes one rule parameter regardless of the repair's dates."""
    return plan_edit(op="set_rule", field=field_name, value=value, text=text)


def block_rule_change(
    facts: BlockFacts, block: TrainingBlock, field_name: str, value: object, text: str
) -> PlanChange:
    """Set one per-block setting: for this block alone in a season, for the plan when it has one block."""
    if not facts.is_season or block.a_race is None:
        return rule_change(field_name, value, text)
    return PlanChange(
        op="set_block_rule",
        field=field_name,
        value=value,  # type: ignore[arg-type]
        date=block.a_race.date,
        text=f"{text} in {block.name}",
    )


def set_block_rule(
    facts: BlockFacts, block: TrainingBlock, field_name: str, value: object, text: str
) -> RelaxFn:
    """The relaxation `block_rule_change`, whatever dates the repair chose."""
    change = block_rule_change(facts, block, field_name, value, text)
    return lambda _dates: [change]


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
