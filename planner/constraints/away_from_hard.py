"""Rule 1 (hard): no session on a quality or race day, none in the clear days before a hard day.

Source: soreness lasts 24-48 h and hard running the next day is not fine (seeds 000, 002); a
runner booked appointments "that did not occur just prior to running days" (002).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from planner.constraints.base import (
    COST_WORKOUT,
    AthleteModel,
    ModelContext,
    ModelRule,
    Param,
    RelaxFn,
    rule_change,
    set_rule,
)
from planner.dates import format_day, long_date
from planner.plan import Rules
from planner.schedule import PlanChange


class AwayFromHardDays(ModelRule):
    number = 1
    name = "away_from_hard_days"
    title = "Away from hard days"
    kind = "hard"
    params = (
        Param(
            "clear_days_before_hard",
            "Clear days before a hard day",
            "No session on a quality or race day, nor on this many days before any hard day.",
            "seeds 000 and 002: easy running next day is fine, hard running is not; appointments "
            "'that did not occur just prior to running days'",
        ),
        Param(
            "allow_after_long_run_same_day",
            "Allow a session on a long-run day",
            "Let a session share a day with a long run (after it).",
            "seed 002: after lower-leg needling, swap the long run for upper body work or an easy bike",
        ),
    )
    source = "seeds 000, 002"

    def describe(self, rules: Rules) -> str:
        same_day = "allowed" if rules.allow_after_long_run_same_day else "not allowed"
        return (
            f"No session on a quality or race day, and {rules.clear_days_before_hard} clear day(s) before "
            f"every hard day; a session on a long-run day is {same_day}."
        )

    def relaxations(self, rules: Rules) -> list[list[PlanChange]]:
        options = []
        if rules.clear_days_before_hard > 0:
            fewer = rules.clear_days_before_hard - 1
            options.append(
                [rule_change("clear_days_before_hard", fewer, f"allow {fewer} clear day(s) before hard days")]
            )
        if not rules.allow_after_long_run_same_day:
            options.append(
                [
                    rule_change(
                        "allow_after_long_run_same_day", True, "allow a session on the same day as a long run"
                    )
                ]
            )
        return options

    def group_words(self, first: dt.date, last: dt.date, count: int, rules: Rules) -> str | None:
        clear = rules.clear_days_before_hard
        span = f"from {format_day(first)} to {format_day(last)}"
        if first.year != last.year:
            span = f"from {long_date(first)} to {long_date(last)}"
        what = {0: "has a quality session or a race", 1: "is a hard day or the day before one"}.get(
            clear, f"is a hard day or one of the {clear} days before one"
        )
        return f"every day {span} {what} ({count} hard days)"

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        rules = athlete.rules
        for day in athlete.facts.avoided_days:
            if day.is_race:
                # Needling on race day is never an option: a plain constraint no relaxation lifts.
                ctx.forbid_days(athlete, [day.date])
                blocked_today = []
            elif (
                day.is_quality
                or day.is_possibly_hard
                or (day.is_long_run and not rules.allow_after_long_run_same_day)
            ):
                blocked_today = [day.date]
            else:
                blocked_today = []
            before = [day.date - dt.timedelta(days=k) for k in range(1, rules.clear_days_before_hard + 1)]
            blocked = [d for d in blocked_today + before if d in athlete.session]
            if not blocked:
                continue
            label = day.hard_label
            before_words = "the day before" if len(before) == 1 else f"the {len(before)} days before"
            if blocked_today:
                text = f"no session on {format_day(day.date)} (the {label})"
                if before:
                    text += f" nor {before_words}"
            else:
                text = f"no session {before_words} the {label} on {format_day(day.date)}"
            relax = (
                _make_easy(day.date, label)
                if not day.is_race
                else set_rule(
                    "clear_days_before_hard",
                    max(0, rules.clear_days_before_hard - 1),
                    f"keep {max(0, rules.clear_days_before_hard - 1)} clear day(s) before hard days",
                )
            )
            ctx.hard(
                self,
                text,
                [*blocked, day.date],
                ctx.forbid_days(athlete, blocked),
                cost=COST_WORKOUT if not day.is_race else COST_WORKOUT * 3,
                relax=relax,
            )


def _make_easy(date: dt.date, label: str) -> RelaxFn:
    def relax(_dates: Sequence[dt.date]) -> list[PlanChange]:
        return [
            PlanChange(op="make_easy", date=date, text=f"make {format_day(date)} easy instead of the {label}")
        ]

    return relax
