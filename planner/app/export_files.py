"""What the Export page offers for download, built by the library (tested without a browser)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from planner.export.ics import ExportOptions, ExportResult, export_ics
from planner.io import dump_plan
from planner.plan import Plan
from planner.schedule import Schedule


@dataclass(frozen=True)
class Download:
    label: str
    data: bytes
    file_name: str
    mime: str


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "plan"


def calendar_download(
    plan: Plan, schedule: Schedule, options: ExportOptions | None = None, *, now: dt.datetime | None = None
) -> tuple[Download, ExportResult]:
    """The .ics file and the export history to keep in the plan (stable UIDs on the next export).

    The CLI's `--ics` calls the same `export_ics` with the same history: same bytes.
    """
    result = export_ics(plan, schedule, options=options, previous=plan.exported, now=now)
    return Download(
        "Calendar (.ics)", result.data, f"{slug(plan.name)}-sessions.ics", "text/calendar"
    ), result


def schedule_json_download(plan: Plan, schedule: Schedule) -> Download:
    data = json.dumps(schedule.to_json_dict(), indent=2, ensure_ascii=False) + "\n"
    return Download(
        "Schedule (JSON)", data.encode("utf-8"), f"{slug(plan.name)}-schedule.json", "application/json"
    )


def plan_downloads(plan: Plan) -> list[Download]:
    name = slug(plan.name)
    return [
        Download(
            "Plan file (YAML)", dump_plan(plan, ".yaml").encode("utf-8"), f"{name}.yaml", "application/yaml"
        ),
        Download(
            "Plan file (JSON)", dump_plan(plan, ".json").encode("utf-8"), f"{name}.json", "application/json"
        ),
    ]
