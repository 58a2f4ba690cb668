"""What the Squad downloads page offers, read back (AppTest does not expose a download's bytes, so the
files are built by the page's own function, `planner.app.squad_downloads.squad_downloads`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import icalendar
import pytest
from squad_helpers import small_squad

from planner.app.squad_downloads import squad_downloads
from planner.export.events import ExportOptions
from planner.export.squad import runner_file_names
from planner.plan import Screening
from planner.squad import plan_squad
from planner.squad.build import squad_from_upload
from planner.squad.model import Squad
from planner.squad.summary import summarise
from planner.squad.workspace import SavedPlan, SquadMeta, squad_fingerprint

NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
# What a health opt-in adds to a runner's own calendar: never in the clinic's roster.
HEALTH_WORDS = ("warfarin", "blood", "clearance", "screening", "after-care", "focus", "calf", "achilles")


@pytest.fixture(scope="module")
def planned() -> tuple[Squad, SavedPlan]:
    """The small squad; its first runner's plan says she takes warfarin and needles her calves."""
    squad = small_squad()
    first = squad.runners[0]
    screening = Screening(bleeding_disorder_or_blood_thinners=True, notes="takes warfarin")
    athlete = first.plan.athlete.model_copy(update={"screening": screening, "focus": ["calf", "achilles"]})
    runners = [first.model_copy(update={"plan": first.plan.model_copy(update={"athlete": athlete})})]
    squad = squad.model_copy(update={"runners": runners + list(squad.runners[1:])})
    result = plan_squad(squad, time_limit=30)
    assert result.status == "optimal"
    return squad, SavedPlan(result, squad_fingerprint(squad), summarise(squad, result), {})


def _events(data: bytes) -> list:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_before_a_plan_only_the_squad_file_is_offered() -> None:
    files = squad_downloads(small_squad(), None, SquadMeta(), ExportOptions())
    assert files.squad_file is not None
    assert (files.runners, files.roster_ics, files.roster_csv, files.plan_json) == (None,) * 4


def test_runner_calendars_one_per_runner_with_health_only_when_asked(planned) -> None:
    squad, saved = planned
    asked = squad_downloads(squad, saved, SquadMeta(), ExportOptions(include_health=True), now=NOW)
    names = runner_file_names(r.name for r in squad.runners)
    with zipfile.ZipFile(io.BytesIO(asked.runners.data)) as archive:
        assert sorted(archive.namelist()) == sorted(names.values())
        first = archive.read(names[squad.runners[0].name])
        for outcome in saved.result.runners:
            events = _events(archive.read(names[outcome.name]))
            starts = sorted(e["DTSTART"].dt for e in events if "Dry needling" in str(e["SUMMARY"]))
            assert len(starts) == len(outcome.appointments), outcome.name
    assert b"warfarin" in first.replace(b"\r\n ", b"")
    plain = squad_downloads(squad, saved, SquadMeta(), ExportOptions(), now=NOW)
    with zipfile.ZipFile(io.BytesIO(plain.runners.data)) as archive:
        assert b"warfarin" not in archive.read(names[squad.runners[0].name]).replace(b"\r\n ", b"")
    assert set(asked.runner_histories) == {o.name for o in saved.result.runners}


def test_the_roster_is_one_event_per_appointment_with_no_health_data(planned) -> None:
    squad, saved = planned
    files = squad_downloads(squad, saved, SquadMeta(), ExportOptions(include_health=True), now=NOW)
    appointments = saved.result.appointments
    events = _events(files.roster_ics.data)
    assert len(events) == len(appointments) == len(files.roster_history)
    assert sorted((e["DTSTART"].dt.date(), str(e["X-PLANNER-RUNNER"])) for e in events) == sorted(
        (a.date, a.runner) for a in appointments
    )
    rows = list(csv.DictReader(io.StringIO(files.roster_csv.data.decode("utf-8"))))
    assert sorted((r["date"], r["start"], r["runner"]) for r in rows) == sorted(
        (a.date.isoformat(), f"{a.start:%H:%M}", a.runner) for a in appointments
    )
    for item in (files.roster_ics, files.roster_csv):
        text = item.data.decode("utf-8").replace("\r\n ", "").lower()
        assert squad.runners[0].name.lower() in text
        for word in HEALTH_WORDS:
            assert word not in text, (item.file_name, word)
        assert "valarm" not in text


def test_the_plan_json_and_the_squad_file_read_back(planned) -> None:
    squad, saved = planned
    files = squad_downloads(squad, saved, SquadMeta(notes=["read from tests"]), ExportOptions(), now=NOW)
    data = json.loads(files.plan_json.data)
    assert data["status"] == "optimal" and data["notes"] == ["read from tests"]
    assert len(data["appointments"]) == len(saved.result.appointments)
    assert {r["name"] for r in data["runners"]} == {r.name for r in squad.runners}
    assert all(r["cost"] is not None for r in data["runners"])
    reopened = squad_from_upload(files.squad_file.file_name, files.squad_file.data)
    assert reopened.squad == squad
    assert files.squad_file.file_name == "tuesday-group-squad.yaml"
