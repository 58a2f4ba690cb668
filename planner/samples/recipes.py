"""The bundled sample plans: one recipe each, its header comment, and the writer.

`python -m planner.samples` rewrites `planner/samples/plans/*.yaml` and the season calendar (the
repository's `sample_plans/` is a link to it) from these recipes (the season ones are in
`season_recipes.py`); the header comment of each file (lost by save_plan) says what the scenario
is and what to expect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import yaml

from planner.io import atomic_write, plan_to_dict
from planner.plan import Clinic, PinnedSession, Plan, Rules, Workout
from planner.samples import PLANS
from planner.samples.generator import generate_plan
from planner.samples.season_recipes import (
    SEASON_CALENDAR,
    TWO_MARATHONS_HEADER,
    season_calendar_text,
    season_two_marathons,
)


def _beginner_marathon() -> Plan:
    plan = generate_plan(
        18,
        "marathon",
        seed=11,
        focus=["hamstring"],
        name="Beginner marathon: 18 weeks to the Lakefront Marathon",
        run_days=4,
        quality_weekdays=("thu",),
        long_run_weekday="sun",
        athlete_name="Maya Ortiz",
        timezone="America/Chicago",
        a_race_name="Lakefront Marathon",
    )
    plan.athlete = plan.athlete.model_copy(update={"preferred_weekdays": ["mon"]})
    plan.clinic = Clinic(
        name="Loop Sports Physical Therapy",
        address="180 N Michigan Ave, Suite 900, Chicago, IL 60601",
        open_weekdays=["mon", "tue", "wed", "thu", "fri"],
        opens=dt.time(7, 0),
        closes=dt.time(19, 0),
        price=95.0,
    )
    return plan


def _advanced_marathon() -> Plan:
    plan = generate_plan(
        18,
        "marathon",
        seed=23,
        races=[(11, "half", "B")],
        start=dt.date(2027, 5, 31),
        focus=["it_band"],
        name="Advanced marathon: 18 weeks, two quality days, a half-marathon check",
        run_days=6,
        quality_days=2,
        long_run_weekday="sun",
        units="km",
        athlete_name="Tom Becker",
        timezone="Europe/London",
        a_race_name="Thames Autumn Marathon",
    )
    plan.athlete = plan.athlete.model_copy(update={"preferred_weekdays": ["fri"]})
    plan.clinic = Clinic(
        name="Bankside Sports Physio",
        address="12 Bankside, London SE1 9JE",
        opens=dt.time(7, 30),
        closes=dt.time(20, 0),
        price=75.0,
        currency="GBP",
    )
    return plan


def _half_marathon() -> Plan:
    plan = generate_plan(
        12,
        "half",
        seed=5,
        start=dt.date(2027, 6, 14),
        focus=["glute"],
        name="Half marathon: 12 weeks to the Harbour Half",
        run_days=5,
        quality_weekdays=("tue",),
        long_run_weekday="sat",
        units="km",
        athlete_name="Priya Raman",
        timezone="Australia/Sydney",
        a_race_name="Harbour Half Marathon",
    )
    plan.clinic = Clinic(
        name="Bondi Junction Sports Physio",
        address="Level 2, 500 Oxford St, Bondi Junction NSW 2022",
        opens=dt.time(7, 0),
        closes=dt.time(19, 0),
        appointment_time=dt.time(17, 0),
        appointment_minutes=45,
        price=110.0,
        currency="AUD",
    )
    plan.budget = 440.0  # four sessions at $110: a trial pair, one maintenance, one in the taper
    return plan


def _ten_k() -> Plan:
    plan = generate_plan(
        8,
        "10k",
        seed=8,
        start=dt.date(2027, 3, 1),
        focus=["quad"],
        name="10K: 8 weeks to the Cherry Creek 10K",
        run_days=5,
        quality_weekdays=("thu",),
        long_run_weekday="sun",
        athlete_name="Jordan Lee",
        timezone="America/Denver",
        a_race_name="Cherry Creek 10K",
    )
    plan.athlete = plan.athlete.model_copy(update={"preferred_weekdays": ["mon", "tue"]})
    plan.clinic = Clinic(
        name="Mile High Sports Rehab",
        address="1630 Welton St, Denver, CO 80202",
        open_weekdays=["mon", "tue", "wed", "thu", "fri"],
        price=85.0,
    )
    return plan


def _plantar_fasciitis_rehab() -> Plan:
    plan = generate_plan(
        10,
        "10k",
        seed=3,
        start=dt.date(2027, 2, 1),
        focus=["calf", "foot"],
        name="Plantar fasciitis rehab: 10 easy weeks back to a 10K",
        run_days=4,
        quality_weekdays=("thu",),
        long_run_weekday="sun",
        rehab=True,
        athlete_name="Ana Silva",
        timezone="America/New_York",
        a_race_name="Hudson River 10K",
    )
    plan.clinic = Clinic(
        name="Hudson Foot & Sports PT",
        address="455 W 23rd St, New York, NY 10011",
        opens=dt.time(8, 0),
        closes=dt.time(18, 0),
        price=120.0,
    )
    plan.rules = Rules(rehab_series=True, min_gap_days=2, target_sessions=6, max_sessions=8)
    return plan


def _impossible() -> Plan:
    plan = generate_plan(
        8,
        "10k",
        seed=4,
        start=dt.date(2027, 3, 1),
        focus=["hamstring"],
        name="Impossible: the club physio only works on club session nights",
        run_days=5,
        quality_days=2,
        long_run_weekday="sun",
        units="km",
        athlete_name="Sean Byrne",
        timezone="Europe/Dublin",
        a_race_name="Phoenix Park 10K",
    )
    # The club's Thursday session runs in race week too (a short one), so every Tuesday and
    # Thursday of the block is a quality day.
    race_week_thursday = plan.races[0].date - dt.timedelta(days=3)
    for day in plan.training:
        if day.date == race_week_thursday:
            day.workouts = [
                Workout(
                    kind="quality",
                    title="Club session: 4x400m @ 10K pace",
                    duration_min=40,
                    distance_km=6.0,
                    description="Short race-week session with the club.",
                )
            ]
    plan.clinic = Clinic(
        name="Clontarf Harriers physio room",
        address="Clubhouse, Castle Ave, Clontarf, Dublin 3, D03 W2N4",
        open_weekdays=["tue", "thu"],
        opens=dt.time(18, 0),
        closes=dt.time(21, 0),
        price=60.0,
        currency="EUR",
    )
    return plan


def _pinned_conflict() -> Plan:
    plan = generate_plan(
        10,
        "half",
        seed=6,
        start=dt.date(2027, 8, 2),
        focus=["hamstring"],
        name="Pinned conflict: the only slot before the clinician's holiday",
        run_days=5,
        quality_weekdays=("tue",),
        long_run_weekday="sun",
        athlete_name="Lena Fischer",
        timezone="America/Los_Angeles",
        a_race_name="Golden Gate Half",
    )
    # Pin the Monday before the first interval session from week 4 on: the day before a hard day.
    tuesday = next(
        day.date
        for day in plan.training
        if day.date.weekday() == 1
        and day.date >= plan.training[0].date + dt.timedelta(weeks=3)
        and any(w.kind == "quality" and "@" in w.title for w in day.workouts)
    )
    plan.pinned = [
        PinnedSession(
            date=tuesday - dt.timedelta(days=1),
            note="The only slot Dr. Alvarez has before her two-week holiday.",
        )
    ]
    plan.clinic = Clinic(
        name="Presidio Sports Physical Therapy",
        address="1 Letterman Dr, Building D, San Francisco, CA 94129",
        open_weekdays=["mon", "tue", "wed", "thu", "fri"],
        price=120.0,
    )
    return plan


SAMPLE_HEADERS: dict[str, str] = {
    "beginner_marathon": """\
Beginner marathon, 18 weeks (Mon 4 Jan - Sun 9 May 2027), Chicago.
Maya runs 4 days a week: easy Tuesday, one quality session on Thursday (intervals, tempo
and hills in rotation), easy + strides Saturday, long run Sunday growing from 10 to 19 mi
with a deload week every fourth week, a 3-week taper, and the Lakefront Marathon (A race).
Wednesday and Friday are cross-training or strength days, Monday is rest.
Focus: hamstring (tightness from the growing long runs). Clinic open Mon-Fri; Maya prefers
Mondays, the day after the long run (rule 3 rewards it; Tuesday is always easy, so rule 1 allows it).
Expect: a trial pair early, maintenance in the deload weeks, one session in the taper.""",
    "advanced_marathon": """\
Advanced marathon, 18 weeks (Mon 31 May - Sun 3 Oct 2027), London, distances in km.
Tom runs 6 days a week with two quality days (Tuesday intervals or hills, Thursday tempo)
and a Sunday long run up to 34 km, some finishing at marathon pace. A half marathon on
Sun 22 Aug is his B race (6 weeks out) with a mini-taper and an easy week after.
Focus: it_band. With quality on Tuesday and Thursday and the long run on Sunday, only
Fridays are not the day before a hard day in a normal week: the planner has little room,
and the week after the half (no quality) opens Monday-Wednesday for a post-race session.""",
    "half_marathon": """\
Half marathon, 12 weeks (Mon 14 Jun - Sun 5 Sep 2027), Sydney, distances in km.
Priya runs 5 days: quality on Tuesday, easy Wednesday/Thursday/Sunday, long run Saturday,
a 2-week taper into the Harbour Half Marathon (A race).
Focus: glute. The clinic books her after work at 17:00 (45 min) for AUD 110 a session, and
her budget is AUD 440: at most four sessions (rule 10), which is also the target.""",
    "10k": """\
10K, 8 weeks (Mon 1 Mar - Sun 25 Apr 2027), Denver.
Jordan runs 5 days: quality on Thursday, long run on Sunday (6 to 10 mi), a 10-day taper
into the Cherry Creek 10K (A race). Focus: quad (knee). Clinic open Mon-Fri; Jordan
prefers Monday or Tuesday appointments. A short block: the trial must still be 21 days
before the race with a hard day between the trial and race week (rule 4).""",
    "plantar_fasciitis_rehab": """\
Plantar fasciitis rehab, 10 weeks (Mon 1 Feb - Sun 11 Apr 2027), New York.
Ana is coming back from plantar fasciitis: 4 short run days (easy Tuesday, a gentle fartlek,
tempo or interval session on Thursday - no hill repeats -, easy + strides Saturday, a long
run of 4-8 mi on Sunday), an easy bike on Mondays, pool running or bike and calf/foot
strength on Wednesday and Friday. The block ends with the Hudson River 10K (A race).
Focus: calf and foot (lower leg: soreness window 3 days, rule 2). The sessions are a rehab
series (rules.rehab_series: true), so they may be 2 days apart (min_gap_days: 2) and the
target is 6 sessions (max 8), USD 120 each, no budget cap. The 10K taper window is only
Thu-Sun of the week before race week; Friday is the one free day in it (rule 6).""",
    "impossible": """\
IMPOSSIBLE on purpose: an 8-week 10K block in Dublin with no feasible placement.
Sean trains with his club on Tuesday and Thursday nights (both quality sessions, race week
included) and runs long on Sunday. The club physio room is open only on Tuesday and
Thursday evenings, so every clinic day is a quality day (rule 1 vs rule 9) and no date in
the block works. The smallest conflict the planner names is the 10K taper (rule 6: one
session between Thu 15 and Sun 18 Apr): Thursday is the club session, the clinic is closed
on Friday, Saturday is the day before the long run and Sunday is the long run.
A coach's fix: a Friday appointment (the planner checks that one), or an easy Thursday.
`planner optimize` exits 1 and prints the conflicting rules.""",
    "pinned_conflict": """\
Pinned session that breaks a rule: a 10-week half-marathon block in San Francisco.
Lena's clinician pinned an appointment on a Monday (her only slot before a two-week
holiday), but Tuesday is an interval session: the pinned session is the day before a hard
day (rule 1 vs rule 14). The planner must say which rule the pin breaks and why, with the
dates, and suggest unpinning it or moving it.""",
    "season_two_marathons": TWO_MARATHONS_HEADER,
}

SAMPLES: dict[str, Callable[[], Plan]] = {
    "beginner_marathon": _beginner_marathon,
    "advanced_marathon": _advanced_marathon,
    "half_marathon": _half_marathon,
    "10k": _ten_k,
    "plantar_fasciitis_rehab": _plantar_fasciitis_rehab,
    "impossible": _impossible,
    "pinned_conflict": _pinned_conflict,
    "season_two_marathons": season_two_marathons,
}


def sample_plan(name: str) -> Plan:
    """The plan behind plans/NAME.yaml, built fresh from its recipe."""
    return SAMPLES[name]()


def sample_text(name: str) -> str:
    """The exact text of plans/NAME.yaml: header comment, then the saved plan."""
    header = "".join(f"# {line}".rstrip() + "\n" for line in SAMPLE_HEADERS[name].splitlines())
    header += "# Regenerate with: python -m planner.samples\n"
    return (
        header + "\n" + yaml.safe_dump(_readable_dict(sample_plan(name)), sort_keys=False, allow_unicode=True)
    )


def _readable_dict(plan: Plan) -> dict:
    """`plan_to_dict`, but races and the clinic in full and the training days last.

    A reader should not need the defaults table to see a race's distance and priority or the
    clinic's opening days; rules stay overrides only (their defaults are documented).
    """
    data = plan_to_dict(plan)
    data["races"] = [race.model_dump(mode="json", exclude_none=True) for race in plan.races]
    clinic = plan.clinic.model_dump(mode="json", exclude_none=True)
    data["clinic"] = {key: value for key, value in clinic.items() if value != []}
    for key in ("opens", "closes", "appointment_time"):
        if key in data["clinic"]:
            data["clinic"][key] = data["clinic"][key][:5]  # "08:00", as a clinic writes its hours
    # The settings first, the long list of training days last.
    training = data.pop("training")
    return {**data, "training": training}


def write_samples(directory: str | Path = PLANS) -> list[Path]:
    """Write every sample plan as YAML, and the season calendar, into `directory`; returns the paths."""
    directory = Path(directory)
    written = []
    for name in SAMPLES:
        path = directory / f"{name}.yaml"
        atomic_write(path, sample_text(name))
        written.append(path)
    calendar = directory / SEASON_CALENDAR
    atomic_write(calendar, season_calendar_text().encode("utf-8"))
    written.append(calendar)
    return written
