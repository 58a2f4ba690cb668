"""Input limits (README "Input limits"): how big, how far and how strange a plan's values may be.

Beyond these a value is a typo or a hostile file, and some would break something downstream: an
integer past CP-SAT's 64-bit range, a date whose arithmetic overflows, a line break that ends a
calendar's content line. The plan model (`planner/plan.py`) applies them with the field's name;
the CLI and the app use the same functions for their own inputs (`--calendar-name`, dates).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator

from planner.dates import year_problem

# The longest block: a season is a year, three cover an Olympic cycle. Longer is a typo (`--race
# 2072-...`) that would build a model of tens of thousands of days.
MAX_BLOCK_DAYS = 3 * 366
# Money: far above any clinic's price or runner's budget; the budget rule divides one by the other.
MAX_PRICE = 100_000
MAX_BUDGET = 10_000_000
# Soft-rule weights: the defaults are 2-100. With at most 10,000 per term the objective of a 3-year
# block stays far inside CP-SAT's 64-bit range: the worst case (a 3-year block, every weight at the
# limit, 100 sessions) sums to about 3e12 in the objective, a million times below 2^63 (measured).
MAX_WEIGHT = 10_000
MAX_CAPACITY = 1_000
# Text: names and titles go into calendar properties and terminal lines; free text is description.
MAX_NAME = 200
MAX_LINE_TEXT = 1_000
MAX_FREE_TEXT = 100_000
MAX_TIMEZONE = 64
# Calendar SEQUENCE is an RFC 5545 INTEGER: a signed 32-bit number.
MAX_SEQUENCE = 2**31 - 1


def within_years(value: dt.date) -> dt.date:
    """Dates: planner.dates.FIRST_YEAR-LAST_YEAR, the same limit as every date option."""
    problem = year_problem(value)
    if problem:
        raise ValueError(problem)
    return value


PlanDate = Annotated[dt.date, AfterValidator(within_years)]

# Control characters, Unicode line/paragraph separators and lone surrogates (from JSON "\ud800":
# not encodable as UTF-8, so printing them fails).
NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f\u2028\u2029\ud800-\udfff]")
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _character_problem(char: str) -> str:
    if char in "\r\n\u2028\u2029":
        return "contains a line break; names and titles go into calendars on one line"
    if "\ud800" <= char <= "\udfff":
        return "contains an invalid character (a lone surrogate, not Unicode text)"
    return f"contains the control character U+{ord(char):04X}"


def text_problem(value: str, limit: int) -> str | None:
    """Why `value` cannot be a name or a title (one line of at most `limit` characters), or None."""
    bad = NOT_IN_A_LINE.search(value)
    if bad:
        return _character_problem(bad.group())
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,}"
    return None


def one_line(limit: int) -> Callable[[str], str]:
    """A pydantic validator for one line of text: names, titles, notes on one line."""

    def check(value: str) -> str:
        problem = text_problem(value, limit)
        if problem:
            raise ValueError(problem)
        return value

    return check


def _free_text(value: str) -> str:
    """Descriptions and notes keep their line breaks (calendars escape them in TEXT values) but as
    LF only: a CR reaching a calendar's bytes would end its content line."""
    bad = _NOT_IN_TEXT.search(value)
    if bad:
        raise ValueError(_character_problem(bad.group()))
    if len(value) > MAX_FREE_TEXT:
        raise ValueError(f"is {len(value):,} characters long; at most {MAX_FREE_TEXT:,}")
    return value.replace("\r\n", "\n").replace("\r", "\n")


Name = Annotated[str, AfterValidator(one_line(MAX_NAME))]
LineText = Annotated[str, AfterValidator(one_line(MAX_LINE_TEXT))]
FreeText = Annotated[str, AfterValidator(_free_text)]
