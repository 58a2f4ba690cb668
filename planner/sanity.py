"""Plans that are valid but cannot be planned, or are probably not what the user meant.

- `model_refusal`: what the model refuses before building anything (no training to plan around,
  a pin outside the block). The solver, the CLI (naming the file) and the app's upload (so such a
  plan is never saved to the workspace) all ask this one function.

- A race far outside the training (issue 9): `--race 2028-10-17` for a 2027 calendar builds a
  71-week block with no training in most of it and demotes the real A race. More than
  `RACE_MARGIN_DAYS` after the last workout or before the first is an error in the CLI unless
  `--force`, and a warning in the schedule.
- An `end` that cuts off a taper: the race lies outside the block, so the taper rules (5, 6) see
  only part of its taper and the race not at all.
"""

from __future__ import annotations

import datetime as dt

from planner.dates import long_date
from planner.limits import MAX_BLOCK_DAYS
from planner.plan import Plan, Race

# Four weeks: a race that far past the last written workout is a wrong year or a missing block.
RACE_MARGIN_DAYS = 28


def model_refusal(plan: Plan) -> str | None:
    """Why the model cannot plan `plan` at all, in words, or None."""
    first, last = plan.first_day, plan.last_day
    if first is None or last is None:
        return "the plan has no training days and no races: nothing to place sessions in"
    if (last - first).days + 1 > MAX_BLOCK_DAYS:
        # The plan model refuses this when it validates; a plan built without validation must not
        # cost a list of days first.
        return f"the block spans {(last - first).days + 1:,} days; plan at most {MAX_BLOCK_DAYS:,} at once"
    if not any(day.workouts for day in plan.training):
        return "the plan has no training workouts: sessions are placed around the training, so add it"
    for pin in plan.pinned:
        if not first <= pin.date <= last:
            return f"pinned session {pin.date} is outside the block ({first} to {last})"
    return None


def far_races(plan: Plan) -> list[tuple[Race, str]]:
    """Each race more than RACE_MARGIN_DAYS before the first or after the last workout, with words
    naming both dates."""
    days = sorted(day.date for day in plan.training if day.workouts)
    if not days:
        return []
    first, last = days[0], days[-1]
    margin = dt.timedelta(days=RACE_MARGIN_DAYS)
    found = []
    for race in sorted(plan.races, key=lambda r: r.date):
        if race.date > last + margin:
            gap, side, edge = (race.date - last).days, "after the last workout", last
        elif race.date < first - margin:
            gap, side, edge = (first - race.date).days, "before the first workout", first
        else:
            continue
        found.append(
            (
                race,
                f"race on {long_date(race.date)} is {_span(gap)} {side} ({long_date(edge)}); check the year",
            )
        )
    return found


def cut_tapers(plan: Plan) -> list[str]:
    """An `end` inside the taper of an A or B race that lies after it."""
    if plan.end is None:
        return []
    words = []
    for race in sorted(plan.races, key=lambda r: r.date):
        taper_start = race.date - dt.timedelta(days=race.taper_length)
        if race.priority in ("A", "B") and race.taper_length and taper_start <= plan.end < race.date:
            words.append(
                f"the block ends on {long_date(plan.end)}, inside the {race.taper_length}-day taper of "
                f"{race.name} on {long_date(race.date)}: the race and the rest of its taper are outside it"
            )
    return words


def _span(days: int) -> str:
    return f"{days} days" if days < 14 else f"{days // 7} weeks"
