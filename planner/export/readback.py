"""What an exported calendar says about its plan, and reading that back.

Every export carries, on the VCALENDAR, the plan's identity and the settings it was planned
with (never the focus, screening answers or notes, which stay in the plan file):

    X-PLANNER-PLAN-ID     the plan id (the UIDs are built from it)
    X-PLANNER-PLAN-NAME   the plan's name
    X-PLANNER-ATHLETE     the runner's name
    X-PLANNER-SETTINGS    JSON: races, clinic, rules, budget, start, end, pins, forbidden days,
                          keywords, and the runner's timezone, unavailable days and weekdays

and on each session `X-PLANNER-DATE`, the date the planner gave it. `restore_plan` is the one
place the importer calls (`planner optimize exported.ics`): the plan keeps its id, name, runner,
timezone and settings, a session whose DTSTART no longer matches its X-PLANNER-DATE was moved by
the runner and becomes a pin, the other sessions stay free to move (the next export's history
keeps them in place), and the whole history comes back for the next export. A sessions-only
export has no training to plan around, so there every session stays pinned.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import icalendar
from pydantic import ValidationError

from planner.errors import PlannerInputError, invalid_input
from planner.export.identity import (
    DATE_PROPERTY,
    KIND_PROPERTY,
    PLAN_PROPERTY,
    parse_calendar,
    read_export_state,
    timing,
)
from planner.plan import PLAN_ID_PATTERN, Plan

PLAN_ID_PROPERTY = "X-PLANNER-PLAN-ID"
PLAN_NAME_PROPERTY = "X-PLANNER-PLAN-NAME"
ATHLETE_PROPERTY = "X-PLANNER-ATHLETE"
SETTINGS_PROPERTY = "X-PLANNER-SETTINGS"
# What the settings hold: everything the solver reads except the training (the workouts are
# events of their own) and the health fields.
SETTINGS_FIELDS = frozenset(
    {"races", "clinic", "rules", "budget", "start", "end", "pinned", "forbidden", "keywords"}
)
ATHLETE_SETTINGS = frozenset({"timezone", "unavailable", "preferred_weekdays"})
MOVED_NOTE = "moved in your calendar"


def plan_properties(plan: Plan, pid: str) -> list[tuple[str, str]]:
    """The VCALENDAR properties that let `restore_plan` rebuild the plan from an export."""
    settings: dict[str, Any] = {}
    for name in sorted(SETTINGS_FIELDS):
        value = getattr(plan, name)
        dumped = (
            value.model_dump(mode="json", exclude_defaults=True)
            if hasattr(value, "model_dump")
            else plan.model_dump(mode="json", include={name})[name]
        )
        settings[name] = dumped
    settings["athlete"] = plan.athlete.model_dump(mode="json", include=set(ATHLETE_SETTINGS))
    text = json.dumps(settings, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # vText: RFC 5545 TEXT escaping of , ; \ and newlines (icalendar writes a plain str raw).
    return [
        (PLAN_ID_PROPERTY, icalendar.vText(pid)),
        (PLAN_NAME_PROPERTY, icalendar.vText(plan.name)),
        (ATHLETE_PROPERTY, icalendar.vText(plan.athlete.name)),
        (SETTINGS_PROPERTY, icalendar.vText(text)),
    ]


def text_value(component: Any, name: str) -> str:
    """An X- TEXT property as written: icalendar hands unknown properties back still escaped."""
    raw = str(component.get(name, ""))
    out, chars = [], iter(raw)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, "")
        out.append("\n" if following in "nN" else following)
    return "".join(out)


def restore_plan(plan: Plan, data: bytes | str, source: str) -> Plan:
    """`plan` (as the importer read `data`) with what the export says about itself; unchanged
    when `data` is not a calendar this planner exported."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if b"X-PLANNER-PLAN" not in raw or b"BEGIN:VCALENDAR" not in raw[:4096].upper():
        return plan  # the common case, a training feed or a CSV: no second parse
    cal = parse_calendar(raw, source)
    events = [e for e in cal.walk("VEVENT") if str(e.get(KIND_PROPERTY, ""))]
    pid = text_value(cal, PLAN_ID_PROPERTY) or next(
        (str(e[PLAN_PROPERTY]) for e in events if PLAN_PROPERTY in e), ""
    )
    if not pid:
        return plan
    update: dict[str, Any] = plan.model_dump()
    if re.match(PLAN_ID_PATTERN, pid):
        update["id"] = pid
    if PLAN_NAME_PROPERTY in cal:
        update["name"] = text_value(cal, PLAN_NAME_PROPERTY)
    if ATHLETE_PROPERTY in cal:
        update["athlete"]["name"] = text_value(cal, ATHLETE_PROPERTY)
    settings = _settings(cal, source)
    zone = (settings.get("athlete") or {}).get("timezone") or plan.athlete.timezone
    if settings:
        # Without workouts in the file there is no training to plan around: every session the
        # importer pinned stays pinned.
        kept = [pin.model_dump() for pin in plan.pinned] if not plan.training else []
        _apply_settings(update, settings, _moved_sessions(events, zone), kept)
    # The whole history (the importer keeps only live sessions, without fingerprints), plus the
    # dry-needling sessions the importer found that another app created.
    history = read_export_state(raw, source)
    known = {entry.uid for entry in history}
    history += [entry for entry in plan.exported if entry.uid not in known]
    update["exported"] = [entry.model_dump() for entry in history]
    try:
        return Plan.model_validate(update)
    except ValidationError as error:
        raise invalid_input(error, source=source, prefix="exported plan settings: ") from None


def _settings(cal: Any, source: str) -> dict[str, Any]:
    if SETTINGS_PROPERTY not in cal:
        return {}
    try:
        settings = json.loads(text_value(cal, SETTINGS_PROPERTY))
    except ValueError:
        raise PlannerInputError(f"{SETTINGS_PROPERTY} is not valid JSON", source=source) from None
    if not isinstance(settings, dict):
        raise PlannerInputError(f"{SETTINGS_PROPERTY} is not a JSON object", source=source)
    return settings


def _moved_sessions(events: list, zone: str) -> dict[dt.date, tuple[dt.date, str | None]]:
    """{date the planner gave: (date in the calendar now, purpose)} for every live session."""
    moved: dict[dt.date, tuple[dt.date, str | None]] = {}
    for event in events:
        if str(event.get(KIND_PROPERTY)) != "session" or DATE_PROPERTY not in event:
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        try:
            planned = dt.datetime.strptime(str(event[DATE_PROPERTY]), "%Y%m%d").date()
        except ValueError:
            continue
        now_on = timing(event, zone)[0]
        moved[planned] = (now_on, str(event.get("X-PLANNER-PURPOSE", "")) or None)
    return moved


def _apply_settings(
    update: dict[str, Any],
    settings: dict[str, Any],
    sessions: dict[dt.date, tuple[dt.date, str | None]],
    kept: list[dict[str, Any]],
) -> None:
    athlete = settings.get("athlete") or {}
    update["athlete"].update({k: v for k, v in athlete.items() if k in ATHLETE_SETTINGS})
    for name in SETTINGS_FIELDS - {"start", "end", "pinned"}:
        if name in settings:
            update[name] = settings[name]
    for name in ("start", "end"):
        if settings.get(name) is not None:
            update[name] = settings[name]
    # Pins: the plan's own (moved along when the runner moved that session), and every session
    # the runner moved. The sessions left where the planner put them are not pinned: the next
    # export's history keeps them in place unless a rule needs them to move.
    pins: dict[str, dict[str, Any]] = {str(pin["date"]): {**pin, "date": str(pin["date"])} for pin in kept}
    for pin in settings.get("pinned") or []:
        planned = dt.date.fromisoformat(pin["date"])
        now_on = sessions.get(planned, (planned, None))[0]
        pins[now_on.isoformat()] = {**pin, "date": now_on.isoformat()}
    for planned, (now_on, purpose) in sessions.items():
        if now_on != planned and now_on.isoformat() not in pins:
            pins[now_on.isoformat()] = {"date": now_on.isoformat(), "purpose": purpose, "note": MOVED_NOTE}
    update["pinned"] = sorted(pins.values(), key=lambda pin: pin["date"])
    # A session moved onto a forbidden day: the runner's move is the newer word.
    update["forbidden"] = [day for day in update.get("forbidden", []) if str(day) not in pins]
