"""Squads sharing a clinic (issue 11): see docs/squad_solver.md for the method."""

from planner.squad.engine import plan_squad
from planner.squad.model import Squad

__all__ = ["Squad", "plan_squad"]
