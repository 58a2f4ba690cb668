"""Reading and writing plan files. Errors name the file, the field, the value and (YAML) the line.

`load_plan` accepts a native plan (.yaml/.yml/.json) or a training calendar (.ics/.csv), which the
importers turn into a plan. `save_plan` never leaves a half-written file: temp file, then rename.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from planner.errors import PlannerInputError, invalid_input
from planner.parse import Lines, json_lines, load_json, load_yaml
from planner.plan import Plan

if TYPE_CHECKING:
    from planner.importers.report import ImportReport

M = TypeVar("M", bound=BaseModel)

CALENDAR_SUFFIXES = (".ics", ".ical", ".csv")
# A training plan is a few hundred kB at most; anything far bigger is not a plan.
MAX_INPUT_BYTES = 20 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """The file's bytes; only a regular file of at most MAX_INPUT_BYTES is read.

    A FIFO would block until a writer comes and a device like /dev/zero never ends: both are
    refused from their type before any read (opened non-blocking, so a FIFO cannot hang the open).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise PlannerInputError("no such file", source=str(path)) from None
    except OSError as exc:
        raise PlannerInputError(f"cannot read ({exc.strerror})", source=str(path)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_INPUT_BYTES:
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise PlannerInputError("is a directory, not a plan file", source=str(path))
        if not stat.S_ISREG(info.st_mode):
            raise PlannerInputError(f"is a {file_kind(info.st_mode)}, not a file", source=str(path))
        raise PlannerInputError(
            f"file is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB", source=str(path)
        )
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise PlannerInputError(f"cannot read ({exc.strerror})", source=str(path)) from None
    if len(data) > MAX_INPUT_BYTES:
        raise PlannerInputError(
            f"file is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB", source=str(path)
        )
    return data


def file_kind(mode: int) -> str:
    """'FIFO', 'character device', ... for a refusal that says what the path really is."""
    for test, name in (
        (stat.S_ISDIR, "directory"),
        (stat.S_ISFIFO, "FIFO (named pipe)"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISREG, "regular file"),
    ):
        if test(mode):
            return name
    return "special file"


def decode_text(data: bytes, source: str) -> str:
    _check_not_empty_or_binary(data, source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlannerInputError(f"is not UTF-8 text (byte {exc.start})", source=source) from None


def _check_not_empty_or_binary(data: bytes, source: str) -> None:
    if not data.strip():
        raise PlannerInputError("file is empty", source=source)
    # UTF-16 text (Excel's "Unicode text" CSV) starts with its byte-order mark and holds NULs.
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlannerInputError("is a binary file, not a plan, .ics or .csv", source=source)


def load_plan(path: str | Path, **import_options: Any) -> Plan:
    """Load a native plan or import a training calendar. Raises PlannerInputError."""
    path = Path(path)
    return load_plan_bytes(read_bytes(path), str(path), **import_options)


def load_plan_bytes(data: bytes, source: str, **import_options: Any) -> Plan:
    """Same as load_plan for bytes already in memory (uploads); `source` names it in errors."""
    return load_plan_bytes_with_report(data, source, **import_options)[0]


def load_plan_with_report(path: str | Path, **import_options: Any) -> tuple[Plan, ImportReport | None]:
    """load_plan plus how a calendar was read (None for a plan file)."""
    path = Path(path)
    return load_plan_bytes_with_report(read_bytes(path), str(path), **import_options)


def load_plan_bytes_with_report(
    data: bytes, source: str, **import_options: Any
) -> tuple[Plan, ImportReport | None]:
    """A plan file, or a calendar and its import report. Calendars get the bytes: a CSV may be
    Windows-1252 or UTF-16, which the importer detects and reports."""
    suffix = Path(source).suffix.lower()
    if suffix in CALENDAR_SUFFIXES:
        _check_not_empty_or_binary(data, source)
        # lazy: start-up (icalendar and recurring-ical-events load only for a calendar)
        from planner.importers import import_calendar_with_report

        return import_calendar_with_report(data, source, **import_options)
    text = decode_text(data, source)
    if suffix == ".json":
        return _plan_from_json(text, source), None
    if suffix in (".yaml", ".yml") or not suffix:
        return _plan_from_yaml(text, source), None
    raise PlannerInputError(
        f"unknown file type {suffix!r} (expected .yaml, .yml, .json, .ics or .csv)", source=source
    )


def _plan_from_json(text: str, source: str) -> Plan:
    return validate_document(*parse_document(text, source, ".json"), source, Plan)


def _plan_from_yaml(text: str, source: str) -> Plan:
    return validate_document(*parse_document(text, source, ".yaml"), source, Plan)


def parse_document(text: str, source: str, suffix: str) -> tuple[Any, Callable[[], Lines]]:
    """JSON (`.json`) or YAML text as plain data, and a function giving the line of every key path
    (asked only on an error). Plan files and squad files (`planner.squad.files`) are read the same way."""
    if suffix == ".json":
        return load_json(text, source), lambda: json_lines(text)
    raw, lines = load_yaml(text, source)
    return raw, lambda: lines


def validate_document(raw: Any, lines: Callable[[], Lines], source: str, model: type[M]) -> M:
    """`raw` as a `model`; a problem names the file, the line of the field, the field and the value."""
    if not isinstance(raw, dict):
        fields = "name, athlete, training" if model is Plan else ", ".join(list(model.model_fields)[:3])
        what = "a plan file" if model is Plan else "the file"
        raise PlannerInputError(f"{what} must be a mapping of fields ({fields}, ...)", source=source)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise invalid_input(exc, source=source, line=line_for(exc, lines())) from None


def line_for(exc: ValidationError, lines: Lines) -> int | None:
    """The YAML line of the field in error; None for a problem with the whole plan (no one line)."""
    loc = tuple(exc.errors()[0]["loc"])
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def plan_to_dict(plan: Plan) -> dict:
    """A tidy dict for saving: defaults left out so the file stays readable."""
    return plan.model_dump(mode="json", exclude_defaults=True)


def dump_plan(plan: Plan, suffix: str = ".yaml") -> str:
    data = plan_to_dict(plan)
    if suffix == ".json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def output_file(path: str | Path, label: str | None = None) -> Path:
    """The regular file an output goes to, checked before anything is written or solved.

    Refused, each in one line naming `label` (how the user gave it, e.g. `--json out.json`):
    a directory, device, FIFO or socket (writing would replace the node with a file, or never
    end); a path under a file; a folder we may not write in; a name longer than the file system
    allows. A symbolic link is followed: its file is replaced, the link stays.
    """
    name = label or str(path)
    if not str(path).strip():
        raise PlannerInputError("give a file name to write", source=name)
    target = Path(path)
    try:
        if target.is_symlink():
            target = target.resolve()
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        raise PlannerInputError("a part of the path is a file, not a folder", source=name) from None
    except (OSError, RuntimeError) as exc:
        raise PlannerInputError(
            f"cannot write ({getattr(exc, 'strerror', None) or exc})", source=name
        ) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise PlannerInputError(
            f"is a {file_kind(info.st_mode)}; only a regular file is written", source=name
        )
    folder = _nearest_folder(target.parent, name)
    effective = {"effective_ids": True} if os.access in os.supports_effective_ids else {}
    if not os.access(folder, os.W_OK | os.X_OK, **effective):
        raise PlannerInputError(
            f"cannot write in the folder {str(folder)!r} (permission denied)", source=name
        )
    try:
        longest = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        longest = 255
    if len(os.fsencode(target.name)) > longest:
        raise PlannerInputError(f"the file name is longer than {longest} bytes", source=name)
    return target


def _nearest_folder(folder: Path, name: str) -> Path:
    """The closest existing ancestor (missing folders are created on write); a file there is refused."""
    for candidate in (folder, *folder.parents):
        try:
            info = candidate.stat()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise PlannerInputError(f"cannot write ({exc.strerror})", source=name) from None
        if not stat.S_ISDIR(info.st_mode):
            raise PlannerInputError(f"{str(candidate)!r} is a file, not a folder", source=name)
        return candidate
    return Path(".")


def atomic_write(path: str | Path, content: str | bytes, label: str | None = None) -> None:
    """Write to a temp file in the same folder, fsync, then rename: never half-written.

    Only a regular file is ever replaced (`output_file`); any OS error is one PlannerInputError.
    """
    name = label or str(path)
    target = output_file(path, label)
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # A short temp name: a long target name plus the temp suffix must not pass NAME_MAX.
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file owner-only; a saved plan or calendar gets the usual permissions.
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise PlannerInputError(f"cannot write ({exc.strerror or exc})", source=name) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str | None) -> None:
    if tmp is not None:
        Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def save_plan(plan: Plan, path: str | Path) -> None:
    path = Path(path)
    atomic_write(path, dump_plan(plan, ".json" if path.suffix.lower() == ".json" else ".yaml"))
