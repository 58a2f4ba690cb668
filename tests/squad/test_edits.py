"""Squad edits (`planner.squad.edits`) and pinned appointment times: each edit is a validated squad,
a refused one is one line, and the engine and the squad file honour a pinned time."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from planner.cli import main
from planner.errors import PlannerInputError
from planner.squad import edits, plan_squad
from planner.squad.files import dump_squad, load_squad
from planner.squad.model import ExtraAppointment, SquadClinic
from planner.squad.slots import ClinicDays
from tests.squad.conftest import EVENINGS, runner, squad
from tests.squad.squad_checker import problems

LIMIT = 30.0


@pytest.fixture(scope="module")
def planned():
    """Four runners at a one-physio evening clinic (16:00-19:00), planned."""
    sq = squad([runner(10 + i, name=f"R{i}", availability=EVENINGS if i == 3 else []) for i in range(4)])
    return sq, plan_squad(sq, time_limit=LIMIT)


def _previous(result):
    return {outcome.name: outcome.appointments for outcome in result.runners}


def test_a_pinned_time_is_the_runners_only_slot_that_day_even_outside_their_window(planned) -> None:
    sq, _ = planned
    day = dt.date(2027, 1, 12)
    pinned = edits.pin_slot(sq, "R3", day, dt.time(16))  # R3 comes from 17:00 only
    runner3 = pinned.runners[3]
    assert [(s.date, s.start) for s in runner3.pinned_slots] == [(day, dt.time(16))]
    assert day in {p.date for p in runner3.plan.pinned}
    days = ClinicDays.of(pinned.clinic)
    assert days.window(runner3, day) == (0, 0)
    assert days.window(runner3, day + dt.timedelta(days=1)) == (1, 2)  # other days: their window
    assert sq.runners[3].pinned_slots == []  # the input squad is never changed


def test_the_engine_keeps_a_pinned_time_and_moves_whoever_had_it(planned) -> None:
    sq, before = planned
    appointments = before.appointments
    # Move one runner into another runner's slot on a day both come.
    mover, taken = next(
        (a, b) for a in appointments for b in appointments if a.date == b.date and a.runner != b.runner
    )
    edited = edits.pin_slot(sq, mover.runner, taken.date, taken.start)
    after = plan_squad(edited, previous=_previous(before), time_limit=LIMIT)
    assert after.status == "optimal" and problems(edited, after) == []
    assert (taken.date, taken.start) in [(a.date, a.start) for a in after.runner(mover.runner).appointments]
    assert taken.runner in after.moved and mover.runner in after.moved
    for outcome in after.runners:
        if outcome.name not in after.moved:
            assert outcome.appointments == before.runner(outcome.name).appointments


def test_unpin_and_forbid_take_the_pinned_time_away_too(planned) -> None:
    sq, _ = planned
    day = dt.date(2027, 1, 12)
    pinned = edits.pin_slot(sq, "R1", day, dt.time(17))
    for edited in (edits.unpin(pinned, "R1", day), edits.forbid_day(pinned, "R1", day)):
        assert edited.runners[1].pinned_slots == [] and day not in {
            p.date for p in edited.runners[1].plan.pinned
        }
    assert edits.forbid_day(pinned, "R1", day).runners[1].plan.forbidden == [day]
    assert edits.allow_day(edits.forbid_day(sq, "R1", day), "R1", day) == sq
    # Pinning the same day again replaces its time.
    again = edits.pin_slot(pinned, "R1", day, dt.time(18))
    assert [(s.date, s.start) for s in again.runners[1].pinned_slots] == [(day, dt.time(18))]


def test_a_closed_day_is_kept_free_for_everyone(planned) -> None:
    sq, before = planned
    busy = before.appointments[0].date
    closed = edits.close_day(sq, busy)
    assert closed.clinic.closed_dates == [busy]
    after = plan_squad(closed, previous=_previous(before), time_limit=LIMIT)
    assert after.status == "optimal" and busy not in {a.date for a in after.appointments}
    assert problems(closed, after) == []
    assert edits.reopen_day(closed, busy).clinic.closed_dates == []


def test_add_and_remove_runners(planned) -> None:
    sq, _ = planned
    grown = edits.add_runner(sq, runner(99, name="New"))
    assert [r.name for r in grown.runners][-1] == "New"
    assert [r.name for r in edits.remove_runner(grown, "R0").runners] == ["R1", "R2", "R3", "New"]
    with pytest.raises(PlannerInputError, match="names identify runners"):
        edits.add_runner(sq, runner(98, name="R2"))
    with pytest.raises(PlannerInputError, match="no runner called 'Nobody'"):
        edits.remove_runner(sq, "Nobody")
    alone = squad([runner(1, name="Solo")])
    with pytest.raises(PlannerInputError, match="at least one runner") as error:
        edits.remove_runner(alone, "Solo")
    assert "\n" not in str(error.value)


def test_clinic_edits_are_validated_as_a_whole(planned) -> None:
    sq, _ = planned
    pinned = edits.pin_slot(sq, "R0", dt.date(2027, 1, 12), dt.time(17))
    # 90-minute appointments from 16:00: 17:00 is no longer an appointment start.
    longer = SquadClinic.model_validate({**dict(sq.clinic), "appointment_minutes": 90, "closes": dt.time(19)})
    with pytest.raises(PlannerInputError, match="17:00 on 2027-01-12 is not an appointment start"):
        edits.set_clinic(pinned, longer)
    assert edits.set_clinic(sq, longer).clinic.appointment_minutes == 90
    fixed = edits.apply_fix(sq, [ExtraAppointment(date=dt.date(2027, 1, 11), start=dt.time(16), count=2)])
    assert ClinicDays.of(fixed.clinic).capacity(dt.date(2027, 1, 11)) == (3, 1, 1)
    with pytest.raises(PlannerInputError, match="not a slot start"):
        edits.apply_fix(sq, [ExtraAppointment(date=dt.date(2027, 1, 11), start=dt.time(16, 30))])


def test_a_squad_file_pins_a_time_and_planner_squad_keeps_it(tmp_path: Path, capsys, planned) -> None:
    sq, before = planned
    first = before.runner("R2").appointments[0]
    later = dt.time(18) if first.start != dt.time(18) else dt.time(16)
    edited = edits.pin_slot(sq, "R2", first.date, later)
    path = tmp_path / "squad.yaml"
    path.write_text(dump_squad(edited), encoding="utf-8")
    assert load_squad(path).squad == edited  # the app's squad file reads back as the same squad
    code = main(["squad", str(path), "--json", str(tmp_path / "plan.json"), "--time-limit", "30"])
    assert code == 0
    when = f"{first.date:%a} {first.date.day} {first.date:%b %Y} {later:%H:%M}-"
    assert when in capsys.readouterr().out.split("R2 -")[1].split("\n\n")[0]
    # A day that breaks the runner's own rules: named by rule, the others planned (rule 14 vs rule 1).
    clash = edits.pin_slot(sq, "R2", dt.date(2027, 1, 13), dt.time(18))
    outcome = plan_squad(clash, time_limit=LIMIT).runner("R2")
    assert outcome.status == "infeasible" and {c.rule_number for c in outcome.conflicts} == {1, 14}
    # Written by hand: `pin_slots` pins the day too.
    path.write_text(
        dump_squad(sq).replace(
            "runners:\n- inline:",
            "runners:\n- pin_slots: [{date: '2027-01-13', start: '18:00'}]\n  inline:",
            1,
        ),
        encoding="utf-8",
    )
    first = load_squad(path).squad.runners[0]
    assert first.pinned_start(dt.date(2027, 1, 13)) == dt.time(18)
    assert dt.date(2027, 1, 13) in {p.date for p in first.plan.pinned}


def test_a_pinned_time_off_the_slot_grid_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "squad.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            clinic: {opens: "16:00", closes: "19:00", appointment_minutes: 60, timezone: UTC}
            runners:
              - inline: {athlete: {name: A}, races: [{date: 2027-03-28, distance: 10k, priority: A}],
                         training: [{date: 2027-03-01, workouts: [{kind: easy}]}]}
                pin_slots: [{date: 2027-03-10, start: "16:30"}]
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(PlannerInputError) as error:
        load_squad(path)
    assert str(error.value).startswith(str(path)) and "16:30" in str(error.value)
