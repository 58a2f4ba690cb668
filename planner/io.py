"""Reading and writing plan files. Errors name the file, the field, the value and (YAML) the line.

`load_plan` accepts a native plan (.yaml/.yml/.json) or a training calendar (.ics/.csv), which the
importers turn into a plan. `save_plan` never leaves a half-written file: temp file, then rename.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from planner.errors import PlannerInputError, invalid_input
from planner.plan import Plan

if TYPE_CHECKING:
    from planner.importers.report import ImportReport

CALENDAR_SUFFIXES = (".ics", ".ical", ".csv")
# A training plan is a few hundred kB at most; anything far bigger is not a plan.
MAX_INPUT_BYTES = 20 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlannerInputError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise PlannerInputError("is a directory, not a plan file", source=str(path)) from None
    except OSError as exc:
        raise PlannerInputError(f"cannot read ({exc.strerror})", source=str(path)) from None
    if len(data) > MAX_INPUT_BYTES:
        raise PlannerInputError(
            f"file is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB", source=str(path)
        )
    return data


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
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlannerInputError(f"invalid JSON: {exc.msg}", source=source, line=exc.lineno) from None
    return _validate(raw, source, lines={})


class _PlanLoader(yaml.SafeLoader):
    """SafeLoader that leaves clock times and dates as text for pydantic to validate.

    YAML 1.1 reads `opens: 9:00` as the sexagesimal integer 540 (00:09), and its own timestamp
    constructor fails on 2027-02-30 with no field or line; pydantic names both.
    """


def _keeps_text(tag: str, regexp: re.Pattern) -> bool:
    if tag == "tag:yaml.org,2002:timestamp":
        return False
    return not (tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and regexp.match("9:00"))


_PlanLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if _keeps_text(tag, regexp)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _plan_from_yaml(text: str, source: str) -> Plan:
    try:
        node = yaml.compose(text, Loader=_PlanLoader)
        raw = yaml.load(text, Loader=_PlanLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PlannerInputError(
            f"invalid YAML: {problem}", source=source, line=mark.line + 1 if mark else None
        ) from None
    return _validate(raw, source, lines=_yaml_lines(node))


def _yaml_lines(node: yaml.Node | None, path: tuple = ()) -> dict[tuple, int]:
    """Map every key path in the YAML document to its 1-based line."""
    lines: dict[tuple, int] = {}
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            lines[child] = key.start_mark.line + 1
            lines.update({k: v for k, v in _yaml_lines(value, child).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_yaml_lines(item, (*path, index)))
    return lines


def _validate(raw: Any, source: str, lines: dict[tuple, int]) -> Plan:
    if not isinstance(raw, dict):
        raise PlannerInputError(
            "a plan file must be a mapping of fields (name, athlete, training, ...)", source=source
        )
    try:
        return Plan.model_validate(raw)
    except ValidationError as exc:
        raise invalid_input(exc, source=source, line=_line_for(exc, lines)) from None


def _line_for(exc: ValidationError, lines: dict[tuple, int]) -> int | None:
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


def atomic_write(path: str | Path, content: str | bytes) -> None:
    """Write to a temp file in the same folder, fsync, then rename: never half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file owner-only; a saved plan or calendar gets the usual permissions.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def save_plan(plan: Plan, path: str | Path) -> None:
    path = Path(path)
    atomic_write(path, dump_plan(plan, ".json" if path.suffix.lower() == ".json" else ".yaml"))
