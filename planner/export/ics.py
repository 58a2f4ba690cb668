"""Calendar export: a schedule as an .ics feed that imports cleanly and updates instead of duplicating.

What clients need (shared/TESTING.md, RFC 5545): local times with a VTIMEZONE (never UTC or
floating), DTSTAMP everywhere, CRLF line ends and lines folded at 75 octets but never inside a
UTF-8 character. This module renders the events; which UID each one gets and when its SEQUENCE
rises is `identity.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

import icalendar

from planner.errors import PlannerInputError
from planner.export.identity import (
    KIND_PROPERTY,
    PLAN_PROPERTY,
    PURPOSE_PROPERTY,
    UID_DOMAIN,
    assign_uids,
    digest,
    fingerprint,
    parse_calendar,
    plan_id,
    stamp,
)
from planner.plan import ExportedSession, Plan, Workout
from planner.schedule import Schedule, Session

PRODID = "-//planner//Dry needling planner//EN"
WORKOUT_KIND_PROPERTY = "X-PLANNER-WORKOUT-KIND"

PURPOSE_LABELS: dict[str, str] = {
    "trial": "Trial",
    "recovery": "Recovery",
    "maintenance": "Maintenance",
    "rehab": "Rehab",
    "activation": "Activation",
    "post_race": "Post-race",
}
WORKOUT_LABELS: dict[str, str] = {
    "long_run": "Long run",
    "quality": "Quality session",
    "race": "Race",
    "easy": "Easy run",
    "recovery": "Recovery run",
    "strides": "Strides",
    "rest": "Rest day",
    "cross_training": "Cross-training",
    "strength": "Strength",
}
# A workout without a stated duration still needs an end for timed clients; an hour is typical.
DEFAULT_WORKOUT_MINUTES = 60


@dataclass(frozen=True)
class Alarm:
    """A reminder: `evening` = the day before at `at` local time; `before` = a fixed time before start."""

    kind: Literal["evening", "before"]
    before: dt.timedelta = dt.timedelta(0)
    at: dt.time = dt.time(19, 0)

    def label(self) -> str:
        if self.kind == "evening":
            return f"the evening before ({self.at:%H:%M})"
        return _duration_words(self.before) + " before"


# Issue 3: "default: the evening before, and 2 h before".
DEFAULT_ALARMS: tuple[Alarm, ...] = (Alarm("evening"), Alarm("before", dt.timedelta(hours=2)))


@dataclass(frozen=True)
class ExportOptions:
    alarms: tuple[Alarm, ...] = DEFAULT_ALARMS
    include_workouts: bool = False
    # Screening answers and notes are medical data: only exported when the user opts in.
    include_health: bool = False
    calendar_name: str | None = None


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
        match = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?", token)
        if not token or match is None or not any(match.groups()):
            raise PlannerInputError(
                f"--alarms: cannot read {token!r} (use off, or a list like evening,2h or 1d,30m)"
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
    """The schedule as .ics bytes, plus the state to pass as `previous` to the next export."""
    options = options or ExportOptions()
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    previous = list(plan.exported if previous is None else previous)
    tzid = _tzid(plan.athlete.timezone)
    builder = _EventBuilder(plan, schedule, options, tzid)

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # Outlook only imports several events at once from a METHOD:PUBLISH feed (TESTING.md).
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", options.calendar_name or f"{plan.name}: dry needling")
    cal.add("x-wr-timezone", tzid)

    events: list[icalendar.Event] = []
    state: list[ExportedSession] = []
    used_uids: set[str] = set()
    sessions = sorted(schedule.sessions, key=lambda s: (s.athlete, s.date, s.number))
    uid_for = assign_uids(plan, sessions, previous)
    by_uid = {entry.uid: entry for entry in previous}
    for session in sessions:
        uid = uid_for[id(session)]
        event = builder.session_event(session)
        entry = stamp(event, uid, by_uid.get(uid), session.date, session.purpose, now)
        events.append(event)
        state.append(entry)
        used_uids.add(uid)

    if schedule.reassess_date is not None and schedule.sessions:
        uid = f"reassess-{plan_id(plan)}@{UID_DOMAIN}"
        event = builder.reassess_event(schedule.reassess_date)
        state.append(stamp(event, uid, by_uid.get(uid), schedule.reassess_date, None, now))
        events.append(event)
        used_uids.add(uid)

    if options.include_workouts:
        for day in sorted(plan.training, key=lambda d: d.date):
            for index, workout in enumerate(day.workouts):
                event = builder.workout_event(day.date, workout)
                # The UID hashes the workout's content: a changed workout is a new event (the old one
                # leaves the feed), so workouts need no state of their own.
                content = digest(day.date, index, fingerprint(event))[:16]
                uid = f"workout-{plan_id(plan)}-{content}@{UID_DOMAIN}"
                if uid in used_uids:
                    continue
                event.add("uid", uid)
                event.add("dtstamp", now)
                event.add("sequence", 0)
                events.append(event)
                used_uids.add(uid)

    dates = [_event_date(event) for event in events]
    if any(_is_timed(event) for event in events):
        # Narrow the VTIMEZONE to the plan's range (TESTING.md): a week either side covers the
        # evening-before alarms and keeps the feed small.
        first = min([*dates, plan.first_day or min(dates)]) - dt.timedelta(days=7)
        last = max([*dates, plan.last_day or max(dates)]) + dt.timedelta(days=7)
        cal.add_component(icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last))
    for event in events:
        cal.add_component(event)
    return ExportResult(data=fold_lines(cal.to_ical()), state=state, uids=[str(e["UID"]) for e in events])


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
        out[str(event["UID"])] = fold_lines(single.to_ical())
    return out


def fold_lines(data: bytes) -> bytes:
    """Unfold, then fold every content line at 75 octets on UTF-8 character boundaries, CRLF ends.

    icalendar folds by characters; this guarantees the RFC 5545 octet limit whatever it does.
    """
    text = data.replace(b"\r\n", b"\n").replace(b"\n ", b"").replace(b"\n\t", b"")
    lines = [line for line in text.split(b"\n") if line]
    out = bytearray()
    for line in lines:
        limit = 75
        while len(line) > limit:
            cut = limit
            # 0b10xxxxxx is a UTF-8 continuation byte: back up to the start of the character.
            while cut > 0 and (line[cut] & 0xC0) == 0x80:
                cut -= 1
            out += line[:cut] + b"\r\n "
            line = line[cut:]
            limit = 74  # continuation lines start with the folding space
        out += line + b"\r\n"
    return bytes(out)


# --- building events --------------------------------------------------------------------------


class _EventBuilder:
    def __init__(self, plan: Plan, schedule: Schedule, options: ExportOptions, tzid: str) -> None:
        self.plan = plan
        self.schedule = schedule
        self.options = options
        self.tzid = tzid
        self.zone = ZoneInfo(tzid)
        self.pid = plan_id(plan)
        self.counts: dict[str, int] = {}
        for session in schedule.sessions:
            self.counts[session.athlete] = self.counts.get(session.athlete, 0) + 1

    def session_event(self, session: Session) -> icalendar.Event:
        clinic = self.plan.clinic
        event = icalendar.Event()
        label = PURPOSE_LABELS[session.purpose]
        who = f" – {session.athlete}" if session.athlete else ""
        tentative = " (provisional)" if session.provisional else ""
        event.add("summary", f"Dry needling #{session.number}: {label.lower()}{tentative}{who}")
        if clinic.appointment_time is not None:
            start = dt.datetime.combine(session.date, clinic.appointment_time)
            self._add_timed(event, start, start + dt.timedelta(minutes=clinic.appointment_minutes))
        else:
            self._add_all_day(event, session.date)
        location = ", ".join(part for part in (clinic.name, clinic.address) if part)
        if location:
            event.add("location", location)
        event.add("description", self._session_description(session))
        event.add("categories", ["Dry needling", label])
        # RFC 5545 3.8.1.11: TENTATIVE for sessions that wait on the reassessment (rule 8).
        event.add("status", "TENTATIVE" if session.provisional else "CONFIRMED")
        event.add("transp", "OPAQUE")
        event.add(KIND_PROPERTY, "session")
        event.add(PURPOSE_PROPERTY, session.purpose)
        event.add(PLAN_PROPERTY, self.pid)
        for alarm in self.options.alarms:
            self._add_alarm(event, session, alarm)
        return event

    def reassess_event(self, date: dt.date) -> icalendar.Event:
        event = icalendar.Event()
        after = self.plan.rules.reassess_after
        event.add("summary", "Reassess dry needling")
        self._add_all_day(event, date)
        event.add(
            "description",
            f"Reassess with your clinician after {after} sessions, with objective measures "
            "(range of motion, pain on loading, how training went). "
            "Sessions after this point are tentative until then.",
        )
        event.add("categories", ["Dry needling", "Reassess"])
        event.add("status", "CONFIRMED")
        # A marker, not an appointment: it must not block the day in free/busy.
        event.add("transp", "TRANSPARENT")
        event.add(KIND_PROPERTY, "reassess")
        event.add(PLAN_PROPERTY, self.pid)
        return event

    def workout_event(self, date: dt.date, workout: Workout) -> icalendar.Event:
        event = icalendar.Event()
        label = WORKOUT_LABELS[workout.kind]
        event.add("summary", workout.title or label)
        if workout.time is not None:
            start = dt.datetime.combine(date, workout.time)
            minutes = workout.duration_min or DEFAULT_WORKOUT_MINUTES
            self._add_timed(event, start, start + dt.timedelta(minutes=minutes))
        else:
            self._add_all_day(event, date)
        details = [workout.description] if workout.description else []
        if workout.distance_km is not None:
            details.append(f"Distance: {workout.distance_km:g} km")
        if workout.duration_min is not None:
            details.append(f"Duration: {workout.duration_min} min")
        if details:
            event.add("description", "\n".join(details))
        event.add("categories", ["Training", label])
        event.add("transp", "TRANSPARENT" if workout.kind == "rest" else "OPAQUE")
        event.add(KIND_PROPERTY, "workout")
        event.add(WORKOUT_KIND_PROPERTY, workout.kind)
        event.add(PLAN_PROPERTY, self.pid)
        return event

    def _add_timed(self, event: icalendar.Event, start: dt.datetime, end: dt.datetime) -> None:
        # Naive wall-clock time + TZID: icalendar would write a UTC zone as `Z`, and the issue
        # wants local times with a VTIMEZONE in every case.
        event.add("dtstart", start, parameters={"TZID": self.tzid})
        event.add("dtend", end, parameters={"TZID": self.tzid})

    def _add_all_day(self, event: icalendar.Event, date: dt.date) -> None:
        event.add("dtstart", date)
        event.add("dtend", date + dt.timedelta(days=1))  # RFC 5545: all-day DTEND is exclusive.

    def _add_alarm(self, event: icalendar.Event, session: Session, alarm: Alarm) -> None:
        timed = self.plan.clinic.appointment_time is not None
        if alarm.kind == "evening":
            if timed:
                # An exact duration between the two absolute instants: right across a DST change.
                start = dt.datetime.combine(session.date, self.plan.clinic.appointment_time, self.zone)
                evening = dt.datetime.combine(session.date - dt.timedelta(days=1), alarm.at, self.zone)
                before = start.astimezone(dt.UTC) - evening.astimezone(dt.UTC)
            else:
                # All-day starts at local midnight: 19:00 the day before is 5 h earlier.
                before = dt.timedelta(days=1) - dt.timedelta(hours=alarm.at.hour, minutes=alarm.at.minute)
            if before <= dt.timedelta(0):
                return
        else:
            before = alarm.before
            if not timed and before < dt.timedelta(days=1):
                # "2 h before" an all-day event would ring at 22:00 the night before: skip it.
                return
        valarm = icalendar.Alarm()
        valarm.add("action", "DISPLAY")
        valarm.add("description", f"Dry needling {'tomorrow' if before >= dt.timedelta(hours=6) else 'soon'}")
        valarm.add("trigger", -before)
        event.add_component(valarm)

    def _session_description(self, session: Session) -> str:
        plan, clinic = self.plan, self.plan.clinic
        total = self.counts.get(session.athlete, len(self.schedule.sessions))
        lines = [
            f"Dry needling session {session.number} of {total}: {PURPOSE_LABELS[session.purpose].lower()}."
        ]
        if session.reasons:
            lines.append("Why this day:")
            lines.extend(f"- {reason}" for reason in session.reasons)
        lines.append("After-care: " + _after_care(plan))
        if session.needs_clearance:
            lines.append("Needs clinician clearance: tell your clinician about your screening answers first.")
        if session.provisional:
            when = f" on {self.schedule.reassess_date:%a %d %b %Y}" if self.schedule.reassess_date else ""
            lines.append(f"Provisional: confirm after the reassessment{when}.")
        if session.pinned:
            lines.append("Fixed by you: the planner keeps this date.")
        clinic_line = ", ".join(part for part in (clinic.name, clinic.address) if part)
        if clinic_line:
            lines.append(f"Clinic: {clinic_line}")
        if self.options.include_health:
            lines.extend(_health_lines(plan))
        return "\n".join(lines)


def _after_care(plan: Plan) -> str:
    # DOMAIN.md rules 1-2 and seeds 000/002: easy running is fine, hard running is not; calves
    # can stay sore for a few days, so a lower-leg focus asks for longer and suggests a swap.
    clear = plan.rules.clear_days_before_hard
    text = "easy running is fine today; " + (
        "no hard session tomorrow." if clear <= 1 else f"no hard session in the next {clear} days."
    )
    if plan.athlete.lower_leg_focus:
        days = plan.rules.comfort_days_before_hard_lower_leg
        text += (
            f" Calves can stay sore for a few days: keep the next {days} days easy and swap a long run "
            "for upper-body work or an easy bike."
        )
    return text


def _health_lines(plan: Plan) -> list[str]:
    screening = plan.athlete.screening
    lines = ["Health details (exported because you opted in):"]
    if plan.athlete.focus:
        lines.append("- Focus: " + ", ".join(region.replace("_", " ") for region in plan.athlete.focus))
    items = [name.replace("_", " ") for name in screening.contraindications + screening.red_flags]
    lines.append("- Screening: " + ("; ".join(items) if items else "nothing to report"))
    if screening.notes:
        lines.append(f"- Notes: {screening.notes}")
    return lines


def _tzid(name: str) -> str:
    # "UTC" as a TZID is read as a special case by some clients; Etc/UTC is the IANA zone.
    return "Etc/UTC" if name in ("UTC", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu", "Universal") else name


def _event_date(event: icalendar.Event) -> dt.date:
    start = event.decoded("DTSTART")
    return start.date() if isinstance(start, dt.datetime) else start


def _is_timed(event: icalendar.Event) -> bool:
    return isinstance(event.decoded("DTSTART"), dt.datetime)


def _duration_words(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    return " ".join(part for part in parts if part) or "0 min"
