"""Purposes and reasons: why each session sits on its date, in a coach's words with dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from planner.constraints.reassess import Reassess
from planner.constraints.screening import Screening
from planner.dates import format_day
from planner.facts import BlockFacts, DayFacts, TrainingBlock
from planner.plan import Plan, Purpose, Race
from planner.schedule import BlockSummary, Session

WEEKDAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class BlockSessions:
    """The sessions of one season block and its reassessment (rule 8), computed in one place."""

    block: TrainingBlock
    dates: list[dt.date]
    reassess_date: dt.date | None  # after the block's first series, when sessions follow it
    reassessed: dt.date | None  # the date a clinician recorded it (plan.reassessments)


def sessions_by_block(plan: Plan, facts: BlockFacts, dates: Sequence[dt.date]) -> list[BlockSessions]:
    """Each block's sessions and reassessment point (DOMAIN.md "Seasons": rule 8 per block)."""
    out = []
    for block in facts.blocks:
        inside = sorted(d for d in dates if block.contains(d))
        point = None
        if block.counts_sessions:
            before = Reassess.split(len(inside), block.rules)
            point = inside[before - 1] if len(inside) > before else None
        recorded = [d for d in sorted(plan.reassessments) if block.contains(d)]
        out.append(BlockSessions(block, inside, point, recorded[0] if recorded else None))
    return out


def pending_reassessments(by_block: Sequence[BlockSessions]) -> list[BlockSessions]:
    """Blocks whose reassessment is due and not recorded: sessions after it stay provisional."""
    return [b for b in by_block if b.reassess_date is not None and b.reassessed is None]


def build_sessions(
    plan: Plan, facts: BlockFacts, dates: Sequence[dt.date]
) -> tuple[list[Session], dt.date | None]:
    """Sessions with purpose and reasons; and the first reassessment not yet recorded (rule 8).

    A session is provisional when it comes after a block's reassessment point that no clinician has
    recorded; recording it confirms the sessions up to the next block's point.
    """
    ordered = sorted(dates)
    pins = {p.date: p for p in plan.pinned}
    by_block = sessions_by_block(plan, facts, ordered)
    pending = pending_reassessments(by_block)
    number_of = {day: number for number, day in enumerate(ordered, start=1)}
    clearance = Screening.clearance_warning(plan) is not None
    sessions = []
    for number, day in enumerate(ordered, start=1):
        block = facts.block_of(day)
        trial = _is_trial(block, day, ordered[number - 2] if number > 1 else None, ordered)
        purpose = (
            pins[day].purpose if day in pins and pins[day].purpose else _purpose(facts, day, trial, block)
        )
        reasons = _reasons(facts, day, purpose, ordered, block)
        if day in pins:
            note = f": {pins[day].note}" if pins[day].note else ""
            reasons.insert(0, f"pinned by you{note}")
        waiting = next((b for b in pending if b.reassess_date is not None and day > b.reassess_date), None)
        if waiting is not None and waiting.reassess_date is not None:
            point = waiting.reassess_date
            reasons.append(f"provisional: reassess after session {number_of[point]} on {format_day(point)}")
        if clearance:
            reasons.append("needs clinician clearance (screening)")
        sessions.append(
            Session(
                date=day,
                purpose=purpose,
                reasons=reasons,
                number=number,
                provisional=waiting is not None,
                pinned=day in pins,
                needs_clearance=clearance,
                athlete=plan.athlete.name,
                block=block.number if block is not None else None,
            )
        )
    return sessions, pending[0].reassess_date if pending else None


def block_summaries(plan: Plan, facts: BlockFacts, dates: Sequence[dt.date]) -> list[BlockSummary]:
    """The season block by block, for the JSON, the text and the app."""
    return [
        BlockSummary(
            number=b.block.number,
            kind=b.block.kind,
            first=b.block.first,
            last=b.block.last,
            a_race=b.block.a_race.name if b.block.a_race else None,
            a_race_date=b.block.a_race.date if b.block.a_race else None,
            sessions=b.dates,
            reassess_date=b.reassess_date,
            reassessed=b.reassessed,
        )
        for b in sessions_by_block(plan, facts, dates)
    ]


def _is_trial(
    block: TrainingBlock | None, day: dt.date, previous: dt.date | None, ordered: Sequence[dt.date]
) -> bool:
    """Rule 4 per block: the block's first session, when no session came in the `retrial_after_days` before."""
    if block is None or not block.counts_sessions:
        return False
    if any(block.first <= other < day for other in ordered):
        return False
    return previous is None or (day - previous).days > block.rules.retrial_after_days


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


def _purpose(facts: BlockFacts, day: dt.date, trial: bool, block: TrainingBlock | None) -> Purpose:
    if trial:
        return "trial"
    if _in_race_week(facts, day):
        return "activation"
    if _race_just_before(facts, day):
        return "post_race"
    if _in_taper(facts, day):
        return "maintenance"
    rules = block.rules if block is not None else facts.plan.rules
    if rules.rehab_series:
        return "rehab"
    previous = _previous_day(facts, day)
    if previous is not None and previous.is_hard:
        return "recovery"
    return "maintenance"


def _reasons(
    facts: BlockFacts,
    day: dt.date,
    purpose: Purpose,
    all_dates: Sequence[dt.date],
    block: TrainingBlock | None,
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
    index = list(all_dates).index(day)
    previous_session = all_dates[index - 1] if index > 0 else None
    if purpose == "trial":
        reasons.append(_trial_words(facts, block, day, previous_session))
    elif (
        block is not None
        and block.counts_sessions
        and previous_session is not None
        and _first_in_block(block, day, all_dates)
    ):
        reasons.append(
            f"first session of {block.name}: no new trial, the previous session was within "
            f"{block.rules.retrial_after_days} days"
        )
    if purpose == "activation":
        reasons.append("race-week activation (opted in): light work only")
    week = facts.by_date[day].week_start
    taper_race = _in_taper(facts, day)
    if taper_race is not None and purpose != "activation":
        reasons.append(f"taper maintenance: keeps things loose in the {taper_race.taper_length}-day taper")
    elif purpose == "post_race":
        pass  # the race is the reason: the easy week after it is no deload to maintain through
    elif week in facts.deload_weeks:
        reasons.append(f"deload week (week {facts.week_number(day)}): maintenance while the load drops")
    elif week in facts.heavy_weeks:
        reasons.append(f"heavy week (week {facts.week_number(day)}): maintenance under peak load")
    if previous_session is not None:
        reasons.append(f"{(day - previous_session).days} days after the previous session")
    return reasons


def _first_in_block(block: TrainingBlock, day: dt.date, all_dates: Sequence[dt.date]) -> bool:
    return not any(block.first <= other < day for other in all_dates)


def _trial_words(
    facts: BlockFacts, block: TrainingBlock | None, day: dt.date, previous: dt.date | None
) -> str:
    if block is None or not facts.is_season:
        return "first session of the block: tried well before race week, with hard training still to come"
    if previous is None:
        return f"first session of {block.name}: tried well before race week, with hard training still to come"
    return (
        f"first session of {block.name}, {(day - previous).days} days after the previous one (more than "
        f"{block.rules.retrial_after_days}): tried again well before race week, with hard training still to come"
    )
