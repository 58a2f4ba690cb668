"""A small squad for the app tests, and helpers to drive the squad pages under AppTest."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from streamlit.testing.v1 import AppTest
from ui_helpers import goto

from planner.squad.demo import generate_squad
from planner.squad.model import Availability, Squad, SquadClinic
from planner.squad.workspace import SquadMeta, SquadWorkspace

EVENINGS = [Availability(weekdays=["mon", "tue", "wed", "thu", "fri"], start=dt.time(17))]


@cache
def small_squad() -> Squad:
    """Ten runners at an evening clinic with one physio (16:00-19:00, three hour-long slots): planned
    in a fraction of a second, with full evenings; every third runner comes from 17:00 only."""
    base = generate_squad(10, weeks=12, clinicians=1, seed=1, name="Tuesday group")
    clinic = SquadClinic.model_validate(
        {
            **dict(base.clinic),
            "name": "Quay Physio",
            "opens": dt.time(16),
            "closes": dt.time(19),
            "appointment_minutes": 60,
            "bookings": [],
            "timezone": "Europe/London",
        }
    )
    runners = [
        runner.model_copy(update={"availability": EVENINGS if index % 3 == 0 else []})
        for index, runner in enumerate(base.runners)
    ]
    return Squad(name=base.name, clinic=clinic, runners=runners)


def seed_workspace(workspace_dir: Path, squad: Squad | None = None) -> SquadWorkspace:
    """The app's squad workspace holding `squad` (the small squad by default), as if opened before."""
    ws = SquadWorkspace(workspace_dir / "squad")
    ws.save(squad or small_squad())
    ws.save_meta(SquadMeta(source="tests"))
    return ws


def squad_page(at: AppTest) -> AppTest:
    return goto(at, "squad")


def optimize_squad(at: AppTest) -> AppTest:
    squad_page(at)
    at.button(key="squad_optimize").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def squad_of(at: AppTest) -> Squad:
    return at.session_state["squad"]


def result_of(at: AppTest):
    saved = at.session_state["squad_saved_plan"]
    return None if saved is None else saved.result
