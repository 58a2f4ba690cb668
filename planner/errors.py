"""Errors a user can act on. Each carries one line naming the file, field or line.

`validation_message` is the one way a pydantic error becomes words (plan files, CLI overrides,
calendar importers and the app all use it): the field, the problem and the value given.

Every message is one line of at most `MAX_MESSAGE` characters (issue 13): values a user typed are
shortened with `shown` before they go into a message, control characters are escaped, and the
whole line is capped when the error is made, so a 1 MB title can never become a 1 MB error line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

# Documented CLI exit codes (README "CLI").
EXIT_OK = 0
EXIT_NO_SCHEDULE = 1
EXIT_BAD_INPUT = 2
EXIT_BUG = 3

# The longest error line, prefix `planner: error: ` included (README "Input limits").
MAX_MESSAGE = 280
# The longest echo of one value inside a message.
MAX_SHOWN = 60


def shorten(text: str, width: int = MAX_SHOWN) -> str:
    """`text` on one line and at most `width` characters: control characters escaped, cut with '...'."""
    taken = text[: width + 1]
    flat = "".join(_visible(char) for char in taken)
    if len(flat) <= width and len(taken) == len(text):
        return flat
    return flat[: max(0, width - 3)] + "..."


def shown(value: object, width: int = MAX_SHOWN) -> str:
    """`repr`-like echo of a value for a message: quoted text, shortened; numbers too long are cut."""
    if isinstance(value, str):
        return "'" + shorten(value, width - 2) + "'"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    return shorten(repr(value), width)


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF or 0x80 <= code < 0xA0:
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


class PlannerInputError(Exception):
    """Unreadable or invalid input. `str(error)` is the one line shown to the user."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.source = source
        self.line = line
        where = shorten(source, 100) if source else ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        text = f"{where}: {message}" if where else message
        # The last guard of the one-line rule: whatever a caller put in, one short line comes out.
        super().__init__(shorten(text, MAX_MESSAGE))


class PlannerBug(Exception):
    """Something planner itself got wrong (CP-SAT said MODEL_INVALID): reported as a bug, exit 3."""


def validation_message(error: ValidationError) -> str:
    """The first problem pydantic found, in one line: `field 'athlete.timezone': ... (got 'X')`.

    A problem with the whole plan (two fields that disagree) has no field and reads as its message.
    """
    first = error.errors()[0]
    field = shorten(".".join(str(part) for part in first["loc"]), 80)
    message = shorten(first["msg"].removeprefix("Value error, "), 160)
    if not field:
        return message
    if first["type"] == "extra_forbidden":
        return f"unknown field '{field}'"
    if first["type"] == "missing":
        return f"field '{field}' is required"
    value = first.get("input")
    echo = "" if isinstance(value, (dict, list)) or value is None else f" (got {shown(value)})"
    return f"field '{field}': {message}{echo}"


def invalid_input(
    error: ValidationError, *, source: str | None = None, line: int | None = None, prefix: str = ""
) -> PlannerInputError:
    """A PlannerInputError for a pydantic error; `prefix` names what was being applied (`--race: `)."""
    return PlannerInputError(f"{prefix}{validation_message(error)}", source=source, line=line)
