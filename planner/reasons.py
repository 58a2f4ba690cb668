"""Purposes and reasons: why each session sits on its date, in a coach's words with dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from planner.constraints.reassess import Reassess
from planner.constraints.screening import Screening
from planner.dates import format_day
from planner.facts import BlockFacts, DayFacts
from planner.plan import Plan, Purpose, Race
from planner.schedule import Session

WEEKDAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def build_sessions(
    plan: Plan, facts: BlockFacts, dates: Sequence[dt.date]
) -> tuple[list[Session], dt.date | None]:
    """Sessions with purpose and reasons; and the reassessment date (rule 8)."""
    ordered = sorted(dates)
    pins = {p.date: p for p in plan.pinned}
    before_reassess = Reassess.split(len(ordered), plan.rules)
    reassess = ordered[before_reassess - 1] if len(ordered) > before_reassess else None
    clearance = Screening.clearance_warning(plan) is not None
    sessions = []
    for number, day in enumerate(ordered, start=1):
        purpose = pins[day].purpose if day in pins and pins[day].purpose else _purpose(facts, day, number)
        reasons = _reasons(facts, day, number, purpose, ordered)
        if day in pins:
            note = f": {pins[day].note}" if pins[day].note else ""
            reasons.insert(0, f"pinned by you{note}")
        provisional = number > before_reassess
        if provisional:
            reasons.append(
                f"provisional: reassess after session {before_reassess} on {format_day(ordered[before_reassess - 1])}"
            )
        if clearance:
            reasons.append("needs clinician clearance (screening)")
        sessions.append(
            Session(
                date=day,
                purpose=purpose,
                reasons=reasons,
                number=number,
                provisional=provisional,
                pinned=day in pins,
                needs_clearance=clearance,
                athlete=plan.athlete.name,
            )
        )
    return sessions, reassess


def _previous_day(facts: BlockFacts, day: dt.date) -> DayFacts | None:
    return facts.day(day - dt.timedelta(days=1))


def _race_just_before(facts: BlockFacts, day: dt.date) -> Race | None:
    for race in facts.key_races:
        if 1 <= (day - race.date).days <= 3:
            return race
    return None


def _in_race_week(facts: BlockFacts, day: dt.date) -> Race | None:
    for race in facts.a_races:
        start, end = facts.race_week(race)
        if start <= day <= end:
            return race
    return None


def _in_taper(facts: BlockFacts, day: dt.date) -> Race | None:
    for race in facts.a_races:
        start, end = facts.taper_window(race)
        if start <= day <= end:
            return race
    return None


def _purpose(facts: BlockFacts, day: dt.date, number: int) -> Purpose:
    if number == 1:
        return "trial"
    if _in_race_week(facts, day):
        return "activation"
    if _race_just_before(facts, day):
        return "post_race"
    if _in_taper(facts, day):
        return "maintenance"
    if facts.plan.rules.rehab_series:
        return "rehab"
    previous = _previous_day(facts, day)
    if previous is not None and previous.is_hard:
        return "recovery"
    return "maintenance"


def _reasons(
    facts: BlockFacts, day: dt.date, number: int, purpose: Purpose, all_dates: Sequence[dt.date]
) -> list[str]:
    reasons: list[str] = []
    previous = _previous_day(facts, day)
    if previous is not None and previous.is_hard:
        reasons.append(f"day after the {previous.hard_label} on {format_day(previous.date)}")
    race_before = _race_just_before(facts, day)
    if race_before is not None and (previous is None or previous.date != race_before.date):
        gap = (day - race_before.date).days
        reasons.append(f"{gap} days after {race_before.name} on {format_day(race_before.date)}")
    upcoming = next((d for d in facts.avoided_days if d.date > day), None)
    if upcoming is not None:
        clear = (upcoming.date - day).days - 1
        reasons.append(
            f"{clear} clear day{'s' if clear != 1 else ''} before {WEEKDAY_LONG[upcoming.date.weekday()]}'s "
            f"{upcoming.hard_label} ({format_day(upcoming.date)})"
        )
        window = facts.comfort_days
        if clear + 1 <= window:
            reasons.append(
                f"note: the {upcoming.hard_label} falls inside the {window}-day soreness window; keep it controlled"
            )
    race = facts.a_race_for(day)
    if race is not None:
        days_out = (race.date - day).days
        weeks = days_out // 7
        distance = f"{weeks} weeks" if weeks >= 2 else f"{days_out} days"
        reasons.append(f"{distance} before {race.name} ({format_day(race.date)})")
    if purpose == "trial":
        reasons.append(
            "first session of the block: tried well before race week, with hard training still to come"
        )
    elif purpose == "activation":
        reasons.append("race-week activation (opted in): light work only")
    week = facts.by_date[day].week_start
    taper_race = _in_taper(facts, day)
    if taper_race is not None and purpose != "activation":
        reasons.append(f"taper maintenance: keeps things loose in the {taper_race.taper_length}-day taper")
    elif week in facts.deload_weeks:
        reasons.append(f"deload week (week {facts.week_number(day)}): maintenance while the load drops")
    elif week in facts.heavy_weeks:
        reasons.append(f"heavy week (week {facts.week_number(day)}): maintenance under peak load")
    index = list(all_dates).index(day)
    if index > 0:
        reasons.append(f"{(day - all_dates[index - 1]).days} days after the previous session")
    return reasons
