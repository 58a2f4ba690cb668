"""Property tests on generated multi-race seasons: the solver and the independent checker agree.

Seasons of 20-60 weeks with 2-4 A races, B and C races, the rules drawn around their defaults and
some blocks with their own settings. Every solver schedule passes the checker, and for schedules
nudged a few days either way the checker's verdict matches the solver's when the solver is forced
onto exactly those dates (all pinned, every other day forbidden). The example count stays small so
the suite stays fast; `--hypothesis-seed` reproduces a failure.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.checker import check_dates
from planner.plan import BlockSettings, PinnedSession, Plan, Rules
from planner.samples.generator import generate_season
from planner.solver import optimize

DISTANCES = ["5k", "10k", "half", "marathon"]


@st.composite
def seasons(draw: st.DrawFn) -> Plan:
    weeks = draw(st.integers(20, 60))
    count = draw(st.integers(2, 4))
    # A races at least 3 weeks apart; the last one may leave a post-race tail of up to 6 weeks.
    last = weeks - 1 - draw(st.integers(0, min(6, weeks - 3 * count)))
    gaps = draw(st.lists(st.integers(3, 14), min_size=count - 1, max_size=count - 1))
    a_weeks = [last]
    for gap in gaps:
        if a_weeks[-1] - gap < 2:
            break
        a_weeks.append(a_weeks[-1] - gap)
    taken = set(a_weeks)
    races = [(week, draw(st.sampled_from(DISTANCES)), "A", "") for week in sorted(a_weeks)]
    for priority in draw(st.lists(st.sampled_from("BC"), max_size=3)):
        week = draw(st.integers(0, weeks - 1))
        if week not in taken:
            taken.add(week)
            races.append((week, draw(st.sampled_from(["5k", "10k", "half"])), priority, ""))
    plan = generate_season(
        draw(st.integers(0, 10_000)),
        weeks=weeks,
        races=races,
        focus=draw(st.lists(st.sampled_from(["calf", "hamstring", "glute", "it_band"]), max_size=1)),
        run_days=draw(st.integers(4, 6)),
        quality_days=draw(st.integers(1, 2)),
    )
    rules = Rules(
        min_gap_days=draw(st.integers(2, 4)),
        trial_lead_days=draw(st.sampled_from([14, 21, 28])),
        retrial_after_days=draw(st.sampled_from([28, 56, 84])),
        taper_maintenance=draw(st.booleans()),
        clear_days_before_hard=draw(st.integers(0, 1)),
        allow_activation=draw(st.booleans()),
    )
    blocks = list(plan.blocks)
    if draw(st.booleans()):
        race = draw(st.sampled_from(plan.a_races))
        low = draw(st.integers(0, 3))
        own = {"min_sessions": low, "max_sessions": low + draw(st.integers(1, 6))}
        own["target_sessions"] = draw(st.integers(low, own["max_sessions"]))
        blocks = [b for b in blocks if not b.names(race)] + [BlockSettings(a_race=race.date, rules=own)]
    return Plan.model_validate({**plan.model_dump(), "rules": rules.model_dump(), "blocks": blocks})


def solver_accepts(plan: Plan, dates: list[dt.date]) -> bool:
    assert plan.first_day is not None and plan.last_day is not None
    every = [plan.first_day + dt.timedelta(days=i) for i in range((plan.last_day - plan.first_day).days + 1)]
    forced = plan.model_copy(
        update={
            "pinned": [PinnedSession(date=d) for d in dates],
            "forbidden": [d for d in every if d not in dates],
        }
    )
    return optimize(forced, time_limit=10, explain_conflicts=False).found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seasons(), st.data())
def test_the_checker_and_the_solver_agree_on_generated_seasons(plan: Plan, data: st.DataObject) -> None:
    schedule = optimize(plan, time_limit=10, explain_conflicts=False)
    assert schedule.status in ("optimal", "feasible", "infeasible")
    if not schedule.found:
        return
    report = check_dates(plan, schedule.dates)
    assert report.ok, [v.why for v in report.violations]
    # Nudge one session a few days: both sides must give the same verdict.
    for _ in range(2):
        index = data.draw(st.integers(0, len(schedule.dates) - 1))
        shift = data.draw(st.sampled_from([-7, -3, -2, -1, 1, 2, 3, 7]))
        nudged = sorted({*schedule.dates[:index], schedule.dates[index] + dt.timedelta(days=shift)}
                        | set(schedule.dates[index + 1 :]))  # fmt: skip
        assert plan.first_day is not None and plan.last_day is not None
        if not plan.first_day <= nudged[0] <= nudged[-1] <= plan.last_day:
            continue
        assert check_dates(plan, nudged).ok == solver_accepts(plan, nudged), [str(d) for d in nudged]
