"""planner: fit dry-needling sessions into a runner's training block (OR-Tools CP-SAT)."""

from planner.io import load_plan, load_plan_bytes, save_plan
from planner.plan import Plan
from planner.schedule import Schedule

__all__ = ["Plan", "Schedule", "load_plan", "load_plan_bytes", "optimize", "save_plan"]
__version__ = "0.1.0"


def optimize(plan: Plan, **options) -> Schedule:
    """See planner.solver.optimize (imported lazily: ortools loads in ~0.3 s)."""
    from planner.solver import optimize as _optimize

    return _optimize(plan, **options)
