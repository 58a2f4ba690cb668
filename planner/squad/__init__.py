"""Squads sharing a clinic (issue 11): every runner's own rules, concrete appointments, fair, proven.

Method (full note with measurements in docs/squad_solver.md):

1. Appointments: the model chooses days; times come from a per-day matching. Capacity is given
   by Hall rows over slot ranges (for every range of slots, the runners whose window lies inside
   it fit its free appointments), which is exact because windows are intervals: proof and test
   in `planner.squad.slots`.
2. Every runner is added with the registry's rules, unchanged (`planner.squad.adapter`, the one
   place that uses the single-runner core).
3. Each runner is planned alone first (their best points S_r). If those solo plans satisfy every
   Hall row, they are optimal. Otherwise column generation (`planner.squad.master`): a master LP
   over whole plans per runner, each runner's CP-SAT model as its pricing problem (in two worker
   processes, `planner.squad.pricing`), an exact Lagrangian bound, and an integer master that
   reaches it or lists the plans that could (`planner.squad.cover`). When even the LP overflows,
   the joint model of the colliding runners decides (`planner.squad.joint`).
4. Objective: sum of points minus a convex piecewise-linear penalty on each runner's loss
   S_r - points_r (separable, so each runner's term is their own pricing objective); each
   runner's S_r is also a cut in their model. Trials, taper sessions and minimum counts are
   hard, so they precede anyone's extras.
5. Not enough appointments: the fewest extra appointments that let every runner keep their own
   rules (minimal by construction), in words, confirmed by planning again with them.
6. Re-planning adds the single-runner change penalty; the matching keeps previous slots.

One CP-SAT worker and fixed seeds: the same squad always gives the same plan.
"""

from typing import TYPE_CHECKING

from planner.squad.model import (
    Appointment,
    Availability,
    Booking,
    ExtraAppointment,
    Fairness,
    RunnerOutcome,
    Shortage,
    SlotPin,
    Squad,
    SquadClinic,
    SquadPlan,
    SquadRunner,
)

if TYPE_CHECKING:
    from planner.squad.edits import apply_fix
    from planner.squad.engine import DEFAULT_TIME_LIMIT, plan_squad

# The solving names load OR-Tools: imported on first use, so that reading a squad file or
# printing its schema (`planner schema --squad`) starts without the solver.
_LAZY = {
    "DEFAULT_TIME_LIMIT": "planner.squad.engine",
    "plan_squad": "planner.squad.engine",
    "apply_fix": "planner.squad.edits",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'planner.squad' has no attribute {name!r}")


__all__ = [
    "DEFAULT_TIME_LIMIT",
    "Appointment",
    "Availability",
    "Booking",
    "ExtraAppointment",
    "Fairness",
    "RunnerOutcome",
    "Shortage",
    "SlotPin",
    "Squad",
    "SquadClinic",
    "SquadPlan",
    "SquadRunner",
    "apply_fix",
    "plan_squad",
]
