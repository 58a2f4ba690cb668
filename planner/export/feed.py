"""A plan's calendar as a subscribed feed: the bytes, their ETag, re-solved when the plan changes.

One `Feed` per plan file. On each request it checks the plan file (size and mtime, then a hash of
its bytes): unchanged, it answers the bytes it has (same ETag, so a client's conditional request
gets a 304); changed, it solves again against the feed's own export history (minimal change, the
same `export_ics` as every other export) and keeps the new bytes only when an event changed, so
saving the plan file without a real change never makes subscribers download again.

State, one JSON file per plan in the state folder (`~/.planner/feeds`, or `$PLANNER_FEEDS`):
the plan's path, the secret token that is the feed's URL, the hash of the plan it was made from,
when it was made, and the export history; the bytes sit beside it in `<name>.ics`. A restarted
server therefore serves the same bytes under the same ETag, and `new_token` changes the URL
without losing the history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from planner.errors import PlannerInputError
from planner.export.events import ExportOptions
from planner.io import atomic_write, load_plan_bytes, read_bytes
from planner.plan import ExportedSession

FEEDS_ENV = "PLANNER_FEEDS"
DEFAULT_STATE = Path("~/.planner/feeds")
# DTSTAMP is the time of writing: two exports that differ only there say the same thing.
_DTSTAMP = re.compile(rb"DTSTAMP:\d{8}T\d{6}Z\r\n")


def state_folder(configured: str | Path | None = None) -> Path:
    """`configured`, else `$PLANNER_FEEDS`, else `~/.planner/feeds`."""
    value = configured or os.environ.get(FEEDS_ENV, "").strip() or DEFAULT_STATE
    return Path(value).expanduser()


@dataclass(frozen=True)
class FeedBody:
    data: bytes
    etag: str
    last_modified: dt.datetime


class Feed:
    """One plan file served as a calendar (see the module docstring)."""

    def __init__(self, plan_path: str | Path, state: Path, options: ExportOptions, time_limit: float = 10.0):
        self.plan_path = Path(plan_path).resolve()
        self.options = options
        self.time_limit = time_limit
        name = hashlib.sha256(str(self.plan_path).encode("utf-8")).hexdigest()[:16]
        self.state_path = state / f"{self.plan_path.stem}-{name}.json"
        self.ics_path = self.state_path.with_suffix(".ics")
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._body: FeedBody | None = None
        saved = self._load_state()
        self.token: str = saved.get("token") or self._save_token(secrets.token_urlsafe(24))

    def new_token(self) -> str:
        """A new secret URL; the old one stops working. The history is kept."""
        return self._save_token(secrets.token_urlsafe(24))

    def current(self) -> FeedBody:
        """The calendar as it should be now; raises PlannerInputError when there is none."""
        with self._lock:
            stat = self.plan_path.stat() if self.plan_path.exists() else None
            seen = (stat.st_mtime_ns, stat.st_size) if stat else None
            if self._body is not None and seen == self._seen:
                return self._body
            self._seen = seen
            try:
                self._body = self._refresh()
            except PlannerInputError as error:
                if self._body is None:
                    raise
                # A plan file broken while being edited: keep serving the last good calendar.
                print(f"planner serve: {error}; serving the last calendar", file=sys.stderr)
            return self._body

    def _refresh(self) -> FeedBody:
        raw = read_bytes(self.plan_path)
        digest = hashlib.sha256(raw + repr(self.options).encode("utf-8")).hexdigest()
        saved = self._load_state()
        if saved.get("digest") == digest and self.ics_path.exists():
            return self._body_of(self.ics_path.read_bytes(), saved)
        data, history, made = self._solve(raw, saved)
        old = self.ics_path.read_bytes() if self.ics_path.exists() else None
        if old is not None and _DTSTAMP.sub(b"", old) == _DTSTAMP.sub(b"", data):
            data, made = old, saved.get("made") or made  # nothing changed for a subscriber
        else:
            atomic_write(self.ics_path, data)
        history_json = [entry.model_dump(mode="json") for entry in history]
        state = {**saved, "digest": digest, "made": made, "history": history_json}
        atomic_write(self.state_path, json.dumps(state, indent=1, ensure_ascii=False) + "\n")
        return self._body_of(data, state)

    def _solve(self, raw: bytes, saved: dict) -> tuple[bytes, list[ExportedSession], str]:
        # lazy: a server that never gets a request loads no solver
        from planner.export.ics import export_ics
        from planner.export.identity import adopt_plan_id, session_dates
        from planner.solver import optimize

        history = [ExportedSession.model_validate(item) for item in saved.get("history", [])]
        plan = adopt_plan_id(load_plan_bytes(raw, str(self.plan_path)), history)
        history = history or list(plan.exported)
        schedule = optimize(plan, time_limit=self.time_limit, previous=session_dates(plan, history) or None)
        if not schedule.found:
            raise PlannerInputError(
                f"no schedule ({schedule.status}); run `planner optimize {self.plan_path}` to see why",
                source=str(self.plan_path),
            )
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        result = export_ics(plan, schedule, options=self.options, previous=history, now=now)
        return result.data, result.state, now.isoformat()

    def _body_of(self, data: bytes, state: dict) -> FeedBody:
        made = dt.datetime.fromisoformat(state["made"])
        return FeedBody(data=data, etag='"' + hashlib.sha256(data).hexdigest()[:32] + '"', last_modified=made)

    def _load_state(self) -> dict:
        try:
            loaded = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def _save_token(self, token: str) -> str:
        state = {**self._load_state(), "plan": str(self.plan_path), "token": token}
        atomic_write(self.state_path, json.dumps(state, indent=1, ensure_ascii=False) + "\n")
        # The state file holds the secret: owner-only, whatever the umask.
        os.chmod(self.state_path, 0o600)
        self.token = token
        return token
