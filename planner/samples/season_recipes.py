"""The season samples (issue 10): a two-marathon season plan and a coach's season calendar (.ics).

`season_two_marathons` is a bundled YAML sample like the others (`recipes.SAMPLES`); the calendar
is written from a generated season as a coach's Google Calendar feed would show it (timed runs in
the runner's zone, races labelled A, B or C, no rest days), so the importer reads it as a runner's
calendar, not as a plan file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import icalendar

from planner.plan import Clinic, Plan
from planner.samples.generator import generate_season

SEASON_CALENDAR = "season_calendar.ics"

TWO_MARATHONS = (
    (3, "5k", "C", "Frostbite 5K"),
    (9, "half", "B", "Shamrock Half Marathon"),
    (15, "marathon", "A", "Harborfront Marathon"),
    (25, "10k", "C", "Fourth of July 10K"),
    (35, "half", "B", "Cranberry Half Marathon"),
    (41, "marathon", "A", "Charles River Marathon"),
    (46, "5k", "C", "Turkey Trot 5K"),
)

TWO_MARATHONS_HEADER = """\
A season with two A marathons, 52 weeks (Mon 4 Jan 2027 - Sun 2 Jan 2028), Boston, in miles.
Grace runs 5 days a week: quality on Thursday, long run on Sunday. Spring: the Frostbite 5K
(C, Sun 31 Jan), the Shamrock Half (B, Sun 14 Mar) and the Harborfront Marathon (A, Sun 25 Apr).
Summer and autumn: the Fourth of July 10K (C), the Cranberry Half (B, Sun 12 Sep) and the Charles
River Marathon (A, Sun 24 Oct). Then 10 weeks of recovery and base with a Turkey Trot (C).
Focus: achilles (lower leg: 3-day soreness window). The planner splits the season into blocks:
block 1 (16 weeks) ends at the spring marathon, block 2 (26 weeks) at the autumn one, and the
weeks after it are post-race recovery only. Each block has its own trial (block 2 needs none:
its first session follows the spring taper session within 84 days), series, reassessment and
taper session. `blocks:` gives each block the coach's cadence (a session about every 4 weeks
plus the trial pair and the taper session). The clinician reassessed on Mon 25 Jan
(`reassessments:`), so block 1's sessions and block 2's first series are confirmed; the rest
waits for block 2's reassessment."""


def season_two_marathons() -> Plan:
    plan = generate_season(
        0,
        races=TWO_MARATHONS,
        focus=["achilles"],
        name="Two marathons: spring and autumn, one season",
        athlete_name="Grace Mwangi",
        timezone="America/New_York",
        long_run_weekday="sun",
    )
    plan.clinic = Clinic(
        name="Back Bay Sports Physical Therapy",
        address="399 Boylston St, Suite 600, Boston, MA 02116",
        open_weekdays=["mon", "tue", "wed", "thu", "fri"],
        opens=dt.time(7, 0),
        closes=dt.time(19, 0),
        appointment_time=dt.time(7, 30),
        price=110.0,
    )
    plan.reassessments = [dt.date(2027, 1, 25)]
    return plan


# ---- the season calendar --------------------------------------------------------------------------
CALENDAR_RACES = (
    (8, "half", "B", "Big Half"),
    (15, "marathon", "A", "Thames Spring Marathon"),
    (22, "10k", "C", "Midsummer 10K"),
    (34, "half", "B", "Lea Valley Half Marathon"),
    (40, "marathon", "A", "Docklands Marathon"),
)
RUN_START = dt.time(6, 30)
STAMP = dt.datetime(2026, 12, 14, 9, 0, tzinfo=dt.UTC)


def season_calendar_plan() -> Plan:
    """The 47-week London season the calendar shows (two A marathons, in km)."""
    return generate_season(
        5,
        weeks=47,
        races=CALENDAR_RACES,
        focus=["hamstring"],
        name="Tom's 2027 season",
        athlete_name="Tom Becker",
        timezone="Europe/London",
        units="km",
        run_days=6,
        long_run_weekday="sun",
    )


def season_calendar_text() -> str:
    """The coach's feed: every workout but rest days, runs at 06:30 London time, races labelled."""
    plan = season_calendar_plan()
    zone = ZoneInfo(plan.athlete.timezone)
    priority = {race.date: race.priority for race in plan.races}
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Google Inc//Google Calendar 70.9054//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Tom – 2027 season: two marathons (Coach Priya)")
    cal.add("x-wr-timezone", plan.athlete.timezone)
    for day in sorted(plan.training, key=lambda d: d.date):
        for index, workout in enumerate(day.workouts):
            if workout.kind == "rest":
                continue
            title = workout.title
            if workout.kind == "strides":
                title = title.split(" + ")[0] + " + strides"  # how coaches write it; "6x20s" reads as reps
            if workout.kind == "race":
                # "Thames Spring Marathon (A race)": the label a coach writes, which says the priority.
                title = f"🏁 {title.split(' (')[0]} ({priority.get(day.date, 'C')} race)"
            start = dt.datetime.combine(day.date, RUN_START, tzinfo=zone)
            event = icalendar.Event()
            event.add("summary", title)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=workout.duration_min or 45))
            if workout.description:
                event.add("description", workout.description)
            uid = hashlib.sha1(f"{day.date}-{index}-{title}".encode()).hexdigest()[:20]
            event.add("uid", f"{uid}@google.com")
            event.add("dtstamp", STAMP)
            event.add("status", "CONFIRMED")
            cal.add_component(event)
    first, last = plan.first_day, plan.last_day
    assert first is not None and last is not None
    # TESTING.md: narrow the zone's range, or the VTIMEZONE lists every change from 1970 to 2038.
    cal.add_missing_timezones(first_date=first - dt.timedelta(days=1), last_date=last + dt.timedelta(days=1))
    return cal.to_ical().decode("utf-8")
