"""Read an iCalendar training feed (Google Calendar, TrainingPeaks, Final Surge, our own export).

Parsing is the `icalendar` library's; recurring events (RRULE, EXDATE, RDATE, moved instances)
are expanded by `recurring_ical_events`, which also applies Google's X-WR-TIMEZONE. This module
only decides which occurrences belong to the training block and on which local day each falls.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from planner.errors import PlannerInputError
from planner.importers.entries import CalendarData, CalendarEntry, SessionInfo
from planner.importers.keywords import WORKOUT_KINDS
from planner.plan import Purpose

# Recurring series are expanded this far past the calendar's first event before the block's span
# is known; a training block plus its season fits easily.
EXPANSION_HORIZON = dt.timedelta(days=3 * 366)
# A calendar whose only events repeat forever has no span of its own: import this much of it.
OPEN_ENDED_WEEKS = 26
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
_EXPORTED_DISTANCE = re.compile(r"Distance: (\d+(?:\.\d+)?) km")
_EXPORTED_DURATION = re.compile(r"Duration: (\d+) min")
_PURPOSES: tuple[str, ...] = Purpose.__args__  # type: ignore[attr-defined]


def resolve_timezone(name: str) -> str | None:
    """An IANA name for a TZID as calendars write it (IANA, Outlook/Windows, '/mozilla.org/.../X/Y')."""
    name = name.strip()
    candidates = [name, WINDOWS_TO_OLSON.get(name, "")]
    parts = name.strip("/").split("/")
    candidates += ["/".join(parts[-2:]), "/".join(parts[-3:])]
    for candidate in candidates:
        if not candidate:
            continue
        try:
            ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return candidate
    return None


def _text(component: icalendar.Component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value).strip()


def _calendar_timezone(calendar: icalendar.Calendar, warnings: list[str]) -> str:
    declared = [_text(calendar, "X-WR-TIMEZONE")]
    declared += [_text(tz, "TZID") for tz in calendar.walk("VTIMEZONE")]
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is not None and getattr(start, "params", None) and "TZID" in start.params:
            declared.append(str(start.params["TZID"]))
    for name in filter(None, declared):
        resolved = resolve_timezone(name)
        if resolved:
            return resolved
        warnings.append(f"unknown timezone {name!r} in the calendar; using UTC")
    return "UTC"


def _summary(event: icalendar.Component) -> str:
    return _text(event, "SUMMARY")


def _check_event(event: icalendar.Component, source: str) -> None:
    """icalendar keeps unparseable values as vBroken: turn the ones we need into one clear line."""
    summary = _summary(event) or "(no title)"
    for name, message in getattr(event, "errors", []):
        if name in _TIME_PROPERTIES:
            raise PlannerInputError(f"event {summary!r}: bad {name} ({message})", source=source)
    if event.get("DTSTART") is None:
        raise PlannerInputError(f"event {summary!r} has no DTSTART", source=source)


def _local(value: dt.date, tz: ZoneInfo) -> tuple[dt.date, dt.time | None]:
    """The day (and start time) the runner sees: aware times in the plan's zone, floating as is."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz)
        return value.date(), value.time().replace(tzinfo=None, microsecond=0)
    return value, None


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


def _series_key(event: icalendar.Component) -> str:
    return _text(event, "UID") or f"no-uid:{_summary(event)}"


def _open_ended(events: Iterable[icalendar.Component]) -> set[str]:
    """Series that repeat forever (RRULE with neither UNTIL nor COUNT): they cannot set the span."""
    keys = set()
    for event in events:
        rules = event.get("RRULE")
        if rules is None:
            continue
        for rule in rules if isinstance(rules, list) else [rules]:
            if "UNTIL" not in rule and "COUNT" not in rule:
                keys.add(_series_key(event))
    return keys


def _is_multi_day(start: dt.date, end: dt.date | None) -> bool:
    """Week banners and other spans: longer than one all-day day, or a timed event over 24 h."""
    if end is None:
        return False
    if isinstance(start, dt.datetime):
        return end - start > dt.timedelta(hours=24)
    return (end - start).days > 1


def _occurrences(
    calendar: icalendar.Calendar, source: str, tz: ZoneInfo, race: dt.date | None, warnings: list[str]
) -> list[icalendar.Component]:
    events = calendar.walk("VEVENT")
    for event in events:
        _check_event(event, source)
    if not events:
        return []
    first = min(_local(event["DTSTART"].dt, tz)[0] for event in events)
    try:
        occurrences = list(recurring_ical_events.of(calendar).between(first, first + EXPANSION_HORIZON))
    except Exception as exc:  # the library raises many kinds for a broken series
        raise PlannerInputError(f"cannot expand the recurring events ({exc})", source=source) from None
    open_ended = _open_ended(events)
    bounded: list[dt.date] = []
    for occurrence in occurrences:
        if _series_key(occurrence) in open_ended:
            continue
        start = occurrence["DTSTART"].dt
        bounded.append(_local(start, tz)[0])
        end = _end(occurrence, start)
        if end is not None and _is_multi_day(start, end):
            bounded.append(_local(end, tz)[0] - dt.timedelta(days=0 if isinstance(end, dt.datetime) else 1))
    if race is not None:
        bounded.append(race)
    if bounded:
        low, high = min(bounded), max(bounded)
    else:
        low = min(_local(o["DTSTART"].dt, tz)[0] for o in occurrences) if occurrences else first
        high = low + dt.timedelta(weeks=OPEN_ENDED_WEEKS, days=-1)
        warnings.append(
            f"every event repeats without an end: imported {OPEN_ENDED_WEEKS} weeks ({low} to {high}); "
            "give --race DATE to set the block's end"
        )
    return [o for o in occurrences if low <= _local(o["DTSTART"].dt, tz)[0] <= high]


def _categories(event: icalendar.Component) -> list[str]:
    try:
        return [str(c) for c in event.categories]
    except (AttributeError, TypeError, ValueError):
        return [_text(event, "CATEGORIES")]


def _session(event: icalendar.Component, summary: str, warnings: list[str]) -> SessionInfo:
    purpose = _text(event, "X-PLANNER-PURPOSE").lower().replace("-", "_") or None
    if purpose is not None and purpose not in _PURPOSES:
        warnings.append(f"session {summary!r}: unknown X-PLANNER-PURPOSE {purpose!r} ignored")
        purpose = None
    try:
        sequence = int(_text(event, "SEQUENCE") or 0)
    except ValueError:
        sequence = 0
    modified = event.get("LAST-MODIFIED")
    last_modified = modified.dt if modified is not None and isinstance(modified.dt, dt.datetime) else None
    return SessionInfo(
        uid=_text(event, "UID") or None,
        sequence=max(sequence, 0),
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


def _entry(event: icalendar.Component, tz: ZoneInfo, warnings: list[str]) -> CalendarEntry | None:
    if _text(event, "STATUS").upper() == "CANCELLED":
        return None
    planner_kind = _text(event, "X-PLANNER-KIND").lower()
    if planner_kind == "reassess":
        return None
    start = event["DTSTART"].dt
    end = _end(event, start)
    if _is_multi_day(start, end):
        return None
    day, time = _local(start, tz)
    summary = _summary(event)
    duration = None
    if isinstance(start, dt.datetime) and end is not None and end > start:
        duration = int((end - start).total_seconds() // 60)
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
                f"event {summary!r} on {day}: unknown X-PLANNER-WORKOUT-KIND {stated!r}; read the title"
            )
    return CalendarEntry(
        date=day,
        title=summary,
        description=description,
        time=time,
        duration_min=duration,
        distance_km=distance,
        where=f"event {summary!r} on {day.isoformat()}",
        kind=kind,
        session=session,
    )


def read_ics(
    text: str, source: str, *, timezone: str | None = None, race: dt.date | None = None
) -> CalendarData:
    """The events of an .ics file as entries on local dates, in the plan's timezone."""
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise PlannerInputError("not an iCalendar file (no BEGIN:VCALENDAR line)", source=source)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError for broken files
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PlannerInputError(f"not a valid iCalendar file ({detail})", source=source) from None
    warnings: list[str] = []
    if timezone is not None:
        zone_name = resolve_timezone(timezone)
        if zone_name is None:
            raise PlannerInputError(
                f"unknown timezone {timezone!r} (use an IANA name like Europe/Berlin)", source=source
            )
    else:
        zone_name = _calendar_timezone(calendar, warnings)
    tz = ZoneInfo(zone_name)
    entries = []
    for occurrence in _occurrences(calendar, source, tz, race, warnings):
        entry = _entry(occurrence, tz, warnings)
        if entry is not None:
            entries.append(entry)
    entries.sort(key=lambda e: (e.date, e.time or dt.time.min))
    name = _text(calendar, "X-WR-CALNAME") or None
    return CalendarData(entries=entries, name=name, timezone=zone_name, warnings=warnings)
