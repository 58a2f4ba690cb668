"""A race season planned block by block (issue 10): each A race's block with its own trial, series,
reassessment and taper; B and C races inside; post-race recovery only after the last A race."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from ortools.sat.python import cp_model

from planner.checker import check_dates, check_proposed
from planner.constraints.base import ModelContext
from planner.dates import format_day
from planner.edits import apply_relaxation, pin, record_reassessment
from planner.export.ics import export_ics
from planner.model import add_athlete, add_shared_rules, make_solver, set_objective
from planner.plan import Plan, Workout
from planner.render import proposed_lines, schedule_text
from planner.samples.generator import TWO_YEAR_RACES, generate_season
from planner.schedule import PlanChange
from planner.solver import optimize
from tests.core.conftest import MONDAY, make_plan
from tests.seasons.season_checks import blocks_of, season_problems

D = dt.date


@pytest.fixture(scope="module")
def season() -> Plan:
    return generate_season(0)


@pytest.fixture(scope="module")
def season_schedule(season: Plan):
    return optimize(season, time_limit=20)


def test_the_generated_season_gets_a_sensible_plan_per_block(season, season_schedule) -> None:
    assert season_schedule.status == "optimal"
    assert [b.kind for b in season_schedule.blocks] == ["build", "build", "build", "tail"]
    assert season_problems(season, season_schedule) == []
    assert check_dates(season, season_schedule.dates).ok
    # Every block ends at its A race and holds its own sessions; the tail holds the post-race one.
    for summary, block in zip(season_schedule.blocks, blocks_of(season), strict=True):
        assert (summary.first, summary.last) == (block.first, block.last)
        assert summary.sessions == [d for d in season_schedule.dates if block.first <= d <= block.last]
    assert [s.purpose for s in season_schedule.sessions if s.block == 4] == ["post_race"]


def test_the_104_week_four_marathon_season_is_proved_optimal_and_sensible() -> None:
    plan = generate_season(0, weeks=104, races=TWO_YEAR_RACES)
    schedule = optimize(plan, time_limit=20)
    assert schedule.status == "optimal" and schedule.gap == 0.0
    assert [b.a_race_date for b in schedule.blocks if b.kind == "build"] == [r.date for r in plan.a_races]
    assert len(plan.a_races) == 4
    assert season_problems(plan, schedule) == []
    assert check_dates(plan, schedule.dates).ok


def two_a_races(**fields) -> Plan:
    """A 10K on Sun 7 Mar (block 1, 9 weeks) and a marathon on Sun 1 Aug (block 2, 21 weeks)."""
    ten_k = {"date": MONDAY + dt.timedelta(weeks=9, days=-1), "name": "Spring 10K", "distance": "10k"}
    ten_k["priority"] = "A"
    return make_plan("E Q E E R L E", weeks=30, distance="marathon", race_name="Summer Marathon",
                     extra_races=[ten_k], **fields)  # fmt: skip


def test_counts_and_targets_are_per_block_and_a_block_may_set_its_own() -> None:
    plain = optimize(two_a_races())
    assert [len(b.sessions) for b in plain.blocks] == [4, 4], "the default target of 4 in each block"
    own = two_a_races(blocks=[{"a_race": "Summer Marathon", "rules": {"target_sessions": 6}}])
    schedule = optimize(own)
    assert [len(b.sessions) for b in schedule.blocks] == [4, 6]
    assert check_dates(own, schedule.dates).ok
    capped = two_a_races(
        blocks=[{"a_race": "2027-03-07", "rules": {"max_sessions": 2, "target_sessions": 2}}]
    )
    assert [len(b.sessions) for b in optimize(capped).blocks] == [2, 4]


def test_a_block_after_a_long_pause_starts_with_a_new_trial() -> None:
    # Nothing possible in block 2 before Sun 13 Jun: the previous session is more than 84 days back.
    pause = [D(2027, 3, 8) + dt.timedelta(days=k) for k in range(98)]
    plan = two_a_races(forbidden=pause)
    schedule = optimize(plan)
    second = [s for s in schedule.sessions if s.block == 2]
    assert second[0].purpose == "trial"
    assert (D(2027, 8, 1) - second[0].date).days >= 21
    assert any("more than 84" in reason for reason in second[0].reasons)
    assert season_problems(plan, schedule) == [] or all("gap" in p for p in season_problems(plan, schedule))
    # The block's own pause allowance: within 200 days no new trial is needed.
    patient = two_a_races(
        forbidden=pause, blocks=[{"a_race": "Summer Marathon", "rules": {"retrial_after_days": 200}}]
    )
    first = next(s for s in optimize(patient).sessions if s.block == 2)
    assert first.purpose != "trial"
    assert any("no new trial, the previous session was within 200 days" in reason for reason in first.reasons)


def test_after_the_last_a_race_only_post_race_sessions() -> None:
    plan = make_plan("E Q E E R L E", weeks=12, end=MONDAY + dt.timedelta(weeks=16, days=-1))
    race_day = plan.a_races[0].date
    schedule = optimize(plan)
    tail = [s for s in schedule.sessions if s.date > race_day]
    assert all(s.purpose == "post_race" and 1 <= (s.date - race_day).days <= 3 for s in tail)
    # A pin in the tail that is no post-race session conflicts with the tail rule, and says so.
    pinned = optimize(pin(plan, race_day + dt.timedelta(days=10)))
    assert pinned.status == "infeasible"
    words = [c.text for c in pinned.conflicts]
    assert any("after the last A race" in text for text in words), words
    assert (
        check_dates(plan, [*schedule.dates, race_day + dt.timedelta(days=10)]).violations[0].rule_number == 7
    )


def test_a_conflict_names_its_block() -> None:
    # Seed 4's 10K taper window (Thu-Sun) holds a quality day, the day before the long run and a
    # closed Sunday: block 2 cannot have its taper session.
    plan = generate_season(4)
    schedule = optimize(plan)
    assert schedule.status == "infeasible"
    taper = next(c for c in schedule.conflicts if c.rule_number == 6)
    assert taper.block == 2 and "Independence Day 10K" in taper.text
    text = schedule_text(plan, schedule)
    assert "rule 6 (block 2, to Independence Day 10K): one session in the taper" in text
    assert schedule.suggestion is not None and schedule.suggestion.confirmed


def test_a_block_relaxation_changes_that_block_only() -> None:
    plan = two_a_races()
    change = PlanChange(op="set_block_rule", field="target_sessions", value=5, date=D(2027, 8, 1), text="x")
    relaxed = apply_relaxation(plan, [change])
    assert relaxed.block_rules(relaxed.a_races[1]).target_sessions == 5
    assert relaxed.block_rules(relaxed.a_races[0]).target_sessions == 4
    again = apply_relaxation(relaxed, [change.model_copy(update={"field": "max_sessions", "value": 6})])
    assert len(again.blocks) == 1 and again.blocks[0].rules.overrides() == {
        "max_sessions": 6,
        "target_sessions": 5,
    }


def test_sessions_wait_for_each_recorded_reassessment(season, season_schedule) -> None:
    points = [b.reassess_date for b in season_schedule.blocks]
    assert all(points[:3]) and points[3] is None
    assert season_schedule.reassess_date == points[0]
    assert [s.date for s in season_schedule.sessions if not s.provisional] == [
        d for d in season_schedule.dates if d <= points[0]
    ]
    # Recording the first reassessment confirms everything up to block 2's point.
    first = record_reassessment(season, points[0] + dt.timedelta(days=2))
    after_one = optimize(first, previous=season_schedule.dates)
    assert after_one.dates == season_schedule.dates
    assert after_one.reassess_date == points[1]
    assert [s.date for s in after_one.sessions if s.provisional] == [
        d for d in after_one.dates if d > points[1]
    ]
    assert after_one.blocks[0].reassessed == points[0] + dt.timedelta(days=2)
    # With all three recorded, nothing is provisional, and the calendar says CONFIRMED everywhere.
    every = first
    for point in points[1:3]:
        every = record_reassessment(every, point)
    confirmed = optimize(every, previous=season_schedule.dates)
    assert confirmed.reassess_date is None and not any(s.provisional for s in confirmed.sessions)
    statuses = {
        str(event["STATUS"])
        for event in icalendar.Calendar.from_ical(export_ics(every, confirmed).data).walk("VEVENT")
        if "Dry needling #" in str(event["SUMMARY"])
    }
    assert statuses == {"CONFIRMED"}
    tentative = icalendar.Calendar.from_ical(export_ics(first, after_one).data).walk("VEVENT")
    assert "TENTATIVE" in {str(event["STATUS"]) for event in tentative}


def test_text_and_json_show_the_season_block_by_block(season, season_schedule) -> None:
    text = schedule_text(season, season_schedule)
    assert "A races: Bayview Half Marathon on Sun 18 Apr 2027, Independence Day 10K on Sun 4 Jul 2027" in text
    assert "Block 1: Mon 4 Jan 2027 to Sun 18 Apr 2027, 15 weeks; A race: Bayview Half Marathon" in text
    assert "Block 3: Mon 5 Jul 2027 to Sun 17 Oct 2027, 15 weeks; A race: Canal Path Marathon" in text
    assert (
        "After the last A race: Mon 18 Oct 2027 to Sun 2 Jan 2028, 11 weeks; post-race recovery only" in text
    )
    assert text.index("Block 2:") < text.index("Block 3:") < text.index("After the last A race")
    blocks = season_schedule.to_json_dict()["blocks"]
    assert [b["a_race"] for b in blocks] == [
        "Bayview Half Marathon",
        "Independence Day 10K",
        "Canal Path Marathon",
        None,
    ]
    assert blocks[1]["first"] == "2027-04-19" and blocks[1]["last"] == "2027-07-04"
    assert blocks[1]["reassess_date"] in blocks[1]["sessions"]
    assert [s["block"] for s in season_schedule.to_json_dict()["sessions"]][-1] == 4


def test_editing_a_week_in_block_3_moves_nothing_in_blocks_1_and_2(season, season_schedule) -> None:
    block_3 = next(b for b in season_schedule.blocks if b.number == 3)
    moved = block_3.sessions[2]
    # The coach turns that day into a tempo run: the session must move, and only inside block 3.
    training = [
        day.model_copy(update={"workouts": [Workout(kind="quality", title="Tempo 5 mi")]})
        if day.date == moved
        else day
        for day in season.training
    ]
    edited = Plan.model_validate({**season.model_dump(), "training": [d.model_dump() for d in training]})
    after = optimize(edited, previous=season_schedule.dates)
    assert moved not in after.dates
    before_block_3 = [d for d in season_schedule.dates if d < block_3.first]
    assert [d for d in after.dates if d < block_3.first] == before_block_3
    assert {d for d in after.dates if d > block_3.last} == {
        d for d in season_schedule.dates if d > block_3.last
    }


def test_per_block_rules_hold_for_each_runner_when_two_seasons_share_one_model() -> None:
    plans = [generate_season(0), generate_season(2)]
    ctx = ModelContext(cp_model.CpModel())
    athletes = [add_athlete(ctx, plan, key=f"runner {i}") for i, plan in enumerate(plans)]
    add_shared_rules(ctx)
    set_objective(ctx)
    solver = make_solver(20)
    assert solver.solve(ctx.model) == cp_model.OPTIMAL
    chosen = [sorted(d for d, var in a.session.items() if solver.value(var)) for a in athletes]
    for plan, dates in zip(plans, chosen, strict=True):
        assert check_dates(plan, dates).ok
    # One count pair per A-race block per runner, each tied to its own runner's block.
    counted = [inst for inst in ctx.hard_instances if inst.rule.number == 7 and inst.block is not None]
    assert len(counted) == 2 * 2 * 3 + 2, [inst.text for inst in counted]
    assert not set(chosen[0]) & set(chosen[1]), "the clinic sees one runner a day"


def test_a_proposed_date_after_a_long_pause_is_checked_as_its_blocks_trial() -> None:
    plan = two_a_races()
    booked = [D(2027, 1, 10), D(2027, 1, 24), D(2027, 2, 21)]  # block 1; the 10K is Sun 7 Mar
    late = check_proposed(plan, booked, D(2027, 7, 25))  # 154 days on, a week before the marathon
    assert late.trial and not late.ok
    assert any(v.rule_number == 4 and "so a trial again" in v.why for v in late.violations)
    lines = proposed_lines(late, format_day, booked)
    assert "  It would be its block's first session after a long pause: a trial again (rule 4)." in lines
    soon = check_proposed(plan, booked, D(2027, 3, 15))  # 22 days after the last booked session
    assert not soon.trial and not any(v.rule_number == 4 for v in soon.violations)
