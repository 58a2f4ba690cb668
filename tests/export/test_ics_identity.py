"""Re-exports update instead of duplicating: stable UIDs, SEQUENCE and LAST-MODIFIED only on change."""

from __future__ import annotations

import datetime as dt

import icalendar
from export_cases import LATER, NOW, make_plan, make_schedule

from planner.export.ics import export_ics
from planner.export.identity import event_content, read_export_state
from planner.schedule import Session


def by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_the_same_plan_exports_the_same_uids_every_time_even_without_state() -> None:
    plan, schedule = make_plan(), make_schedule()
    first = export_ics(plan, schedule, now=NOW)
    again = export_ics(plan, schedule, now=LATER)
    assert first.uids == again.uids
    assert len(set(first.uids)) == len(first.uids) == 5  # 4 sessions + reassess
    assert all(uid.endswith("@planner.invalid") for uid in first.uids)


def test_uids_differ_between_plans_and_runners() -> None:
    schedule = make_schedule()
    sam = export_ics(make_plan(), schedule).uids
    other_plan = export_ics(make_plan(name="Autumn block"), schedule).uids
    assert not set(sam) & set(other_plan)


def test_unchanged_reexport_changes_nothing_but_dtstamp() -> None:
    plan, schedule = make_plan(), make_schedule()
    first = export_ics(plan, schedule, now=NOW)
    second = export_ics(plan, schedule, previous=read_export_state(first.data), now=LATER)
    old, new = by_uid(first.data), by_uid(second.data)
    assert old.keys() == new.keys()
    for uid in old:
        assert event_content(old[uid]) == event_content(new[uid])
        assert int(new[uid]["SEQUENCE"]) == 0
        assert new[uid].decoded("LAST-MODIFIED") == NOW
        assert new[uid].decoded("DTSTAMP") == LATER


def test_a_moved_session_keeps_its_uid_with_a_higher_sequence_and_nothing_else_changes() -> None:
    plan, schedule = make_plan(), make_schedule()
    first = export_ics(plan, schedule, now=NOW)
    moved = make_schedule(
        [dt.date(2025, 3, 24), dt.date(2025, 3, 31), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]
    )
    second = export_ics(plan, moved, previous=read_export_state(first.data), now=LATER)
    old, new = by_uid(first.data), by_uid(second.data)
    assert old.keys() == new.keys()
    changed = [uid for uid in old if event_content(old[uid]) != event_content(new[uid])]
    assert len(changed) == 1
    event = new[changed[0]]
    assert event.decoded("DTSTART") == dt.datetime.combine(
        dt.date(2025, 3, 31), dt.time(10), event.decoded("DTSTART").tzinfo
    )
    assert old[changed[0]].decoded("DTSTART").date() == dt.date(2025, 3, 30)
    assert int(event["SEQUENCE"]) == 1 and event.decoded("LAST-MODIFIED") == LATER
    for uid in set(old) - set(changed):
        assert int(new[uid]["SEQUENCE"]) == 0 and new[uid].decoded("LAST-MODIFIED") == NOW


def test_moving_again_raises_the_sequence_again_and_moving_back_too() -> None:
    plan = make_plan()
    dates = [dt.date(2025, 3, 24), dt.date(2025, 3, 30), dt.date(2025, 4, 7)]
    result = export_ics(plan, make_schedule(dates), now=NOW)
    uid = result.uids[1]
    for day, expected in ((31, 1), (29, 2), (30, 3)):
        dates[1] = dt.date(2025, 3, day)
        result = export_ics(plan, make_schedule(dates), previous=result.state, now=LATER)
        assert result.uids[1] == uid
        assert int(by_uid(result.data)[uid]["SEQUENCE"]) == expected


def test_a_dropped_session_leaves_the_file_and_an_added_one_gets_a_fresh_uid() -> None:
    plan = make_plan()
    first = export_ics(plan, make_schedule(), now=NOW)
    first_sessions = [s.uid for s in first.state if s.purpose]
    fewer = export_ics(
        plan,
        make_schedule([dt.date(2025, 3, 24), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]),
        previous=first.state,
        now=LATER,
    )
    kept = [s.uid for s in fewer.state if s.purpose]
    assert first_sessions[1] not in kept  # the 30 March session was dropped, not re-labelled
    assert kept == [first_sessions[0], first_sessions[2], first_sessions[3]]
    more = export_ics(
        plan,
        make_schedule(
            [dt.date(2025, 3, 24), dt.date(2025, 4, 7), dt.date(2025, 4, 10), dt.date(2025, 4, 20)]
        ),
        previous=fewer.state,
        now=LATER,
    )
    uids = [s.uid for s in more.state if s.purpose]
    assert len(set(uids)) == 4 and set(kept) <= set(uids)


def test_plan_exported_state_is_used_when_no_previous_is_given() -> None:
    plan = make_plan()
    first = export_ics(plan, make_schedule(), now=NOW)
    plan.exported = first.state
    moved = make_schedule(
        [dt.date(2025, 3, 24), dt.date(2025, 3, 31), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]
    )
    second = export_ics(plan, moved, now=LATER)
    assert second.uids == first.uids
    assert [s.sequence for s in second.state] == [0, 1, 0, 0, 0]


def test_a_changed_description_raises_the_sequence_when_the_file_is_the_state() -> None:
    plan, schedule = make_plan(), make_schedule()
    first = export_ics(plan, schedule, now=NOW)
    renamed = make_plan(clinic="Praxis am See")
    second = export_ics(renamed, schedule, previous=read_export_state(first.data), now=LATER)
    assert [s.sequence for s in second.state if s.purpose] == [1, 1, 1, 1]


def test_squad_sessions_of_different_runners_never_share_a_uid() -> None:
    plan = make_plan()
    sessions = [
        Session(date=dt.date(2025, 3, 24), purpose="trial", number=1, athlete="Ana"),
        Session(date=dt.date(2025, 3, 24), purpose="trial", number=1, athlete="Ben"),
    ]
    schedule = make_schedule()
    schedule.sessions = sessions
    first = export_ics(plan, schedule, now=NOW)
    assert len({s.uid for s in first.state}) == 3
    summaries = sorted(str(e["SUMMARY"]) for e in by_uid(first.data).values() if "X-PLANNER-PURPOSE" in e)
    assert summaries == ["Dry needling #1: trial – Ana", "Dry needling #1: trial – Ben"]
    sessions[1].date = dt.date(2025, 3, 25)
    second = export_ics(plan, schedule, previous=first.state, now=LATER)
    assert second.uids == first.uids
    assert [s.sequence for s in second.state] == [0, 1, 0]
