"""The independent checker: does a set of session dates follow the hard rules of DOMAIN.md?

It is written from the text of `shared/DOMAIN.md` alone and shares no rule code with the solver
(`planner.facts`, `planner.constraints`, `planner.model`, `planner.solver`, `planner.explain` are
never imported): the tests use it to verify the solver's schedules, so the two must be able to
disagree.

- `calendar.py`: the plan's days as the rules talk about them; `Violation` and the reports.
- `rules.py`: one function per hard rule.
- `search.py`: `check_dates` (with where to move), `check_proposed` (a clinician's proposed date,
  the one function both `planner check --proposed` and the app call) and `nearest_valid_dates`.
"""

from __future__ import annotations

from planner.checker.calendar import CheckReport, ProposedCheck, Violation, read_calendar
from planner.checker.rules import find_violations
from planner.checker.search import check_dates, check_proposed, nearest_valid_dates, screening_warnings

__all__ = [
    "CheckReport",
    "ProposedCheck",
    "Violation",
    "check_dates",
    "check_proposed",
    "find_violations",
    "nearest_valid_dates",
    "read_calendar",
    "screening_warnings",
]
