"""Calendar identity: which event is which across exports, and whether it changed.

A session keeps the UID of the previous export's session it is matched to (an order-preserving
assignment by date and purpose, see `_match_previous`); a session with no match gets
`session-<plan>-<athlete>-<hash of its number>@planner.invalid`, the same on every export (a fresh
UID per export doubles the events on re-import, shared/TESTING.md). SEQUENCE and LAST-MODIFIED
rise only when an event's content changed (its fingerprint). Every event carries `X-PLANNER-PLAN`
so CalDAV publishing touches only this plan's events, and `X-PLANNER-KIND` so the importer reads
sessions back as pins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import get_args

import icalendar

from planner.errors import PlannerInputError
from planner.plan import ExportedSession, Plan, Purpose
from planner.schedule import Session

UID_DOMAIN = "planner.invalid"  # RFC 6761 reserved: never collides with a real host's UIDs.
KIND_PROPERTY = "X-PLANNER-KIND"
PURPOSE_PROPERTY = "X-PLANNER-PURPOSE"
PLAN_PROPERTY = "X-PLANNER-PLAN"
FINGERPRINT_PROPERTY = "X-PLANNER-FINGERPRINT"
# Properties that say when/how often an event was written, not what it is.
VOLATILE_PROPERTIES = frozenset({"DTSTAMP", "SEQUENCE", "LAST-MODIFIED", FINGERPRINT_PROPERTY})
PURPOSES = frozenset(get_args(Purpose))
# Matching a session to the previous export: leaving one unmatched costs as much as moving it
# this many days, so a moved session keeps its UID unless it moved months away.
UNMATCHED_COST_DAYS = 60
PURPOSE_CHANGE_COST_DAYS = 3
UID_PATTERN = re.compile(r"^session-(?P<plan>[0-9a-f]+)-(?P<athlete>[0-9a-f]+)-[0-9a-f]+@")


class ExportState(ExportedSession):
    """An `ExportedSession` read back from an export file, with the fingerprint of its content.

    The fingerprint lets a re-export tell a changed description or time from an unchanged one;
    state kept in `plan.exported` has none and falls back to comparing date and purpose.
    """

    fingerprint: str | None = None


def plan_id(plan: Plan) -> str:
    """Short stable id of a plan (its name and runner): scopes UIDs and CalDAV ownership."""
    return digest(plan.name, plan.athlete.name)[:10]


def read_export_state(data: bytes, source: str = "calendar") -> list[ExportedSession]:
    """The sessions (and reassess marker, purpose None) of a previous export, to pass as `previous`."""
    cal = parse_calendar(data, source)
    state: list[ExportedSession] = []
    for event in cal.walk("VEVENT"):
        kind = str(event.get(KIND_PROPERTY, ""))
        if kind not in ("session", "reassess") or "UID" not in event:
            continue
        start = event.decoded("DTSTART")
        purpose = str(event.get(PURPOSE_PROPERTY, "")) or None
        last_modified = event.decoded("LAST-MODIFIED") if "LAST-MODIFIED" in event else None
        state.append(
            ExportState(
                uid=str(event["UID"]),
                date=start.date() if isinstance(start, dt.datetime) else start,
                sequence=int(event.get("SEQUENCE", 0)),
                last_modified=last_modified,
                purpose=purpose if kind == "session" and purpose in PURPOSES else None,
                fingerprint=str(event[FINGERPRINT_PROPERTY]) if FINGERPRINT_PROPERTY in event else None,
            )
        )
    return state


def event_content(event: icalendar.cal.Component) -> tuple:
    """What an event says, ignoring when it was stamped: equal content means no update is needed."""
    props = tuple(
        sorted(
            (name, tuple(sorted((k.upper(), str(v)) for k, v in value.params.items())), _ical_text(value))
            for name, values in event.items()
            if name.upper() not in VOLATILE_PROPERTIES
            for value in (values if isinstance(values, list) else [values])
        )
    )
    subs = tuple(sorted(event_content(sub) for sub in event.subcomponents))
    return (event.name, props, subs)


def assign_uids(plan: Plan, sessions: list[Session], previous: list[ExportedSession]) -> dict[int, str]:
    """UID per session (keyed by id()): matched previous UIDs first, then stable new ones."""
    pid = plan_id(plan)
    previous_by_athlete: dict[str, list[ExportedSession]] = {}
    for entry in previous:
        match = UID_PATTERN.match(entry.uid)
        if match and match["plan"] == pid and entry.purpose is not None:
            previous_by_athlete.setdefault(match["athlete"], []).append(entry)
    by_athlete: dict[str, list[Session]] = {}
    for session in sessions:
        by_athlete.setdefault(session.athlete, []).append(session)

    uids: dict[int, str] = {}
    taken: set[str] = {entry.uid for entry in previous}
    for athlete, group in by_athlete.items():
        aid = digest(athlete)[:6]
        old = sorted(previous_by_athlete.get(aid, []), key=lambda e: (e.date, e.uid))
        for new_index, old_index in _match_previous(group, old):
            uids[id(group[new_index])] = old[old_index].uid
        for session in group:
            if id(session) in uids:
                continue
            salt = 0
            while True:
                uid = f"session-{pid}-{aid}-{digest(pid, athlete, session.number, salt)[:12]}@{UID_DOMAIN}"
                if uid not in taken:
                    break
                salt += 1
            uids[id(session)] = uid
            taken.add(uid)
    return uids


def _match_previous(new: list[Session], old: list[ExportedSession]) -> list[tuple[int, int]]:
    """Order-preserving minimum-cost matching (an alignment): sessions rarely swap order, and a
    moved session should find its old self by date and purpose."""
    n, m = len(new), len(old)
    gap = UNMATCHED_COST_DAYS
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = i * gap
    for j in range(1, m + 1):
        cost[0][j] = j * gap
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            pair = abs((new[i - 1].date - old[j - 1].date).days)
            if new[i - 1].purpose != old[j - 1].purpose:
                pair += PURPOSE_CHANGE_COST_DAYS
            cost[i][j] = min(cost[i - 1][j - 1] + pair, cost[i - 1][j] + gap, cost[i][j - 1] + gap)
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        pair = abs((new[i - 1].date - old[j - 1].date).days)
        if new[i - 1].purpose != old[j - 1].purpose:
            pair += PURPOSE_CHANGE_COST_DAYS
        if cost[i][j] == cost[i - 1][j - 1] + pair:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + gap:
            i -= 1
        else:
            j -= 1
    return pairs


def stamp(
    event: icalendar.Event,
    uid: str,
    before: ExportedSession | None,
    date: dt.date,
    purpose: Purpose | None,
    now: dt.datetime,
) -> ExportedSession:
    """Add UID, DTSTAMP, SEQUENCE, LAST-MODIFIED; the sequence rises only when the content changed."""
    content = fingerprint(event)
    if before is None:
        sequence, last_modified = 0, now
    else:
        known = getattr(before, "fingerprint", None)
        same = known == content if known else (before.date == date and before.purpose == purpose)
        if same:
            sequence, last_modified = before.sequence, before.last_modified
        else:
            sequence, last_modified = before.sequence + 1, now
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("sequence", sequence)
    if last_modified is not None:
        event.add("last-modified", last_modified.astimezone(dt.UTC))
    event.add(FINGERPRINT_PROPERTY, content)
    return ExportState(
        uid=uid,
        date=date,
        sequence=sequence,
        last_modified=last_modified,
        purpose=purpose,
        fingerprint=content,
    )


def fingerprint(event: icalendar.cal.Component) -> str:
    return digest(repr(event_content(event)))[:16]


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()


def _ical_text(value: object) -> str:
    to_ical = getattr(value, "to_ical", None)
    raw = to_ical() if to_ical else str(value)
    return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)


def parse_calendar(data: bytes, source: str) -> icalendar.Calendar:
    try:
        return icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PlannerInputError(f"not a readable calendar ({message})", source=source) from None
