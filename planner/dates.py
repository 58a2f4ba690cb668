"""The one way text becomes a date: YYYY-MM-DD only (every CLI option, the app's grid cells).

`date.fromisoformat` alone would also take "20270302" or "2027-W09-2"; the documented form is
YYYY-MM-DD, and a plan must not change meaning with the shape of a date.
"""

from __future__ import annotations

import datetime as dt
import re

from planner.errors import PlannerInputError, shorten

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# README "Input limits": every date a plan or an option holds. Far enough for any training history
# or plan; beyond, date arithmetic near year 1 or 9999 overflows, and 2207 is a typo for 2027.
FIRST_YEAR = 1900
LAST_YEAR = 2200


def year_problem(day: dt.date) -> str | None:
    """Why `day` is refused (outside FIRST_YEAR-LAST_YEAR), or None."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return f"{day} is outside the years {FIRST_YEAR}-{LAST_YEAR}"


def parse_date(text: str, option: str) -> dt.date:
    """`text` as a date; `option` names where it came from in the error (`--race`, `race date`)."""
    text = text.strip()
    if _ISO_DATE.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            problem = year_problem(day)
            if problem:
                raise PlannerInputError(f"{option}: {problem}")
            return day
    raise PlannerInputError(f"{option}: {shorten(text, 40)!r} is not a date (YYYY-MM-DD)")


def parse_dates(text: str, option: str) -> list[dt.date]:
    """A comma-separated list of dates; empty parts are skipped."""
    return [parse_date(part, option) for part in text.split(",") if part.strip()]


def format_day(day: dt.date) -> str:
    """'Sat 14 Mar' - the short form coaches read on a calendar."""
    return f"{_WEEKDAY_SHORT[day.weekday()]} {day.day} {_MONTH_SHORT[day.month - 1]}"


def long_date(day: dt.date) -> str:
    """'Sat 14 Mar 2027'."""
    return f"{format_day(day)} {day.year}"


# Spelled out rather than strftime's %a/%b, which follow the machine's locale.
_WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
