"""Errors a user can act on. Each carries one line naming the file, field or line."""

from __future__ import annotations

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
