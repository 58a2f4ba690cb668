"""Read an iCalendar training feed (Google, Apple, Outlook, Thunderbird, TrainingPeaks, Final Surge,
Runna, Garmin, plan generators, our own export).

Parsing is icalendar's; repeating events (RRULE, RDATE, EXDATE, moved instances) are expanded by
recurring-ical-events, but only inside the calendar's own span and within bounds, so that a
FREQ=SECONDLY rule or a COUNT in the millions costs nothing (issue 13): a series that repeats more
than `MAX_PER_DAY` times a day is skipped with one grouped warning, and a calendar that would
expand to more than `MAX_OCCURRENCES` events is refused with one line. This module decides which
occurrences belong to the block and on which local day each falls (`zones.py` says which zone).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

import icalendar
import recurring_ical_events

from planner.errors import PlannerInputError
from planner.importers.entries import (
    CalendarData,
    CalendarEntry,
    SessionInfo,
    check_year,
    shorten,
)
from planner.importers.vocabulary import fold, vocabulary
from planner.importers.zones import Zone, choose_zone, fix_custom, own_timezones, tzid_of
from planner.plan import WORKOUT_KINDS, Purpose

# A training calendar holds a few events a day; these bounds keep hostile files cheap.
MAX_EVENTS = 50_000  # VEVENT components in one file
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
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
_EXPORTED_DISTANCE = re.compile(r"Distance: (\d+(?:\.\d+)?) km")
_EXPORTED_DURATION = re.compile(r"Duration: (\d+) min")
_PURPOSES: tuple[str, ...] = Purpose.__args__  # type: ignore[attr-defined]
_SUB_DAILY = {"SECONDLY", "MINUTELY", "HOURLY"}
_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30, "YEARLY": 365}


def _text(component: icalendar.Component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value).strip()


def _summary(event: icalendar.Component) -> str:
    return _text(event, "SUMMARY")


def _name(event: icalendar.Component) -> str:
    return f"event {shorten(_summary(event) or '(no title)')!r}"


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _check_event(event: icalendar.Component, source: str) -> None:
    """icalendar keeps unparseable values as vBroken: turn the ones we need into one clear line."""
    for name, message in getattr(event, "errors", []):
        if name in _TIME_PROPERTIES:
            raise PlannerInputError(
                f"{_name(event)}: bad {name} ({shorten(str(message), 80)})", source=source
            )
    start = event.get("DTSTART")
    if start is None:
        raise PlannerInputError(f"{_name(event)} has no DTSTART", source=source)
    check_year(_day(start.dt), f"{_name(event)}: DTSTART", source)
    end = event.get("DTEND")
    if end is not None and isinstance(end.dt, dt.date):
        check_year(_day(end.dt), f"{_name(event)}: DTEND", source)
    for rule in _rules(event):
        until = rule.get("UNTIL")
        for value in until or []:
            if isinstance(value, dt.date):
                check_year(_day(value), f"{_name(event)}: RRULE UNTIL", source)


def _rules(event: icalendar.Component) -> list:
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
    for rule in _rules(event):
        until = rule.get("UNTIL")
        count = rule.get("COUNT")
        if until:
            ends.append(min(_day(until[0]), cap))
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
class _Window:
    first: dt.date
    last: dt.date
    note: str = ""


def _window(
    events: list[icalendar.Component], race: dt.date | None, skipped: set[str]
) -> tuple[_Window | None, list[icalendar.Component]]:
    """The span to expand repeats over, and the series to expand.

    The single events say how long the block is: repeating events fill it in but never stretch it
    (a daily easy run with COUNT=10000000 stops at the race). A series that started more than
    `LEAD_DAYS` before the first single event (a club run every Tuesday since 2019) does not
    move the block's start. A calendar of repeating events only is read from its first event to
    the last day its bounded series reach, or `OPEN_ENDED_WEEKS` when they never end.
    """
    single: list[dt.date] = []
    series: list[tuple[icalendar.Component, dt.date]] = []
    for event in events:
        day = _day(event["DTSTART"].dt)
        if _rules(event) or event.get("RDATE") is not None:
            if _uid(event) not in skipped:
                series.append((event, day))
        elif event.get("RECURRENCE-ID") is None:
            single.append(day)
    if not single and not series:
        return None, []
    extra = [race] if race is not None else []
    if single:
        lead = min(single) - dt.timedelta(days=LEAD_DAYS)
        first = min([*single, *(day for _, day in series if day >= lead)])
        return _Window(first, max([*single, *extra])), [e for e, _ in series]
    first = min(day for _, day in series)
    cap = first + dt.timedelta(days=MAX_EXPANSION_DAYS)
    ends = [
        end for event, day in series if _rules(event) and (end := _series_end(event, day, cap)) is not None
    ]
    if ends:
        return _Window(first, max([*ends, *extra])), [e for e, _ in series]
    last = first + dt.timedelta(weeks=OPEN_ENDED_WEEKS, days=-1)
    note = (
        f"every event repeats without an end: read {OPEN_ENDED_WEEKS} weeks ({first} to {last}); "
        "give --race DATE to set the block's end"
    )
    return _Window(first, max([last, *extra]), note), [e for e, _ in series]


def _uid(event: icalendar.Component) -> str:
    return _text(event, "UID") or f"no-uid:{_summary(event)}"


def _fast_series(events: list[icalendar.Component]) -> dict[str, str]:
    """UID -> 'FREQ=...' for series that repeat more than MAX_PER_DAY times a day."""
    fast = {}
    for event in events:
        for rule in _rules(event):
            if _per_day(rule) > MAX_PER_DAY:
                fast[_uid(event)] = (
                    f"{_summary(event) or '(no title)'} (FREQ={(rule.get('FREQ') or ['?'])[0]})"
                )
    return fast


def _old_series(series: list[icalendar.Component], window: _Window) -> dict[str, str]:
    """UID -> 'title (since DATE)' for series whose walk from DTSTART to the block is too long."""
    old = {}
    for event in series:
        start = _day(event["DTSTART"].dt)
        walk = (
            max(_per_day(rule) for rule in _rules(event)) * (window.last - start).days if _rules(event) else 0
        )
        if walk > MAX_WALK:
            old[_uid(event)] = f"{_summary(event) or '(no title)'} (since {start})"
    return old


def _estimate(series: list[icalendar.Component], window: _Window, single: int) -> float:
    days = (window.last - window.first).days + 1
    total = float(single)
    for event in series:
        rdates = event.get("RDATE")
        total += sum(len(r.dts) for r in (rdates if isinstance(rdates, list) else [rdates])) if rdates else 0
        for rule in _rules(event):
            total += _per_day(rule) * days + 1
    return total


def _categories(event: icalendar.Component) -> list[str]:
    try:
        return [str(c) for c in event.categories]
    except (AttributeError, TypeError, ValueError):
        return [_text(event, "CATEGORIES")]


def _session(event: icalendar.Component, summary: str, warnings: list[str]) -> SessionInfo:
    purpose = _text(event, "X-PLANNER-PURPOSE").lower().replace("-", "_") or None
    if purpose is not None and purpose not in _PURPOSES:
        warnings.append(
            f"session {shorten(summary)!r}: unknown X-PLANNER-PURPOSE {shorten(purpose)!r} ignored"
        )
        purpose = None
    try:
        sequence = int(_text(event, "SEQUENCE") or 0)
    except ValueError:
        sequence = 0
    modified = event.get("LAST-MODIFIED")
    last_modified = modified.dt if modified is not None and isinstance(modified.dt, dt.datetime) else None
    return SessionInfo(
        uid=_text(event, "UID") or None,
        sequence=min(max(sequence, 0), 2**31 - 1),
        purpose=purpose,
        last_modified=last_modified,
    )


def _exported_details(description: str) -> tuple[str, float | None, int | None]:
    """Our export appends 'Distance: 12.9 km' and 'Duration: 45 min' lines: read them back as data."""
    kept, distance, minutes = [], None, None
    for line in description.splitlines():
        found_distance = _EXPORTED_DISTANCE.fullmatch(line.strip())
        found_minutes = _EXPORTED_DURATION.fullmatch(line.strip())
        if found_distance:
            distance = float(found_distance.group(1))
        elif found_minutes:
            minutes = int(found_minutes.group(1))
        else:
            kept.append(line)
    return "\n".join(kept).strip(), distance, minutes


def _is_session(event: icalendar.Component, planner_kind: str, summary: str) -> bool:
    if planner_kind == "session":
        return True
    if summary.lower().startswith("dry needling"):
        return True
    return any("dry needling" in category.lower() for category in _categories(event))


def _end(event: icalendar.Component, start: dt.date) -> dt.date | None:
    end = event.get("DTEND")
    if end is not None:
        value = end.dt
        # A DATE start with a DATE-TIME end (or the reverse) is invalid: treat as no end.
        return value if isinstance(value, dt.datetime) == isinstance(start, dt.datetime) else None
    duration = event.get("DURATION")
    if duration is not None and isinstance(duration.dt, dt.timedelta):
        return start + duration.dt
    return None


def _is_multi_day(start: dt.date, end: dt.date | None) -> bool:
    """Week banners and holidays: longer than one all-day day, or a timed event over 24 h."""
    if end is None:
        return False
    if isinstance(start, dt.datetime):
        return end - start > dt.timedelta(hours=24)
    return (end - start).days > 1


def _local(value: dt.date, zone: Zone, own: dict) -> tuple[dt.date, dt.time | None]:
    """The day (and start time) the runner sees: aware times in the runner's zone, floating as is."""
    if isinstance(value, dt.datetime):
        value = fix_custom(value, own)
        if value.tzinfo is not None:
            value = value.astimezone(zone.tzinfo)
        return value.date(), value.time().replace(tzinfo=None, microsecond=0)
    return value, None


def _sport(event: icalendar.Component) -> tuple[str | None, str]:
    vocab = vocabulary()
    for category in _categories(event):
        folded = fold(category)
        if folded in vocab.sports:
            return vocab.sports[folded], category
        phrase = vocab.phrases.get(folded)
        if phrase is not None and phrase.meaning == "run":
            return "run", category
    return None, ""


def _entry(event: icalendar.Component, zone: Zone, own: dict, warnings: list[str]) -> CalendarEntry | None:
    planner_kind = _text(event, "X-PLANNER-KIND").lower()
    if planner_kind == "reassess":
        return None
    start = event["DTSTART"].dt
    end = _end(event, start)
    day, time = _local(start, zone, own)
    summary = _summary(event)
    ignore = None
    if _text(event, "STATUS").upper() == "CANCELLED":
        ignore = "cancelled"
    elif _is_multi_day(start, end):
        ignore = "multi_day"
    duration = None
    if isinstance(start, dt.datetime) and end is not None and end > start and not ignore:
        duration = min(int((end - start).total_seconds() // 60), 24 * 60)
    session = _session(event, summary, warnings) if _is_session(event, planner_kind, summary) else None
    description = _text(event, "DESCRIPTION")
    distance = None
    kind = None
    if planner_kind == "workout":
        description, distance, stated_minutes = _exported_details(description)
        duration = duration if duration is not None else stated_minutes
        stated = _text(event, "X-PLANNER-WORKOUT-KIND").lower()
        if stated in WORKOUT_KINDS:
            kind = stated
        elif stated:
            warnings.append(
                f"{_name(event)} on {day}: unknown X-PLANNER-WORKOUT-KIND {shorten(stated)!r}; read the title"
            )
    sport, label = _sport(event)
    return CalendarEntry(
        date=day,
        title=summary,
        description=description,
        time=time,
        duration_min=duration,
        distance_km=distance,
        where=f"{_name(event)} on {day.isoformat()}",
        kind=kind,
        sport=sport,
        sport_label=label,
        ignore=ignore,
        session=session,
    )


def _keep(calendar: icalendar.Calendar, dropped: set[str]) -> icalendar.Calendar:
    """A copy of the calendar without the series in `dropped` (by UID)."""
    if not dropped:
        return calendar
    kept = icalendar.Calendar()
    for key, value in calendar.items():
        kept[key] = value
    for component in calendar.subcomponents:
        if component.name == "VEVENT" and _uid(component) in dropped:
            continue
        kept.add_component(component)
    return kept


def read_ics(
    text: str,
    source: str,
    *,
    timezone: str | None = None,
    timezone_by: str = "--timezone",
    race: dt.date | None = None,
) -> CalendarData:
    """The events of an .ics file as entries on the runner's local dates."""
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise PlannerInputError("not an iCalendar file (no BEGIN:VCALENDAR line)", source=source)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError, RecursionError ...
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PlannerInputError(
            f"not a valid iCalendar file ({shorten(detail, 100)})", source=source
        ) from None
    if isinstance(calendar, list):
        calendar = calendar[0]
    events = calendar.walk("VEVENT")
    if len(events) > MAX_EVENTS:
        raise PlannerInputError(
            f"{len(events)} events: more than a training calendar holds ({MAX_EVENTS})", source=source
        )
    for event in events:
        _check_event(event, source)
    warnings: list[str] = []
    fast = _fast_series(events)
    if fast:
        names = ", ".join(shorten(name, 50) for name in list(fast.values())[:3])
        more = f" and {len(fast) - 3} more" if len(fast) > 3 else ""
        warnings.append(
            f"{len(fast)} repeating events repeat more than {MAX_PER_DAY} times a day and were skipped: {names}{more}"
        )
    window, series = _window(events, race, set(fast))
    old = _old_series(series, window) if window is not None else {}
    if old:
        names = ", ".join(shorten(name, 50) for name in list(old.values())[:3])
        more = f" and {len(old) - 3} more" if len(old) > 3 else ""
        warnings.append(
            f"{len(old)} repeating events began long before the calendar's other events and were skipped: "
            f"{names}{more}"
        )
        series = [event for event in series if _uid(event) not in old]
    own = own_timezones(calendar)
    # Times in UTC ("...Z") say nothing about where the runner is.
    used = Counter(
        tzid
        for event in events
        if isinstance(event["DTSTART"].dt, dt.datetime)
        and (tzid := tzid_of(event["DTSTART"].dt))
        and tzid != "UTC"
    )
    span = (window.first, window.last) if window else None
    try:
        zone = choose_zone(calendar, timezone, timezone_by, span, own, [t for t, _ in used.most_common()])
    except ValueError:
        raise PlannerInputError(
            f"unknown timezone {shorten(str(timezone))!r} (use an IANA name like Europe/Berlin)",
            source=source,
        ) from None
    entries: list[CalendarEntry] = []
    details = []
    if window is not None:
        if window.note:
            warnings.append(window.note)
        single = sum(1 for e in events if not _rules(e) and e.get("RDATE") is None)
        if _estimate(series, window, single) > MAX_OCCURRENCES:
            raise PlannerInputError(
                f"the repeating events would make more than {MAX_OCCURRENCES} events between {window.first} "
                f"and {window.last}: not a training calendar",
                source=source,
            )
        try:
            query = recurring_ical_events.of(_keep(calendar, set(fast) | set(old)))
            occurrences = query.between(
                window.first - dt.timedelta(days=1), window.last + dt.timedelta(days=2)
            )
        except Exception as exc:  # the library raises many kinds for a broken series
            raise PlannerInputError(
                f"cannot expand the repeating events ({shorten(str(exc) or type(exc).__name__, 100)})",
                source=source,
            ) from None
        if len(occurrences) > MAX_OCCURRENCES:
            raise PlannerInputError(f"more than {MAX_OCCURRENCES} events in the block", source=source)
        for occurrence in occurrences:
            # The window is in the file's own dates; the local date may be a day either side (a
            # 06:00 run in Auckland is the previous day in UTC).
            if not window.first <= _day(occurrence["DTSTART"].dt) <= window.last:
                continue
            entry = _entry(occurrence, zone, own, warnings)
            if entry is not None:
                entries.append(entry)
        repeating = sum(1 for e in events if _rules(e))
        if repeating:
            details.append(f"{repeating} repeating events expanded from {window.first} to {window.last}")
    entries.sort(key=lambda e: (e.date, e.time or dt.time.min))
    timed = [e for e in entries if e.time is not None]
    reason = zone.reason
    if zone.name == "UTC" and timezone is None:
        reason += (
            f"; {len(timed)} timed events read in UTC: give --timezone ZONE if you are elsewhere"
            if timed
            else "; all-day events, dates as written"
        )
    name = _text(calendar, "X-WR-CALNAME") or None
    return CalendarData(
        entries=entries,
        name=shorten(name, 100) if name else None,
        timezone=zone.name,
        timezone_reason=reason,
        format="iCalendar",
        details=details,
        warnings=warnings,
        number_unit=_number_unit(entries),
    )


def _number_unit(entries: list[CalendarEntry]) -> str:
    """'mi' when the titles write miles more often than km: a bare '8' is then 8 miles."""
    miles = km = 0
    for entry in entries[:2000]:
        folded = fold(entry.title[:200])
        miles += len(re.findall(r"\d\s*(?:mi|mile|miles)\b", folded))
        km += len(re.findall(r"\d\s*(?:km|k)\b", folded))
    return "mi" if miles > km else "km"
