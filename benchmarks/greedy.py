"""A greedy baseline: the rules of thumb a coach uses to book needling by hand.

Block by block (a season's blocks end at its A races): walk the block from its first day; book
the day after each long run (or race) when the clinic is open and the next day is not hard,
keeping `min_gap_days` between sessions, until all but one of the block's `target_sessions` are
booked; then book one session in the A race's taper. After the last A race, book the day after
it. Pinned sessions stay.

It deliberately knows only those habits, not the full rule set: no soreness window, no trial-lead
check, no weekly cap, no budget. The benchmark counts the hard rules this breaks with the
independent checker and scores it with the solver's objective. It reads the plan directly and
imports none of the solver's rule code (`planner.facts`, `planner.constraints`, `planner.solver`).
"""

from __future__ import annotations

import datetime as dt

from planner.plan import DEFAULT_TAPER_DAYS, HARD_KINDS, WEEKDAYS, Plan

ONE_DAY = dt.timedelta(days=1)
# A coach leaves race week alone: nobody gets needled in the last seven days before a goal race.
RACE_WEEK_DAYS = 7


def greedy_schedule(plan: Plan) -> list[dt.date]:
    """Session dates a coach would pick by hand for `plan` (sorted, possibly fewer than the target)."""
    first, last = plan.first_day, plan.last_day
    if first is None or last is None:
        return []
    kinds: dict[dt.date, set[str]] = {}
    for day in plan.training:
        kinds.setdefault(day.date, set()).update(w.kind for w in day.workouts)
    for race in plan.races:
        kinds.setdefault(race.date, set()).add("race")
    hard = {date for date, day_kinds in kinds.items() if day_kinds & HARD_KINDS}
    long_or_race = {date for date, day_kinds in kinds.items() if day_kinds & {"long_run", "race"}}
    a_races = sorted((r for r in plan.races if r.priority == "A"), key=lambda r: r.date)
    race_weeks = [
        (r.date - dt.timedelta(days=RACE_WEEK_DAYS - 1), r.date) for r in plan.races if r.priority == "A"
    ]
    unavailable = set(plan.clinic.closed_dates) | set(plan.athlete.unavailable) | set(plan.forbidden)
    gap = dt.timedelta(days=plan.rules.min_gap_days)

    def bookable(date: dt.date) -> bool:
        return (
            first <= date <= last
            and WEEKDAYS[date.weekday()] in plan.clinic.open_weekdays
            and date not in unavailable
            and date not in hard
            and date + ONE_DAY not in hard
            and not any(start <= date <= end for start, end in race_weeks)
        )

    def spaced(date: dt.date, booked: list[dt.date]) -> bool:
        return all(abs(date - other) >= gap for other in booked)

    booked = sorted({pin.date for pin in plan.pinned})

    def book(candidates: list[dt.date]) -> bool:
        for day in candidates:
            if bookable(day) and spaced(day, booked):
                booked.append(day)
                booked.sort()
                return True
        return False

    start = first
    for race in a_races:
        in_block = [day for day in sorted(long_or_race) if start <= day + ONE_DAY <= race.date]
        # Keep the last session of the block's target for the taper.
        before_taper = max(0, plan.block_rules(race).target_sessions - 1)
        for day in in_block:
            if sum(1 for b in booked if start <= b <= race.date) >= before_taper:
                break
            book([day + ONE_DAY])
        taper = race.taper_days if race.taper_days is not None else DEFAULT_TAPER_DAYS[race.distance]
        window = [race.date - dt.timedelta(days=offset) for offset in range(taper, RACE_WEEK_DAYS - 1, -1)]
        if not any(day in booked for day in window):
            # The day after the taper's long run if possible, else the first day the clinic can do.
            book([day for day in window if day - ONE_DAY in long_or_race] + window)
        start = race.date + ONE_DAY
    if a_races and start <= last:
        book([a_races[-1].date + ONE_DAY])  # post-race recovery only after the last A race
    elif not a_races:
        for day in sorted(long_or_race):
            if len(booked) >= plan.rules.target_sessions:
                break
            book([day + ONE_DAY])
    return booked
