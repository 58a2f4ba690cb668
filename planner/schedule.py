"""What the planner answers: a schedule of sessions with reasons, or the conflicts that prevent one."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from planner.plan import Purpose

Status = Literal["optimal", "feasible", "infeasible", "unknown", "refused"]


class Session(BaseModel):
    date: dt.date
    purpose: Purpose
    reasons: list[str] = Field(default_factory=list)
    number: int = Field(description="1-based order of the session in the plan.")
    provisional: bool = Field(
        default=False, description="After a reassessment point that no clinician has recorded yet (rule 8)."
    )
    pinned: bool = False
    needs_clearance: bool = Field(default=False, description="Screening contraindication (rule 13).")
    athlete: str = ""
    block: int | None = Field(default=None, description="Number of the season block the session serves.")
    time: dt.time | None = Field(
        default=None,
        description="The appointment's start when the clinic gave this session its own (a squad); "
        "None = the clinic's usual appointment_time.",
    )


class BlockSummary(BaseModel):
    """One block of the season (DOMAIN.md "Seasons") and what the schedule does in it."""

    number: int
    kind: Literal["build", "tail", "open"] = Field(
        description="build: ends at an A race; tail: after the last A race; open: a plan without an A race."
    )
    first: dt.date
    last: dt.date
    a_race: str | None = None
    a_race_date: dt.date | None = None
    sessions: list[dt.date] = Field(default_factory=list)
    reassess_date: dt.date | None = Field(
        default=None, description="Rule 8: the block's reassessment point, after its first series."
    )
    reassessed: dt.date | None = Field(default=None, description="When a clinician recorded it, if so.")


class Conflict(BaseModel):
    """One rule instance in a minimal conflicting set, in words with its dates."""

    rule: str
    rule_number: int
    text: str
    dates: list[dt.date] = Field(default_factory=list)
    block: int | None = Field(default=None, description="Number of the season block it belongs to.")


class PlanChange(BaseModel):
    """One machine-applicable edit of a plan (see planner.edits.apply_relaxation).

    op: "set_rule" (field, value) | "set_block_rule" (field, value; date = the block's A race)
        | "unpin" (date) | "unforbid" (date) | "make_easy" (date) | "open_weekday" (weekday)
        | "open_date" (date) | "attend_date" (date) | "set_budget" (value)
    """

    op: Literal[
        "set_rule",
        "set_block_rule",
        "unpin",
        "unforbid",
        "make_easy",
        "open_weekday",
        "open_date",
        "attend_date",
        "set_budget",
    ]
    field: str | None = None
    value: int | float | bool | str | None = None
    date: dt.date | None = None
    weekday: str | None = None
    text: str = ""


class Relaxation(BaseModel):
    """A change to the plan that makes it feasible. The explainer only offers relaxations a re-solve
    confirmed (`confirmed` is then true and `sessions` the schedule found with it)."""

    changes: list[str]
    patch: list[PlanChange] = Field(default_factory=list)
    confirmed: bool = False
    sessions: list[dt.date] = Field(default_factory=list, description="Schedule found with it applied.")


class ScoreLine(BaseModel):
    """One soft rule's contribution to the objective (negative = penalty)."""

    rule: str
    rule_number: int
    text: str
    points: int
    dates: list[dt.date] = Field(default_factory=list)


class Schedule(BaseModel):
    plan_name: str = ""
    athlete: str = ""
    status: Status
    sessions: list[Session] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(
        default_factory=list, description="Every rule instance in the conflict."
    )
    grouped_conflicts: list[Conflict] = Field(
        default_factory=list,
        description="The same conflict to read: instances of a rule on consecutive days as one line.",
    )
    suggestion: Relaxation | None = Field(default=None, description="A change a re-solve confirmed, or none.")
    alternatives: list[Relaxation] = Field(default_factory=list, description="Other confirmed relaxations.")
    explain_notes: list[str] = Field(
        default_factory=list,
        description="What the explanation could not finish (time limit) or find (no confirmed change).",
    )
    warnings: list[str] = Field(default_factory=list)
    reassess_date: dt.date | None = Field(
        default=None,
        description="The first reassessment point not yet recorded: later sessions are provisional.",
    )
    blocks: list[BlockSummary] = Field(default_factory=list)
    objective: int | None = None
    best_bound: float | None = None
    gap: float | None = Field(default=None, description="Relative gap between objective and bound.")
    score: list[ScoreLine] = Field(default_factory=list)
    build_seconds: float = 0.0
    solve_seconds: float = 0.0

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def dates(self) -> list[dt.date]:
        return [s.date for s in self.sessions]

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")
