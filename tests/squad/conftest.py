from __future__ import annotations

import datetime as dt

from planner.samples.generator import generate_plan
from planner.squad.model import Availability, Squad, SquadClinic, SquadRunner

START = dt.date(2027, 1, 4)


def runner(seed: int, *, weeks: int = 12, offset: int = 0, name: str | None = None, **kwargs) -> SquadRunner:
    plan = generate_plan(
        weeks,
        "half",
        seed=seed,
        start=START + dt.timedelta(weeks=offset),
        athlete_name=name or f"Runner {seed}",
        long_run_weekday="sun",
    )
    return SquadRunner(plan=plan, **kwargs)


def squad(runners: list[SquadRunner], **clinic) -> Squad:
    defaults = {"opens": dt.time(16), "closes": dt.time(19), "appointment_minutes": 60}
    return Squad(name="Test squad", clinic=SquadClinic(**{**defaults, **clinic}), runners=runners)


EVENINGS = [Availability(weekdays=["mon", "tue", "wed", "thu", "fri"], start=dt.time(17))]
