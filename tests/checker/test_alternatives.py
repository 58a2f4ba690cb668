"""Replacement dates: nearest first (earlier on ties), and each one really is valid."""

from __future__ import annotations

import datetime as dt

from planner.checker import check_dates, nearest_valid_dates
from planner.plan import Clinic

D = dt.date


def named(violations) -> set[tuple[str, tuple[dt.date, ...]]]:
    return {(violation.why.split(" (rule")[-1], tuple(violation.dates)) for violation in violations}


def assert_each_alternative_cures_and_adds_nothing(plan, dates):
    before = check_dates(plan, dates)
    for moving, options in before.alternatives.items():
        for option in options:
            moved = list(dates)
            moved.remove(moving)
            after = check_dates(plan, [*moved, option])
            assert not any(option in violation.dates for violation in after.violations), (moving, option)
            # Nothing new, and nothing left that the moved session caused.
            kept = [violation for violation in before.violations if moving not in violation.session_dates]
            assert named(after.violations) <= named(kept), (moving, option)


def test_day_before_a_tempo_moves_to_the_nearest_open_days(make_plan, good_dates):
    dates = [*good_dates[:3], D(2027, 3, 10)]  # Wed before the Thu 11 Mar tempo
    report = check_dates(make_plan(), dates)
    # Tue 9 is 1 day away; Thu 11 is the tempo; Mon 8 and Fri 12 tie at 2 days, Monday first.
    assert report.alternatives == {D(2027, 3, 10): [D(2027, 3, 9), D(2027, 3, 8), D(2027, 3, 12)]}
    assert_each_alternative_cures_and_adds_nothing(make_plan(), dates)


def test_an_alternative_never_lands_too_close_to_another_session(make_plan):
    # Sat 30 Jan is the day before a long run; Tue 2 Feb is booked, so Mon 1 Feb would be too close.
    dates = [D(2027, 1, 11), D(2027, 1, 30), D(2027, 2, 2), D(2027, 3, 8)]
    report = check_dates(make_plan(), dates)
    assert report.alternatives == {D(2027, 1, 30): [D(2027, 1, 29), D(2027, 1, 26), D(2027, 1, 25)]}
    assert_each_alternative_cures_and_adds_nothing(make_plan(), dates)


def test_a_duplicate_moves_one_copy(make_plan, good_dates):
    dates = [*good_dates, D(2027, 2, 1)]
    report = check_dates(make_plan(), dates)
    # Fri 29 Jan is 3 days before Mon 1 Feb; Fri 5 Feb 4 days after; Tue 26 Jan 6 days before.
    assert report.alternatives == {D(2027, 2, 1): [D(2027, 1, 29), D(2027, 2, 5), D(2027, 1, 26)]}
    moved = [*good_dates, D(2027, 1, 29)]
    assert check_dates(make_plan(), moved).ok


def test_a_late_trial_moves_back_to_three_weeks_before_the_race(make_plan):
    dates = [D(2027, 3, 9), D(2027, 3, 15)]  # trial 19 days before the marathon
    report = check_dates(make_plan(), dates)
    assert {violation.rule_number for violation in report.violations} == {4}
    # Sun 7 Mar is a long-run day, Sat 6 the day before it, so Fri 5 Mar is the nearest trial.
    assert report.alternatives[D(2027, 3, 9)] == [D(2027, 3, 5), D(2027, 3, 2), D(2027, 3, 1)]
    assert check_dates(make_plan(), [D(2027, 3, 5), D(2027, 3, 15)]).ok
    assert_each_alternative_cures_and_adds_nothing(make_plan(), dates)


def test_many_broken_dates_all_get_verified_alternatives(make_plan, good_dates):
    dates = [D(2027, 1, 6), D(2027, 1, 7), D(2027, 2, 1), D(2027, 2, 2), D(2027, 3, 26), D(2027, 3, 10)]
    report = check_dates(make_plan(budget=1000), dates)
    assert set(report.alternatives) == {
        D(2027, 1, 6),
        D(2027, 1, 7),
        D(2027, 2, 1),
        D(2027, 2, 2),
        D(2027, 3, 26),
        D(2027, 3, 10),
    }
    assert all(report.alternatives.values())
    assert_each_alternative_cures_and_adds_nothing(make_plan(budget=1000), dates)


# nearest_valid_dates ------------------------------------------------------------------------


def test_a_fine_proposal_comes_back_first(make_plan, good_dates):
    # Sun 21 Feb is a long run, Sat 20 and Wed 24 the days before hard days; Fri 19 is 3 days away.
    assert nearest_valid_dates(make_plan(), good_dates[:2], D(2027, 2, 22)) == [
        D(2027, 2, 22),
        D(2027, 2, 23),
        D(2027, 2, 19),
    ]


def test_a_proposal_the_day_before_a_tempo(make_plan, good_dates):
    assert nearest_valid_dates(make_plan(), good_dates, D(2027, 2, 10)) == [
        D(2027, 2, 9),
        D(2027, 2, 8),
        D(2027, 2, 12),
    ]
    assert nearest_valid_dates(make_plan(), good_dates, D(2027, 2, 10), count=1) == [D(2027, 2, 9)]


def test_a_proposal_respects_the_booked_sessions(make_plan, good_dates):
    # Mon 22 Feb is booked: Tue 23 is too close and Mon 22 taken; Fri 26 Feb is 4 days after it.
    assert nearest_valid_dates(make_plan(), good_dates, D(2027, 2, 24)) == [
        D(2027, 2, 26),
        D(2027, 2, 19),
        D(2027, 3, 1),
    ]


def test_a_first_session_must_be_a_proper_trial(make_plan):
    # Nothing booked yet: the proposed date would be the trial, 12 days before the marathon.
    assert nearest_valid_dates(make_plan(), [], D(2027, 3, 16)) == [
        D(2027, 3, 5),
        D(2027, 3, 2),
        D(2027, 3, 1),
    ]


def test_no_valid_date_gives_an_empty_list(make_plan):
    sunday_only = Clinic(open_weekdays=["sun"])  # every Sunday is a long run or in race week
    assert nearest_valid_dates(make_plan(clinic=sunday_only), [], D(2027, 2, 10)) == []
