"""A squad from files in memory (the app's uploads): runners' plans and calendars, the clinic's own
calendar, or a whole squad file, alone or as a zipped squad folder.

Everything goes through the squad file's own reading (`planner.squad.files`): a runner upload is a
runner entry with its file (the same overrides, checks and names as in a squad file), a squad file
is read by `load_squad`. A bad file raises one PlannerInputError line naming it; nothing is half
built.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pydantic import ValidationError

from planner.errors import PlannerInputError, invalid_input, shorten
from planner.io import CALENDAR_SUFFIXES, MAX_INPUT_BYTES, load_plan_bytes_with_report
from planner.squad.files import (
    PLAN_SUFFIXES,
    LoadedSquad,
    RunnerEntry,
    calendar_runner_name,
    finish_runner_plan,
    load_squad,
)
from planner.squad.model import Availability, Booking, Squad, SquadClinic, SquadRunner

if TYPE_CHECKING:
    from planner.importers.report import ImportReport

# A zipped squad folder: the squad file, its runners' files and the clinic's calendar. The sizes
# are the file limits of `planner.io`; the count leaves room for a club of a few thousand runners.
MAX_ZIP_FILES = 5000
MAX_ZIP_BYTES = 4 * MAX_INPUT_BYTES
SQUAD_FILE_NAMES = ("squad.yaml", "squad.yml", "squad.json")


@dataclass
class UploadedRunner:
    """A runner read from an uploaded plan or calendar, with how a calendar was read."""

    runner: SquadRunner
    report: ImportReport | None = None
    file: str = ""


@dataclass
class UploadedRunners:
    runners: list[UploadedRunner] = field(default_factory=list)

    @property
    def squad_runners(self) -> list[SquadRunner]:
        return [item.runner for item in self.runners]


def runner_from_bytes(
    file_name: str,
    data: bytes,
    *,
    clinic_timezone: str | None = None,
    availability: list[Availability] | None = None,
    force: bool = False,
) -> UploadedRunner:
    """One runner from their plan file (.yaml/.json) or training calendar (.ics/.csv).

    A calendar that says no timezone is read in the clinic's (as in a squad file)."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in (*PLAN_SUFFIXES, *CALENDAR_SUFFIXES):
        raise PlannerInputError(
            f"a runner is a plan file (.yaml, .json) or a training calendar (.ics, .csv), not {suffix or 'no suffix'!r}",
            source=file_name,
        )
    calendar = suffix in CALENDAR_SUFFIXES
    options = {"timezone": clinic_timezone, "timezone_by": "the clinic's timezone"} if calendar else {}
    plan, report = load_plan_bytes_with_report(data, file_name, **(options if clinic_timezone else {}))
    entry = RunnerEntry(calendar=file_name) if calendar else RunnerEntry(plan=file_name)
    name = calendar_runner_name(plan, file_name) if calendar else None
    try:
        plan = finish_runner_plan(plan, entry, name=name, force=force)
        runner = SquadRunner(plan=plan, availability=availability or [])
    except PlannerInputError as exc:
        raise PlannerInputError(str(exc), source=file_name) from None
    except ValidationError as exc:
        raise invalid_input(exc, source=file_name) from None
    return UploadedRunner(runner, report, file_name)


def runners_from_files(
    files: list[tuple[str, bytes]], *, clinic_timezone: str | None = None, force: bool = False
) -> UploadedRunners:
    """Several runners' files; the first bad one stops the whole lot (naming it)."""
    out = UploadedRunners()
    for name, data in files:
        out.runners.append(runner_from_bytes(name, data, clinic_timezone=clinic_timezone, force=force))
    return out


def new_squad(name: str, clinic: SquadClinic, runners: list[SquadRunner]) -> Squad:
    """A squad from its parts, validated as a whole (one line on a problem)."""
    if not runners:
        raise PlannerInputError("a squad needs at least one runner: add their plans or calendars")
    try:
        return Squad(name=name, clinic=clinic, runners=runners)
    except ValidationError as exc:
        raise invalid_input(exc, source=name) from None


def clinic_bookings(squad: Squad, file_name: str, data: bytes) -> tuple[list[Booking], list[str]]:
    """The clinic's own calendar (.ics) as bookings over the squad's dates, and what was read."""
    from planner.squad.bookings import bookings_from_bytes  # lazy: icalendar

    if Path(file_name).suffix.lower() not in (".ics", ".ical"):
        raise PlannerInputError("the clinic's calendar is an .ics file", source=file_name)
    days = [d for r in squad.runners for d in (r.plan.first_day, r.plan.last_day) if d is not None]
    span = (min(days), max(days)) if days else (dt.date.today(), dt.date.today())
    clinic = squad.clinic
    return bookings_from_bytes(data, file_name, clinic.timezone, clinic.appointment_minutes, span)


# ---- a squad file, alone or zipped with its folder --------------------------------------------------------
def squad_from_upload(file_name: str, data: bytes, *, force: bool = False) -> LoadedSquad:
    """A squad file (.yaml/.json) that needs no other file, or a .zip of a squad folder (its
    `squad.yaml` and the files it names), read by `load_squad`."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in (*PLAN_SUFFIXES, ".zip"):
        raise PlannerInputError(
            f"a squad is a squad file (.yaml, .json) or its folder as a .zip, not {suffix or 'no suffix'!r}",
            source=file_name,
        )
    folder = Path(tempfile.mkdtemp(prefix="planner-squad-"))
    try:
        if suffix == ".zip":
            squad_file = _unzip(file_name, data, folder)
        else:
            squad_file = folder / Path(file_name).name
            squad_file.write_bytes(data)
        try:
            loaded = load_squad(squad_file, force=force)
        except PlannerInputError as exc:
            text = str(exc).replace(str(folder) + "/", "")
            if "no such file" in text and suffix != ".zip":
                text += " (a squad file that names other files: upload its folder as a .zip)"
            raise PlannerInputError(text) from None
        loaded.source = file_name
        loaded.files = {name: _shown(path, folder, file_name) for name, path in loaded.files.items()}
        return loaded
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _shown(path: str, folder: Path, upload: str) -> str:
    """A file inside the unpacked upload, named as the user knows it: 'club.zip: calendars/aoife.ics'."""
    if path.startswith(str(folder)):
        inner = path[len(str(folder)) :].lstrip("/")
        return f"{upload}: {inner}" if upload.lower().endswith(".zip") else upload
    return path


def _unzip(file_name: str, data: bytes, folder: Path) -> Path:
    """The zip's files under `folder` (no path leaves it, no link is made), and its squad file."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise PlannerInputError("is not a readable .zip file", source=file_name) from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_FILES:
            raise PlannerInputError(
                f"holds {len(members):,} files (at most {MAX_ZIP_FILES:,})", source=file_name
            )
        if sum(info.file_size for info in members) > MAX_ZIP_BYTES:
            raise PlannerInputError(
                f"unpacks to more than {MAX_ZIP_BYTES // 1024 // 1024} MB", source=file_name
            )
        squad_files = []
        for info in members:
            inner = PurePosixPath(info.filename)
            if inner.is_absolute() or ".." in inner.parts or "\\" in info.filename:
                raise PlannerInputError(
                    f"holds a file outside its folder ({shorten(info.filename, 60)!r})", source=file_name
                )
            if inner.parts[0] == "__MACOSX":
                continue  # macOS Finder's resource forks
            target = folder.joinpath(*inner.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise PlannerInputError(
                    f"{shorten(info.filename, 60)}: cannot be unpacked ({exc})", source=file_name
                ) from None
            if inner.name.lower() in SQUAD_FILE_NAMES:
                squad_files.append(target)
    if not squad_files:
        raise PlannerInputError(
            "holds no squad file: the squad's folder with its squad.yaml (or squad.json) in it",
            source=file_name,
        )
    return min(squad_files, key=lambda path: (len(path.relative_to(folder).parts), str(path)))
