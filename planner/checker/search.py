"""Reports: every date checked with alternatives, a clinician's proposed date, nearest good dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from planner.checker.calendar import Calendar, CheckReport, ProposedCheck, Violation, read_calendar
from planner.checker.rules import DATE_LOCAL_RULES, find_violations, is_block_trial
from planner.plan import Plan

# Searching further than a year away for a replacement date helps nobody.
SEARCH_DAYS_WITHOUT_BLOCK = 366


def _dates_near(cal: Calendar, centre: dt.date) -> Iterator[dt.date]:
    """Dates inside the block by distance from `centre`, the earlier first on ties."""
    low = cal.first or centre - dt.timedelta(days=SEARCH_DAYS_WITHOUT_BLOCK)
    high = cal.last or centre + dt.timedelta(days=SEARCH_DAYS_WITHOUT_BLOCK)
    reach = max((centre - low).days, (high - centre).days, 0)
    for distance in range(reach + 1):
        for date in (centre - dt.timedelta(days=distance), centre + dt.timedelta(days=distance)):
            if low <= date <= high:
                yield date
            if distance == 0:
                break


def _locally_fine(cal: Calendar, date: dt.date) -> bool:
    return date not in cal.plan.forbidden and not any(rule(cal, [date]) for rule in DATE_LOCAL_RULES)


def _nearest_adding_nothing(
    cal: Calendar, others: list[dt.date], centre: dt.date, allowed: set, count: int, taken: list[dt.date]
) -> list[dt.date]:
    """Up to `count` dates nearest `centre` (not in `taken`) where one session next to `others`
    leaves only violations whose keys are in `allowed`."""
    found: list[dt.date] = []
    for candidate in _dates_near(cal, centre):
        if len(found) == count:
            break
        if candidate in taken or not _locally_fine(cal, candidate):
            continue
        if all(violation.key in allowed for violation in find_violations(cal, [*others, candidate])):
            found.append(candidate)
    return found


def _replacements(
    cal: Calendar, dates: list[dt.date], moving: dt.date, before: list[Violation], count: int
) -> list[dt.date]:
    """Nearest dates where moving one session from `moving` cures what it causes, adds nothing."""
    rest = list(dates)
    rest.remove(moving)
    still_there = moving in rest  # a duplicate: moving one copy can only cure the duplicate
    cured = {
        violation.key
        for violation in before
        if moving in violation.session_dates and (not still_there or violation.kind == "duplicate")
    }
    allowed = {violation.key for violation in before} - cured
    return _nearest_adding_nothing(cal, rest, moving, allowed, count, dates)


def nearest_valid_dates(
    plan: Plan, booked: list[dt.date], proposed: dt.date, count: int = 3
) -> list[dt.date]:
    """For a clinician: given the sessions already booked, the dates nearest `proposed` (itself
    first when it is fine; ties earlier first) where one more session breaks no hard rule that
    the booked sessions did not already break."""
    cal = read_calendar(plan, [*booked, proposed])
    already = {violation.key for violation in find_violations(cal, booked)}
    return _nearest_adding_nothing(cal, booked, proposed, already, count, booked)


def check_proposed(plan: Plan, booked: list[dt.date], proposed: dt.date, count: int = 3) -> ProposedCheck:
    """The one answer to "does `proposed` work next to the booked sessions?" (CLI and app).

    Fine when the proposed date breaks no hard rule the booked sessions did not already break;
    `violations` are the findings it adds; `nearest_valid` the nearest good dates.
    """
    cal = read_calendar(plan, [*booked, proposed])
    already = {violation.key for violation in find_violations(cal, booked)}
    nearest = _nearest_adding_nothing(cal, booked, proposed, already, count, booked)
    added = [v for v in find_violations(cal, [*booked, proposed]) if v.key not in already]
    return ProposedCheck(
        date=proposed,
        ok=bool(nearest) and nearest[0] == proposed,
        violations=added,
        nearest_valid=nearest,
        # The proposed session is the trial when it is its block's first and nothing came shortly
        # before it (the first session at all, or after a pause longer than retrial_after_days).
        trial=is_block_trial(cal, sorted([*booked, proposed]), proposed),
    )


def screening_warnings(plan: Plan) -> list[str]:
    """Rule 13 in words: red flags mean seek care, contraindications mean clinician clearance."""
    screening = plan.athlete.screening
    warnings = [
        f"red flag in screening ({name.replace('_', ' ')}): do not plan dry needling; seek medical care "
        f"first (rule 13)"
        for name in screening.RED_FLAGS
        if getattr(screening, name)
    ]
    warnings += [
        f"screening: {name.replace('_', ' ')}: every session needs clinician clearance before needling "
        "(rule 13)"
        for name in screening.CONTRAINDICATIONS
        if getattr(screening, name)
    ]
    return warnings


def check_dates(plan: Plan, dates: list[dt.date]) -> CheckReport:
    """Check session dates against every hard rule; say what is broken and where to move."""
    cal = read_calendar(plan, dates)
    violations = find_violations(cal, dates)
    pinned = {pin.date for pin in plan.pinned}
    for violation in violations:
        held = [date for date in violation.session_dates if date in pinned]
        if held:
            # Rule 14: a pinned session that breaks a rule must say so, not silently stay.
            violation.why += f"; {cal.day(held[0])} is pinned, so unpin it or relax the rule"
    moved = sorted({date for violation in violations for date in violation.session_dates})
    alternatives = {date: _replacements(cal, dates, date, violations, 3) for date in moved}
    return CheckReport(
        dates=list(dates),
        ok=not violations,
        violations=violations,
        alternatives=alternatives,
        warnings=screening_warnings(plan),
    )
