"""Repeating events (RRULE, RDATE, EXDATE, moved instances) expanded inside the block, within bounds.

recurring-ical-events does the expanding; this module decides over which span, and refuses what
would cost too much (issue 13): a series that repeats more than `MAX_PER_DAY` times a day
(FREQ=SECONDLY, a BYMINUTE list) is skipped with one grouped warning, a series begun so long
before the block that walking to it would take more than `MAX_WALK` steps is skipped too, and a
calendar that would expand to more than `MAX_OCCURRENCES` events is refused with one line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import icalendar
import recurring_ical_events

from planner.errors import PlannerInputError
from planner.importers.entries import shorten

MAX_OCCURRENCES = 20_000  # events after expanding repeats inside the block
MAX_PER_DAY = 3  # occurrences a day one series may produce
# How far past its first event a calendar is read when only open-ended series say how long it is.
OPEN_ENDED_WEEKS = 26
# Repeats are expanded over the block's span, at most this long.
MAX_EXPANSION_DAYS = 2 * 366
# A series that began this long before the calendar's first single event does not move its start.
LEAD_DAYS = 366
# Expanding a series walks every occurrence from its DTSTART: a daily series begun a century
# before the block is skipped rather than walked.
MAX_WALK = 20_000
_SUB_DAILY = {"SECONDLY", "MINUTELY", "HOURLY"}
_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30, "YEARLY": 365}


def prop_text(component: icalendar.Component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value).strip()


def summary(event: icalendar.Component) -> str:
    return prop_text(event, "SUMMARY")


def event_name(event: icalendar.Component) -> str:
    return f"event {shorten(summary(event) or '(no title)')!r}"


def day_of(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def rules_of(event: icalendar.Component) -> list:
    rules = event.get("RRULE")
    if rules is None:
        return []
    return rules if isinstance(rules, list) else [rules]


def _per_day(rule) -> float:
    """An upper bound on how many occurrences a day one RRULE makes."""
    freq = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
    if freq in _SUB_DAILY:
        return float("inf")
    multiplier = 1
    for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        multiplier *= max(1, len(rule.get(part) or []))
    if freq == "DAILY":
        return multiplier
    return (
        multiplier
        * max(1, len(rule.get("BYDAY") or []), len(rule.get("BYMONTHDAY") or []))
        / _PERIOD_DAYS.get(freq, 1)
        * max(1, len(rule.get("BYMONTH") or []) if freq == "YEARLY" else 1)
    )


def _series_end(event: icalendar.Component, start: dt.date, cap: dt.date) -> dt.date | None:
    """The last day a bounded series reaches (estimated from COUNT, never past `cap`); None if open."""
    ends = []
    for rule in rules_of(event):
        until = rule.get("UNTIL")
        count = rule.get("COUNT")
        if until:
            ends.append(min(day_of(until[0]), cap))
        elif count:
            freq = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
            interval = int((rule.get("INTERVAL") or [1])[0] or 1)
            span = int(count[0]) * interval * _PERIOD_DAYS.get(freq, 1)
            ends.append(
                min(start + dt.timedelta(days=min(span, (cap - start).days)), cap) if start <= cap else cap
            )
        else:
            return None
    return max(ends) if ends else None


@dataclass
class Window:
    first: dt.date
    last: dt.date
    note: str = ""


def window(
    events: list[icalendar.Component], race: dt.date | None, skipped: set[str]
) -> tuple[Window | None, list[icalendar.Component]]:
    """The span to expand repeats over, and the series to expand.

    The single events say how long the block is: repeating events fill it in but never stretch it
    (a daily easy run with COUNT=10000000 stops at the race). A series that started more than
    `LEAD_DAYS` before the first single event (a club run every Tuesday since 2019) does not
    move the block's start. A calendar of repeating events only is read from its first event to
    the last day its bounded series reach, or to the race (`--race`), or `OPEN_ENDED_WEEKS` when
    they never end.
    """
    single: list[dt.date] = []
    series: list[tuple[icalendar.Component, dt.date]] = []
    for event in events:
        day = day_of(event["DTSTART"].dt)
        if rules_of(event) or event.get("RDATE") is not None:
            if uid(event) not in skipped:
                series.append((event, day))
        elif event.get("RECURRENCE-ID") is None:
            single.append(day)
    if not single and not series:
        return None, []
    extra = [race] if race is not None else []
    if single:
        lead = min(single) - dt.timedelta(days=LEAD_DAYS)
        first = min([*single, *(day for _, day in series if day >= lead)])
        return Window(first, max([*single, *extra])), [e for e, _ in series]
    first = min(day for _, day in series)
    cap = first + dt.timedelta(days=MAX_EXPANSION_DAYS)
    ends = [
        end for event, day in series if rules_of(event) and (end := _series_end(event, day, cap)) is not None
    ]
    if ends:
        return Window(first, max([*ends, *extra])), [e for e, _ in series]
    if race is not None:
        return Window(first, race), [e for e, _ in series]
    last = first + dt.timedelta(weeks=OPEN_ENDED_WEEKS, days=-1)
    note = (
        f"every event repeats without an end: read {OPEN_ENDED_WEEKS} weeks ({first} to {last}); "
        "give the goal race (--race DATE, or the app's A race date) to set the block's end"
    )
    return Window(first, last, note), [e for e, _ in series]


def uid(event: icalendar.Component) -> str:
    return prop_text(event, "UID") or f"no-uid:{summary(event)}"


def _fast_series(events: list[icalendar.Component]) -> dict[str, str]:
    """UID -> 'FREQ=...' for series that repeat more than MAX_PER_DAY times a day."""
    fast = {}
    for event in events:
        for rule in rules_of(event):
            if _per_day(rule) > MAX_PER_DAY:
                fast[uid(event)] = f"{summary(event) or '(no title)'} (FREQ={(rule.get('FREQ') or ['?'])[0]})"
    return fast


def _broken_series(events: list[icalendar.Component]) -> dict[str, str]:
    """UID -> 'title (INTERVAL=0)' for series whose RRULE no expander can walk: an INTERVAL or a
    COUNT below 1 (dateutil loops for ever on INTERVAL=0)."""
    broken = {}
    for event in events:
        for rule in rules_of(event):
            for part in ("INTERVAL", "COUNT"):
                values = rule.get(part) or []
                if values and not (isinstance(values[0], int) and values[0] >= 1):
                    broken[uid(event)] = (
                        f"{summary(event) or '(no title)'} ({part}={shorten(str(values[0]), 12)})"
                    )
    return broken


def _old_series(series: list[icalendar.Component], span: Window) -> dict[str, str]:
    """UID -> 'title (since DATE)' for series whose walk from DTSTART to the block is too long."""
    old = {}
    for event in series:
        start = day_of(event["DTSTART"].dt)
        walk = (
            max(_per_day(rule) for rule in rules_of(event)) * (span.last - start).days
            if rules_of(event)
            else 0
        )
        if walk > MAX_WALK:
            old[uid(event)] = f"{summary(event) or '(no title)'} (since {start})"
    return old


def _estimate(series: list[icalendar.Component], span: Window, single: int) -> float:
    days = (span.last - span.first).days + 1
    total = float(single)
    for event in series:
        rdates = event.get("RDATE")
        total += sum(len(r.dts) for r in (rdates if isinstance(rdates, list) else [rdates])) if rdates else 0
        for rule in rules_of(event):
            total += _per_day(rule) * days + 1
    return total


def _keep(calendar: icalendar.Calendar, dropped: set[str]) -> icalendar.Calendar:
    """A copy of the calendar without the series in `dropped` (by UID)."""
    if not dropped:
        return calendar
    kept = icalendar.Calendar()
    for key, value in calendar.items():
        kept[key] = value
    for component in calendar.subcomponents:
        if component.name == "VEVENT" and uid(component) in dropped:
            continue
        kept.add_component(component)
    return kept


@dataclass
class Expansion:
    """The block's span in the file's own dates, the occurrences inside it, and what was skipped."""

    window: Window | None
    occurrences: list[icalendar.Component] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def _skipped(what: dict[str, str], said: str) -> str:
    names = ", ".join(shorten(name, 50) for name in list(what.values())[:3])
    more = f" and {len(what) - 3} more" if len(what) > 3 else ""
    return f"{len(what)} repeating events {said} and were skipped: {names}{more}"


def expand(
    calendar: icalendar.Calendar, events: list[icalendar.Component], race: dt.date | None, source: str
) -> Expansion:
    """Every occurrence inside the block (module docstring)."""
    broken = _broken_series(events)
    fast = {key: name for key, name in _fast_series(events).items() if key not in broken}
    found = Expansion(window=None)
    if broken:
        found.warnings.append(_skipped(broken, "have an RRULE no calendar can repeat"))
    if fast:
        found.warnings.append(_skipped(fast, f"repeat more than {MAX_PER_DAY} times a day"))
    fast |= broken
    span, series = window(events, race, set(fast))
    if span is None:
        return found
    found.window = span
    old = _old_series(series, span)
    if old:
        found.warnings.append(_skipped(old, "began long before the calendar's other events"))
        series = [event for event in series if uid(event) not in old]
    if span.note:
        found.warnings.append(span.note)
    single = sum(1 for e in events if not rules_of(e) and e.get("RDATE") is None)
    if _estimate(series, span, single) > MAX_OCCURRENCES:
        raise PlannerInputError(
            f"the repeating events would make more than {MAX_OCCURRENCES} events between {span.first} "
            f"and {span.last}: not a training calendar",
            source=source,
        )
    try:
        query = recurring_ical_events.of(_keep(calendar, set(fast) | set(old)))
        occurrences = query.between(span.first - dt.timedelta(days=1), span.last + dt.timedelta(days=2))
    except Exception as exc:  # the library raises many kinds for a broken series
        raise PlannerInputError(
            f"cannot expand the repeating events ({shorten(str(exc) or type(exc).__name__, 100)})",
            source=source,
        ) from None
    if len(occurrences) > MAX_OCCURRENCES:
        raise PlannerInputError(f"more than {MAX_OCCURRENCES} events in the block", source=source)
    # The span is in the file's own dates; the local date may be a day either side (a 06:00 run
    # in Auckland is the previous day in UTC).
    found.occurrences = [o for o in occurrences if span.first <= day_of(o["DTSTART"].dt) <= span.last]
    repeating = sum(1 for e in events if rules_of(e))
    if repeating:
        found.details.append(f"{repeating} repeating events expanded from {span.first} to {span.last}")
    return found
