"""What "a sensible plan per block" means (issue 10 "Done when"), restated from DOMAIN.md "Seasons".

Written against the plan and the session dates only, like the independent checker, so the season
tests do not grade the solver with its own block code.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from planner.plan import HARD_KINDS, Plan, Race, Rules
from planner.schedule import Schedule


@dataclass(frozen=True)
class Block:
    first: dt.date
    last: dt.date
    race: Race | None  # None: the post-race tail
    rules: Rules


def blocks_of(plan: Plan) -> list[Block]:
    """A block ends at an A race; the next starts the day after; the rest is the post-race tail."""
    assert plan.first_day is not None and plan.last_day is not None
    blocks, start = [], plan.first_day
    for race in plan.a_races:
        blocks.append(Block(start, race.date, race, plan.block_rules(race)))
        start = race.date + dt.timedelta(days=1)
    if start <= plan.last_day:
        blocks.append(Block(start, plan.last_day, None, plan.rules))
    return blocks


def hard_days(plan: Plan) -> set[dt.date]:
    days = {day.date for day in plan.training if any(w.kind in HARD_KINDS for w in day.workouts)}
    return days | {race.date for race in plan.races}


def season_problems(plan: Plan, schedule: Schedule) -> list[str]:
    """Everything that is not sensible per block; empty when the season is planned as DOMAIN.md asks."""
    problems: list[str] = []
    dates = sorted(schedule.dates)
    purposes = {s.date: s.purpose for s in schedule.sessions}
    hard = hard_days(plan)
    post_race = {
        race.date + dt.timedelta(days=k) for race in plan.races if race.priority in "AB" for k in (1, 2, 3)
    }
    for block in blocks_of(plan):
        inside = [d for d in dates if block.first <= d <= block.last]
        if block.race is None:
            problems += [
                f"{d}: after the last A race but not post-race" for d in inside if d not in post_race
            ]
            continue
        race, rules, name = block.race, block.rules, block.race.name
        if not rules.min_sessions <= len(inside) <= rules.max_sessions:
            problems.append(
                f"{name}: {len(inside)} sessions, outside {rules.min_sessions}-{rules.max_sessions}"
            )
        # No gap over max_gap_days inside the block: from its start, between sessions, up to the race.
        marks = [block.first, *inside, race.date]
        gaps = [(later - earlier).days for earlier, later in itertools.pairwise(marks)]
        if max(gaps) > rules.max_gap_days:
            problems.append(f"{name}: a gap of {max(gaps)} days (gaps {gaps})")
        # A taper session before each A race (rule 6).
        opens, closes = race.date - dt.timedelta(days=race.taper_length), race.date - dt.timedelta(days=7)
        if race.taper_length > 7 and not any(opens <= d <= closes for d in inside):
            problems.append(f"{name}: no session between {opens} and {closes}")
        if not inside:
            continue
        # A trial where DOMAIN.md asks for one: the first session at all, or after a long pause.
        first = inside[0]
        before = [d for d in dates if d < first]
        needs_trial = not before or (first - before[-1]).days > rules.retrial_after_days
        if needs_trial != (purposes[first] == "trial"):
            problems.append(
                f"{name}: first session {first} is {purposes[first]}, trial needed: {needs_trial}"
            )
        week_starts = race.date - dt.timedelta(days=6)
        if needs_trial and (race.date - first).days < rules.trial_lead_days:
            problems.append(f"{name}: trial {first} only {(race.date - first).days} days out")
        if needs_trial and not any(first < h < week_starts for h in hard):
            problems.append(f"{name}: no hard day between the trial {first} and race week")
        problems += [f"{d} is a trial but not a block's first" for d in inside[1:] if purposes[d] == "trial"]
    return problems
