"""Property tests on generated plans: the solver's schedule always passes the independent checker,
or the plan is infeasible with a non-empty, minimal conflict set and a relaxation that works."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.checker import check_dates
from planner.explain import apply_relaxation
from planner.solver import optimize
from tests.core.conftest import ALL_DAYS, KINDS, MONDAY, make_plan

LETTERS = sorted(KINDS)


@st.composite
def plans(draw):
    week = " ".join(draw(st.lists(st.sampled_from(LETTERS), min_size=7, max_size=7)))
    weeks = draw(st.integers(min_value=3, max_value=20))
    open_days = draw(st.lists(st.sampled_from(ALL_DAYS), min_size=1, max_size=7, unique=True))
    rules = {
        "clear_days_before_hard": draw(st.integers(0, 2)),
        "allow_after_long_run_same_day": draw(st.booleans()),
        "comfort_is_hard": draw(st.booleans()),
        "trial_lead_days": draw(st.sampled_from([0, 14, 21, 28])),
        "final_blackout_days": draw(st.integers(0, 3)),
        "allow_activation": draw(st.booleans()),
        "taper_maintenance": draw(st.booleans()),
        "min_gap_days": draw(st.integers(1, 5)),
        "max_per_week": draw(st.integers(1, 3)),
        "min_sessions": draw(st.integers(0, 4)),
        "target_sessions": draw(st.integers(1, 6)),
        "max_sessions": draw(st.integers(4, 8)),
    }
    last = MONDAY + dt.timedelta(days=7 * weeks - 2)
    block_days = st.integers(0, (last - MONDAY).days).map(lambda i: MONDAY + dt.timedelta(days=i))
    pins = draw(st.lists(block_days, max_size=2, unique=True))
    forbidden = [d for d in draw(st.lists(block_days, max_size=3, unique=True)) if d not in pins]
    extra = []
    if weeks >= 8 and draw(st.booleans()):
        b_day = MONDAY + dt.timedelta(days=7 * draw(st.integers(2, weeks - 4)) + 6)
        extra = [{"date": b_day, "name": "B race", "distance": "10k", "priority": "B"}]
    return make_plan(
        week,
        weeks,
        distance=draw(st.sampled_from(["5k", "10k", "half", "marathon"])),
        focus=draw(
            st.lists(st.sampled_from(["calf", "hamstring", "it_band", "foot"]), max_size=2, unique=True)
        ),
        clinic={"open_weekdays": open_days, "price": 90},
        budget=draw(st.sampled_from([None, None, 200, 400])),
        rules=rules,
        pinned=pins,
        forbidden=forbidden,
        extra_races=extra,
    )


@settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_every_schedule_passes_the_independent_checker_or_the_conflicts_are_named(plan):
    schedule = optimize(plan, time_limit=10)
    assert schedule.status in ("optimal", "feasible", "infeasible")
    if schedule.found:
        report = check_dates(plan, schedule.dates)
        assert report.ok, [v.why for v in report.violations]
        return
    assert schedule.conflicts, "an infeasible plan must name its conflicting rules"
    assert all(c.text and c.rule_number for c in schedule.conflicts)
    if schedule.suggestion is not None and schedule.suggestion.confirmed:
        relaxed = apply_relaxation(plan, schedule.suggestion)
        again = optimize(relaxed, time_limit=10)
        assert again.found
        assert check_dates(relaxed, again.dates).ok
