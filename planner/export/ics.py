"""Calendar export: a schedule as an .ics calendar that imports cleanly and updates in place.

`export_ics` is the one export path: `planner optimize --ics`, the app's download, `planner
publish` (CalDAV) and `planner serve` (a subscribed feed) all call it. The events are
`events.py`'s, their UIDs, SEQUENCEs and cancellations `identity.py`'s, and the plan's identity
and settings on the VCALENDAR `readback.py`'s. Folding is icalendar's own (7.3 keeps `\\n`,
`\\,` and `\\;` escapes on one side of a fold and never folds inside a UTF-8 character); lines
end in CRLF.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import icalendar

from planner.errors import PlannerInputError, shorten
from planner.export.events import DEFAULT_ALARMS, Alarm, EventBuilder, ExportOptions
from planner.export.identity import UID_DOMAIN, assign_uids, in_grace, parse_calendar, plan_id, stamp
from planner.export.readback import PLAN_ID_PROPERTY, plan_properties
from planner.plan import ExportedSession, Plan
from planner.schedule import Schedule

__all__ = ["DEFAULT_ALARMS", "Alarm", "ExportOptions", "ExportResult", "export_ics", "parse_alarms"]

PRODID = "-//planner//Dry needling planner//EN"
# How often a subscribed calendar should look for changes (RFC 7986 REFRESH-INTERVAL, and the
# X-PUBLISHED-TTL Apple and Outlook read). Google ignores both and polls every 8-24 h.
REFRESH_INTERVAL = dt.timedelta(hours=6)


@dataclass
class ExportResult:
    data: bytes
    state: list[ExportedSession]
    uids: list[str] = field(default_factory=list)


def parse_alarms(text: str) -> tuple[Alarm, ...]:
    """`off`, or a comma list of `evening`, `evening@20:30`, `1d`, `2h`, `90m`, `1h30m`."""
    text = text.strip().lower()
    if text in ("off", "none", "no", ""):
        return ()
    alarms: list[Alarm] = []
    for token in (part.strip() for part in text.split(",")):
        if token == "evening":
            alarms.append(Alarm("evening"))
            continue
        if token.startswith("evening@"):
            try:
                at = dt.time.fromisoformat(token.removeprefix("evening@"))
            except ValueError:
                raise PlannerInputError(f"--alarms: {token!r} needs a time like evening@19:30") from None
            alarms.append(Alarm("evening", at=at))
            continue
        # At most 5 digits a part: a longer number is no reminder (and int() of 5,000 digits fails).
        match = re.fullmatch(r"(?:(\d{1,5})d)?(?:(\d{1,5})h)?(?:(\d{1,5})m)?", token)
        if not token or match is None or not any(match.groups()):
            raise PlannerInputError(
                f"--alarms: cannot read {shorten(token, 40)!r} (use off, or a list like evening,2h or 1d,30m)"
            )
        days, hours, minutes = (int(group or 0) for group in match.groups())
        before = dt.timedelta(days=days, hours=hours, minutes=minutes)
        if before > dt.timedelta(days=28):
            raise PlannerInputError(f"--alarms: {token!r} is more than 4 weeks before the session")
        alarms.append(Alarm("before", before))
    return tuple(alarms)


def export_ics(
    plan: Plan,
    schedule: Schedule,
    *,
    options: ExportOptions | None = None,
    previous: list[ExportedSession] | None = None,
    now: dt.datetime | None = None,
) -> ExportResult:
    """The schedule as .ics bytes, plus the history to pass as `previous` to the next export.

    `previous` defaults to `plan.exported`. The same plan, schedule, options, history and `now`
    give the same bytes.
    """
    options = options or ExportOptions()
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    previous = list(plan.exported if previous is None else previous)
    tzid = _tzid(plan.athlete.timezone)
    pid = plan_id(plan)
    builder = EventBuilder(plan, schedule, options, tzid, pid)
    by_uid = {entry.uid: entry for entry in previous}
    events: list[icalendar.Event] = []
    state: list[ExportedSession] = []

    def add(event: icalendar.Event, uid: str, kind: str, purpose: str | None = None) -> None:
        state.append(stamp(event, uid, by_uid.get(uid), kind, purpose, now))  # type: ignore[arg-type]
        events.append(event)

    sessions = sorted(schedule.sessions, key=lambda s: (s.athlete, s.date, s.number))
    uid_for = assign_uids(plan, sessions, previous)
    for session in sessions:
        add(builder.session_event(session), uid_for[id(session)], "session", session.purpose)
    if schedule.reassess_date is not None and schedule.sessions:
        add(builder.reassess_event(schedule.reassess_date), f"reassess-{pid}@{UID_DOMAIN}", "reassess")
    if options.include_workouts:
        for day in sorted(plan.training, key=lambda d: d.date):
            for index, workout in enumerate(day.workouts):
                uid = f"workout-{pid}-{day.date:%Y%m%d}-{index}@{UID_DOMAIN}"
                add(builder.workout_event(day.date, workout), uid, "workout")
    # Whatever the previous export held and this one does not: cancelled, for a grace period.
    # Only the planner's own events: a session another app created is not ours to cancel.
    sent = {entry.uid for entry in state}
    for entry in previous:
        if entry.uid in sent or not entry.uid.endswith("@" + UID_DOMAIN):
            continue
        if not entry.cancelled or in_grace(entry, now):
            add(builder.cancelled_event(entry), entry.uid, entry.kind, entry.purpose)
            sent.add(entry.uid)

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # Outlook only imports several events at once from a METHOD:PUBLISH feed (TESTING.md).
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", options.calendar_name or f"{plan.name}: dry needling")
    cal.add("x-wr-timezone", tzid)
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    # A roster is the clinic's view of a squad: it carries no runner's settings, only its id.
    for name, value in (
        [(PLAN_ID_PROPERTY, icalendar.vText(pid))] if options.roster else plan_properties(plan, pid)
    ):
        cal.add(name, value)
    if any(_is_timed(event) for event in events):
        # Narrow the VTIMEZONE to the plan's range (TESTING.md): a week either side covers the
        # evening-before alarms and keeps the feed small.
        dates = [_event_date(event) for event in events]
        first = min([*dates, plan.first_day or min(dates)]) - dt.timedelta(days=7)
        last = max([*dates, plan.last_day or max(dates)]) + dt.timedelta(days=7)
        cal.add_component(icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last))
    for event in events:
        cal.add_component(event)
    return ExportResult(data=cal.to_ical(), state=state, uids=[str(e["UID"]) for e in events])


def split_calendar(data: bytes) -> dict[str, bytes]:
    """One VCALENDAR per UID with the VTIMEZONEs it uses: what a CalDAV resource holds."""
    cal = parse_calendar(data, "calendar")
    timezones = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
    out: dict[str, bytes] = {}
    for event in cal.walk("VEVENT"):
        single = icalendar.Calendar()
        for name in ("PRODID", "VERSION", "CALSCALE"):
            if name in cal:
                single.add(name, cal[name])
        tzids = {
            str(event[name].params["TZID"])
            for name in ("DTSTART", "DTEND")
            if name in event and "TZID" in event[name].params
        }
        for tzid in sorted(tzids):
            if tzid in timezones:
                single.add_component(timezones[tzid])
        single.add_component(event)
        out[str(event["UID"])] = single.to_ical()
    return out


def _tzid(name: str) -> str:
    # "UTC" as a TZID is read as a special case by some clients; Etc/UTC is the IANA zone.
    return "Etc/UTC" if name in ("UTC", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu", "Universal") else name


def _event_date(event: icalendar.Event) -> dt.date:
    start = event.decoded("DTSTART")
    return start.date() if isinstance(start, dt.datetime) else start


def _is_timed(event: icalendar.Event) -> bool:
    return isinstance(event.decoded("DTSTART"), dt.datetime)
