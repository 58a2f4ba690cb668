"""Every edit of a plan, as `plan -> new validated plan`: the app, the CLI and the explainer call these.

Pins and forbidden days (the app's Schedule page), the explainer's relaxations (`PlanChange`
patches) and the command line's overrides (`--race`, `--distance`, `--focus`, `--clinic-days`,
`--keyword`). The input plan is never changed; a result that does not validate raises one
PlannerInputError line naming what was applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from planner.errors import PlannerInputError, invalid_input
from planner.plan import HARD_KINDS, POSSIBLY_HARD_KINDS, REGIONS, WEEKDAYS, Plan, Race, Workout
from planner.schedule import PlanChange, Relaxation

Data = dict[str, Any]


def _edited(plan: Plan, edit: Callable[[Data], None], what: str) -> Plan:
    data = plan.model_dump()
    edit(data)
    try:
        return Plan.model_validate(data)
    except ValidationError as error:
        raise invalid_input(error, prefix=f"{what}: ") from None


# ---- pins and forbidden days ----------------------------------------------------------------------
def pin(plan: Plan, day: dt.date, note: str = "") -> Plan:
    """A session fixed on `day` (rule 14); the day stops being forbidden. Pinning twice changes nothing."""

    def edit(data: Data) -> None:
        if all(p["date"] != day for p in data["pinned"]):
            data["pinned"] = [*data["pinned"], {"date": day, "purpose": None, "note": note}]
        data["forbidden"] = [d for d in data["forbidden"] if d != day]

    return _edited(plan, edit, "pin")


def unpin(plan: Plan, day: dt.date) -> Plan:
    return _edited(plan, lambda data: _drop_pin(data, day), "unpin")


def forbid(plan: Plan, day: dt.date) -> Plan:
    """`day` kept free (the runner travels); a pin on it goes."""

    def edit(data: Data) -> None:
        _drop_pin(data, day)
        data["forbidden"] = sorted({*data["forbidden"], day})

    return _edited(plan, edit, "forbid")


def allow(plan: Plan, day: dt.date) -> Plan:
    return _edited(plan, lambda data: _drop_forbidden(data, day), "allow")


def apply_day_edits(
    plan: Plan,
    *,
    pins: Sequence[dt.date] = (),
    unpins: Sequence[dt.date] = (),
    forbids: Sequence[dt.date] = (),
    note: str = "",
) -> Plan:
    """The command line's --unpin, --forbid and --pin (in that order), each through the edits above."""
    both = sorted(set(pins) & set(forbids))
    if both:
        raise PlannerInputError(f"--pin and --forbid both name {both[0].isoformat()}")
    for day in unpins:
        plan = unpin(plan, day)
    for day in forbids:
        plan = forbid(plan, day)
    for day in pins:
        plan = pin(plan, day, note=note)
    return plan


def _drop_pin(data: Data, day: dt.date | None) -> None:
    data["pinned"] = [p for p in data["pinned"] if p["date"] != day]


def _drop_forbidden(data: Data, day: dt.date | None) -> None:
    data["forbidden"] = [d for d in data["forbidden"] if d != day]


# ---- reassessments (rule 8) --------------------------------------------------------------------
def record_reassessment(plan: Plan, day: dt.date) -> Plan:
    """A clinician reassessed on `day`: the sessions up to the next reassessment point are confirmed."""

    def edit(data: Data) -> None:
        data["reassessments"] = sorted({*data["reassessments"], day})

    return _edited(plan, edit, "reassessment")


def forget_reassessment(plan: Plan, day: dt.date) -> Plan:
    """Undo `record_reassessment` (recorded on the wrong day)."""

    def edit(data: Data) -> None:
        data["reassessments"] = [d for d in data["reassessments"] if d != day]

    return _edited(plan, edit, "reassessment")


# ---- relaxations --------------------------------------------------------------------------------------
def apply_relaxation(plan: Plan, relaxation: Relaxation | Sequence[PlanChange]) -> Plan:
    """The plan with a relaxation's edits applied (the explainer's suggestion, the app's button)."""
    patch = relaxation.patch if isinstance(relaxation, Relaxation) else relaxation

    def edit(data: Data) -> None:
        for change in patch:
            _APPLY[change.op](data, change)

    return _edited(plan, edit, "relaxation")


def _set_rule(data: Data, change: PlanChange) -> None:
    data["rules"] = {**data["rules"], change.field: change.value}


def _set_block_rule(data: Data, change: PlanChange) -> None:
    """One setting of the block that ends at the A race on `change.date` (its entry made if missing)."""
    blocks = data.setdefault("blocks", [])
    entry = next((b for b in blocks if b["a_race"] == change.date), None)
    if entry is None:
        names = {r["name"].strip().casefold() for r in data["races"] if r["date"] == change.date}
        entry = next((b for b in blocks if str(b["a_race"]).strip().casefold() in names), None)
    if entry is None:
        entry = {"a_race": change.date, "rules": {}}
        blocks.append(entry)
    entry["rules"] = {**(entry.get("rules") or {}), change.field: change.value}


def _make_easy(data: Data, change: PlanChange) -> None:
    for day in data["training"]:
        if day["date"] == change.date:
            day["workouts"] = [_easier(w) for w in day["workouts"]]
    # A C race on that day is a training race: it becomes the easy run too.
    data["races"] = [r for r in data["races"] if not (r["date"] == change.date and r["priority"] == "C")]


def _easier(workout: Data) -> Data:
    if workout["kind"] not in HARD_KINDS | POSSIBLY_HARD_KINDS:
        return workout
    title = workout.get("title") or workout["kind"]
    return Workout(
        kind="easy",
        title=f"Easy run (was: {title})",
        time=workout.get("time"),
        duration_min=workout.get("duration_min"),
        description=workout.get("description", ""),
    ).model_dump()


def _open_weekday(data: Data, change: PlanChange) -> None:
    data["clinic"]["open_weekdays"] = [*data["clinic"]["open_weekdays"], change.weekday]


def _open_date(data: Data, change: PlanChange) -> None:
    data["clinic"]["closed_dates"] = [d for d in data["clinic"]["closed_dates"] if d != change.date]


def _attend_date(data: Data, change: PlanChange) -> None:
    data["athlete"]["unavailable"] = [d for d in data["athlete"]["unavailable"] if d != change.date]


def _set_budget(data: Data, change: PlanChange) -> None:
    data["budget"] = change.value


_APPLY: dict[str, Callable[[Data, PlanChange], None]] = {
    "set_rule": _set_rule,
    "set_block_rule": _set_block_rule,
    "unpin": lambda data, change: _drop_pin(data, change.date),
    "unforbid": lambda data, change: _drop_forbidden(data, change.date),
    "make_easy": _make_easy,
    "open_weekday": _open_weekday,
    "open_date": _open_date,
    "attend_date": _attend_date,
    "set_budget": _set_budget,
}


# ---- command-line overrides -------------------------------------------------------------------------
def apply_overrides(
    plan: Plan,
    *,
    race: dt.date | None = None,
    distance: str | None = None,
    focus: Sequence[str] = (),
    clinic_days: str | None = None,
    keywords: dict[str, str] | None = None,
) -> Plan:
    """The CLI's overrides, each checked and named in the error (`--focus: unknown region 'elbow'`)."""
    if race is not None:
        plan = _edited(plan, lambda data: _set_a_race(plan, data, race, distance), "--race")
    elif distance is not None and plan.a_races:
        plan = _edited(plan, lambda data: _set_distance(plan, data, distance), "--distance")
    regions = [part.strip() for item in focus for part in item.split(",") if part.strip()]
    if regions:
        unknown = [r for r in regions if r not in REGIONS]
        if unknown:
            raise PlannerInputError(f"--focus: unknown region {unknown[0]!r} (one of {', '.join(REGIONS)})")
        plan = _edited(plan, lambda data: data["athlete"].update(focus=regions), "--focus")
    if clinic_days:
        days = [d.strip().lower()[:3] for d in clinic_days.split(",") if d.strip()]
        if not days or any(d not in WEEKDAYS for d in days):
            raise PlannerInputError(f"--clinic-days: {clinic_days!r} must be weekdays like mon,wed,fri")
        plan = _edited(plan, lambda data: data["clinic"].update(open_weekdays=days), "--clinic-days")
    if keywords:
        plan = _edited(plan, lambda data: data.update(keywords={**data["keywords"], **keywords}), "--keyword")
    return plan


def _set_a_race(plan: Plan, data: Data, race: dt.date, distance: str | None) -> None:
    """`race` becomes the A race (named after a race already on that day); an existing A race becomes B."""
    existing = next((r for r in plan.races if r.date == race), None)
    others = [r.model_dump() for r in plan.races if r.date != race]
    others = [{**r, "priority": "B"} if r["priority"] == "A" else r for r in others]
    name = existing.name if existing else "A race"
    chosen = distance or (existing.distance if existing else "marathon")
    data["races"] = [*others, Race(date=race, name=name, distance=chosen, priority="A").model_dump()]


def _set_distance(plan: Plan, data: Data, distance: str) -> None:
    target = plan.a_races[-1].date
    data["races"] = [{**r, "distance": distance} if r["date"] == target else r for r in data["races"]]
