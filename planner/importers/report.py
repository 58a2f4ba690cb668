"""The import report: how a calendar was read, every assumption grouped into one line.

Built by `planner.importers.build`, rendered in words by `planner.render.import_report_lines` (the
CLI prints it on stderr, the app shows it after an upload) and written as `"import"` in the CLI's
JSON output (`model_dump(mode="json")`).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventNote(_Model):
    """One event the user may want to look at: an unknown or an ignored one."""

    date: dt.date
    text: str = Field(description="The event's title (shortened).")
    where: str = Field(description="Where to find it: 'line 14' or the event and its date.")
    why: str = ""


class RaceNote(_Model):
    date: dt.date
    name: str
    priority: str
    priority_why: str
    distance: str
    distance_why: str


class Assumption(_Model):
    """One line of the report: a group of events read the same way for the same reason."""

    topic: str = Field(description="What kind of assumption, e.g. 'long_run_inferred', 'pace'.")
    text: str = Field(description="The line as shown to the user.")
    count: int = 0
    dates: list[dt.date] = Field(default_factory=list)


class ImportReport(_Model):
    source: str
    format: str = ""
    details: list[str] = Field(default_factory=list, description="Encoding, separator, date order, ...")
    events: int = Field(default=0, description="Events (or rows) read from the file.")
    kinds: dict[str, int] = Field(default_factory=dict, description="Workouts per kind in the plan.")
    timezone: str = "UTC"
    timezone_reason: str = ""
    languages: list[str] = Field(default_factory=list, description="Vocabulary tables whose words matched.")
    long_run_weekday: str | None = None
    assumptions: list[Assumption] = Field(default_factory=list)
    unknown: list[EventNote] = Field(default_factory=list, description="Treated as possibly hard.")
    ignored: list[EventNote] = Field(default_factory=list)
    races: list[RaceNote] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
