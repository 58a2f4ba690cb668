"""Rule 7 (hard + soft): how many sessions, how far apart, how many a week; aim for the target.

Counts are per block (DOMAIN.md "Seasons": min, max and target in each block that ends at an A
race); gaps and weeks are season-wide, as they space sessions whatever block they serve. The
post-race tail after the last A race takes post-race recovery sessions only.

Source: try 2-3 sessions then reassess (seed 000); courses of 2-7 sessions over a few weeks (001).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from planner.constraints.base import (
    COST_SAFETY,
    COST_VOLUME,
    AthleteModel,
    ModelContext,
    ModelRule,
    Param,
    RelaxFn,
    block_rule_change,
)
from planner.dates import format_day
from planner.facts import BlockFacts, DayFacts, TrainingBlock
from planner.plan import Rules
from planner.schedule import PlanChange


class Volume(ModelRule):
    number = 7
    name = "volume"
    title = "Volume"
    kind = "hard"
    params = (
        Param(
            "min_sessions",
            "Minimum sessions in the block",
            "At least this many sessions.",
            "seed 001: typical courses of 2-7 sessions over a few weeks",
        ),
        Param(
            "max_sessions",
            "Maximum sessions in the block",
            "At most this many sessions.",
            "seed 001: 2-7 sessions; seed 003: some runners 5-10",
        ),
        Param(
            "target_sessions",
            "Target number of sessions",
            "Aim for this many (soft): a trial series, then maintenance and the taper session.",
            "seed 000: try 2-3 sessions then reassess; seed 003: maintenance and taper",
        ),
        Param(
            "min_gap_days",
            "Minimum days between sessions",
            "Sessions at least this many days apart (a rehab series may set 2).",
            "seeds 000 and 001: soreness 24-48 h",
        ),
        Param(
            "max_per_week",
            "Maximum sessions per calendar week",
            "At most this many sessions Monday-Sunday.",
            "seed 001: 2-7 sessions over a few weeks",
        ),
        Param(
            "rehab_series",
            "Rehab series",
            "The sessions treat an injury: their purpose is rehab.",
            "seeds 001 and 003: injury courses of several sessions",
        ),
        Param(
            "weights.extra_session",
            "Extra session",
            "Penalty per session above the target: it must earn its price.",
            "planner weight",
        ),
        Param(
            "weights.missing_session",
            "Missing session",
            "Penalty per session below the target.",
            "planner weight",
        ),
    )
    source = "seeds 000, 001, 003"

    def describe(self, rules: Rules) -> str:
        return (
            f"Between {rules.min_sessions} and {rules.max_sessions} sessions in each block, at least "
            f"{rules.min_gap_days} days apart, at most {rules.max_per_week} a week (Mon-Sun); aim for "
            f"{rules.target_sessions}. After the last A race, post-race sessions only."
        )

    def add(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        for block in athlete.facts.blocks:
            if block.counts_sessions:
                self._count(ctx, athlete, block)
                self._target(ctx, athlete, block)
            else:
                self._post_race_only(ctx, athlete, block)
        self._gaps(ctx, athlete)
        self._weeks(ctx, athlete)

    def _count(self, ctx: ModelContext, athlete: AthleteModel, block: TrainingBlock) -> None:
        rules = block.rules
        count = ctx.total(athlete.sessions_between(block.first, block.last))
        where = block.name if athlete.facts.is_season else "the block"
        ctx.hard(
            self,
            f"at least {rules.min_sessions} sessions in {where}",
            [],
            [ctx.model.add(count >= rules.min_sessions)],
            # Fewer sessions than the course needs is the last thing to suggest.
            cost=COST_SAFETY,
            relax=_count_of_repair(
                athlete.facts, block, "min_sessions", "accept {n} session(s) in this block"
            ),
            block=block,
        )
        ctx.hard(
            self,
            f"at most {rules.max_sessions} sessions in {where}",
            [],
            [ctx.model.add(count <= rules.max_sessions)],
            cost=COST_VOLUME,
            relax=_count_of_repair(athlete.facts, block, "max_sessions", "allow {n} sessions"),
            block=block,
        )

    def _post_race_only(self, ctx: ModelContext, athlete: AthleteModel, block: TrainingBlock) -> None:
        """After the last A race: post-race recovery only, no maintenance series (DOMAIN.md "Seasons")."""
        facts = athlete.facts
        allowed = {d for race in facts.key_races for d in facts.post_race_days(race)}
        other = [d for d in sorted(athlete.session) if block.contains(d) and d not in allowed]
        if other:
            ctx.hard(
                self,
                f"after the last A race ({format_day(block.first)} on) only post-race sessions, 1-3 days "
                "after a race",
                [block.first, block.last],
                ctx.forbid_days(athlete, other),
                cost=COST_SAFETY,
                relax=lambda _dates: [],
                block=block,
            )

    def _gaps(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        # Sessions at least G days apart <=> at most one in every window of G consecutive days.
        days = sorted(athlete.session)
        gap = athlete.rules.min_gap_days
        windows = [days[i : i + gap] for i in range(max(1, len(days) - gap + 1))]
        ctx.hard(
            self,
            f"sessions at least {gap} days apart",
            [],
            [
                ctx.model.add_at_most_one(athlete.session[d] for d in window)
                for window in windows
                if len(window) > 1
            ],
            cost=COST_VOLUME,
            relax=_smallest_gap,
        )

    def _weeks(self, ctx: ModelContext, athlete: AthleteModel) -> None:
        limit = athlete.rules.max_per_week
        weeks: dict[dt.date, list] = {}
        for day, var in athlete.session.items():
            weeks.setdefault(athlete.facts.by_date[day].week_start, []).append(var)
        ctx.hard(
            self,
            f"at most {limit} sessions a week (Monday to Sunday)",
            [],
            [ctx.model.add(sum(vars_) <= limit) for vars_ in weeks.values() if len(vars_) > limit],
            cost=COST_VOLUME,
            relax=_busiest_week(athlete.facts.by_date),
        )

    def _target(self, ctx: ModelContext, athlete: AthleteModel, block: TrainingBlock) -> None:
        # Soft: aim for the target. Sessions short of it lose value; sessions beyond it must
        # earn their price through other rewards (DOMAIN rule 7).
        rules, model = block.rules, ctx.model
        count = ctx.total(athlete.sessions_between(block.first, block.last))
        target = min(max(rules.target_sessions, rules.min_sessions), rules.max_sessions)
        over = model.new_int_var(0, len(athlete.session), f"over_target_{block.number}")
        under = model.new_int_var(0, target, f"under_target_{block.number}")
        model.add(over >= count - target)
        model.add(under >= target - count)
        where = f" in {block.name}" if athlete.facts.is_season else ""
        ctx.soft(
            self, -rules.weights.extra_session, over, f"sessions beyond the target of {target}{where}", []
        )
        ctx.soft(
            self,
            -rules.weights.missing_session,
            under,
            f"sessions short of the target of {target}{where}",
            [],
        )


def _count_of_repair(facts: BlockFacts, block: TrainingBlock, field_name: str, words: str) -> RelaxFn:
    """Set a block's session count to as many sessions as the repair placed in it."""

    def relax(dates: Sequence[dt.date]) -> list[PlanChange]:
        n = sum(1 for day in dates if block.contains(day))
        return [block_rule_change(facts, block, field_name, n, words.format(n=n))]

    return relax


def _smallest_gap(dates: Sequence[dt.date]) -> list[PlanChange]:
    ordered = sorted(dates)
    gaps = [(b - a).days for a, b in itertools.pairwise(ordered)]
    value = max(1, min(gaps)) if gaps else 1
    return [
        PlanChange(
            op="set_rule", field="min_gap_days", value=value, text=f"allow sessions {value} days apart"
        )
    ]


def _busiest_week(by_date: dict[dt.date, DayFacts]) -> RelaxFn:
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
