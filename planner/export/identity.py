"""Calendar identity: which event is which across exports, whether it changed, what was removed.

- **Plan id.** `Plan.id` is created once (uuid4, `new_plan_id`) and saved with the plan; every UID
  and every event's `X-PLANNER-PLAN` carries it, so renaming the plan or the runner keeps the
  events. A plan file without an id uses the id its previous export carries (`previous_plan_id`),
  else one derived from its name and runner (`plan_id`): the same on every export, so exporting
  twice never doubles the events, but a rename before the first export starts new events.
- **UIDs.** A session keeps the UID of the previous export's session on the same day, else of
  the one it is matched to (an order-preserving assignment by date and purpose,
  `_match_previous`); a new session gets
  `session-<plan>-<athlete>-<hash>@planner.invalid`, the same on every export (a fresh UID per
  export doubles the events on re-import, shared/TESTING.md).
- **SEQUENCE / LAST-MODIFIED** rise only when an event's content changed (its fingerprint).
- **Removed events** (a dropped session, the reassessment, a workout) are sent again as
  `STATUS:CANCELLED` with a higher SEQUENCE, so a calendar that imported the earlier file removes
  them, and kept for `CANCELLED_GRACE_DAYS` after both their date and their cancellation.

The history is a list of `ExportedSession`: the app keeps it in `Plan.exported`, the CLI reads it
from the file it is about to overwrite (`read_export_state`). Both hold the same fields, so the
same plan and history give the same bytes on either path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from typing import get_args

import icalendar

from planner.errors import PlannerInputError
from planner.limits import MAX_SEQUENCE
from planner.plan import EventKind, ExportedSession, Plan, Purpose
from planner.schedule import Session

UID_DOMAIN = "planner.invalid"  # RFC 6761 reserved: never collides with a real host's UIDs.
KIND_PROPERTY = "X-PLANNER-KIND"
PURPOSE_PROPERTY = "X-PLANNER-PURPOSE"
PLAN_PROPERTY = "X-PLANNER-PLAN"
FINGERPRINT_PROPERTY = "X-PLANNER-FINGERPRINT"
# The date the planner put a session on: a DTSTART that differs means the runner moved it.
DATE_PROPERTY = "X-PLANNER-DATE"
# Properties that say when/how often an event was written, not what it is.
VOLATILE_PROPERTIES = frozenset({"DTSTAMP", "SEQUENCE", "LAST-MODIFIED", FINGERPRINT_PROPERTY})
PURPOSES = frozenset(get_args(Purpose))
KINDS = frozenset(get_args(EventKind))
# A cancelled event stays in every export until this many days after both its date and the
# moment it was cancelled: a runner who re-imports within four weeks, or before the session's
# date, still gets the cancellation; after that a stale past event harms nobody.
CANCELLED_GRACE_DAYS = 28
# Matching a session to the previous export: leaving one unmatched costs as much as moving it
# this many days, so a moved session keeps its UID unless it moved months away.
UNMATCHED_COST_DAYS = 60
PURPOSE_CHANGE_COST_DAYS = 3
UID_PATTERN = re.compile(r"^session-(?P<plan>.+)-(?P<athlete>[0-9a-f]{6})-[0-9a-f]{12}@")


def new_plan_id() -> str:
    """A new plan id: created once per plan, then saved with it."""
    return uuid.uuid4().hex


def plan_id(plan: Plan) -> str:
    """The id exports use: the plan's own, else one derived from its name and runner."""
    return plan.id or digest(plan.name, plan.athlete.name)[:10]


def with_plan_id(plan: Plan, known: str | None = None) -> Plan:
    """`plan` with an id: its own, else `known` (from a previous export), else a new one."""
    if plan.id is not None:
        return plan
    return plan.model_copy(update={"id": known or new_plan_id()})


def previous_plan_id(state: list[ExportedSession]) -> str | None:
    """The plan id a previous export's sessions carry in their UIDs (None when there is none)."""
    for entry in state:
        match = UID_PATTERN.match(entry.uid)
        if match:
            return match["plan"]
    return None


def adopt_plan_id(plan: Plan, history: list[ExportedSession]) -> Plan:
    """A plan file without an id takes the one its previous export carries (renames keep UIDs)."""
    known = previous_plan_id(history)
    return plan if plan.id is not None or known is None else plan.model_copy(update={"id": known})


def session_dates(plan: Plan, history: list[ExportedSession]) -> list[dt.date]:
    """The dates of this plan's live sessions in an export history: the previous plan of a re-plan."""
    pid = plan_id(plan)
    return sorted(
        {
            entry.date
            for entry in history
            if entry.kind == "session"
            and not entry.cancelled
            and (match := UID_PATTERN.match(entry.uid)) is not None
            and match["plan"] == pid
        }
    )


def athlete_key(plan: Plan, athlete: str) -> str:
    """Which runner a session belongs to, for its UID: '' for the plan's own runner, whatever the
    runner is called now (a rename keeps the UIDs); a squad's other runners by name."""
    return "" if athlete in ("", plan.athlete.name) else athlete


def previous_state(plan: Plan, existing: bytes | None, source: str) -> list[ExportedSession]:
    """The history to export against: the file about to be replaced, which is what the runner
    imported, else what the plan remembers (`Plan.exported`)."""
    if existing is not None:
        from_file = read_export_state(existing, source)
        if from_file:
            return from_file
    return list(plan.exported)


def read_export_state(data: bytes, source: str = "calendar") -> list[ExportedSession]:
    """Every event of a previous export (sessions, reassessment, workouts, cancelled ones), as the
    `previous` of the next export."""
    cal = parse_calendar(data, source)
    zone = str(cal.get("X-WR-TIMEZONE", "")) or None
    state: list[ExportedSession] = []
    for event in cal.walk("VEVENT"):
        kind = str(event.get(KIND_PROPERTY, ""))
        if kind not in KINDS or "UID" not in event or "DTSTART" not in event:
            continue
        # Read leniently: an event edited by hand or by another app (SEQUENCE:abc, a date in year
        # 9999, an hour-long DTSTART garbage) keeps what can be read, or is left out; it never
        # stops the export with a traceback.
        try:
            date, time, minutes = timing(event, zone)
            purpose = str(event.get(PURPOSE_PROPERTY, "")) or None
            last_modified = event.decoded("LAST-MODIFIED") if "LAST-MODIFIED" in event else None
            state.append(
                ExportedSession(
                    uid=str(event["UID"]),
                    date=date,
                    sequence=_sequence(event.get("SEQUENCE", 0)),
                    last_modified=last_modified if isinstance(last_modified, dt.datetime) else None,
                    purpose=purpose if kind == "session" and purpose in PURPOSES else None,
                    kind=kind,
                    fingerprint=str(event[FINGERPRINT_PROPERTY]) if FINGERPRINT_PROPERTY in event else None,
                    cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
                    time=time,
                    minutes=minutes,
                )
            )
        except (ValueError, TypeError, KeyError, OverflowError):  # pydantic's ValidationError is a ValueError
            continue
    return state


def _sequence(value: object) -> int:
    """SEQUENCE as a number in RFC 5545's range; anything unreadable counts as 0."""
    try:
        return min(max(int(str(value).strip()), 0), MAX_SEQUENCE)
    except ValueError:
        return 0


def timing(
    event: icalendar.cal.Component, zone: str | None = None
) -> tuple[dt.date, dt.time | None, int | None]:
    """(local date, start time or None for all-day, minutes or None) of an event."""
    start = event.decoded("DTSTART")
    if not isinstance(start, dt.datetime):
        return start, None, None
    if start.tzinfo is not None and "TZID" not in event["DTSTART"].params and zone:
        # A client that rewrote the time in UTC: the runner's day is the local one.
        from zoneinfo import ZoneInfo

        start = start.astimezone(ZoneInfo(zone))
    minutes = None
    if "DTEND" in event:
        end = event.decoded("DTEND")
        if isinstance(end, dt.datetime):
            minutes = int((end - event.decoded("DTSTART")).total_seconds() // 60)
    return start.date(), start.time().replace(tzinfo=None), minutes


def in_grace(entry: ExportedSession, now: dt.datetime) -> bool:
    """Whether a cancelled event is still sent (see CANCELLED_GRACE_DAYS)."""
    cancelled_on = entry.last_modified.astimezone(dt.UTC).date() if entry.last_modified else now.date()
    return now.date() <= max(entry.date, cancelled_on) + dt.timedelta(days=CANCELLED_GRACE_DAYS)


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
    """UID per session (keyed by id()): matched previous UIDs first, then a cancelled session's
    UID on the same date (it comes back), then stable new ones."""
    pid = plan_id(plan)
    active: dict[str, list[ExportedSession]] = {}
    cancelled: dict[tuple[str, dt.date], str] = {}
    for entry in previous:
        match = UID_PATTERN.match(entry.uid)
        if entry.kind != "session" or not match or match["plan"] != pid:
            continue
        if entry.cancelled:
            cancelled.setdefault((match["athlete"], entry.date), entry.uid)
        else:
            active.setdefault(match["athlete"], []).append(entry)
    by_athlete: dict[str, list[Session]] = {}
    for session in sessions:
        by_athlete.setdefault(athlete_key(plan, session.athlete), []).append(session)

    uids: dict[int, str] = {}
    taken: set[str] = {entry.uid for entry in previous}
    for athlete, group in by_athlete.items():
        aid = digest(athlete)[:6]
        old = sorted(active.get(aid, []), key=lambda e: (e.date, e.uid))
        # A session still on its day is the same session: pair those first, then align the rest
        # (a session moved past its neighbour keeps its UID, the neighbours keep theirs).
        by_date = {entry.date: entry for entry in reversed(old)}
        for session in group:
            entry = by_date.pop(session.date, None)
            if entry is not None:
                uids[id(session)] = entry.uid
        used = set(uids.values())
        rest_new = [session for session in group if id(session) not in uids]
        rest_old = [entry for entry in old if entry.uid not in used]
        for new_index, old_index in _match_previous(rest_new, rest_old):
            uids[id(rest_new[new_index])] = rest_old[old_index].uid
        for session in group:
            if id(session) in uids:
                continue
            revived = cancelled.pop((aid, session.date), None)
            if revived is not None:
                uids[id(session)] = revived
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


def _pair_cost(new: Session, old: ExportedSession) -> int:
    cost = abs((new.date - old.date).days)
    return cost + (PURPOSE_CHANGE_COST_DAYS if new.purpose != old.purpose else 0)


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
            pair = _pair_cost(new[i - 1], old[j - 1])
            cost[i][j] = min(cost[i - 1][j - 1] + pair, cost[i - 1][j] + gap, cost[i][j - 1] + gap)
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if cost[i][j] == cost[i - 1][j - 1] + _pair_cost(new[i - 1], old[j - 1]):
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
    kind: EventKind,
    purpose: Purpose | None,
    now: dt.datetime,
) -> ExportedSession:
    """Add UID, DTSTAMP, SEQUENCE, LAST-MODIFIED; the sequence rises only when the content changed."""
    content = fingerprint(event)
    date, time, minutes = timing(event)
    cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
    if before is None:
        sequence, last_modified = 0, now
    else:
        if before.fingerprint:
            same = before.fingerprint == content
        else:
            # A history written before fingerprints: the date, purpose and status decide.
            same = (before.date, before.purpose, before.cancelled) == (date, purpose, cancelled)
        if same:
            sequence, last_modified = before.sequence, before.last_modified or now
        else:
            sequence, last_modified = before.sequence + 1, now
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("sequence", sequence)
    event.add("last-modified", last_modified.astimezone(dt.UTC))
    event.add(FINGERPRINT_PROPERTY, content)
    return ExportedSession(
        uid=uid,
        date=date,
        sequence=sequence,
        last_modified=last_modified.astimezone(dt.UTC),
        purpose=purpose,
        kind=kind,
        fingerprint=content,
        cancelled=cancelled,
        time=time,
        minutes=minutes,
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
