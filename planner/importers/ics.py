"""Read an iCalendar training feed (Google, Apple, Outlook, Thunderbird, TrainingPeaks, Final Surge,
Runna, Garmin, plan generators, our own export).

Parsing is icalendar's; repeating events are expanded inside the block and within bounds by
`repeats.py`; `zones.py` says which zone dates are local to. This module turns each occurrence
into an entry on the runner's local day: cancelled events, week banners and our own exported
sessions are marked for the builder, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import icalendar

from planner.errors import PlannerInputError
from planner.importers.entries import (
    CalendarData,
    CalendarEntry,
    SessionInfo,
    check_year,
    shorten,
)
from planner.importers.repeats import day_of, event_name, expand, prop_text, rules_of, summary
from planner.importers.text import number_unit
from planner.importers.vocabulary import fold, vocabulary
from planner.importers.zones import Zone, check_timezones, choose_zone, fix_custom, own_timezones, tzid_of
from planner.plan import WORKOUT_KINDS, Purpose

# A training calendar holds a few events a day; these bounds keep hostile files cheap.
MAX_EVENTS = 50_000  # VEVENT components in one file
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
_EXPORTED_DISTANCE = re.compile(r"Distance: (\d+(?:\.\d+)?) km")
_EXPORTED_DURATION = re.compile(r"Duration: (\d+) min")
_PURPOSES: tuple[str, ...] = Purpose.__args__  # type: ignore[attr-defined]


def _check_event(event: icalendar.Component, source: str) -> None:
    """icalendar keeps unparseable values as vBroken: turn the ones we need into one clear line."""
    for name, message in getattr(event, "errors", []):
        if name in _TIME_PROPERTIES:
            raise PlannerInputError(
                f"{event_name(event)}: bad {name} ({shorten(str(message), 80)})", source=source
            )
    start = event.get("DTSTART")
    if start is None:
        raise PlannerInputError(f"{event_name(event)} has no DTSTART", source=source)
    check_year(day_of(start.dt), f"{event_name(event)}: DTSTART", source)
    end = event.get("DTEND")
    if end is not None and isinstance(end.dt, dt.date):
        check_year(day_of(end.dt), f"{event_name(event)}: DTEND", source)
    for rule in rules_of(event):
        until = rule.get("UNTIL")
        for value in until or []:
            if isinstance(value, dt.date):
                check_year(day_of(value), f"{event_name(event)}: RRULE UNTIL", source)


def _categories(event: icalendar.Component) -> list[str]:
    try:
        return [str(c) for c in event.categories]
    except (AttributeError, TypeError, ValueError):
        return [prop_text(event, "CATEGORIES")]


def _session(event: icalendar.Component, title: str, warnings: list[str]) -> SessionInfo:
    purpose = prop_text(event, "X-PLANNER-PURPOSE").lower().replace("-", "_") or None
    if purpose is not None and purpose not in _PURPOSES:
        warnings.append(f"session {shorten(title)!r}: unknown X-PLANNER-PURPOSE {shorten(purpose)!r} ignored")
        purpose = None
    try:
        sequence = int(prop_text(event, "SEQUENCE") or 0)
    except ValueError:
        sequence = 0
    modified = event.get("LAST-MODIFIED")
    last_modified = modified.dt if modified is not None and isinstance(modified.dt, dt.datetime) else None
    return SessionInfo(
        uid=prop_text(event, "UID") or None,
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


def _is_session(event: icalendar.Component, planner_kind: str, title: str) -> bool:
    if planner_kind == "session":
        return True
    if title.lower().startswith("dry needling"):
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
    planner_kind = prop_text(event, "X-PLANNER-KIND").lower()
    if planner_kind == "reassess":
        return None
    start = event["DTSTART"].dt
    end = _end(event, start)
    day, time = _local(start, zone, own)
    title = summary(event)
    ignore = None
    if prop_text(event, "STATUS").upper() == "CANCELLED":
        ignore = "cancelled"
    elif _is_multi_day(start, end):
        ignore = "multi_day"
    duration = None
    if isinstance(start, dt.datetime) and end is not None and end > start and not ignore:
        duration = min(int((end - start).total_seconds() // 60), 24 * 60)
    session = _session(event, title, warnings) if _is_session(event, planner_kind, title) else None
    description = prop_text(event, "DESCRIPTION")
    distance = None
    kind = None
    if planner_kind == "workout":
        description, distance, stated_minutes = _exported_details(description)
        duration = duration if duration is not None else stated_minutes
        stated = prop_text(event, "X-PLANNER-WORKOUT-KIND").lower()
        if stated in WORKOUT_KINDS:
            kind = stated
        elif stated:
            warnings.append(
                f"{event_name(event)} on {day}: unknown X-PLANNER-WORKOUT-KIND {shorten(stated)!r}; read the title"
            )
    sport, label = _sport(event)
    return CalendarEntry(
        date=day,
        title=title,
        description=description,
        time=time,
        duration_min=duration,
        distance_km=distance,
        where=f"{event_name(event)} on {day.isoformat()}",
        kind=kind,
        sport=sport,
        sport_label=label,
        ignore=ignore,
        session=session,
    )


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
    check_timezones(calendar, source)
    expansion = expand(calendar, events, race, source)
    window = expansion.window
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
    warnings = expansion.warnings
    entries = [
        entry
        for occurrence in expansion.occurrences
        if (entry := _entry(occurrence, zone, own, warnings)) is not None
    ]
    entries.sort(key=lambda e: (e.date, e.time or dt.time.min))
    timed = [e for e in entries if e.time is not None]
    reason = zone.reason
    if zone.name == "UTC" and timezone is None:
        reason += (
            f"; {len(timed)} timed events read in UTC: give the runner's timezone (--timezone ZONE, or the app's "
            "timezone field) if they are elsewhere"
            if timed
            else "; all-day events, dates as written"
        )
    name = prop_text(calendar, "X-WR-CALNAME") or None
    return CalendarData(
        entries=entries,
        name=shorten(name, 100) if name else None,
        timezone=zone.name,
        timezone_reason=reason,
        format="iCalendar",
        details=expansion.details,
        warnings=warnings,
        number_unit=number_unit([e.title for e in entries]),
    )
