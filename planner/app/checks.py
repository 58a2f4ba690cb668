"""A proposed date checked by the independent checker, in the words `planner check --proposed`
prints: the Schedule page's *Check a date* and the squad pages' pins ask the same question."""

from __future__ import annotations

import datetime as dt

from planner.checker import check_dates, check_proposed, read_calendar
from planner.plan import Plan
from planner.render import booked_problem_lines, proposed_lines


def check_words(plan: Plan, booked: list[dt.date], proposed: dt.date) -> tuple[list[str], list[str]]:
    """The words `planner check --proposed` prints: the answer, then the booked set's problems."""
    day = read_calendar(plan, [*booked, proposed]).day
    answer = proposed_lines(check_proposed(plan, booked, proposed), day, booked)
    block = booked_problem_lines(check_dates(plan, booked), day, {p.date for p in plan.pinned}, proposed)
    return answer, block
