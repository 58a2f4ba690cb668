"""One test per DOMAIN.md rule. Each shows the rule at work AND that the same plan breaks the rule
when the rule is taken out of the registry, so the test fails if the rule stops doing its job."""

from __future__ import annotations

import datetime as dt
import itertools

from planner.constraints import REGISTRY
from planner.constraints.after_long_runs import AfterLongRuns
from planner.constraints.away_from_hard import AwayFromHardDays
from planner.constraints.budget import Budget
from planner.constraints.clinic import ClinicOpen
from planner.constraints.final_days import FinalDays
from planner.constraints.pinned import PinnedAndForbidden
from planner.constraints.post_race import PostRace
from planner.constraints.soreness import SorenessComfort
from planner.constraints.spacing import Spacing
from planner.constraints.taper import TaperMaintenance
from planner.constraints.trial import TrialBeforeRaceWeek
from planner.constraints.volume import Volume
from planner.solver import optimize
from tests.core.conftest import MONDAY, make_plan

QUIET = {
    "comfort": 0,
    "after_long_run": 0,
    "post_race": 0,
    "spacing": 0,
    "long_gap": 0,
    "preferred_weekday": 0,
}


def without(rule_class: type):
    rules = REGISTRY.model_rules()
    assert any(isinstance(rule, rule_class) for rule in rules), rule_class
    return [rule for rule in rules if not isinstance(rule, rule_class)]


def weekdays(dates) -> set[str]:
    return {d.strftime("%a") for d in dates}


def hard_dates(plan) -> set[dt.date]:
    hard = {d.date for d in plan.training for w in d.workouts if w.kind in ("quality", "long_run", "race")}
    return hard | {r.date for r in plan.races}


# ---- rule 1 ----------------------------------------------------------------------------------
def test_no_session_the_day_before_intervals_even_when_a_long_run_reward_pulls_there():
    # Sat long run, Sun easy, Mon intervals: the day after the long run is the day before intervals.
    plan = make_plan("I E E Q E L E", weeks=10)
    schedule = optimize(plan)
    assert schedule.found
    hard = hard_dates(plan)
    for day in schedule.dates:
        assert day not in hard
        assert day + dt.timedelta(days=1) not in hard, f"{day} is the day before a hard day"
    broken = optimize(plan, rules=without(AwayFromHardDays))
    assert any(d + dt.timedelta(days=1) in hard or d in hard for d in broken.dates)


def test_no_session_on_a_quality_day_when_the_clinic_only_opens_on_quality_days():
    plan = make_plan("E Q E Q E L R", weeks=10, clinic={"open_weekdays": ["tue", "thu"]})
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    assert any(c.rule_number == 1 for c in schedule.conflicts)
    broken = optimize(plan, rules=without(AwayFromHardDays))
    assert broken.found and weekdays(broken.dates) <= {"Tue", "Thu"}


def test_long_run_day_sessions_only_when_the_plan_opts_in():
    plan = make_plan(
        "E Q E E E L E", weeks=10, clinic={"open_weekdays": ["sat"]}, rules={"trial_lead_days": 0}
    )
    assert optimize(plan).status == "infeasible"
    opted = make_plan(
        "E Q E E E L E",
        weeks=10,
        clinic={"open_weekdays": ["sat"]},
        rules={"trial_lead_days": 0, "allow_after_long_run_same_day": True},
    )
    schedule = optimize(opted)
    assert schedule.found and weekdays(schedule.dates) == {"Sat"}


# ---- rule 2 ----------------------------------------------------------------------------------
def test_calf_focus_never_gets_a_session_two_days_before_a_hard_day_when_a_clear_day_exists():
    # Free days: Mon (Wed quality 2 days later), Thu (Sun long run 3 days later), Fri (2 days).
    plan = make_plan("E E Q E E E L", weeks=10, rules={"weights": {**QUIET, "comfort": 30}})
    schedule = optimize(plan)
    hard = hard_dates(plan)
    for day in schedule.dates:
        assert not any(day + dt.timedelta(days=k) in hard for k in (1, 2)), day
    broken = optimize(plan, rules=without(SorenessComfort))
    assert any(day + dt.timedelta(days=2) in hard for day in broken.dates)


def test_lower_leg_focus_uses_the_longer_soreness_window():
    plan = make_plan(
        "E E Q E E E L", weeks=10, focus=["calf"], rules={"comfort_is_hard": True, "trial_lead_days": 0}
    )
    schedule = optimize(plan)
    hard = hard_dates(plan)
    # Thu is 3 days before the Sun long run: inside the calf window, so no day is left at all.
    assert schedule.status == "infeasible"
    assert any(c.rule_number == 2 for c in schedule.conflicts)
    hamstring = make_plan("E E Q E E E L", weeks=10, focus=["hamstring"], rules={"comfort_is_hard": True})
    relaxed = optimize(hamstring)
    assert relaxed.found
    assert all(not any(d + dt.timedelta(days=k) in hard for k in (1, 2)) for d in relaxed.dates)


# ---- rule 3 ----------------------------------------------------------------------------------
def test_sessions_go_the_day_after_the_long_run():
    # Wed long run; Thu (day after) competes with the earlier Mon, which the tie-break prefers.
    plan = make_plan("E E L E E E Q", weeks=10, rules={"weights": {**QUIET, "after_long_run": 40}})
    schedule = optimize(plan)
    assert weekdays(schedule.dates) == {"Thu"}
    assert all(
        any(r.startswith("day after the 15 mi long run") for r in s.reasons) for s in schedule.sessions
    )
    broken = optimize(plan, rules=without(AfterLongRuns))
    assert "Mon" in weekdays(broken.dates)


# ---- rule 4 ----------------------------------------------------------------------------------
def test_first_session_is_tried_well_before_race_week():
    # The clinic can only see the runner from 20 days before the race: too late for a first try.
    plan = make_plan("E Q E E R L E", weeks=6)
    race = plan.races[0].date
    closed = [MONDAY + dt.timedelta(days=i) for i in range((race - MONDAY).days - 20)]
    late = make_plan("E Q E E R L E", weeks=6, clinic={"closed_dates": closed})
    schedule = optimize(late)
    assert schedule.status == "infeasible"
    assert any(c.rule_number == 4 for c in schedule.conflicts)
    broken = optimize(late, rules=without(TrialBeforeRaceWeek))
    assert broken.found and min(broken.dates) > race - dt.timedelta(days=21)
    assert optimize(plan).found
    assert min(optimize(plan).dates) <= race - dt.timedelta(days=21)


def test_trial_needs_a_hard_day_between_it_and_race_week():
    plan = make_plan("E Q E E R L E", weeks=8, rules={"trial_lead_days": 1, "taper_maintenance": False})
    schedule = optimize(plan)
    race = plan.races[0].date
    week_start = race - dt.timedelta(days=6)
    trial = min(schedule.dates)
    assert any(trial < h < week_start for h in hard_dates(plan))


# ---- rule 5 ----------------------------------------------------------------------------------
def test_no_session_in_the_final_days_before_a_b_race():
    b_race = MONDAY + dt.timedelta(days=7 * 4 + 6)  # Sunday of week 5
    two_days_before = b_race - dt.timedelta(days=2)
    extra = [{"date": b_race, "name": "Tune-up Half", "distance": "half", "priority": "B"}]
    free = optimize(make_plan("E Q E E E E L", weeks=10, extra_races=extra))
    assert free.found and not {b_race - dt.timedelta(days=k) for k in (0, 1, 2)} & set(free.dates)
    plan = make_plan(
        "E Q E E E E L",
        weeks=10,
        extra_races=extra,
        pinned=[two_days_before],
        rules={"clear_days_before_hard": 0},
    )
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    assert {c.rule_number for c in schedule.conflicts} == {5, 14}
    broken = optimize(plan, rules=without(FinalDays))
    assert broken.found and two_days_before in broken.dates


def test_race_week_sessions_only_as_opt_in_activation():
    race = make_plan("E Q E E E E L", weeks=10).races[0].date
    four_days_out = race - dt.timedelta(days=4)
    plan = make_plan("E Q E E E E L", weeks=10, pinned=[four_days_out])
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    assert any(c.rule_number == 5 and "race week" in c.text for c in schedule.conflicts)
    offered = [schedule.suggestion, *schedule.alternatives]
    assert any("activation" in change for relaxation in offered for change in relaxation.changes)
    opted = make_plan("E Q E E E E L", weeks=10, pinned=[four_days_out], rules={"allow_activation": True})
    allowed = optimize(opted)
    assert allowed.found
    assert next(s for s in allowed.sessions if s.date == four_days_out).purpose == "activation"
    broken = optimize(plan, rules=without(FinalDays))
    assert broken.found and four_days_out in broken.dates


# ---- rule 6 ----------------------------------------------------------------------------------
def test_a_session_in_the_taper_keeps_things_loose():
    plan = make_plan(
        "E Q E E R L E", weeks=12, distance="marathon", rules={"weights": {**QUIET}, "target_sessions": 2}
    )
    race = plan.races[0].date
    window = (race - dt.timedelta(days=21), race - dt.timedelta(days=7))
    schedule = optimize(plan)
    assert any(window[0] <= d <= window[1] for d in schedule.dates)
    assert any(s.purpose == "maintenance" and window[0] <= s.date <= window[1] for s in schedule.sessions)
    broken = optimize(plan, rules=without(TaperMaintenance))
    assert not any(window[0] <= d <= window[1] for d in broken.dates)


def test_a_5k_taper_fits_in_race_week_so_no_taper_session_is_required():
    plan = make_plan(
        "E Q E E R L E", weeks=8, distance="5k", rules={"weights": {**QUIET}, "target_sessions": 2}
    )
    race = plan.races[0].date
    assert all(d < race - dt.timedelta(days=14) for d in optimize(plan).dates)


# ---- rule 7 ----------------------------------------------------------------------------------
def test_volume_bounds_gap_and_weekly_cap():
    greedy = {**QUIET, "after_long_run": 40, "extra_session": 0}
    plan = make_plan(
        "E Q E E R L E", weeks=12, rules={"weights": greedy, "target_sessions": 20, "max_sessions": 9}
    )
    schedule = optimize(plan)
    dates = schedule.dates
    assert len(dates) == 9
    assert all((b - a).days >= 3 for a, b in itertools.pairwise(dates))
    weeks: dict = {}
    for d in dates:
        weeks[d.isocalendar()[:2]] = weeks.get(d.isocalendar()[:2], 0) + 1
    assert max(weeks.values()) <= 2
    broken = optimize(plan, rules=without(Volume))
    assert len(broken.dates) > 9


def test_aim_for_the_target_number_of_sessions():
    plan = make_plan("E Q E E R L E", weeks=16, distance="marathon")
    assert len(optimize(plan).dates) == 4
    assert len(optimize(make_plan("E Q E E R L E", weeks=16, rules={"target_sessions": 3})).dates) == 3


def test_minimum_sessions_must_fit():
    plan = make_plan(
        "E Q E E R L E",
        weeks=4,
        distance="10k",
        rules={"min_sessions": 8, "max_sessions": 8, "trial_lead_days": 0},
    )
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    assert any(c.rule_number == 7 for c in schedule.conflicts)


# ---- rule 8 ----------------------------------------------------------------------------------
def test_sessions_after_the_reassessment_are_provisional():
    plan = make_plan("E Q E E R L E", weeks=16, distance="marathon", rules={"target_sessions": 5})
    schedule = optimize(plan)
    assert len(schedule.sessions) == 5
    assert [s.provisional for s in schedule.sessions] == [False, False, False, True, True]
    assert schedule.reassess_date == schedule.sessions[2].date


# ---- rule 9 ----------------------------------------------------------------------------------
def test_sessions_only_when_the_clinic_is_open_and_the_runner_can_attend():
    first_wed = MONDAY + dt.timedelta(days=2)
    plan = make_plan(
        "E Q E E R L E",
        weeks=10,
        clinic={"open_weekdays": ["wed", "thu", "fri"], "closed_dates": [first_wed]},
        athlete={"unavailable": [first_wed + dt.timedelta(days=1)]},
        rules={"weights": {**QUIET}},
    )
    schedule = optimize(plan)
    assert schedule.found
    assert weekdays(schedule.dates) <= {"Wed", "Thu", "Fri"}
    assert first_wed not in schedule.dates and first_wed + dt.timedelta(days=1) not in schedule.dates
    broken = optimize(plan, rules=without(ClinicOpen))
    assert not weekdays(broken.dates) <= {"Wed", "Thu", "Fri"} or first_wed in broken.dates


# ---- rule 10 ---------------------------------------------------------------------------------
def test_budget_caps_the_number_of_sessions():
    plan = make_plan("E Q E E R L E", weeks=16, distance="marathon", budget=250, clinic={"price": 100})
    schedule = optimize(plan)
    assert len(schedule.dates) == 2
    broken = optimize(plan, rules=without(Budget))
    assert len(broken.dates) > 2


# ---- rule 11 ---------------------------------------------------------------------------------
def test_a_post_race_session_follows_the_b_race():
    b_race = MONDAY + dt.timedelta(days=7 * 5 + 6)
    plan = make_plan(
        "E Q E E E E L",
        weeks=12,
        rules={"weights": {**QUIET, "post_race": 25}},
        extra_races=[{"date": b_race, "name": "City 10K", "distance": "10k", "priority": "B"}],
    )
    schedule = optimize(plan)
    post = [s for s in schedule.sessions if 1 <= (s.date - b_race).days <= 3]
    assert post and post[0].purpose == "post_race"
    broken = optimize(plan, rules=without(PostRace))
    assert not any(1 <= (d - b_race).days <= 3 for d in broken.dates)


# ---- rule 12 ---------------------------------------------------------------------------------
def test_sessions_are_spread_out_and_on_preferred_days():
    plan = make_plan("E Q E E R L E", weeks=12, rules={"weights": {**QUIET, "spacing": 6, "long_gap": 2}})
    dates = optimize(plan).dates
    assert all((b - a).days >= 7 for a, b in itertools.pairwise(dates))
    broken = optimize(plan, rules=without(Spacing)).dates
    assert any((b - a).days < 7 for a, b in itertools.pairwise(broken))
    fridays = make_plan(
        "E Q E E E L E",
        weeks=12,
        athlete={"preferred_weekdays": ["fri"]},
        rules={"clear_days_before_hard": 0, "weights": {**QUIET, "preferred_weekday": 3}},
    )
    assert weekdays(optimize(fridays).dates) == {"Fri"}


# ---- rule 13 ---------------------------------------------------------------------------------
def test_a_red_flag_refuses_to_plan_and_says_to_seek_care():
    plan = make_plan(athlete={"screening": {"suspected_fracture_or_tendon_rupture": True}})
    schedule = optimize(plan)
    assert schedule.status == "refused" and not schedule.sessions
    assert "seek medical care" in schedule.warnings[0]


def test_a_contraindication_plans_but_every_session_needs_clearance():
    plan = make_plan(athlete={"screening": {"bleeding_disorder_or_blood_thinners": True}})
    schedule = optimize(plan)
    assert schedule.found and schedule.sessions
    assert all(s.needs_clearance for s in schedule.sessions)
    assert any("clearance" in w for w in schedule.warnings)


# ---- rule 14 ---------------------------------------------------------------------------------
def test_pinned_sessions_stay_and_forbidden_days_stay_free():
    free = optimize(make_plan("E Q E E R L E", weeks=12))
    first = free.dates[0]
    pin = first + dt.timedelta(days=14)  # a Wed two weeks later, a fine day
    plan = make_plan("E Q E E R L E", weeks=12, pinned=[pin], forbidden=[first])
    schedule = optimize(plan)
    assert pin in schedule.dates and first not in schedule.dates
    assert next(s for s in schedule.sessions if s.date == pin).pinned
    broken = optimize(plan, rules=without(PinnedAndForbidden))
    assert first in broken.dates or pin not in broken.dates


def test_a_pin_on_the_day_before_intervals_names_both_rules():
    plan = make_plan("E I E E R L E", weeks=12, pinned=[MONDAY + dt.timedelta(days=7)])
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    numbers = {c.rule_number for c in schedule.conflicts}
    assert numbers == {1, 14}
    assert schedule.suggestion is not None and schedule.suggestion.confirmed
    assert any("unpin" in change for change in schedule.suggestion.changes)
