"""A plan's season settings (`Plan.blocks`, `Plan.reassessments`): their models, checks and lookups.

Data rules only (which A race a block entry names, the settings in force in a block, where a
recorded reassessment may fall); `plan.py` declares the fields and calls these. This module
imports nothing from `plan.py` (which imports it): `block_models` builds the block models on the
base and `Rules` that plan.py passes in, and plans and races are typed as `Any` here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationError, create_model, field_validator, model_validator

from planner.limits import Name, PlanDate

# DOMAIN.md "Seasons": what counts or measures works per block, so a block may set it. Spacing
# sessions (min_gap_days, max_per_week), hard days, soreness, race days, clinic and weights stay
# season-wide: a block boundary does not change how long soreness lasts.
BLOCK_RULE_FIELDS: tuple[str, ...] = (
    "trial_lead_days",
    "trial_under_load",
    "retrial_after_days",
    "taper_maintenance",
    "min_sessions",
    "max_sessions",
    "target_sessions",
    "reassess_after",
    "max_gap_days",
    "rehab_series",
)


def check_block_rule_names(value: object, rule_fields: Iterable[str]) -> None:
    """A season-wide setting under a block is refused with the settings a block may have."""
    if isinstance(value, dict):
        for name in value:
            if name in rule_fields and name not in BLOCK_RULE_FIELDS:
                raise ValueError(
                    f"{name} is a season-wide setting (set it under rules:); a block may set "
                    f"{', '.join(BLOCK_RULE_FIELDS)}"
                )


def optional_fields(model: type[BaseModel], names: Iterable[str]) -> dict[str, tuple[Any, Any]]:
    """`model`'s fields as optional ones (default None) with the same bounds and descriptions."""
    fields = {}
    for name in names:
        info = model.model_fields[name]
        kind = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[name] = (kind | None, Field(default=None, description=info.description))
    return fields


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def block_models(base: type[BaseModel], rules: type[BaseModel]) -> tuple[type[BaseModel], type[BaseModel]]:
    """`BlockRules` (a block's own values of `BLOCK_RULE_FIELDS`, each optional with the bounds of
    `rules`) and `BlockSettings` (the A race that ends the block, by date or name, and its rules)."""
    own_fields = create_model("_BlockRulesBase", __base__=base, **optional_fields(rules, BLOCK_RULE_FIELDS))

    class BlockRules(own_fields):  # type: ignore[valid-type, misc]
        """A block's own values for the per-block rule settings; unset ones follow the plan's `rules`."""

        @model_validator(mode="before")
        @classmethod
        def _season_wide_settings_stay_global(cls, value: object) -> object:
            check_block_rule_names(value, rules.model_fields)
            return value

        def overrides(self) -> dict[str, Any]:
            return self.model_dump(exclude_none=True)

    class BlockSettings(base):  # type: ignore[valid-type, misc]
        """Settings for the block that ends at one A race, named by its date or its name."""

        a_race: PlanDate | Name = Field(description="The A race that ends the block: its date or its name.")
        rules: BlockRules = Field(default_factory=BlockRules)

        @field_validator("a_race", mode="before")
        @classmethod
        def _date_when_it_looks_like_one(cls, value: object) -> object:
            # YAML dates arrive as text (io.py keeps them so); '2027-10-10' names the race by its date.
            if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
                return dt.date.fromisoformat(value.strip())
            return value

        def names(self, race: Any) -> bool:
            if isinstance(self.a_race, dt.date):
                return race.date == self.a_race
            return race.name.strip().casefold() == self.a_race.strip().casefold()

    return BlockRules, BlockSettings


def merged_rules(plan: Any, a_race: Any) -> Any:
    """The plan's rule settings with those of the block that ends at `a_race`."""
    for block in plan.blocks:
        if block.names(a_race):
            overrides = block.rules.overrides()
            if overrides:
                return type(plan.rules).model_validate({**plan.rules.model_dump(), **overrides})
    return plan.rules


def check_blocks(plan: Any) -> None:
    """Each `blocks` entry names exactly one A race, no A race twice, and its settings hold together."""
    a_races = plan.a_races
    shown = ", ".join(f"{race.name} on {race.date}" for race in a_races) or "none"
    claimed: dict[dt.date, int] = {}
    for index, block in enumerate(plan.blocks):
        where = f"blocks.{index}.a_race"
        named = [race for race in a_races if block.names(race)]
        if not named:
            raise ValueError(
                f"{where}: {str(block.a_race)!r} is not an A race of the plan (A races: {shown})"
            )
        if len(named) > 1:
            raise ValueError(f"{where}: {block.a_race!r} names {len(named)} A races; use the race date")
        race = named[0]
        if race.date in claimed:
            raise ValueError(
                f"{where}: the block ending {race.date} already has settings (blocks.{claimed[race.date]})"
            )
        claimed[race.date] = index
        try:
            merged_rules(plan, race)
        except ValidationError as error:
            message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
            raise ValueError(f"blocks.{index}.rules: {message}") from None


def check_reassessments(plan: Any, first: dt.date | None, last: dt.date | None) -> None:
    """Recorded reassessments fall inside the plan, before the post-race tail, once each."""
    if len(set(plan.reassessments)) != len(plan.reassessments):
        raise ValueError("a reassessment date is listed twice")
    last_a = plan.a_races[-1].date if plan.a_races else None
    for day in plan.reassessments:
        if first is not None and last is not None and not first <= day <= last:
            raise ValueError(f"reassessment {day} is outside the plan ({first} to {last})")
        if last_a is not None and day > last_a:
            raise ValueError(
                f"reassessment {day} is after the last A race ({last_a}): the post-race tail has none"
            )
