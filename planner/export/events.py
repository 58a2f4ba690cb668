"""The events of a calendar export: sessions, the reassessment marker, workouts, cancellations.

What clients need (shared/TESTING.md, RFC 5545): local times with a TZID and a VTIMEZONE (never
UTC or floating), all-day DTEND exclusive, every VALARM with ACTION and TRIGGER. Which UID an
event gets and its SEQUENCE are `identity.py`'s; this module only says what each event is.

Privacy: a default export says nothing that reveals the focus region or the screening answers.
The after-care line is the same for every plan unless `include_health` is set, because the calf
advice ("calves can stay sore for a few days") would tell anyone who sees the calendar the focus.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

import icalendar

from planner.export.identity import DATE_PROPERTY, KIND_PROPERTY, PLAN_PROPERTY, PURPOSE_PROPERTY
from planner.plan import ExportedSession, Plan, Workout
from planner.schedule import Schedule, Session

WORKOUT_KIND_PROPERTY = "X-PLANNER-WORKOUT-KIND"
# Roster events name the runner in a property of their own, so a roster reads back as appointments.
RUNNER_PROPERTY = "X-PLANNER-RUNNER"
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
    "unknown": "Workout (effort unknown)",
}
CANCELLED_SUMMARIES: dict[str, str] = {
    "session": "Cancelled: dry needling",
    "reassess": "Cancelled: reassess dry needling",
    "workout": "Cancelled: training",
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
    # Focus regions, region-specific after-care, screening answers and notes are medical data:
    # exported only when the user opts in.
    include_health: bool = False
    calendar_name: str | None = None
    # A clinic's roster (squads): each event says who comes and why (purpose) and nothing else:
    # no reasons (they describe the runner's training), no after-care, no clearance flag.
    roster: bool = False


class EventBuilder:
    def __init__(self, plan: Plan, schedule: Schedule, options: ExportOptions, tzid: str, pid: str) -> None:
        self.plan = plan
        self.schedule = schedule
        self.options = options
        self.tzid = tzid
        self.zone = ZoneInfo(tzid)
        self.pid = pid
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
        at = appointment_start(session, self.plan)
        if at is not None:
            start = dt.datetime.combine(session.date, at)
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
        event.add(DATE_PROPERTY, session.date.strftime("%Y%m%d"))
        if self.options.roster:
            event.add(RUNNER_PROPERTY, session.athlete)
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
        label = WORKOUT_LABELS.get(workout.kind, workout.kind.replace("_", " ").capitalize())
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

    def cancelled_event(self, entry: ExportedSession) -> icalendar.Event:
        """A removed event, sent again as cancelled so calendars that imported it remove it.

        Built from the history alone (date, time, length), so it reads the same on every export
        and its SEQUENCE rises once, when it is cancelled.
        """
        event = icalendar.Event()
        event.add("summary", CANCELLED_SUMMARIES[entry.kind])
        if entry.time is not None:
            start = dt.datetime.combine(entry.date, entry.time)
            self._add_timed(event, start, start + dt.timedelta(minutes=max(entry.minutes or 0, 1)))
        else:
            self._add_all_day(event, entry.date)
        event.add("description", "No longer in the plan: this event was removed.")
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
        event.add(KIND_PROPERTY, entry.kind)
        if entry.purpose is not None:
            event.add(PURPOSE_PROPERTY, entry.purpose)
        event.add(PLAN_PROPERTY, self.pid)
        if entry.kind == "session":
            event.add(DATE_PROPERTY, entry.date.strftime("%Y%m%d"))
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
        at = appointment_start(session, self.plan)
        timed = at is not None
        if alarm.kind == "evening":
            if at is not None:
                # An exact duration between the two absolute instants: right across a DST change.
                start = dt.datetime.combine(session.date, at, self.zone)
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
        if self.options.roster:
            if session.provisional:
                lines.append("Provisional: after the runner's reassessment.")
            clinic_line = ", ".join(part for part in (clinic.name, clinic.address) if part)
            return "\n".join([*lines, f"Clinic: {clinic_line}"] if clinic_line else lines)
        if session.reasons:
            lines.append("Why this day:")
            lines.extend(f"- {reason}" for reason in session.reasons)
        lines.append("After-care: " + after_care(plan, include_health=self.options.include_health))
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


def appointment_start(session: Session, plan: Plan) -> dt.time | None:
    """The session's own appointment time (a squad's), else the clinic's usual one; None = all day."""
    return session.time if session.time is not None else plan.clinic.appointment_time


def after_care(plan: Plan, *, include_health: bool) -> str:
    """DOMAIN.md rules 1-2, seeds 000/002: easy running is fine, hard running is not. The lower-leg
    advice (calves stay sore for a few days, seed 001) names the focus, so only with opt-in."""
    clear = plan.rules.clear_days_before_hard
    text = "easy running is fine today; " + (
        "no hard session tomorrow." if clear <= 1 else f"no hard session in the next {clear} days."
    )
    if include_health and plan.athlete.lower_leg_focus:
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


def _duration_words(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    return " ".join(part for part in parts if part) or "0 min"
