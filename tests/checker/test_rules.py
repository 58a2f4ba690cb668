"""One test per hard rule: the exact violation appears, and goes when the parameter is relaxed.

Dates refer to the base block in conftest.py (tempo on Thursdays, 29 km long run on Sundays,
A marathon on Sun 28 Mar 2027).
"""

from __future__ import annotations

import datetime as dt

from planner.checker import Violation, check_dates
from planner.plan import Athlete, Clinic, PinnedSession, Race, Screening, Workout

D = dt.date


def whys(violations: list[Violation], rule_number: int) -> list[str]:
    return [violation.why for violation in violations if violation.rule_number == rule_number]


def test_the_base_schedule_passes_every_hard_rule(make_plan, good_dates):
    report = check_dates(make_plan(), good_dates)
    assert report.ok
    assert report.violations == []
    assert report.alternatives == {}


# Rule 1 -------------------------------------------------------------------------------------


def test_rule_1_no_session_the_day_before_a_tempo(make_plan, good_dates):
    dates = [*good_dates[:3], D(2027, 3, 10)]  # Wed before Thu 11 Mar tempo, inside the taper
    report = check_dates(make_plan(), dates)
    assert whys(report.violations, 1) == [
        "Wed 10 Mar is the day before the tempo on Thu 11 Mar (rule 1 keeps 1 clear day before a hard day)"
    ]
    assert report.violations[0].dates == [D(2027, 3, 10), D(2027, 3, 11)]
    assert check_dates(make_plan(rules={"clear_days_before_hard": 0}), dates).ok


def test_rule_1_two_clear_days_reaches_two_days_back(make_plan, good_dates):
    dates = [*good_dates[:3], D(2027, 3, 9)]  # Tue, two days before Thu 11 Mar
    assert check_dates(make_plan(), dates).ok
    report = check_dates(make_plan(rules={"clear_days_before_hard": 2}), dates)
    assert whys(report.violations, 1) == [
        "Tue 9 Mar is 2 days before the tempo on Thu 11 Mar (rule 1 keeps 2 clear days before a hard day)"
    ]


def test_rule_1_no_session_on_a_quality_day(make_plan, good_dates):
    report = check_dates(make_plan(), [*good_dates[:3], D(2027, 3, 11)])
    assert "Thu 11 Mar is the day of the tempo (rule 1: no session on a quality day)" in whys(
        report.violations, 1
    )
    # No parameter relaxes this one: only making the day easy does.
    easy = make_plan(workouts={D(2027, 3, 11): [Workout(kind="easy")]})
    assert check_dates(easy, [*good_dates[:3], D(2027, 3, 11)]).ok


def test_rule_1_long_run_day_only_when_the_plan_opts_in(make_plan, good_dates):
    dates = [*good_dates[:3], D(2027, 3, 14)]  # Sun 14 Mar: long run day
    sunday_clinic = Clinic(open_weekdays=["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    report = check_dates(make_plan(clinic=sunday_clinic), dates)
    assert whys(report.violations, 1) == [
        "Sun 14 Mar is the day of the 29 km long run (rule 1: a session shares a day with a long run only "
        "if the plan sets allow_after_long_run_same_day)"
    ]
    relaxed = make_plan(clinic=sunday_clinic, rules={"allow_after_long_run_same_day": True})
    assert check_dates(relaxed, dates).ok


def test_rule_1_no_session_on_a_c_race_day(make_plan, good_dates):
    tune_up = Race(date=D(2027, 2, 16), name="Valentine 10K", distance="10k", priority="C")
    plan = make_plan(races=[*make_plan().races, tune_up])
    report = check_dates(plan, [*good_dates, D(2027, 2, 16)])
    assert "Tue 16 Feb is race day of the Valentine 10K (C race) (rule 1: no session on a race day)" in whys(
        report.violations, 1
    )
    assert "Mon 15 Feb is the day before the Valentine 10K (C race) on Tue 16 Feb" in " ".join(
        whys(check_dates(plan, [*good_dates, D(2027, 2, 15)]).violations, 1)
    )


# Rule 2 -------------------------------------------------------------------------------------


def test_rule_2_when_hard_no_hard_day_two_days_after_a_session(make_plan, good_dates):
    dates = [*good_dates[:3], D(2027, 3, 9)]  # Tue; the tempo is on Thu
    assert check_dates(make_plan(), dates).ok  # rule 2 is soft by default
    report = check_dates(make_plan(rules={"comfort_is_hard": True}), dates)
    assert whys(report.violations, 2) == [
        "the tempo on Thu 11 Mar is 2 days after the session on Tue 9 Mar (rule 2, made hard by "
        "comfort_is_hard: no hard day within 2 days after a session without a lower-leg focus)"
    ]
    relaxed = make_plan(rules={"comfort_is_hard": True, "comfort_days_before_hard": 1})
    assert check_dates(relaxed, dates).ok


def test_rule_2_a_calf_focus_keeps_three_days(make_plan, good_dates):
    dates = [*good_dates[:3], D(2027, 3, 8)]  # Mon; the tempo is 3 days later
    plain = make_plan(rules={"comfort_is_hard": True})
    calf = make_plan(rules={"comfort_is_hard": True}, athlete=Athlete(focus=["calf"]))
    assert not whys(check_dates(plain, dates).violations, 2)
    calf_whys = whys(check_dates(calf, dates).violations, 2)
    assert (
        "the tempo on Thu 11 Mar is 3 days after the session on Mon 8 Mar (rule 2, made hard by "
        "comfort_is_hard: no hard day within 3 days after a session with a calf focus)"
    ) in calf_whys
    relaxed = make_plan(
        rules={"comfort_is_hard": True, "comfort_days_before_hard_lower_leg": 2},
        athlete=Athlete(focus=["calf"]),
    )
    assert not whys(check_dates(relaxed, dates).violations, 2)


# Rule 4 -------------------------------------------------------------------------------------


def test_rule_4_the_trial_is_at_least_21_days_before_the_a_race(make_plan):
    dates = [D(2027, 3, 12), D(2027, 3, 16)]  # first session 16 days before the marathon
    plan = make_plan(rules={"taper_maintenance": False})
    report = check_dates(plan, dates)
    assert whys(report.violations, 4) == [
        "the first session on Fri 12 Mar is only 16 days before the Spring Marathon (A race) on Sun 28 Mar "
        "(rule 4: the trial must be at least 21 days before the A race)"
    ]
    assert report.violations[0].dates == [D(2027, 3, 12), D(2027, 3, 28)]
    assert check_dates(make_plan(rules={"taper_maintenance": False, "trial_lead_days": 16}), dates).ok


def test_rule_4_a_hard_day_lies_between_the_trial_and_race_week(make_plan):
    # Only easy running from Mon 15 Mar: nothing tests the trial before race week (Mon 22 Mar).
    calm = {D(2027, 3, 18): [Workout(kind="easy")], D(2027, 3, 21): [Workout(kind="easy")]}
    dates = [D(2027, 3, 15), D(2027, 3, 19)]
    plan = make_plan(workouts=calm, rules={"trial_lead_days": 7, "taper_maintenance": False})
    assert whys(check_dates(plan, dates).violations, 4) == [
        "no hard day lies between the first session on Mon 15 Mar and race week of the Spring Marathon "
        "(A race) (from Mon 22 Mar) (rule 4: the runner must test the response under load before race week)"
    ]
    # Keep the long run of Sun 21 Mar and the trial is tested.
    tested = make_plan(workouts={D(2027, 3, 18): [Workout(kind="easy")]}, rules=plan.rules.model_dump())
    assert not whys(check_dates(tested, dates).violations, 4)


def test_rule_4_with_two_a_races_each_block_tries_its_first_session_unless_one_came_recently(make_plan):
    spring = Race(date=D(2027, 2, 14), name="Winter Half", distance="half", priority="A")
    autumn = Race(date=D(2027, 3, 28), name="Spring Marathon", distance="marathon", priority="A")
    plan = make_plan(races=[spring, autumn], rules={"taper_maintenance": False})
    # Nothing in block 1: the first session of block 2 is the season's trial, 19 days before its race.
    report = check_dates(plan, [D(2027, 3, 9), D(2027, 3, 15)])
    assert whys(report.violations, 4) == [
        "block 2: the first session on Tue 9 Mar is only 19 days before the Spring Marathon (A race) on Sun "
        "28 Mar (rule 4: the trial must be at least 21 days before the A race); it is the season's first session"
    ]
    # A session in block 1, 57 days earlier (within retrial_after_days = 84): no new trial is needed.
    assert not whys(check_dates(plan, [D(2027, 1, 11), D(2027, 3, 9)]).violations, 4)
    # After a pause longer than retrial_after_days, the block's first session is a trial again.
    paused = make_plan(races=[spring, autumn], rules={"taper_maintenance": False, "retrial_after_days": 50})
    assert whys(check_dates(paused, [D(2027, 1, 11), D(2027, 3, 9)]).violations, 4) == [
        "block 2: the first session on Tue 9 Mar is only 19 days before the Spring Marathon (A race) on Sun "
        "28 Mar (rule 4: the trial must be at least 21 days before the A race); it is 57 days after the "
        "previous session, more than 50, so a trial again"
    ]


# Rule 5 -------------------------------------------------------------------------------------


def test_rule_5_no_session_in_the_last_two_days_before_the_a_race(make_plan, good_dates):
    report = check_dates(make_plan(rules={"allow_activation": True}), [*good_dates, D(2027, 3, 26)])
    assert whys(report.violations, 5) == [
        "Fri 26 Mar is 2 days before the Spring Marathon (A race) on Sun 28 Mar (rule 5: no session in the "
        "last 2 days before an A or B race)"
    ]
    relaxed = make_plan(rules={"allow_activation": True, "final_blackout_days": 1})
    assert check_dates(relaxed, [*good_dates, D(2027, 3, 26)]).ok


def test_rule_5_a_b_race_has_a_blackout_but_no_race_week(make_plan, good_dates):
    b_race = Race(date=D(2027, 2, 20), name="Club Half", distance="half", priority="B")
    plan = make_plan(races=[*make_plan().races, b_race])
    assert whys(check_dates(plan, [*good_dates, D(2027, 2, 18)]).violations, 5) == [
        "Thu 18 Feb is 2 days before the Club Half (B race) on Sat 20 Feb (rule 5: no session in the last "
        "2 days before an A or B race)"
    ]
    # Tue 16 Feb is in the B race's week: no race-week rule for B races.
    assert not whys(check_dates(plan, [*good_dates, D(2027, 2, 16)]).violations, 5)


def test_rule_5_race_week_sessions_only_as_opted_in_activation(make_plan, good_dates):
    dates = [*good_dates, D(2027, 3, 23)]  # Tue of race week
    report = check_dates(make_plan(), dates)
    assert whys(report.violations, 5) == [
        "Tue 23 Mar is in race week of the Spring Marathon (A race) on Sun 28 Mar (rule 5: race-week "
        "sessions only as activation, and the plan does not set allow_activation)"
    ]
    assert check_dates(make_plan(rules={"allow_activation": True}), dates).ok


def test_rule_5_activation_needs_rule_4_to_hold(make_plan):
    plan = make_plan(rules={"allow_activation": True, "taper_maintenance": False, "min_sessions": 1})
    report = check_dates(plan, [D(2027, 3, 23)])  # the only session is in race week
    assert whys(report.violations, 5) == [
        "Tue 23 Mar would be an activation session in race week of the Spring Marathon (A race), but the "
        "first session on Tue 23 Mar is no trial well ahead of it (rule 5 allows activation only when rule 4 "
        "holds)"
    ]
    assert whys(report.violations, 4)


def test_rule_5_no_session_on_race_day(make_plan, good_dates):
    report = check_dates(make_plan(), [*good_dates, D(2027, 3, 28)])
    assert "Sun 28 Mar is race day of the Spring Marathon (A race) (rule 5: no session on race day)" in whys(
        report.violations, 5
    )


# Rule 6 -------------------------------------------------------------------------------------


def test_rule_6_one_session_in_a_long_taper(make_plan, good_dates):
    dates = good_dates[:3]  # nothing from Sun 7 Mar to Sun 21 Mar
    report = check_dates(make_plan(), dates)
    assert whys(report.violations, 6) == [
        "no session from Sun 7 Mar to Sun 21 Mar in the taper of the Spring Marathon (A race) (rule 6: with "
        "a 21-day taper, at least one maintenance session from race day - 21 to race day - 7)"
    ]
    assert report.violations[0].dates == [D(2027, 3, 7), D(2027, 3, 21)]
    assert check_dates(make_plan(rules={"taper_maintenance": False}), dates).ok


def test_rule_6_a_taper_no_longer_than_race_week_needs_no_session(make_plan, good_dates):
    five_k = Race(date=D(2027, 3, 28), name="Park 5K", distance="5k")
    assert check_dates(make_plan(races=[five_k]), good_dates[:3]).ok
    # A plan-stated 10-day taper reaches back before race week again.
    stated = Race(date=D(2027, 3, 28), name="Park 5K", distance="5k", taper_days=10)
    assert whys(check_dates(make_plan(races=[stated]), good_dates[:3]).violations, 6) == [
        "no session from Thu 18 Mar to Sun 21 Mar in the taper of the Park 5K (A race) (rule 6: with a "
        "10-day taper, at least one maintenance session from race day - 10 to race day - 7)"
    ]


# Rule 7 -------------------------------------------------------------------------------------


def test_rule_7_session_count_between_min_and_max(make_plan, good_dates):
    plan = make_plan(rules={"taper_maintenance": False})
    assert whys(check_dates(plan, good_dates[:1]).violations, 7) == [
        "1 session(s) in the block (rule 7 asks for at least 2)"
    ]
    capped = make_plan(rules={"max_sessions": 3})
    assert whys(check_dates(capped, good_dates).violations, 7) == [
        "4 sessions in the block (rule 7 allows at most 3)"
    ]
    assert check_dates(make_plan(rules={"max_sessions": 4}), good_dates).ok


def test_rule_7_sessions_at_least_three_days_apart(make_plan, good_dates):
    dates = [*good_dates, D(2027, 3, 9)]  # Mon 8 Mar and Tue 9 Mar
    report = check_dates(make_plan(), dates)
    assert whys(report.violations, 7) == [
        "the sessions on Mon 8 Mar and Tue 9 Mar are 1 day apart "
        "(rule 7 keeps sessions at least 3 days apart)"
    ]
    assert check_dates(make_plan(rules={"min_gap_days": 1}), dates).ok


def test_rule_7_at_most_two_sessions_a_week(make_plan, good_dates):
    dates = [*good_dates, D(2027, 3, 12), D(2027, 3, 15)]  # Mon 8, Fri 12; then Mon 15 starts a new week
    assert check_dates(make_plan(), dates).ok
    three = [*good_dates, D(2027, 3, 12), D(2027, 3, 5)]  # Fri 5 is in the week before Mon 8
    assert check_dates(make_plan(), three).ok
    crowded = make_plan(
        rules={"min_gap_days": 1},
        workouts={D(2027, 3, 11): [Workout(kind="easy")], D(2027, 3, 14): [Workout(kind="easy")]},
    )
    week = [*good_dates, D(2027, 3, 10), D(2027, 3, 12)]
    assert whys(check_dates(crowded, week).violations, 7) == [
        "3 sessions in the week Mon 8 Mar - Sun 14 Mar (Mon 8 Mar, Wed 10 Mar, Fri 12 Mar) (rule 7 allows at "
        "most 2 per Monday-Sunday week)"
    ]
    crowded_ok = crowded.model_copy(update={"rules": crowded.rules.model_copy(update={"max_per_week": 3})})
    assert check_dates(crowded_ok, week).ok


def test_rule_7_a_date_listed_twice_is_a_violation(make_plan, good_dates):
    report = check_dates(make_plan(), [*good_dates, good_dates[1]])
    assert whys(report.violations, 7) == [
        "Mon 1 Feb is listed 2 times (one session a day; rule 7 keeps sessions 3 days apart)"
    ]


# Rule 9 -------------------------------------------------------------------------------------


def test_rule_9_only_on_clinic_open_weekdays(make_plan, good_dates):
    weekdays_only = Clinic(name="Riverside Physio", open_weekdays=["tue", "wed", "thu", "fri"])
    report = check_dates(make_plan(clinic=weekdays_only), good_dates)
    assert whys(report.violations, 9) == [
        f"{day}: Riverside Physio is open Tue, Wed, Thu, Fri only (rule 9)"
        for day in ("Mon 11 Jan", "Mon 1 Feb", "Mon 22 Feb", "Mon 8 Mar")
    ]
    assert check_dates(make_plan(clinic=Clinic(open_weekdays=["mon"])), good_dates).ok


def test_rule_9_closed_dates_and_unavailable_dates(make_plan, good_dates):
    plan = make_plan(
        clinic=Clinic(closed_dates=[D(2027, 2, 1)]),
        athlete=Athlete(name="Sam", unavailable=[D(2027, 2, 22)]),
    )
    assert whys(check_dates(plan, good_dates).violations, 9) == [
        "Mon 1 Feb: the clinic is closed that day (rule 9)",
        "Mon 22 Feb: Sam cannot attend that day (rule 9)",
    ]
    assert check_dates(make_plan(), good_dates).ok


def test_rule_9_dates_inside_the_block(make_plan, good_dates):
    report = check_dates(make_plan(weeks=13), [D(2026, 12, 29), *good_dates[1:], D(2027, 4, 5)])
    rule_9 = whys(report.violations, 9)
    # The block spans no new year, but the dates do: the year is shown.
    assert "Tue 29 Dec 2026 is before the block starts on Mon 4 Jan 2027 (rule 9)" in rule_9
    assert "Mon 5 Apr 2027 is after the block ends on Sun 4 Apr 2027 (rule 9)" in rule_9


# Rule 10 ------------------------------------------------------------------------------------


def test_rule_10_sessions_times_price_within_budget(make_plan, good_dates):
    report = check_dates(make_plan(budget=300), good_dates)
    assert whys(report.violations, 10) == ["4 sessions x $95 = $380 is over the budget of $300 (rule 10)"]
    assert check_dates(make_plan(budget=380), good_dates).ok
    assert check_dates(make_plan(), good_dates).ok  # no budget, no limit


def test_rule_10_cents_are_compared_not_float_noise(make_plan, good_dates):
    plan = make_plan(budget=133.32, clinic=Clinic(price=33.33, currency="EUR"))
    assert check_dates(plan, good_dates).ok
    tight = make_plan(budget=133.31, clinic=Clinic(price=33.33, currency="EUR"))
    assert whys(check_dates(tight, good_dates).violations, 10) == [
        "4 sessions x €33.33 = €133.32 is over the budget of €133.31 (rule 10)"
    ]


# Rule 14 ------------------------------------------------------------------------------------


def test_rule_14_pinned_dates_stay_and_forbidden_dates_stay_free(make_plan, good_dates):
    plan = make_plan(pinned=[PinnedSession(date=D(2027, 1, 19))], forbidden=[D(2027, 2, 22)])
    assert whys(check_dates(plan, good_dates).violations, 14) == [
        "the pinned session on Tue 19 Jan is missing (rule 14: a pinned session stays where it is)",
        "Mon 22 Feb is a forbidden date (rule 14: a day a person forbade stays free)",
    ]
    fixed = [good_dates[0], D(2027, 1, 19), good_dates[1], D(2027, 2, 23), good_dates[3]]
    assert check_dates(plan, fixed).ok


def test_rule_14_a_pinned_session_that_breaks_a_rule_says_so(make_plan, good_dates):
    plan = make_plan(pinned=[D(2027, 3, 10)])
    report = check_dates(plan, [*good_dates[:3], D(2027, 3, 10)])
    assert whys(report.violations, 1) == [
        "Wed 10 Mar is the day before the tempo on Thu 11 Mar (rule 1 keeps 1 clear day before a hard day); "
        "Wed 10 Mar is pinned, so unpin it or relax the rule"
    ]
    # Moving a pinned session would break rule 14: no alternative is offered.
    assert report.alternatives == {D(2027, 3, 10): []}


# Screening (rule 13 is a warning, not a hard rule) -------------------------------------------


def test_screening_warnings(make_plan, good_dates):
    careful = make_plan(athlete=Athlete(screening=Screening(bleeding_disorder_or_blood_thinners=True)))
    report = check_dates(careful, good_dates)
    assert report.ok
    assert report.warnings == [
        "screening: bleeding disorder or blood thinners: every session needs clinician clearance before "
        "needling (rule 13)"
    ]
    red = make_plan(athlete=Athlete(screening=Screening(suspected_fracture_or_tendon_rupture=True)))
    assert check_dates(red, good_dates).warnings == [
        "red flag in screening (suspected fracture or tendon rupture): do not plan dry needling; "
        "seek medical care first (rule 13)"
    ]
    assert check_dates(make_plan(), good_dates).warnings == []


# Possibly hard (DOMAIN.md "Reading real training calendars") ---------------------------------


def test_an_event_of_unknown_effort_keeps_sessions_off_it_and_the_day_before(make_plan, good_dates):
    coach = {D(2027, 2, 2): [Workout(kind="unknown", title="Coach's choice 45'")]}  # a Tuesday
    plan = make_plan(workouts=coach)
    on_it = check_dates(plan, [*good_dates[:2], D(2027, 2, 2), good_dates[3]])
    assert (
        "Tue 2 Feb is the day of the event of unknown effort \"Coach's choice 45'\" (rule 1: an event of "
        "unknown effort counts as possibly hard: no session on it)"
    ) in whys(on_it.violations, 1)
    before = check_dates(plan, [good_dates[0], D(2027, 2, 1), *good_dates[2:]])
    assert whys(before.violations, 1) == [
        "Mon 1 Feb is the day before the event of unknown effort \"Coach's choice 45'\" on Tue 2 Feb "
        "(rule 1 keeps 1 clear day before a hard day)"
    ]
    # Set its kind and the same dates pass.
    easy = make_plan(workouts={D(2027, 2, 2): [Workout(kind="easy", title="Coach's choice 45'")]})
    assert check_dates(easy, [good_dates[0], D(2027, 2, 1), *good_dates[2:]]).ok


def test_an_event_of_unknown_effort_is_no_proof_of_load_for_the_trial(make_plan):
    # The only workout between the trial and race week is of unknown effort: rule 4 is not met.
    calm = {
        D(2027, 3, 18): [Workout(kind="unknown", title="Session B")],
        D(2027, 3, 21): [Workout(kind="easy")],
    }
    plan = make_plan(workouts=calm, rules={"trial_lead_days": 7, "taper_maintenance": False})
    assert whys(check_dates(plan, [D(2027, 3, 15), D(2027, 3, 19)]).violations, 4)
