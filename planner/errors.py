"""Errors a user can act on. Each carries one line naming the file, field or line.

`validation_message` is the one way a pydantic error becomes words (plan files, CLI overrides,
calendar importers and the app all use it): the field, the problem and the value given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

# Documented CLI exit codes (README "CLI").
EXIT_OK = 0
EXIT_NO_SCHEDULE = 1
EXIT_BAD_INPUT = 2


class PlannerInputError(Exception):
    """Unreadable or invalid input. `str(error)` is the one line shown to the user."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.source = source
        self.line = line
        where = source or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


def validation_message(error: ValidationError) -> str:
    """The first problem pydantic found, in one line: `field 'athlete.timezone': ... (got 'X')`.

    A problem with the whole plan (two fields that disagree) has no field and reads as its message.
    """
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if not field:
        return message
    if first["type"] == "extra_forbidden":
        return f"unknown field {field!r}"
    if first["type"] == "missing":
        return f"field {field!r} is required"
    value = first.get("input")
    shown = "" if isinstance(value, (dict, list)) or value is None else f" (got {value!r})"
    return f"field {field!r}: {message}{shown}"


def invalid_input(
    error: ValidationError, *, source: str | None = None, line: int | None = None, prefix: str = ""
) -> PlannerInputError:
    """A PlannerInputError for a pydantic error; `prefix` names what was being applied (`--race: `)."""
    return PlannerInputError(f"{prefix}{validation_message(error)}", source=source, line=line)
