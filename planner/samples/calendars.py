"""Training calendars written from generated plans, shaped like real exports (squad samples).

A club's runners bring the calendars they keep, not plan files: a coach's Google Calendar feed
(.ics: all-day workouts, the race as a timed event, X-WR-TIMEZONE) or a TrainingPeaks workouts
export (.csv: Title, WorkoutType, WorkoutDescription, PlannedDuration in hours,
PlannedDistanceInMeters, WorkoutDay). The importer reads them back into the plan they came from
(`tests/samples/test_squad_samples.py` checks every hard day and the A race), so the squad sample
exercises the same path a real club would.

Also the clinic's own calendar (bookings): timed appointments, a weekly series, a cancelled
booking and a clinician's day off. Every byte is fixed by the recipe: DTSTAMP is a constant and
UIDs derive from the content, so regenerating gives the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from zoneinfo import ZoneInfo

import icalendar

from planner.plan import Plan, Workout

STAMP = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
TP_TYPES = {
    "long_run": "Run",
    "quality": "Run",
    "race": "Run",
    "easy": "Run",
    "recovery": "Run",
    "strides": "Run",
    "rest": "Day Off",
    "strength": "Strength",
}
TP_COLUMNS = (
    "Title",
    "WorkoutType",
    "WorkoutDescription",
    "PlannedDuration",
    "PlannedDistanceInMeters",
    "WorkoutDay",
)


def _uid(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:20] + "@club.example"


def _calendar(name: str, timezone: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Google Inc//Google Calendar 70.9054//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone)
    return cal


def _event(summary: str, uid: str, description: str = "") -> icalendar.Event:
    event = icalendar.Event()
    event.add("summary", summary)
    event.add("uid", uid)
    event.add("dtstamp", STAMP)
    if description:
        event.add("description", description)
    return event


def _workout_text(workout: Workout) -> str:
    details = [workout.description] if workout.description else []
    if workout.distance_km is not None:
        details.append(f"{workout.distance_km:g} km")
    return "\n".join(details)


def plan_ics(
    plan: Plan, *, calendar_name: str, a_race: bool = True, race_start: dt.time = dt.time(9)
) -> bytes:
    """A Google Calendar feed of the plan: all-day workouts (rest days left out), the races timed
    (`a_race=False`: the goal race is not in the calendar)."""
    zone = plan.athlete.timezone
    cal = _calendar(calendar_name, zone)
    for day in plan.training:
        for index, workout in enumerate(day.workouts):
            if workout.kind in ("rest", "race"):
                continue
            event = _event(workout.title, _uid(plan.athlete.name, day.date, index), _workout_text(workout))
            event.add("dtstart", day.date)
            event.add("dtend", day.date + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    for race in plan.races:
        if a_race or race.priority != "A":
            start = dt.datetime.combine(race.date, race_start)
            event = _event(race.name, _uid(plan.athlete.name, race.date, "race"), f"Race day: {race.name}.")
            event.add("dtstart", start, parameters={"TZID": zone})
            event.add("dtend", start + dt.timedelta(hours=3), parameters={"TZID": zone})
            cal.add_component(event)
    first, last = plan.first_day, plan.last_day
    if first is not None and last is not None:
        cal.add_component(icalendar.Timezone.from_tzid(zone, first_date=first, last_date=last))
    return cal.to_ical()


def plan_csv(plan: Plan, *, a_race: bool = True) -> bytes:
    """A TrainingPeaks workouts export of the plan (UTF-8 with BOM, as TrainingPeaks writes it;
    `a_race=False`: the goal race is not in the file)."""
    goal = {race.date for race in plan.races if race.priority == "A"}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TP_COLUMNS)
    for day in plan.training:
        for workout in day.workouts:
            if workout.kind == "race" and day.date in goal and not a_race:
                continue
            hours = f"{workout.duration_min / 60:.2f}" if workout.duration_min else ""
            meters = f"{workout.distance_km * 1000:.1f}" if workout.distance_km is not None else ""
            kind = TP_TYPES.get(workout.kind, "Bike" if "bike" in workout.title.lower() else "Swim")
            writer.writerow((workout.title, kind, workout.description, hours, meters, day.date.isoformat()))
    trained = {day.date for day in plan.training for w in day.workouts if w.kind == "race"}
    for race in plan.races:
        if race.date not in trained and (a_race or race.date not in goal):
            writer.writerow((race.name, "Run", "Race day.", "", "", race.date.isoformat()))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def clinic_ics(
    name: str,
    timezone: str,
    bookings: list[tuple[dt.datetime, int, str]],
    *,
    weekly: tuple[dt.datetime, int, str, int] | None = None,
    cancelled: list[tuple[dt.datetime, int, str]] = (),
    days_off: list[tuple[dt.date, str]] = (),
) -> bytes:
    """A clinic's own calendar: appointments (start, minutes, title) in its local time, a weekly
    series (start, minutes, title, count), cancelled appointments and all-day days off."""
    zone = ZoneInfo(timezone)
    cal = _calendar(name, timezone)

    def timed(start: dt.datetime, minutes: int, title: str, uid: str) -> icalendar.Event:
        event = _event(title, uid)
        event.add("dtstart", start.replace(tzinfo=zone))
        event.add("dtend", (start + dt.timedelta(minutes=minutes)).replace(tzinfo=zone))
        return event

    for start, minutes, title in bookings:
        cal.add_component(timed(start, minutes, title, _uid(name, start, title)))
    if weekly is not None:
        start, minutes, title, count = weekly
        event = timed(start, minutes, title, _uid(name, "weekly", start))
        event.add("rrule", {"FREQ": "WEEKLY", "COUNT": count})
        cal.add_component(event)
    for start, minutes, title in cancelled:
        event = timed(start, minutes, f"Cancelled: {title}", _uid(name, "cancelled", start))
        event.add("status", "CANCELLED")
        cal.add_component(event)
    for day, title in days_off:
        event = _event(title, _uid(name, "off", day))
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        cal.add_component(event)
    days = [b[0].date() for b in bookings] + [d for d, _ in days_off]
    if weekly is not None:
        days += [weekly[0].date(), weekly[0].date() + dt.timedelta(weeks=weekly[3] - 1)]
    if days:
        cal.add_component(icalendar.Timezone.from_tzid(timezone, first_date=min(days), last_date=max(days)))
    return cal.to_ical()
