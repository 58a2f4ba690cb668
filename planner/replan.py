"""Re-planning against a previous schedule: what changed, and why a dropped session stayed dropped.

The solver keeps the previous sessions through the minimal-change term
(`constraints/stability.py`), which lets a session that had to go (a forbidden day, a new pin) be
replaced when the rules gain from it. When a dropped session is not replaced, the runner deserves
to know why: `unreplaced_warnings` looks at the days around it with the independent checker and
names the hard rules that keep every one of them out, or says that a replacement would fit the
hard rules but cost more than it gains.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from planner.checker import check_proposed
from planner.dates import format_day
from planner.plan import Plan
from planner.schedule import Schedule
from planner.solver import score_dates


def unreplaced(previous: Sequence[dt.date], current: Sequence[dt.date]) -> list[dt.date]:
    """Previous dates that left the schedule with no new date taking their place; each new date
    replaces the nearest dropped one."""
    dropped = sorted(set(previous) - set(current))
    for added in sorted(set(current) - set(previous)):
        if not dropped:
            break
        dropped.remove(min(dropped, key=lambda day: (abs((day - added).days), day)))
    return dropped


def unreplaced_warnings(plan: Plan, previous: Sequence[dt.date], schedule: Schedule) -> list[str]:
    """One line per dropped, unreplaced session: the gap it leaves and what keeps it empty."""
    if not schedule.found:
        return []
    current = sorted(schedule.dates)
    warnings = []
    for day in unreplaced(previous, current):
        low = max((d for d in current if d < day), default=plan.first_day or day)
        high = min((d for d in current if d > day), default=plan.last_day or day)
        gap = (high - low).days
        where = f"between {format_day(low)} and {format_day(high)}"
        text = f"the session on {format_day(day)} was dropped and not replaced ({gap}-day gap {where})"
        warnings.append(f"{text}: {_why_empty(plan, current, low, high)}")
    return warnings


def _why_empty(plan: Plan, current: list[dt.date], low: dt.date, high: dt.date) -> str:
    blocked: Counter[str] = Counter()
    fits: list[dt.date] = []
    for offset in range(1, (high - low).days):
        candidate = low + dt.timedelta(days=offset)
        answer = check_proposed(plan, current, candidate, count=1)
        if answer.ok:
            fits.append(candidate)
            continue
        rules = {f"rule {v.rule_number} ({v.rule.replace('_', ' ')})" for v in answer.violations}
        blocked.update(rules or {"a forbidden or unavailable day"})
    if fits:
        base = score_dates(plan, current)
        best = max(fits, key=lambda d: (score_dates(plan, sorted([*current, d])) or -(10**9), -d.toordinal()))
        with_it = score_dates(plan, sorted([*current, best]))
        cost = "" if base is None or with_it is None else f" ({with_it - base:+d} points)"
        return (
            f"a session on {format_day(best)} would keep every hard rule, but it scores lower than "
            f"leaving the gap{cost}: raise rules.target_sessions or weights.long_gap, or --pin a date"
        )
    if not blocked:
        return "there is no day between them"
    listed = ", ".join(
        f"{rule} on {count} day{'s' if count != 1 else ''}" for rule, count in blocked.most_common()
    )
    return f"no day between them keeps the hard rules ({listed})"
