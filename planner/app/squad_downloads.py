"""What the Squad downloads page offers, built by the library (tested without a browser).

The same functions `planner squad` writes its files with: runner calendars and the roster through
`planner.export.squad` (the one export path, `export_ics`), the roster CSV, the squad JSON
(`squad_json`, as `--json`) and the squad file (`planner.squad.files.dump_squad`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from planner.app.export_files import Download, slug
from planner.export.events import ExportOptions
from planner.export.squad import export_roster, roster_csv, runner_calendars_zip, squad_json
from planner.plan import ExportedSession
from planner.squad.files import dump_squad
from planner.squad.model import Squad
from planner.squad.workspace import SavedPlan, SquadMeta


@dataclass
class SquadDownloads:
    """The files, and the export histories each calendar download leaves (kept when clicked)."""

    runners: Download | None = None
    roster_ics: Download | None = None
    roster_csv: Download | None = None
    plan_json: Download | None = None
    squad_file: Download | None = None
    runner_histories: dict[str, list[ExportedSession]] = field(default_factory=dict)
    roster_history: list[ExportedSession] = field(default_factory=list)


def squad_downloads(
    squad: Squad,
    saved: SavedPlan | None,
    meta: SquadMeta,
    options: ExportOptions,
    *,
    now: dt.datetime | None = None,
) -> SquadDownloads:
    """Every download for the squad; the calendars only when there is a plan to put in them."""
    name = slug(squad.name)
    out = SquadDownloads(
        squad_file=Download(
            "Squad file (YAML)", dump_squad(squad).encode("utf-8"), f"{name}-squad.yaml", "application/yaml"
        )
    )
    if saved is None or saved.result.status not in ("optimal", "feasible"):
        return out
    result = saved.result
    data, out.runner_histories = runner_calendars_zip(
        squad, result, options=options, histories=meta.histories, now=now
    )
    out.runners = Download(
        "Runner calendars (.zip of .ics)", data, f"{name}-runner-calendars.zip", "application/zip"
    )
    roster = export_roster(squad, result, history=list(meta.histories.get("", [])), now=now)
    out.roster_history = roster.state
    out.roster_ics = Download("Clinic roster (.ics)", roster.data, f"{name}-roster.ics", "text/calendar")
    out.roster_csv = Download(
        "Clinic roster (.csv)", roster_csv(result).encode("utf-8"), f"{name}-roster.csv", "text/csv"
    )
    plan = squad_json(
        squad,
        result,
        saved.summary,
        notes=meta.notes,
        previous=saved.previous,
        source="the app's last plan" if saved.previous else "",
    )
    text = json.dumps(plan, indent=2, ensure_ascii=False) + "\n"
    out.plan_json = Download(
        "Squad plan (JSON)", text.encode("utf-8"), f"{name}-plan.json", "application/json"
    )
    return out
