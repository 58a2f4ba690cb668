"""The squad samples (`sample_plans/squads/`), each made by a recipe; `python -m planner.samples` writes them.

- `charity/`: a charity team of 30 runners from `planner.squad.demo.generate_squad` (varied
  distances, layouts, focus regions, preferred days and availability), each runner a plan file,
  sharing one physio whose existing appointments are in her own calendar (`clinic.ics`).
- `club/`: a running club of 12 whose runners bring their training calendars (Google Calendar
  .ics feeds and TrainingPeaks .csv exports, `planner.samples.calendars`), two of them without
  the race in the file (the squad file gives it), at a two-physio clinic with its own calendar.
- `impossible.yaml`: six runners written inline, at a clinic that opens one hour a week: a
  shortage, said in words with the extra opening that fixes it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from planner.io import atomic_write
from planner.plan import Plan
from planner.samples import PLANS
from planner.samples.calendars import clinic_ics, plan_csv, plan_ics
from planner.samples.generator import generate_plan
from planner.samples.recipes import _readable_dict

SQUADS = PLANS / "squads"
# One surname per runner: names identify runners in a squad.
SURNAMES = (
    "Okafor",
    "Walsh",
    "Patel",
    "Nguyen",
    "Schmidt",
    "Moreau",
    "Rossi",
    "Silva",
    "Kowalski",
    "Haddad",
    "Brennan",
    "Tanaka",
    "Mensah",
    "Larsen",
    "Costa",
    "Novak",
    "Ibrahim",
    "Fischer",
    "Dubois",
    "Ahmed",
    "Jensen",
    "Romero",
    "Kaur",
    "Olsen",
    "Byrne",
    "Hughes",
    "Ferreira",
    "Yilmaz",
    "Sato",
    "Marsh",
)


class _Flow(dict):
    """A mapping written on one line (a training day, an availability window)."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True  # a shared availability list is written out each time, not as &id001 / *id001


_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def _yaml(data: dict[str, Any], header: str) -> str:
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    comment += "# Regenerate with: python -m planner.samples\n"
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    return comment + "\n" + body


def _plan_dict(plan: Plan) -> dict[str, Any]:
    """A plan as a sample writes it (planner.samples.recipes), one line per training day, without
    a clinic: the squad's clinic replaces the plan's own."""
    data = _readable_dict(plan)
    data.pop("clinic", None)
    data["training"] = [_Flow(day) for day in data["training"]]
    return data


def _windows(runner_availability: list) -> list[_Flow]:
    return [_Flow(window.model_dump(mode="json", exclude_none=True)) for window in runner_availability]


def _clock(data: dict[str, Any]) -> dict[str, Any]:
    """Clock times as a clinic writes them: "09:00", not "09:00:00"."""
    return {
        key: value[:5] if key in ("opens", "closes", "start", "end") else value for key, value in data.items()
    }


# ---- the charity team: 30 generated runners, plan files ---------------------------------------------------
CHARITY_HEADER = """\
Charity team: 30 runners of the Harbour Run Festival (Sun 28 Mar 2027: 5K, 10K, half, marathon
and ultra), 12-week blocks, one physio. Built from planner.squad.demo.generate_squad(30, weeks=12,
clinicians=1, seed=2): each runner has their own plan file in runners/ with its own distance, week
layout, focus region and preferred days, and says when they can attend (any time; weekdays from
15:00 and Saturdays; mornings; Saturday mornings and Monday/Wednesday/Friday afternoons). The
physio's existing appointments are in her own calendar, clinic.ics, read as bookings.
Everyone wants the Monday after the long run and the same taper fortnight: the squad plan shares
the loss, and `planner squad` says what it cost each runner against planning alone."""


def charity_files() -> dict[str, bytes]:
    from planner.squad.demo import generate_squad  # lazy: the squad generator

    squad = generate_squad(30, weeks=12, clinicians=1, seed=2, name="Harbour Run Festival charity team")
    files: dict[str, bytes] = {}
    runners = []
    for index, runner in enumerate(squad.runners):
        first = runner.plan.athlete.name.split()[0]
        name = f"{first} {SURNAMES[index]}"
        athlete = runner.plan.athlete.model_copy(update={"name": name, "timezone": "Europe/London"})
        plan = runner.plan.model_copy(update={"athlete": athlete})
        stem = f"{index + 1:02d}-{first.lower()}-{SURNAMES[index].lower()}"
        header = f"{name}: {plan.name}, generated for the charity squad sample (seed {index})."
        files[f"runners/{stem}.yaml"] = _yaml(_plan_dict(plan), header).encode()
        entry: dict[str, Any] = {"plan": f"runners/{stem}.yaml"}
        if runner.availability:
            entry["availability"] = [_Flow(_clock(w)) for w in _windows(runner.availability)]
        runners.append(entry)
    clinic = squad.clinic
    bookings = [
        (b.start, int((b.end - b.start).total_seconds() // 60), "Private patient") for b in clinic.bookings
    ]
    files["clinic.ics"] = clinic_ics("Harbour Sports Physio: appointments", "Europe/London", bookings)
    data = {
        "name": squad.name,
        "clinic": _clock(
            {
                "name": clinic.name,
                "address": "4 Quayside, Bristol BS1 4RN",
                "timezone": "Europe/London",
                "opens": f"{clinic.opens:%H:%M}",
                "closes": f"{clinic.closes:%H:%M}",
                "appointment_minutes": clinic.appointment_minutes,
                "clinicians": clinic.clinicians,
                "price": clinic.price,
                "currency": "GBP",
                "bookings_ics": "clinic.ics",
            }
        ),
        "runners": runners,
    }
    files["squad.yaml"] = _yaml(data, CHARITY_HEADER).encode()
    return files


# ---- the club: 12 runners from their calendars -------------------------------------------------------------
CLUB_HEADER = """\
Running club: 12 members of Liffey Valley AC in a spring season (Jan-May 2027), each with the
training calendar they keep: Google Calendar feeds (.ics) and TrainingPeaks exports (.csv) in
calendars/, built from generated plans (planner.samples.calendars). Their races differ (5K to
marathon, B races inside some blocks); two calendars do not hold the race, so this file gives it
(race, distance). The clinic has two physios on weekday evenings and Saturday afternoons; its own
calendar (clinic.ics) holds private patients, a weekly drop-in clinic, a cancelled appointment
and a physio's course day. Some members can only come after work (from 18:00)."""

EVENINGS = [
    _Flow({"weekdays": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00"}),
    _Flow({"weekdays": ["sat"]}),
]
# name, distance, weeks, start week (from Mon 4 Jan 2027), focus, long-run day, format, race in file, evenings only
CLUB = (
    ("Aoife Byrne", "half", 14, 2, "calf", "sun", "ics", True, False),
    ("Cian Murphy", "marathon", 18, 0, "hamstring", "sun", "ics", True, True),
    ("Niamh Kelly", "10k", 10, 6, "quad", "sun", "csv", True, False),
    ("Darragh Walsh", "half", 12, 4, "it_band", "sat", "ics", False, True),
    ("Siobhán O'Brien", "marathon", 16, 2, "achilles", "sun", "csv", True, False),
    ("Conor Ryan", "5k", 8, 10, "shin", "sun", "ics", True, True),
    ("Orla Doyle", "half", 12, 6, "glute", "sun", "csv", False, False),
    ("Eoin McCarthy", "10k", 10, 8, "foot", "sun", "ics", True, False),
    ("Róisín Lynch", "marathon", 18, 1, "hip", "sun", "ics", True, True),
    ("Fionn Gallagher", "half", 14, 5, "back", "sat", "csv", True, False),
    ("Saoirse Kennedy", "10k", 12, 4, "calf", "sun", "ics", True, True),
    ("Tadhg Quinn", "half", 16, 3, "hamstring", "sun", "csv", True, False),
)
CLUB_START = dt.date(2027, 1, 4)


def _club_plan(index: int, spec: tuple) -> Plan:
    name, distance, weeks, offset, focus, long_day, *_ = spec
    races = [(weeks - 6, "10k", "B")] if distance in ("half", "marathon") and weeks >= 12 else None
    return generate_plan(
        weeks,
        distance,
        seed=700 + index,
        races=races,
        start=CLUB_START + dt.timedelta(weeks=offset),
        focus=[focus],
        long_run_weekday=long_day,
        units="km",
        athlete_name=name,
        timezone="Europe/Dublin",
    )


def club_files() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    runners = []
    for index, spec in enumerate(CLUB):
        name, _, _, _, _, _, kind, race_in_file, evenings = spec
        plan = _club_plan(index, spec)
        stem = name.split()[0].lower().replace("á", "a").replace("í", "i").replace("ó", "o")
        path = f"calendars/{stem}.{kind}"
        if kind == "ics":
            files[path] = plan_ics(plan, calendar_name=f"{name} - training", a_race=race_in_file)
        else:
            files[path] = plan_csv(plan, a_race=race_in_file)
        entry: dict[str, Any] = {"calendar": path, "name": name}
        if not race_in_file:
            race = plan.a_races[-1]
            entry.update(race=race.date.isoformat(), distance=race.distance)
        if evenings:
            entry["availability"] = EVENINGS
        runners.append(entry)
    files["clinic.ics"] = clinic_ics(
        "Liffey Sports Physio",
        "Europe/Dublin",
        [
            (dt.datetime(2027, 2, 1, 17, 0), 60, "Private patient"),
            (dt.datetime(2027, 3, 1, 16, 0), 120, "Private patient (double)"),
            (dt.datetime(2027, 3, 29, 18, 0), 60, "Private patient"),
            (dt.datetime(2027, 4, 19, 19, 0), 60, "Private patient"),
        ],
        weekly=(dt.datetime(2027, 1, 5, 18, 0), 60, "Club drop-in injury clinic", 20),
        cancelled=[(dt.datetime(2027, 3, 8, 17, 0), 60, "Private patient")],
        days_off=[(dt.date(2027, 3, 15), "Physio course (Dr Nolan)")],
    )
    data = {
        "name": "Liffey Valley AC spring season",
        "clinic": {
            "name": "Liffey Sports Physio",
            "address": "Unit 3, Ballyfermot Rd, Dublin 10",
            "timezone": "Europe/Dublin",
            "open_weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
            "opens": "16:00",
            "closes": "20:00",
            "appointment_minutes": 60,
            "clinicians": 2,
            "price": 70,
            "currency": "EUR",
            "closed_dates": ["2027-04-05"],
            "bookings_ics": "clinic.ics",
        },
        "runners": runners,
    }
    files["squad.yaml"] = _yaml(data, CLUB_HEADER).encode()
    return files


# ---- the impossible squad: six runners inline, one appointment a week --------------------------------------
IMPOSSIBLE_HEADER = """\
IMPOSSIBLE on purpose: six runners of a club's half-marathon group, written inline, at a physio
who sees one runner a week (Mondays 18:00-19:00). Each runner alone fits (the Monday after the
Sunday long run is free, and Thursday's quality session is three days away), but every runner
needs a trial, a session in the two-week taper and at least two sessions, and pairs of them race
on the same Sunday: their taper Mondays hold one appointment for two runners.
`planner squad` says how many appointments are short, on which Mondays, and which extra opening
fixes it, and checks that fix by planning again (exit code 1)."""

IMPOSSIBLE = (
    ("Hana Sato", 0),
    ("Ben Adler", 0),
    ("Ruth Mensah", 1),
    ("Ivan Petrov", 1),
    ("Lucia Romano", 2),
    ("Tom Evans", 2),
)


def impossible_text() -> str:
    runners = []
    for index, (name, offset) in enumerate(IMPOSSIBLE):
        plan = generate_plan(
            8,
            "half",
            seed=900 + index,
            start=dt.date(2027, 5, 3) + dt.timedelta(weeks=offset),
            focus=["glute"],
            quality_weekdays=("thu",),
            long_run_weekday="sun",
            units="km",
            athlete_name=name,
            timezone="Europe/Berlin",
            a_race_name="Spree Half Marathon" if offset == 0 else f"Club half marathon {offset + 1}",
        )
        runners.append({"inline": _plan_dict(plan)})
    data = {
        "name": "Monday physio for the half-marathon group",
        "clinic": {
            "name": "Kiez Physio",
            "address": "Oranienstr. 25, 10999 Berlin",
            "timezone": "Europe/Berlin",
            "open_weekdays": ["mon"],
            "opens": "18:00",
            "closes": "19:00",
            "appointment_minutes": 60,
            "clinicians": 1,
            "price": 65,
            "currency": "EUR",
        },
        "runners": runners,
    }
    return _yaml(data, IMPOSSIBLE_HEADER)


def squad_files() -> dict[str, bytes]:
    """Every squad sample file, by path under `sample_plans/squads/`."""
    files = {f"charity/{path}": data for path, data in charity_files().items()}
    files.update({f"club/{path}": data for path, data in club_files().items()})
    files["impossible.yaml"] = impossible_text().encode()
    return files


def write_squad_samples(directory: str | Path = SQUADS) -> list[Path]:
    directory = Path(directory)
    written = []
    for relative, data in squad_files().items():
        path = directory / relative
        atomic_write(path, data)
        written.append(path)
    return written
