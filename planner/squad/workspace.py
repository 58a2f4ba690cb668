"""The app's squad workspace: the squad being edited, its last plan, and what its exports said.

A folder `squad/` inside the app's workspace (`planner.workspace.default_folder()`), holding:
- `squad.json`: the squad as a squad file with every runner inline (`planner.squad.files`), so
  `planner squad squad.json` plans exactly what the app shows;
- `plan.json`: the last squad plan, the fingerprint of the squad it was made for, the cost per
  runner and the busiest days (a cache of a solve: a damaged file only means optimizing again);
- `meta.json`: where the squad came from, how its files were read, and each calendar's export
  history (runner calendars and the roster keep their UIDs and SEQUENCE across downloads).

Every write goes to a temporary file that is then renamed (`planner.io.atomic_write`), so a crash
never leaves half a squad.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from planner.errors import PlannerInputError
from planner.io import atomic_write
from planner.plan import ExportedSession
from planner.squad.files import dump_squad, load_squad
from planner.squad.model import Appointment, Squad, SquadPlan
from planner.squad.summary import BusyDay, RunnerCost, Summary
from planner.workspace import default_folder

_HISTORY = TypeAdapter(dict[str, list[ExportedSession]])
_PREVIOUS = TypeAdapter(dict[str, list[Appointment]])


def squad_fingerprint(squad: Squad) -> str:
    """A hash of what the engine reads: tells whether a saved plan still fits the squad."""
    data = squad.model_dump(mode="json", exclude={"runners": {"__all__": {"plan": {"exported"}}}})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:16]


@dataclass
class SavedPlan:
    """A squad plan as the workspace keeps it."""

    result: SquadPlan
    fingerprint: str
    summary: Summary
    previous: dict[str, list[Appointment]] = field(default_factory=dict)  # what it was re-planned against


@dataclass
class SquadMeta:
    source: str = ""
    notes: list[str] = field(default_factory=list)
    imports: dict[str, list[str]] = field(default_factory=dict)  # runner -> how their calendar was read
    histories: dict[str, list[ExportedSession]] = field(default_factory=dict)  # runner ('' roster) -> export


class SquadWorkspace:
    SQUAD_FILE = "squad.json"
    PLAN_FILE = "plan.json"
    META_FILE = "meta.json"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).expanduser()

    @classmethod
    def default(cls) -> SquadWorkspace:
        return cls(default_folder() / "squad")

    @property
    def squad_path(self) -> Path:
        return self.folder / self.SQUAD_FILE

    @property
    def plan_path(self) -> Path:
        return self.folder / self.PLAN_FILE

    @property
    def meta_path(self) -> Path:
        return self.folder / self.META_FILE

    # ---- the squad -------------------------------------------------------------------------------
    def save(self, squad: Squad) -> None:
        atomic_write(self.squad_path, dump_squad(squad, ".json"))

    def load(self) -> Squad | None:
        """The saved squad, or None when nothing was saved. A damaged file raises PlannerInputError.

        It was accepted when it was saved, so a race far from its runner's training (accepted then
        with the app's "plan anyway") is accepted again."""
        if not self.squad_path.exists():
            return None
        return load_squad(self.squad_path, force=True).squad

    # ---- the last plan -----------------------------------------------------------------------------
    def save_plan(self, saved: SavedPlan) -> None:
        payload = {
            "fingerprint": saved.fingerprint,
            "plan": saved.result.model_dump(mode="json"),
            "costs": {name: cost.model_dump(mode="json") for name, cost in saved.summary.costs.items()},
            "busiest": [day.model_dump(mode="json") for day in saved.summary.busiest],
            "previous": _PREVIOUS.dump_python(saved.previous, mode="json"),
        }
        atomic_write(self.plan_path, json.dumps(payload, ensure_ascii=False) + "\n")

    def load_plan(self) -> SavedPlan | None:
        """The last plan; None when missing or unreadable (optimizing again makes a new one)."""
        try:
            payload = json.loads(self.plan_path.read_text(encoding="utf-8"))
            summary = Summary(
                costs={name: RunnerCost.model_validate(c) for name, c in payload["costs"].items()},
                busiest=[BusyDay.model_validate(day) for day in payload["busiest"]],
            )
            return SavedPlan(
                result=SquadPlan.model_validate(payload["plan"]),
                fingerprint=str(payload["fingerprint"]),
                summary=summary,
                previous=_PREVIOUS.validate_python(payload.get("previous") or {}),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError):
            return None

    def clear_plan(self) -> None:
        self.plan_path.unlink(missing_ok=True)

    # ---- where it came from, export histories --------------------------------------------------------
    def save_meta(self, meta: SquadMeta) -> None:
        payload: dict[str, Any] = {
            "source": meta.source,
            "notes": meta.notes,
            "imports": meta.imports,
            "histories": _HISTORY.dump_python(meta.histories, mode="json"),
        }
        atomic_write(self.meta_path, json.dumps(payload, ensure_ascii=False) + "\n")

    def load_meta(self) -> SquadMeta:
        """What was saved, or an empty record (the squad itself never depends on it)."""
        try:
            payload = json.loads(self.meta_path.read_text(encoding="utf-8"))
            return SquadMeta(
                source=str(payload.get("source", "")),
                notes=[str(n) for n in payload.get("notes", [])],
                imports={str(k): [str(x) for x in v] for k, v in payload.get("imports", {}).items()},
                histories=_HISTORY.validate_python(payload.get("histories") or {}),
            )
        except (OSError, ValueError, TypeError, AttributeError, ValidationError):
            return SquadMeta()

    def clear(self) -> None:
        """Forget the squad (its plan and record too)."""
        for path in (self.squad_path, self.plan_path, self.meta_path):
            path.unlink(missing_ok=True)


def restore(workspace: SquadWorkspace) -> tuple[Squad | None, str | None]:
    """The saved squad and, when it cannot be read, why (the app then says so and starts empty)."""
    try:
        return workspace.load(), None
    except PlannerInputError as error:
        return None, str(error)
