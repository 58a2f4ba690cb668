"""Only confirmed suggestions (issue 13, item 6): a change is offered only after a re-solve found a
schedule with it; when the cheapest repair fails its check, the search goes on; and nothing
unconfirmed reaches the user in words, JSON or the app."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.checker import check_dates
from planner.edits import apply_relaxation
from planner.explain import repairs
from planner.model import Deadline
from planner.render import schedule_text
from planner.solver import optimize
from tests.core.conftest import ALL_DAYS, KINDS, MONDAY, make_plan

LETTERS = sorted(KINDS)


def only_hard_day_is_the_trials_load():
    """Fridays only; the block starts Mon 15 Mar and its one hard day before race week is the long
    run on Sat 20 Mar. The trial must come before it, so on Fri 19 Mar, which rule 1 forbids."""
    start = dt.date(2027, 3, 15)
    plan = make_plan("E E E E E E E", weeks=6, start=start, distance="10k", clinic={"open_weekdays": ["fri"]})
    data = plan.model_dump()
    for day in data["training"]:
        if day["date"] == dt.date(2027, 3, 20):
            day["workouts"] = [{"kind": "long_run", "title": "Long run", "distance_km": 24.0}]
    return type(plan).model_validate(data)


def test_the_cheapest_repair_fails_its_check_and_the_search_finds_one_that_works():
    plan = only_hard_day_is_the_trials_load()
    deadline = Deadline.after(10)
    first = next(repairs(plan, deadline=deadline))
    # The cheapest set makes the long run easy: then no hard day is left to test the trial under load.
    assert [change.op for change in first] == ["make_easy"]
    assert not optimize(apply_relaxation(plan, first)).found
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    suggestion = schedule.suggestion
    assert suggestion is not None and suggestion.confirmed
    assert suggestion.patch != first
    fixed = optimize(apply_relaxation(plan, suggestion))
    assert fixed.found and check_dates(apply_relaxation(plan, suggestion), fixed.dates).ok


def test_opening_a_weekday_also_opens_its_closed_dates():
    # Saturdays only, the runner away every other day but Sunday 10 Jan, which is a closed date on a
    # closed weekday: "ask for a Sunday appointment" alone cannot work (issue 13's closed-date shape).
    day = {i: MONDAY + dt.timedelta(days=i) for i in range(14)}
    plan = make_plan(
        "E E E E E E E",
        weeks=2,
        distance="5k",
        clinic={"open_weekdays": ["sat"], "closed_dates": [day[5], day[6]]},
        athlete={"unavailable": [day[i] for i in (0, 1, 2, 3, 4, 5, 7, 8, 9, 10)]},
        rules={"min_sessions": 1, "trial_lead_days": 0, "trial_under_load": False},
    )
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    assert schedule.suggestion is not None
    assert {change.op for change in schedule.suggestion.patch} >= {"open_weekday", "open_date"}
    for offered in [schedule.suggestion, *schedule.alternatives]:
        assert offered is not None and offered.confirmed
        assert optimize(apply_relaxation(plan, offered)).found


def test_when_no_change_works_the_output_says_so_and_offers_none():
    # Every day pinned: whatever single change is made, the rest still conflicts within two tries.
    plan = make_plan("E E E E E E E", weeks=3, pinned=[MONDAY + dt.timedelta(days=i) for i in range(0, 18)])
    schedule = optimize(plan, time_limit=5)
    assert schedule.status == "infeasible"
    if schedule.suggestion is None:
        assert schedule.explain_notes
        assert schedule.explain_notes[-1] in schedule_text(plan, schedule)
    for offered in [schedule.suggestion, *schedule.alternatives]:
        if offered is not None:
            assert offered.confirmed and optimize(apply_relaxation(plan, offered)).found


@st.composite
def tight_plans(draw):
    """Plans drawn near infeasibility: few open weekdays, hard days, closed dates and pins."""
    week = " ".join(draw(st.lists(st.sampled_from(LETTERS), min_size=7, max_size=7)))
    weeks = draw(st.integers(min_value=4, max_value=12))
    open_days = draw(st.lists(st.sampled_from(ALL_DAYS), min_size=1, max_size=3, unique=True))
    last = MONDAY + dt.timedelta(days=7 * weeks - 2)
    block_days = st.integers(0, (last - MONDAY).days).map(lambda i: MONDAY + dt.timedelta(days=i))
    pins = draw(st.lists(block_days, max_size=2, unique=True))
    closed = [d for d in draw(st.lists(block_days, max_size=4, unique=True)) if d not in pins]
    return make_plan(
        week,
        weeks,
        distance=draw(st.sampled_from(["5k", "10k", "half", "marathon"])),
        focus=draw(st.sampled_from([[], ["calf"], ["hamstring"]])),
        clinic={"open_weekdays": open_days, "closed_dates": closed, "price": 90},
        budget=draw(st.sampled_from([None, None, 200])),
        rules={
            "clear_days_before_hard": draw(st.integers(1, 2)),
            "comfort_is_hard": draw(st.booleans()),
            "trial_under_load": True,
            "min_sessions": draw(st.integers(1, 4)),
            "min_gap_days": draw(st.integers(2, 5)),
        },
        pinned=pins,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tight_plans())
def test_every_offered_change_really_makes_the_plan_feasible(plan):
    schedule = optimize(plan, time_limit=10)
    if schedule.found:
        return
    offered = [r for r in [schedule.suggestion, *schedule.alternatives] if r is not None]
    # Nothing unconfirmed reaches the user: not in the result, the JSON or the words.
    assert all(relaxation.confirmed for relaxation in offered)
    data = schedule.to_json_dict()
    assert all(r["confirmed"] for r in [data["suggestion"], *data["alternatives"]] if r is not None)
    assert "not confirmed" not in schedule_text(plan, schedule)
    if schedule.suggestion is None:
        assert schedule.explain_notes, "no suggestion must be said plainly"
    for relaxation in offered:
        relaxed = apply_relaxation(plan, relaxation)
        again = optimize(relaxed, time_limit=10)
        assert again.found, relaxation.changes
        assert check_dates(relaxed, again.dates).ok
