"""A squad plan as calendars: one per runner, and the clinic's roster (.ics and .csv).

Both calendars go through the one export path, `planner.export.ics.export_ics`, so they follow
the same rules as a single runner's export: stable UIDs from the plan id, SEQUENCE rising only
when an event changed, removed appointments sent as CANCELLED for the grace period.

- **A runner's calendar** is their plan's export at the squad's clinic, each session at its own
  appointment time (`Session.time`), in the clinic's timezone (the appointment is where the
  clinic is; clients show it in the runner's local time).
- **The roster** is the clinic's view: every appointment with the runner's name and the
  session's purpose and number, and nothing else: no reasons (they describe the runner's
  training), no after-care, no screening or clearance flag, no focus (`ExportOptions.roster`),
  no reminders. The CSV has the same columns for a spreadsheet.
- **The previous plan** of a re-plan can be read back from the squad JSON (`--json`), the roster
  .ics or the roster .csv (`read_previous`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from planner.errors import PlannerInputError
from planner.export.events import RUNNER_PROPERTY, ExportOptions
from planner.export.ics import ExportResult, export_ics
from planner.export.identity import KIND_PROPERTY, adopt_plan_id, parse_calendar, timing
from planner.plan import Athlete, Clinic, ExportedSession, Plan
from planner.schedule import Schedule
from planner.squad.model import Appointment, RunnerOutcome, Squad, SquadPlan

if TYPE_CHECKING:
    from planner.importers.report import ImportReport
    from planner.squad.summary import Summary

ROSTER_COLUMNS = ("date", "start", "end", "runner", "purpose", "session", "sessions", "provisional")


def clinic_of(squad: Squad) -> Clinic:
    """The squad's clinic as a plan's clinic (what LOCATION and the descriptions say): the same
    conversion the engine makes for every runner (`planner.squad.runners.effective_plan`)."""
    from planner.squad.runners import effective_plan  # lazy: the engine loads OR-Tools
    from planner.squad.slots import ClinicDays

    return effective_plan(squad.runners[0], ClinicDays.of(squad.clinic)).clinic


def runner_export_plan(squad: Squad, name: str, history: list[ExportedSession] | None = None) -> Plan:
    """The runner's plan as their calendar shows it: the squad's clinic, the clinic's timezone."""
    plan = next(runner.plan for runner in squad.runners if runner.name == name)
    athlete = plan.athlete.model_copy(update={"timezone": squad.clinic.timezone})
    plan = plan.model_copy(update={"clinic": clinic_of(squad), "athlete": athlete})
    return adopt_plan_id(plan, history or [])


def runner_schedule(outcome: RunnerOutcome, plan: Plan) -> Schedule:
    """The runner's sessions, each at its appointment time."""
    start = {appointment.date: appointment.start for appointment in outcome.appointments}
    sessions = [
        session.model_copy(update={"time": start.get(session.date), "athlete": outcome.name})
        for session in outcome.sessions
    ]
    # build_sessions marks the sessions after the reassessment point provisional; the
    # reassessment falls on the last session before them (planner.reasons).
    confirmed = [s.date for s in sessions if not s.provisional]
    reassess = confirmed[-1] if confirmed and len(confirmed) < len(sessions) else None
    return Schedule(
        plan_name=plan.name, athlete=outcome.name, status="optimal", sessions=sessions, reassess_date=reassess
    )


def export_runner(
    squad: Squad,
    outcome: RunnerOutcome,
    *,
    options: ExportOptions,
    history: list[ExportedSession],
    now: dt.datetime | None = None,
) -> ExportResult:
    """One runner's calendar, continuing `history` (the file it replaces)."""
    plan = runner_export_plan(squad, outcome.name, history)
    return export_ics(plan, runner_schedule(outcome, plan), options=options, previous=history, now=now)


def roster_plan(squad: Squad, history: list[ExportedSession] | None = None) -> Plan:
    """The plan a roster is exported as: the squad's name and clinic, no runner of its own."""
    plan = Plan(
        name=f"{squad.name}: clinic roster",
        athlete=Athlete(name="", timezone=squad.clinic.timezone),
        clinic=clinic_of(squad),
    )
    return adopt_plan_id(plan, history or [])


def roster_schedule(result: SquadPlan) -> Schedule:
    sessions = []
    for outcome in result.runners:
        start = {appointment.date: appointment.start for appointment in outcome.appointments}
        sessions += [
            session.model_copy(update={"time": start.get(session.date), "athlete": outcome.name})
            for session in outcome.sessions
        ]
    return Schedule(plan_name=result.squad, status="optimal", sessions=sessions)


def export_roster(
    squad: Squad,
    result: SquadPlan,
    *,
    history: list[ExportedSession],
    calendar_name: str | None = None,
    now: dt.datetime | None = None,
) -> ExportResult:
    """The clinic's roster as .ics: names and purposes only, no reminders."""
    options = ExportOptions(
        alarms=(), roster=True, calendar_name=calendar_name or f"{squad.clinic.name}: {squad.name} roster"
    )
    return export_ics(
        roster_plan(squad, history), roster_schedule(result), options=options, previous=history, now=now
    )


def roster_csv(result: SquadPlan) -> str:
    """The roster as CSV, one row per appointment in time order (same facts as the roster .ics)."""
    rows = []
    for outcome in result.runners:
        total = len(outcome.sessions)
        start = {a.date: a for a in outcome.appointments}
        for session in outcome.sessions:
            appointment = start[session.date]
            rows.append(
                (
                    session.date.isoformat(),
                    f"{appointment.start:%H:%M}",
                    f"{appointment.end:%H:%M}",
                    outcome.name,
                    session.purpose,
                    str(session.number),
                    str(total),
                    "yes" if session.provisional else "no",
                )
            )
    rows.sort(key=lambda row: (row[0], row[1], row[3]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ROSTER_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def runner_file_names(names: Iterable[str]) -> dict[str, str]:
    """A calendar file name per runner ('Zoë O'Neil' -> 'zoe-o-neil.ics'), unique in order given."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "runner"
        candidate, number = stem, 2
        while candidate in used:
            candidate, number = f"{stem}-{number}", number + 1
        used.add(candidate)
        out[name] = f"{candidate}.ics"
    return out


def runner_calendars_zip(
    squad: Squad,
    result: SquadPlan,
    *,
    options: ExportOptions,
    histories: Mapping[str, list[ExportedSession]],
    now: dt.datetime | None = None,
) -> tuple[bytes, dict[str, list[ExportedSession]]]:
    """Every planned runner's calendar (`export_runner`, as `--ics-dir` writes them) in one .zip,
    and each calendar's new export history (the next export continues it)."""
    names = runner_file_names(runner.name for runner in squad.runners)
    buffer = io.BytesIO()
    states: dict[str, list[ExportedSession]] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for outcome in result.runners:
            if outcome.status != "planned":
                continue
            exported = export_runner(
                squad, outcome, options=options, history=list(histories.get(outcome.name, [])), now=now
            )
            states[outcome.name] = exported.state
            # A fixed timestamp: the same calendars give the same zip.
            info = zipfile.ZipInfo(names[outcome.name], date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, exported.data)
    return buffer.getvalue(), states


def squad_json(
    squad: Squad,
    result: SquadPlan,
    summary: Summary,
    *,
    notes: Sequence[str] = (),
    imports: Mapping[str, ImportReport] | None = None,
    files: Mapping[str, str] | None = None,
    previous: Mapping[str, Sequence[Appointment]] | None = None,
    source: str = "",
) -> dict:
    """The squad plan with everything the text says (`planner squad --json`, the app's download):
    costs, busiest days, how the inputs were read, the previous plan it was re-planned against."""
    imports, files = imports or {}, files or {}
    data = result.model_dump(mode="json")
    for runner in data["runners"]:
        name = runner["name"]
        cost = summary.costs.get(name)
        runner["cost"] = cost.model_dump(mode="json") if cost is not None else None
        report = imports.get(name)
        runner["import"] = report.model_dump(mode="json") if report is not None else None
        runner["file"] = files.get(name)
    data["appointments"] = [a.model_dump(mode="json") for a in result.appointments]
    data["busiest_days"] = [day.model_dump(mode="json") for day in summary.busiest]
    data["clinic"] = squad.clinic.model_dump(mode="json", exclude={"bookings"})
    data["clinic"]["bookings"] = len(squad.clinic.bookings)
    data["notes"] = list(notes)
    data["previous"] = (
        {"source": source, "appointments": sum(len(v) for v in previous.values())} if previous else None
    )
    return data


# ---- the previous plan of a re-plan ---------------------------------------------------------------------
def read_previous(path: Path, data: bytes) -> dict[str, list[Appointment]]:
    """Appointments per runner from a squad JSON, a roster .ics or a roster .csv."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        found = _from_json(data, source)
    elif suffix in (".ics", ".ical"):
        found = _from_roster_ics(data, source)
    elif suffix == ".csv":
        found = _from_roster_csv(data, source)
    else:
        raise PlannerInputError(
            f"a previous squad plan is its --json (.json) or its roster (.ics or .csv), not {suffix or 'this file'!r}",
            source=source,
        )
    out: dict[str, list[Appointment]] = {}
    for appointment in found:
        out.setdefault(appointment.runner, []).append(appointment)
    return {name: sorted(items, key=lambda a: (a.date, a.start)) for name, items in out.items()}


def _from_json(data: bytes, source: str) -> list[Appointment]:
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlannerInputError(f"not a squad JSON ({exc})", source=source) from None
    runners = raw.get("runners") if isinstance(raw, dict) else None
    if not isinstance(runners, list):
        raise PlannerInputError(
            "not a squad JSON: no 'runners' list (write one with planner squad --json)", source=source
        )
    try:
        return [
            Appointment.model_validate(item)
            for runner in runners
            if isinstance(runner, dict)
            for item in runner.get("appointments") or []
        ]
    except ValidationError as exc:
        raise PlannerInputError(
            f"an appointment is not readable ({exc.errors()[0]['msg']})", source=source
        ) from None


def _from_roster_ics(data: bytes, source: str) -> list[Appointment]:
    calendar = parse_calendar(data, source)
    zone = str(calendar.get("X-WR-TIMEZONE", "")) or None
    found = []
    for event in calendar.walk("VEVENT"):
        runner = str(event.get(RUNNER_PROPERTY, ""))
        cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
        if (
            not runner
            or cancelled
            or str(event.get(KIND_PROPERTY, "")) != "session"
            or "DTSTART" not in event
        ):
            continue
        day, start, minutes = timing(event, zone)
        if start is None:
            continue
        end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes or 0)).time()
        found.append(Appointment(runner=runner, date=day, start=start, end=end))
    if not found and not any(RUNNER_PROPERTY in event for event in calendar.walk("VEVENT")):
        raise PlannerInputError(
            "not a squad roster (no event names its runner): use planner squad --roster-ics", source=source
        )
    return found


def _from_roster_csv(data: bytes, source: str) -> list[Appointment]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlannerInputError("is not UTF-8 text", source=source) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        column for column in ("date", "start", "end", "runner") if column not in (reader.fieldnames or [])
    ]
    if missing:
        raise PlannerInputError(f"not a squad roster: no {missing[0]!r} column", source=source)
    found = []
    for line, row in enumerate(reader, start=2):
        try:
            found.append(
                Appointment(runner=row["runner"], date=row["date"], start=row["start"], end=row["end"])
            )
        except ValidationError as exc:
            raise PlannerInputError(f"{exc.errors()[0]['msg']}", source=source, line=line) from None
    return found
