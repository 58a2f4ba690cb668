"""Re-exports update instead of duplicating: stable UIDs, SEQUENCE and LAST-MODIFIED only on change."""

from __future__ import annotations

import datetime as dt

import icalendar
from export_cases import LATER, NOW, make_plan, make_schedule

from planner.export.ics import ExportOptions, export_ics
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


def test_a_dropped_session_is_cancelled_with_a_higher_sequence_and_an_added_one_gets_a_fresh_uid() -> None:
    plan = make_plan()
    first = export_ics(plan, make_schedule(), now=NOW)
    first_sessions = [s.uid for s in first.state if s.kind == "session"]
    fewer = export_ics(
        plan,
        make_schedule([dt.date(2025, 3, 24), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]),
        previous=first.state,
        now=LATER,
    )
    live = [s.uid for s in fewer.state if s.kind == "session" and not s.cancelled]
    assert live == [first_sessions[0], first_sessions[2], first_sessions[3]]
    (gone,) = [s for s in fewer.state if s.cancelled]
    assert (gone.uid, gone.date, gone.sequence) == (first_sessions[1], dt.date(2025, 3, 30), 1)
    event = by_uid(fewer.data)[gone.uid]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").date() == dt.date(2025, 3, 30) and not event.walk("VALARM")
    more = export_ics(
        plan,
        make_schedule(
            [dt.date(2025, 3, 24), dt.date(2025, 4, 7), dt.date(2025, 4, 10), dt.date(2025, 4, 20)]
        ),
        previous=fewer.state,
        now=LATER,
    )
    uids = [s.uid for s in more.state if s.kind == "session" and not s.cancelled]
    assert len(set(uids)) == 4 and set(live) <= set(uids) and gone.uid not in uids


def test_a_cancelled_event_is_sent_until_the_grace_period_ends_then_leaves() -> None:
    from planner.export.identity import CANCELLED_GRACE_DAYS

    plan = make_plan()
    first = export_ics(plan, make_schedule(), now=NOW)
    fewer = make_schedule([dt.date(2025, 3, 24), dt.date(2025, 4, 7), dt.date(2025, 4, 20)])
    result = export_ics(plan, fewer, previous=first.state, now=LATER)
    (gone,) = [s for s in result.state if s.cancelled]
    # Still sent, unchanged (no second SEQUENCE bump), up to 28 days after its date (30 Mar).
    last_day = dt.datetime.combine(gone.date + dt.timedelta(days=CANCELLED_GRACE_DAYS), dt.time(12), dt.UTC)
    kept = export_ics(plan, fewer, previous=result.state, now=last_day)
    (still,) = [s for s in kept.state if s.cancelled]
    assert (still.uid, still.sequence, still.last_modified) == (gone.uid, 1, LATER)
    after = export_ics(plan, fewer, previous=kept.state, now=last_day + dt.timedelta(days=1))
    assert gone.uid not in after.uids and not [s for s in after.state if s.cancelled]


def test_a_cancelled_session_comes_back_under_its_uid_when_its_day_is_used_again() -> None:
    plan = make_plan()
    first = export_ics(plan, make_schedule(), now=NOW)
    fewer = make_schedule([dt.date(2025, 3, 24), dt.date(2025, 4, 7), dt.date(2025, 4, 20)])
    dropped = export_ics(plan, fewer, previous=first.state, now=LATER)
    back = export_ics(plan, make_schedule(), previous=dropped.state, now=LATER)
    assert sorted(back.uids) == sorted(first.uids)
    revived = next(s for s in back.state if s.date == dt.date(2025, 3, 30))
    assert not revived.cancelled and revived.sequence == 2


def test_renaming_the_plan_and_the_runner_keeps_every_uid() -> None:
    plan = make_plan().model_copy(update={"id": "a1b2c3d4e5f60718"})
    first = export_ics(plan, make_schedule(), options=ExportOptions(include_workouts=True), now=NOW)
    renamed = plan.model_copy(
        update={
            "name": "Spring block (v2)",
            "athlete": plan.athlete.model_copy(update={"name": "Sam J. Lee"}),
        }
    )
    sessions = make_schedule()
    for session in sessions.sessions:
        session.athlete = "Sam J. Lee"  # the solver names the runner on every session
    second = export_ics(
        renamed, sessions, options=ExportOptions(include_workouts=True), previous=first.state, now=LATER
    )
    assert second.uids == first.uids
    assert not [s for s in second.state if s.cancelled]


def test_a_plan_without_an_id_takes_the_one_its_previous_export_carries() -> None:
    from planner.export.identity import adopt_plan_id

    plan = make_plan().model_copy(update={"id": "feedfacecafe0001"})
    first = export_ics(plan, make_schedule(), now=NOW)
    hand_written = make_plan(name="Renamed in the YAML")  # no id in the file
    adopted = adopt_plan_id(hand_written, read_export_state(first.data))
    assert adopted.id == "feedfacecafe0001"
    assert export_ics(adopted, make_schedule(), previous=first.state, now=LATER).uids == first.uids


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


def test_the_apps_history_bumps_a_session_that_turns_from_tentative_to_confirmed() -> None:
    # Issue 9: through Plan.exported (the app's history) a status change kept SEQUENCE 0.
    from planner.app.export_files import calendar_download

    plan = make_plan()
    five = [dt.date(2025, 3, 24), dt.date(2025, 3, 30), dt.date(2025, 4, 7), dt.date(2025, 4, 10)]
    first_schedule = make_schedule([*five, dt.date(2025, 4, 20)], reassess=dt.date(2025, 4, 8))
    _, first = calendar_download(plan, first_schedule, now=NOW)
    provisional = next(s for s in first.state if s.date == dt.date(2025, 4, 10))
    # The plan now says the reassessment comes later: the 10 April session is confirmed.
    second_schedule = make_schedule([*five, dt.date(2025, 4, 20)], reassess=dt.date(2025, 4, 12))
    remembered = plan.model_copy(update={"exported": first.state})
    download, _ = calendar_download(remembered, second_schedule, now=LATER)
    event = by_uid(download.data)[provisional.uid]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == provisional.sequence + 1 and event.decoded("LAST-MODIFIED") == LATER
