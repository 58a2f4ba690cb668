"""Squad files: a clinic and its runners in one YAML or JSON file, read into a `Squad`.

A runner is a plan file, a training calendar (.ics/.csv, with its own race, distance, focus,
timezone and availability) or a plan written inline; relative paths resolve against the squad
file. The clinic may bring its own calendar (`bookings_ics`): its events are appointments already
taken. Errors name the squad file, the YAML line and the field (`planner.io.validate_document`),
or the runner's own file and line when the problem is inside it. `planner schema --squad` prints
the JSON Schema of `SquadFile`.

Nothing here solves: reading a squad loads no OR-Tools.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from planner.edits import apply_day_edits, apply_overrides
from planner.errors import PlannerInputError, invalid_input
from planner.io import (
    CALENDAR_SUFFIXES,
    decode_text,
    load_plan_with_report,
    parse_document,
    plan_to_dict,
    read_bytes,
)
from planner.io import validate_document as validate
from planner.limits import Name, PlanDate
from planner.plan import Athlete, Distance, Plan, Region, _Model
from planner.sanity import far_races, model_refusal
from planner.squad.model import Availability, Fairness, SlotPin, Squad, SquadClinic, SquadRunner

if TYPE_CHECKING:
    from planner.importers.report import ImportReport

PLAN_SUFFIXES = (".yaml", ".yml", ".json")


class ClinicEntry(SquadClinic):
    """The clinic as a squad file gives it: a `SquadClinic`, its timezone optional, its own calendar."""

    timezone: str | None = Field(  # type: ignore[assignment]
        default=None,
        description="Where the clinic is (IANA). Default: the runners' timezone, when they all share one.",
    )
    bookings_ics: str | None = Field(
        default=None,
        description="The clinic's own calendar (.ics), relative to the squad file: each timed event takes "
        "one clinician for its span, an all-day event one clinician for the day; cancelled events are skipped.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        return None if value is None else Athlete._known_timezone(value)


class RunnerEntry(_Model):
    """One runner: exactly one of `plan`, `calendar` or `inline`, and the runner's own settings."""

    plan: str | None = Field(
        default=None, description="A plan file (.yaml/.json), relative to the squad file."
    )
    calendar: str | None = Field(
        default=None, description="A training calendar (.ics/.csv), relative to the squad file."
    )
    inline: Plan | None = Field(default=None, description="The plan itself, written as in a plan file.")
    name: Name | None = Field(
        default=None,
        description="The runner's name (names identify runners). Default: the plan's runner; for a "
        "calendar that names none, its file name.",
    )
    availability: list[Availability] = Field(
        default_factory=list,
        description="When the runner can attend, e.g. weekdays from 17:00; empty = whenever the clinic is open.",
    )
    race: PlanDate | None = Field(
        default=None, description="The A race date (adds or replaces it), as --race."
    )
    distance: Distance | None = Field(default=None, description="The A race distance, as --distance.")
    focus: list[Region] = Field(
        default_factory=list, description="Focus regions (replace the plan's), as --focus."
    )
    keywords: dict[str, str] = Field(
        default_factory=dict, description="Workout words for a calendar import, as --keyword TEXT=KIND."
    )
    timezone: str | None = Field(
        default=None,
        description="Calendar only: the runner's timezone for reading it (default: the clinic's, when given).",
    )
    date_format: str | None = Field(
        default=None, description="Calendar only: the date order of an ambiguous CSV, e.g. dd/mm/yyyy."
    )
    strict: bool = Field(
        default=False, description="Calendar only: stop at an event whose kind cannot be told."
    )
    pin: list[PlanDate] = Field(default_factory=list, description="Sessions fixed on these days, as --pin.")
    pin_slots: list[SlotPin] = Field(
        default_factory=list,
        description="Sessions fixed at one appointment time, e.g. {date: 2027-02-01, start: '17:00'} "
        "(their days are pinned too; the app's 'pin to a slot').",
    )
    forbid: list[PlanDate] = Field(
        default_factory=list, description="Days kept free of sessions, as --forbid."
    )

    @model_validator(mode="after")
    def _one_source(self) -> RunnerEntry:
        given = [key for key in ("plan", "calendar", "inline") if getattr(self, key) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of plan (a plan file), calendar (an .ics/.csv) or inline (the plan itself)"
                + (f"; got {' and '.join(given)}" if given else "")
            )
        if self.plan is not None and Path(self.plan).suffix.lower() not in PLAN_SUFFIXES:
            raise ValueError(
                f"plan {self.plan!r} is not a plan file (.yaml, .yml, .json); use calendar: for .ics/.csv"
            )
        if self.calendar is not None and Path(self.calendar).suffix.lower() not in CALENDAR_SUFFIXES:
            raise ValueError(
                f"calendar {self.calendar!r} is not a calendar (.ics, .csv); use plan: for a plan file"
            )
        if self.calendar is None:
            used = [key for key in ("timezone", "date_format") if getattr(self, key) is not None]
            used += ["strict"] if self.strict else []
            if used:
                raise ValueError(f"{used[0]} is for calendar runners (.ics, .csv), not a plan")
        if self.timezone is not None:
            Athlete._known_timezone(self.timezone)
        return self


class SquadFile(_Model):
    """A squad file: the clinic and the runners who share it."""

    name: Name = "Squad"
    version: int = Field(default=1, ge=1, le=1)
    clinic: ClinicEntry = Field(default_factory=ClinicEntry)
    runners: list[RunnerEntry] = Field(min_length=1)
    fairness: Fairness = Field(
        default_factory=Fairness,
        description="The penalty on a runner's loss against planning alone (default: a cap at 200 points).",
    )


@dataclass
class LoadedSquad:
    """A squad read from its file, with how each part was read (for the output and the JSON)."""

    squad: Squad
    source: str
    imports: dict[str, ImportReport] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # runner name -> the file it came from


def squad_schema() -> dict[str, Any]:
    """The squad file's JSON Schema (`planner schema --squad`)."""
    return SquadFile.model_json_schema()


def load_squad(path: str | Path, *, force: bool = False) -> LoadedSquad:
    """Read a squad file and everything it names. Raises PlannerInputError (one line).

    As for `planner optimize`, a runner whose plan cannot be planned at all is refused, and so is
    one with a race far outside the training (a wrong year) unless `force`."""
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise PlannerInputError("is a directory, not a squad file", source=source)
    if suffix not in PLAN_SUFFIXES:
        raise PlannerInputError(
            f"a squad file is .yaml or .json (got {suffix or 'no suffix'!r})", source=source
        )
    raw, line_of = parse_document(decode_text(read_bytes(path), source), source, suffix)
    if isinstance(raw, dict) and "runners" not in raw and {"athlete", "training", "races"} & set(raw):
        raise PlannerInputError(
            "this is one runner's plan, not a squad file: plan it with `planner optimize`, or name it "
            "under `runners:` in a squad file (`planner schema --squad`)",
            source=source,
        )
    entries = validate(raw, line_of, source, SquadFile)
    # The line of each key names a runner's entry in an error; worked out only then (the app's
    # workspace keeps 200 runners inline: 3 MB of JSON, 1.5 s to walk for nothing).
    lines = cache(line_of)
    folder = path.parent
    loaded = LoadedSquad(squad=None, source=source)  # type: ignore[arg-type]
    wheres = [_Where(source, lines, ("runners", index)) for index in range(len(entries.runners))]
    read = [
        _runner_plan(entry, folder, loaded, where, force=force)
        for entry, where in zip(entries.runners, wheres, strict=True)
    ]
    placed = [plan for plan, zoneless in read if not zoneless]
    zone = _clinic_zone(
        entries.clinic, placed or [plan for plan, _ in read], _Where(source, lines, ("clinic",))
    )
    plans = [
        # A calendar that does not say where its runner is: the runner comes to this clinic, so
        # its dates are the clinic's (the import report says so).
        _runner_plan(entry, folder, loaded, where, zone, force=force)[0]
        if zoneless and zone != "UTC"
        else plan
        for (plan, zoneless), entry, where in zip(read, entries.runners, wheres, strict=True)
    ]
    runners = [
        _squad_runner(plan, entry, where)
        for plan, entry, where in zip(plans, entries.runners, wheres, strict=True)
    ]
    names: dict[str, int] = {}
    for index, runner in enumerate(runners):
        if runner.name in names:
            raise wheres[index].error(
                f"runners.{index}: {runner.name!r} is also runners.{names[runner.name]}; names identify "
                "runners: give each a name:"
            )
        names[runner.name] = index
        if runner.plan.athlete.timezone != zone:
            loaded.notes.append(
                f"{runner.name}: the plan's dates are {runner.plan.athlete.timezone} dates, the clinic is in "
                f"{zone}; appointment times are the clinic's"
            )
    clinic_fields = entries.clinic.model_dump(exclude={"bookings_ics", "timezone"})
    bookings = list(entries.clinic.bookings)
    if entries.clinic.bookings_ics:
        from planner.squad.bookings import read_bookings  # lazy: start-up (icalendar)

        first = min(r.plan.first_day for r in runners if r.plan.first_day is not None)
        last = max(r.plan.last_day for r in runners if r.plan.last_day is not None)
        ics = _resolve(folder, entries.clinic.bookings_ics)
        found, notes = read_bookings(ics, zone, entries.clinic.appointment_minutes, (first, last))
        bookings += found
        loaded.notes += notes
    try:
        clinic = SquadClinic.model_validate({**clinic_fields, "timezone": zone, "bookings": bookings})
        loaded.squad = Squad(name=entries.name, clinic=clinic, runners=runners, fairness=entries.fairness)
    except ValidationError as exc:
        raise invalid_input(exc, source=source) from None
    return loaded


@dataclass(frozen=True)
class _Where:
    """A place in the squad file, for errors: the file and the YAML line of a key path."""

    source: str
    lines: Callable[[], dict[tuple, int]]
    path: tuple

    def error(self, message: str) -> PlannerInputError:
        return PlannerInputError(message, source=self.source, line=self.lines().get(self.path))


def _resolve(folder: Path, name: str) -> Path:
    candidate = Path(name).expanduser()
    return candidate if candidate.is_absolute() else folder / candidate


def _runner_plan(
    entry: RunnerEntry,
    folder: Path,
    loaded: LoadedSquad,
    where: _Where,
    zone: str | None = None,
    *,
    force: bool = False,
) -> tuple[Plan, bool]:
    """The runner's plan with the entry's settings applied, in the same order as the CLI's options,
    and whether it is a calendar that names no timezone (read in UTC). `zone`: read a calendar in
    the clinic's timezone."""
    index = where.path[-1]
    report = None
    if entry.inline is not None:
        plan, origin = entry.inline, f"{where.source} (runners.{index}.inline)"
    else:
        path = _resolve(folder, entry.plan or entry.calendar or "")
        origin = str(path)
        options: dict[str, Any] = {}
        if entry.calendar is not None:
            options = {
                "race": entry.race,
                "distance": entry.distance,
                "keywords": entry.keywords or None,
                "strict": entry.strict,
                "timezone": entry.timezone or zone,
                "timezone_by": f"runners.{index}.timezone" if entry.timezone else "clinic.timezone",
                "date_format": entry.date_format,
            }
        plan, report = load_plan_with_report(path, **options)
    zoneless = report is not None and entry.timezone is None and zone is None and report.timezone == "UTC"
    name = entry.name
    if name is None and entry.calendar is not None:
        name = calendar_runner_name(plan, entry.calendar)
    try:
        plan = finish_runner_plan(plan, entry, name=name, force=force, note="pinned in the squad file")
    except PlannerInputError as exc:
        raise where.error(f"runners.{index} ({origin}): {str(exc).lstrip('-')}") from None
    loaded.files[plan.athlete.name] = origin
    if report is not None:
        loaded.imports[plan.athlete.name] = report
    return plan, zoneless


def calendar_runner_name(plan: Plan, file_name: str) -> str | None:
    """A training calendar rarely names its runner: then the runner is the file's name."""
    return Path(file_name).stem if plan.athlete.name == "Runner" else None


def finish_runner_plan(
    plan: Plan, entry: RunnerEntry, *, name: str | None, force: bool = False, note: str = ""
) -> Plan:
    """A runner's plan as read, with the entry's settings applied in the CLI's order (overrides, then
    --forbid and --pin), renamed, and the checks of `planner optimize` (`planner.sanity`). Squad
    files and the app's uploads both go through here. Raises PlannerInputError (no location)."""
    plan = apply_overrides(
        plan, race=entry.race, distance=entry.distance, focus=list(entry.focus), keywords=entry.keywords
    )
    pins = [*entry.pin, *(slot.date for slot in entry.pin_slots)]
    plan = apply_day_edits(plan, pins=pins, forbids=entry.forbid, note=note)
    if name is not None and name != plan.athlete.name:
        plan = plan.model_copy(update={"athlete": plan.athlete.model_copy(update={"name": name})})
    problem = model_refusal(plan)
    if problem is None and not force:
        problem = next((f"{words}, or pass --force" for _, words in far_races(plan)), None)
    if problem:
        raise PlannerInputError(problem)
    return plan


def _squad_runner(plan: Plan, entry: RunnerEntry, where: _Where) -> SquadRunner:
    try:
        return SquadRunner(plan=plan, availability=entry.availability, pinned_slots=entry.pin_slots)
    except ValidationError as exc:
        index = where.path[-1]
        raise _Where(where.source, where.lines, (*where.path, "availability")).error(
            f"runners.{index}.availability: {exc.errors()[0]['msg'].removeprefix('Value error, ')}"
        ) from None


def _clinic_zone(clinic: ClinicEntry, plans: list[Plan], where: _Where) -> str:
    """The clinic's timezone: as given, else the one all runners share."""
    if clinic.timezone is not None:
        return clinic.timezone
    zones = sorted({plan.athlete.timezone for plan in plans})
    if len(zones) > 1:
        raise where.error(
            f"clinic.timezone is needed: the runners are in {len(zones)} timezones ({', '.join(zones[:4])})"
        )
    return zones[0]


# ---- writing ---------------------------------------------------------------------------------------------
def squad_file_data(squad: Squad) -> dict[str, Any]:
    """The squad as a squad file that needs no other file: every runner inline, the clinic's
    bookings written out. `load_squad` reads it back to the same squad (the app's workspace and
    its "squad file" download; `planner squad` plans it)."""
    clinic = squad.clinic.model_dump(mode="json", exclude_defaults=True)
    # Always written: without it the clinic's timezone would be derived from the runners'.
    clinic["timezone"] = squad.clinic.timezone
    runners = []
    for runner in squad.runners:
        entry: dict[str, Any] = {"inline": plan_to_dict(runner.plan)}
        if runner.availability:
            entry["availability"] = [
                w.model_dump(mode="json", exclude_none=True) for w in runner.availability
            ]
        if runner.pinned_slots:
            entry["pin_slots"] = [slot.model_dump(mode="json") for slot in runner.pinned_slots]
        runners.append(entry)
    data: dict[str, Any] = {"name": squad.name, "clinic": clinic, "runners": runners}
    if squad.fairness != Fairness():
        data["fairness"] = squad.fairness.model_dump(mode="json")
    return data


def dump_squad(squad: Squad, suffix: str = ".yaml") -> str:
    """`squad_file_data` as YAML or JSON text (`suffix`)."""
    data = squad_file_data(squad)
    if suffix == ".json":
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
