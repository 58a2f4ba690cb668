"""Plans and schedules for the export tests, built by hand so they do not wait on the solver,
plus the sample plans solved for real, and a byte-level lint no calendar client performs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar

from planner.export.ics import ExportOptions, ExportResult, export_ics
from planner.plan import Plan
from planner.schedule import Schedule, Session

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PLANS = sorted((ROOT / "sample_plans").glob("*.yaml"))
NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 3, 8, 9, 30, tzinfo=dt.UTC)


def make_plan(
    *,
    timezone: str = "Europe/Berlin",
    appointment: str | None = "10:00",
    clinic: str = "Praxis am Park",
    address: str = "Parkstraße 1, Berlin",
    focus: tuple[str, ...] = ("hamstring",),
    name: str = "Spring block",
    screening: dict | None = None,
) -> Plan:
    return Plan.model_validate(
        {
            "name": name,
            "athlete": {
                "name": "Sam",
                "timezone": timezone,
                "focus": list(focus),
                "screening": screening or {},
            },
            "clinic": {"name": clinic, "address": address, "appointment_time": appointment},
            "training": [
                {
                    "date": "2025-03-23",
                    "workouts": [{"kind": "long_run", "title": "Long run 28 km", "distance_km": 28}],
                },
                {
                    "date": "2025-03-25",
                    "workouts": [{"kind": "quality", "title": "6x1 km", "time": "18:30", "duration_min": 75}],
                },
                {"date": "2025-03-27", "workouts": [{"kind": "easy", "description": "45' easy"}]},
            ],
            "races": [{"date": "2025-05-04", "name": "City Marathon", "distance": "marathon"}],
        }
    )


def make_schedule(
    dates: list[dt.date] | None = None, *, reassess: dt.date | None = dt.date(2025, 4, 14)
) -> Schedule:
    dates = dates or [dt.date(2025, 3, 24), dt.date(2025, 3, 30), dt.date(2025, 4, 7), dt.date(2025, 4, 20)]
    purposes = ["trial", "recovery", "maintenance", "maintenance", "maintenance", "maintenance"]
    sessions = [
        Session(
            date=date,
            purpose=purposes[index],
            number=index + 1,
            reasons=[f"day after the long run on {date - dt.timedelta(days=1):%a %d %b}"],
            provisional=reassess is not None and date > reassess,
        )
        for index, date in enumerate(sorted(dates))
    ]
    return Schedule(status="optimal", sessions=sessions, reassess_date=reassess)


def hand_cases() -> dict[str, tuple[Plan, Schedule, ExportOptions]]:
    """Named export cases covering the golden situations of issue 3."""
    dst = make_schedule([dt.date(2025, 3, 24), dt.date(2025, 3, 30), dt.date(2025, 4, 7)])
    dst.sessions[1].needs_clearance = True
    return {
        # 2025-03-30 is the spring-forward day in Europe/Berlin.
        "dst_day": (make_plan(), dst, ExportOptions()),
        # +05:45, and +13:00 across its own DST change (2025-04-06): far from UTC both ways.
        "kathmandu": (
            make_plan(timezone="Asia/Kathmandu", appointment="08:15"),
            make_schedule(),
            ExportOptions(),
        ),
        "auckland": (
            make_plan(timezone="Pacific/Auckland", appointment="17:15", focus=("calf",)),
            make_schedule([dt.date(2025, 3, 31), dt.date(2025, 4, 6), dt.date(2025, 4, 12)]),
            ExportOptions(),
        ),
        "all_day": (make_plan(appointment=None), make_schedule(), ExportOptions()),
        "unicode_clinic": (
            make_plan(
                clinic="Physio Zoë & Ñandú 🏃‍♀️🦵 Clínica São João — 東京鍼灸院",
                address="Rua das Flores 12, 4050-262 Porto 🇵🇹 " + "ü" * 60,
                name="Bloque de primavera 🌸",
            ),
            make_schedule(),
            ExportOptions(calendar_name="Agujas ✨ de Zoë"),
        ),
        "utc_with_workouts": (
            make_plan(timezone="UTC", appointment="08:00"),
            make_schedule(),
            ExportOptions(include_workouts=True),
        ),
        "no_alarms": (make_plan(), make_schedule(), ExportOptions(alarms=())),
    }


def sample_exports() -> list[tuple[str, ExportResult]]:
    """Every sample plan solved for real; plans without a schedule export their workouts only."""
    from planner.io import load_plan
    from planner.solver import optimize

    assert SAMPLE_PLANS, f"no sample plans in {ROOT / 'sample_plans'}"
    out = []
    for path in SAMPLE_PLANS:
        plan = load_plan(path)
        schedule = optimize(plan, time_limit=5.0)
        if schedule.found:
            out.append((f"{path.stem}", export_ics(plan, schedule, now=NOW)))
        out.append(
            (
                f"{path.stem}+workouts",
                export_ics(plan, schedule, options=ExportOptions(include_workouts=True), now=NOW),
            )
        )
    return out


def lint(data: bytes) -> list[str]:
    """What no client checks: CRLF, 75-octet folding on UTF-8 boundaries, VTIMEZONE per TZID,
    unique UIDs, DTSTAMP everywhere, no UTC or floating session times."""
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    raw_lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(raw_lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare LF or CR")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets (> 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: folded inside a UTF-8 character")
        if number > 1 and line[:1] in (b" ", b"\t") and len(line) == 1:
            problems.append(f"line {number}: empty continuation line")
    problems += split_escapes(raw_lines)
    cal = icalendar.Calendar.from_ical(data)
    for name in ("PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"):
        if name not in cal:
            problems.append(f"VCALENDAR has no {name}")
    zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    uids: list[str] = []
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        uids.append(uid)
        if "DTSTAMP" not in event:
            problems.append(f"{uid}: no DTSTAMP")
        for prop in ("DTSTART", "DTEND"):
            if prop not in event:
                problems.append(f"{uid}: no {prop}")
                continue
            value = event[prop]
            tzid = value.params.get("TZID")
            if isinstance(value.dt, dt.datetime):
                if tzid is None:
                    problems.append(f"{uid}: {prop} is {'UTC' if value.dt.tzinfo else 'floating'}, not local")
                elif tzid not in zones:
                    problems.append(f"{uid}: TZID {tzid} has no VTIMEZONE")
        if "DTSTART" in event and "DTEND" in event:
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            if type(start) is not type(end):
                problems.append(f"{uid}: DTSTART and DTEND are of different types")
            elif end <= start:
                problems.append(f"{uid}: DTEND is not after DTSTART")
        for alarm in event.walk("VALARM"):
            if "TRIGGER" not in alarm or "ACTION" not in alarm:
                problems.append(f"{uid}: VALARM without TRIGGER or ACTION")
    duplicates = sorted({uid for uid in uids if uids.count(uid) > 1})
    if duplicates:
        problems.append(f"UIDs used twice: {duplicates}")
    if not uids:
        problems.append("no VEVENT")
    return problems


def unfolded(data: bytes) -> str:
    return re.sub(r"\r\n[ \t]", "", data.decode("utf-8"))


def split_escapes(raw_lines: list[bytes]) -> list[str]:
    """Folds that cut a TEXT escape (`\\n`, `\\,`, `\\;`, `\\\\`) in two: Google Calendar drops such
    events (icalendar #1501)."""
    problems: list[str] = []
    logical: list[tuple[int, list[bytes]]] = []
    for number, line in enumerate(raw_lines, 1):
        if line[:1] in (b" ", b"\t") and logical:
            logical[-1][1].append(line[1:])
        else:
            logical.append((number, [line]))
    for number, parts in logical:
        text = b"".join(parts)
        folds, at = set(), 0
        for part in parts[:-1]:
            at += len(part)
            folds.add(at)
        index = 0
        while index < len(text):
            if text[index : index + 1] == b"\\":
                if index + 1 in folds:
                    problems.append(f"line {number}: escape {text[index : index + 2]!r} split across a fold")
                index += 2
            else:
                index += 1
    return problems
