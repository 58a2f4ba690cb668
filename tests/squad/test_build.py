"""A squad from files in memory (`planner.squad.build`), the squad file written back
(`dump_squad`), the clinic's week (`planner.squad.week`) and the app's squad workspace."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import icalendar
import pytest

from planner.errors import PlannerInputError
from planner.export.events import ExportOptions
from planner.export.squad import runner_calendars_zip, runner_file_names
from planner.io import dump_plan
from planner.samples import PLANS
from planner.squad import edits, plan_squad
from planner.squad.build import clinic_bookings, new_squad, runner_from_bytes, squad_from_upload
from planner.squad.files import dump_squad, load_squad
from planner.squad.model import Booking, ExtraAppointment, SquadClinic
from planner.squad.summary import summarise
from planner.squad.week import clinic_week, first_busy_week, full_days, weeks
from planner.squad.workspace import SavedPlan, SquadMeta, SquadWorkspace, squad_fingerprint
from tests.squad.conftest import runner, squad

CLUB = PLANS / "squads" / "club"


@pytest.fixture(scope="module")
def club():
    return load_squad(CLUB / "squad.yaml")


@pytest.fixture(scope="module")
def tight():
    """Five runners, one physio, 16:00-19:00: full evenings, a booking, an extra appointment."""
    sq = squad([runner(20 + i, name=f"T{i}") for i in range(5)])
    booking = Booking(start=dt.datetime(2027, 1, 12, 16), end=dt.datetime(2027, 1, 12, 17), title="private")
    clinic = SquadClinic.model_validate(
        {
            **dict(sq.clinic),
            "bookings": [booking],
            "extra_appointments": [ExtraAppointment(date=dt.date(2027, 1, 13), start=dt.time(17))],
            "closed_dates": [dt.date(2027, 1, 14)],
        }
    )
    sq = edits.set_clinic(sq, clinic)
    return sq, plan_squad(sq, time_limit=30)


# ---- the squad file written back --------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_the_squad_file_holds_every_runner_inline_and_reads_back_the_same(club, tmp_path, suffix) -> None:
    path = tmp_path / f"squad{suffix}"
    path.write_text(dump_squad(club.squad, suffix), encoding="utf-8")
    assert load_squad(path).squad == club.squad
    text = path.read_text(encoding="utf-8")
    assert "calendars/" not in text and "clinic.ics" not in text  # needs no other file
    assert len(club.squad.clinic.bookings) == 24 and text.count("start") >= 24


# ---- uploads -----------------------------------------------------------------------------------------
def test_runners_come_from_plan_files_and_calendars_in_memory(club) -> None:
    plan = club.squad.runners[0].plan
    from_plan = runner_from_bytes("aoife.yaml", dump_plan(plan).encode())
    assert from_plan.runner.plan == plan and from_plan.report is None
    feed = runner_from_bytes(
        "niamh.csv", (CLUB / "calendars" / "niamh.csv").read_bytes(), clinic_timezone="Europe/Dublin"
    )
    assert feed.runner.name == "niamh" and feed.report is not None  # a calendar names no runner: its file
    assert (
        feed.runner.plan.training
        == next(r.plan for r in club.squad.runners if r.name == "Niamh Kelly").training
    )
    for name, data, words in [
        ("notes.txt", b"hi", "a runner is a plan file"),
        ("bad.yaml", b"athlete: {nmae: X}\n", "unknown field 'athlete.nmae'"),
        ("empty.yaml", b"name: Nothing\n", "no training days"),
    ]:
        with pytest.raises(PlannerInputError, match=words) as error:
            runner_from_bytes(name, data)
        assert str(error.value).startswith(name) and "\n" not in str(error.value)


def test_a_new_squad_and_the_clinics_calendar_from_an_upload(club) -> None:
    runners = list(club.squad.runners[:3])
    built = new_squad("Three", SquadClinic(timezone="Europe/Dublin"), runners)
    bookings, notes = clinic_bookings(built, "clinic.ics", (CLUB / "clinic.ics").read_bytes())
    assert bookings and notes[0].startswith(f"{len(bookings)} bookings read from clinic.ics")
    with pytest.raises(PlannerInputError, match="at least one runner"):
        new_squad("Empty", SquadClinic(), [])
    with pytest.raises(PlannerInputError, match=r"is an \.ics file"):
        clinic_bookings(built, "clinic.csv", b"date\n")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zipped_squad_folder_opens_and_a_bad_one_is_one_line(club) -> None:
    folder = {f"club/{p.relative_to(CLUB)}": p.read_bytes() for p in CLUB.rglob("*") if p.is_file()}
    loaded = squad_from_upload("club.zip", _zip(folder))
    assert loaded.squad == club.squad and loaded.source == "club.zip"
    assert loaded.files["Aoife Byrne"] == "club.zip: club/calendars/aoife.ics"
    cases = [
        ("evil.zip", _zip({"../squad.yaml": b"x", "squad.yaml": b"x"}), "outside its folder"),
        ("none.zip", _zip({"readme.txt": b"x"}), "holds no squad file"),
        ("broken.zip", b"PK\x03\x04 not really", "not a readable .zip"),
        ("squad.yaml", (CLUB / "squad.yaml").read_bytes(), "upload its folder as a .zip"),
        ("squad.txt", b"x", "not '.txt'"),
    ]
    for name, data, words in cases:
        with pytest.raises(PlannerInputError, match=words) as error:
            squad_from_upload(name, data)
        assert "\n" not in str(error.value) and "/tmp/planner-squad-" not in str(error.value)


# ---- the clinic's week -------------------------------------------------------------------------------
def test_the_week_counts_every_appointment_booking_extra_and_closed_day(tight) -> None:
    sq, result = tight
    mondays = weeks(sq)
    assert mondays[0] == dt.date(2027, 1, 4) and all(m.weekday() == 0 for m in mondays)
    shown = [clinic_week(sq, result, monday) for monday in mondays]
    assert sum(week.taken for week in shown) == len(result.appointments)
    week2 = clinic_week(sq, result, dt.date(2027, 1, 11))
    days = {day.date: day for day in week2.days}
    assert [d.strftime("%a") for d in days] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    assert (
        days[dt.date(2027, 1, 12)].slots[0].booked == 1 and days[dt.date(2027, 1, 12)].slots[0].capacity == 0
    )
    assert (
        days[dt.date(2027, 1, 13)].slots[1].extra == 1 and days[dt.date(2027, 1, 13)].slots[1].capacity == 2
    )
    assert not days[dt.date(2027, 1, 14)].open and days[dt.date(2027, 1, 14)].taken == 0
    for day in week2.days:
        for slot in day.slots:
            assert len(slot.runners) <= slot.capacity
            assert slot.full == (slot.free == 0 and (bool(slot.runners) or slot.booked > 0))
    assert first_busy_week(sq, result) == result.appointments[0].date - dt.timedelta(
        days=result.appointments[0].date.weekday()
    )


def test_full_days_are_the_days_with_nothing_left(tight) -> None:
    sq, result = tight
    for day in full_days(sq, result):
        taken = sum(1 for a in result.appointments if a.date == day)
        monday = day - dt.timedelta(days=day.weekday())
        shown = next(d for d in clinic_week(sq, result, monday).days if d.date == day)
        assert shown.free == 0 and taken == sum(s.capacity for s in shown.slots)


# ---- calendars in one zip ------------------------------------------------------------------------------
def test_the_runner_calendars_zip_holds_one_calendar_per_planned_runner(tight) -> None:
    sq, result = tight
    data, histories = runner_calendars_zip(sq, result, options=ExportOptions(), histories={})
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = runner_file_names(r.name for r in sq.runners)
    assert sorted(archive.namelist()) == sorted(
        names[o.name] for o in result.runners if o.status == "planned"
    )
    for outcome in result.runners:
        calendar = icalendar.Calendar.from_ical(archive.read(names[outcome.name]))
        starts = sorted(
            e["DTSTART"].dt.replace(tzinfo=None)
            for e in calendar.walk("VEVENT")
            if "Dry needling" in str(e["SUMMARY"])
        )
        assert starts == [dt.datetime.combine(a.date, a.start) for a in outcome.appointments]
        assert len(histories[outcome.name]) >= len(outcome.sessions)
    again, _ = runner_calendars_zip(sq, result, options=ExportOptions(), histories=histories)
    assert zipfile.ZipFile(io.BytesIO(again)).namelist() == archive.namelist()


# ---- the workspace ------------------------------------------------------------------------------------
def test_the_workspace_keeps_the_squad_its_plan_and_its_record(tight, tmp_path: Path) -> None:
    sq, result = tight
    ws = SquadWorkspace(tmp_path / "squad")
    assert ws.load() is None and ws.load_plan() is None and ws.load_meta() == SquadMeta()
    ws.save(sq)
    saved = SavedPlan(
        result, squad_fingerprint(sq), summarise(sq, result), {"T0": result.runner("T0").appointments}
    )
    ws.save_plan(saved)
    ws.save_meta(SquadMeta(source="tests", notes=["read"], imports={"T0": ["line"]}))
    assert ws.load() == sq
    restored = ws.load_plan()
    assert restored.result == result and restored.fingerprint == squad_fingerprint(sq)
    assert restored.summary.busiest == saved.summary.busiest and restored.previous == saved.previous
    assert ws.load_meta().imports == {"T0": ["line"]}
    assert sorted(p.name for p in ws.folder.iterdir()) == ["meta.json", "plan.json", "squad.json"]
    assert squad_fingerprint(edits.close_day(sq, dt.date(2027, 2, 1))) != squad_fingerprint(sq)
    # A damaged plan is only a cache; a damaged squad is one line naming the file.
    ws.plan_path.write_text("{not json", encoding="utf-8")
    assert ws.load_plan() is None
    ws.squad_path.write_text(json.dumps({"runners": []}), encoding="utf-8")
    with pytest.raises(PlannerInputError, match=r"squad\.json") as error:
        ws.load()
    assert "\n" not in str(error.value)
