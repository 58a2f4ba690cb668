"""The working plan of the app: saved on every change, restored on the next start.

A workspace is a folder holding the plan being edited (`plan.yaml`), the last schedule the solver
gave for it (`schedule.json`, so a re-optimize can keep unchanged sessions where they were) and a
little metadata (`workspace.json`: where the plan came from). Every write goes to a temp file in
the same folder and is then renamed over the old one, so a crash never leaves half a plan.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from pydantic import ValidationError

from planner.io import atomic_write, dump_plan, load_plan
from planner.plan import Plan
from planner.schedule import Schedule

WORKSPACE_ENV = "PLANNER_WORKSPACE"
DEFAULT_FOLDER = Path("~/.planner/workspace")


def default_folder() -> Path:
    """`$PLANNER_WORKSPACE`, else `~/.planner/workspace`."""
    configured = os.environ.get(WORKSPACE_ENV, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_FOLDER.expanduser()


def plan_fingerprint(plan: Plan) -> str:
    """A hash of what the solver reads: tells whether a saved schedule still fits the plan.

    The export bookkeeping (`exported`) is left out: downloading a calendar does not change the plan
    the schedule was made for.
    """
    data = plan.model_dump(mode="json", exclude={"exported"})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:16]


class Workspace:
    """One folder with the working plan, its last schedule and where the plan came from."""

    PLAN_FILE = "plan.yaml"
    SCHEDULE_FILE = "schedule.json"
    META_FILE = "workspace.json"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).expanduser()

    @classmethod
    def default(cls) -> Workspace:
        return cls(default_folder())

    @property
    def plan_path(self) -> Path:
        return self.folder / self.PLAN_FILE

    @property
    def schedule_path(self) -> Path:
        return self.folder / self.SCHEDULE_FILE

    @property
    def meta_path(self) -> Path:
        return self.folder / self.META_FILE

    # ---- the plan ----------------------------------------------------------------------------
    def load(self) -> Plan | None:
        """The saved plan, or None when nothing was saved yet. A damaged file raises PlannerInputError."""
        if not self.plan_path.exists():
            return None
        return load_plan(self.plan_path)

    def save(self, plan: Plan, source: str | None = None) -> None:
        """Save the plan atomically; `source` (a file name) is remembered for the app's header."""
        atomic_write(self.plan_path, dump_plan(plan, ".yaml"))
        if source is not None:
            atomic_write(self.meta_path, json.dumps({"source": source}, ensure_ascii=False) + "\n")

    def source(self) -> str | None:
        """Where the saved plan came from (sample, upload), if recorded."""
        try:
            meta = json.loads(self.meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        value = meta.get("source") if isinstance(meta, dict) else None
        return value if isinstance(value, str) else None

    # ---- the last schedule ----------------------------------------------------------------------
    def save_schedule(self, schedule: Schedule, plan: Plan) -> None:
        """Remember the schedule and the plan it was made for."""
        payload = {"plan_fingerprint": plan_fingerprint(plan), "schedule": schedule.to_json_dict()}
        atomic_write(self.schedule_path, json.dumps(payload, indent=1, ensure_ascii=False) + "\n")

    def load_schedule(self) -> tuple[Schedule, str] | None:
        """The last schedule and the fingerprint of its plan; None when missing or unreadable.

        A schedule is a cache of a solve: if the file is damaged the app simply optimizes again,
        so this never raises.
        """
        try:
            payload = json.loads(self.schedule_path.read_text(encoding="utf-8"))
            return Schedule.model_validate(payload["schedule"]), str(payload["plan_fingerprint"])
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None

    def last_dates(self) -> list[dt.date]:
        """The session dates of the last schedule: the `previous` of a minimal-change re-optimize."""
        saved = self.load_schedule()
        return [] if saved is None else saved[0].dates

    def clear_schedule(self) -> None:
        self.schedule_path.unlink(missing_ok=True)
