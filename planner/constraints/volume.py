"""Rule 7 (hard + soft): how many sessions, how far apart, how many a week; aim for the target.

Source: try 2-3 sessions then reassess (seed 000); courses of 2-7 sessions over a few weeks (001).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from planner.constraints.base import COST_SAFETY, COST_VOLUME, ModelContext, Rule
from planner.facts import format_day
from planner.plan import Rules
from planner.schedule import PlanChange


class Volume(Rule):
    number = 7
    name = "volume"
    title = "Volume"
    kind = "hard"
    params = ("min_sessions", "max_sessions", "min_gap_days", "max_per_week", "target_sessions")
    source = "seeds 000, 001, 003"

    def describe(self, rules: Rules) -> str:
        return (
            f"Between {rules.min_sessions} and {rules.max_sessions} sessions, at least {rules.min_gap_days} days "
            f"apart, at most {rules.max_per_week} a week (Mon-Sun); aim for {rules.target_sessions}."
        )

    def add(self, ctx: ModelContext) -> None:
        model = ctx.model
        for athlete in ctx.athletes:
            rules, facts = athlete.rules, athlete.facts
            count = athlete.count
            ctx.hard(
                self,
                f"at least {rules.min_sessions} sessions in the block",
                [],
                [model.add(count >= rules.min_sessions)],
                # Fewer sessions than the course needs is the last thing to suggest.
                cost=COST_SAFETY,
                relax=lambda dates: [
                    PlanChange(
                        op="set_rule",
                        field="min_sessions",
                        value=len(dates),
                        text=f"accept {len(dates)} session(s) in this block",
                    )
                ],
            )
            ctx.hard(
                self,
                f"at most {rules.max_sessions} sessions in the block",
                [],
                [model.add(count <= rules.max_sessions)],
                cost=COST_VOLUME,
                relax=lambda dates: [
                    PlanChange(
                        op="set_rule",
                        field="max_sessions",
                        value=len(dates),
                        text=f"allow {len(dates)} sessions",
                    )
                ],
            )
            # Sessions at least G days apart <=> at most one in every window of G consecutive days.
            days = sorted(athlete.session)
            gap = rules.min_gap_days
            windows = [days[i : i + gap] for i in range(max(1, len(days) - gap + 1))]
            ctx.hard(
                self,
                f"sessions at least {gap} days apart",
                [],
                [
                    model.add_at_most_one(athlete.session[d] for d in window)
                    for window in windows
                    if len(window) > 1
                ],
                cost=COST_VOLUME,
                relax=_smallest_gap,
            )
            weeks: dict[dt.date, list] = {}
            for day, var in athlete.session.items():
                weeks.setdefault(facts.by_date[day].week_start, []).append(var)
            ctx.hard(
                self,
                f"at most {rules.max_per_week} sessions a week (Monday to Sunday)",
                [],
                [
                    model.add(sum(vars_) <= rules.max_per_week)
                    for vars_ in weeks.values()
                    if len(vars_) > rules.max_per_week
                ],
                cost=COST_VOLUME,
                relax=_busiest_week(facts.by_date),
            )
            # Soft: aim for the target. Sessions short of it lose value; sessions beyond it must
            # earn their price through other rewards (DOMAIN rule 7).
            target = min(max(rules.target_sessions, rules.min_sessions), rules.max_sessions)
            over = model.new_int_var(0, len(days), "over_target")
            under = model.new_int_var(0, target, "under_target")
            model.add(over >= count - target)
            model.add(under >= target - count)
            ctx.soft(self, -rules.weights.extra_session, over, f"sessions beyond the target of {target}", [])
            ctx.soft(
                self, -rules.weights.missing_session, under, f"sessions short of the target of {target}", []
            )


def _smallest_gap(dates: Sequence[dt.date]) -> list[PlanChange]:
    ordered = sorted(dates)
    gaps = [(b - a).days for a, b in itertools.pairwise(ordered)]
    value = max(1, min(gaps)) if gaps else 1
    return [
        PlanChange(
            op="set_rule", field="min_gap_days", value=value, text=f"allow sessions {value} days apart"
        )
    ]


def _busiest_week(by_date):
    def relax(dates: Sequence[dt.date]) -> list[PlanChange]:
        counts: dict[dt.date, int] = {}
        for day in dates:
            week = by_date[day].week_start
            counts[week] = counts.get(week, 0) + 1
        value = max(counts.values(), default=1)
        busiest = max(counts, key=lambda w: (counts[w], w)) if counts else None
        where = f" (week of {format_day(busiest)})" if busiest else ""
        return [
            PlanChange(
                op="set_rule",
                field="max_per_week",
                value=value,
                text=f"allow {value} sessions in a week{where}",
            )
        ]

    return relax
