"""Seeded squads for tests, samples and the benchmark, built from `planner.samples.generator.generate_plan`.

A squad of `size` runners over `weeks` weeks from Mon 4 Jan 2027. Each runner's A race falls on a
Sunday inside the horizon (weeks 12 to `weeks`), their block is 12 weeks or longer, and the seed
varies the distance (5K to ultra), the week layout, the focus (lower-leg included), preferred
weekdays and when they can attend (any time; weekday evenings and Saturdays; mornings; Saturday
mornings and Monday/Wednesday/Friday afternoons). The clinic is open Monday to Saturday 09:00-18:00 with 90-minute
appointments: six slots a day per clinician, and a few slots already booked.
"""

from __future__ import annotations

import datetime as dt
import random

from planner.samples.generator import generate_plan
from planner.squad.model import Availability, Booking, Squad, SquadClinic, SquadRunner

START = dt.date(2027, 1, 4)
FIRST_NAMES = (
    "Maya",
    "Sam",
    "Priya",
    "Tom",
    "Lena",
    "Jordan",
    "Ana",
    "Kofi",
    "Yuki",
    "Liam",
    "Sofia",
    "Omar",
)
DISTANCES = ("5k", "10k", "half", "marathon", "ultra")
DISTANCE_WEIGHTS = (10, 15, 35, 35, 5)
FOCUS = ("calf", "achilles", "shin", "foot", "glute", "hamstring", "quad", "it_band", "hip", "back")
PREFERRED = ((), ("mon",), ("wed", "fri"), ("tue", "thu"), ("sat",))
WEEKDAYS_ONLY = ["mon", "tue", "wed", "thu", "fri"]


def _availability(rng: random.Random) -> list[Availability]:
    kind = rng.choices(("any", "evenings", "mornings", "alternate"), (40, 30, 15, 15))[0]
    if kind == "evenings":  # weekdays from 15:00, and any time on Saturday
        return [Availability(weekdays=WEEKDAYS_ONLY, start=dt.time(15)), Availability(weekdays=["sat"])]
    if kind == "mornings":
        return [Availability(weekdays=[*WEEKDAYS_ONLY, "sat"], end=dt.time(12))]
    if kind == "alternate":  # Saturday mornings, and Monday, Wednesday and Friday afternoons
        return [
            Availability(weekdays=["sat"], end=dt.time(12)),
            Availability(weekdays=["mon", "wed", "fri"], start=dt.time(12)),
        ]
    return []


def generate_squad(
    size: int,
    *,
    weeks: int = 24,
    clinicians: int = 1,
    seed: int = 0,
    bookings_share: float = 0.05,
    name: str | None = None,
) -> Squad:
    """A seeded squad: the same arguments always give the same squad."""
    rng = random.Random(seed)
    runners = []
    for index in range(size):
        race_week = rng.randint(min(12, weeks), weeks)
        length = rng.randint(min(12, race_week), race_week)
        distance = rng.choices(DISTANCES, DISTANCE_WEIGHTS)[0]
        plan = generate_plan(
            length,
            distance,
            seed=seed * 100_003 + index,
            start=START + dt.timedelta(weeks=race_week - length),
            focus=[rng.choice(FOCUS)],
            athlete_name=f"{rng.choice(FIRST_NAMES)} {index + 1:04d}",
            # A 10K taper window is four days; a Sunday long run keeps one of them free.
            long_run_weekday="sun" if distance == "10k" else None,
        )
        athlete = plan.athlete.model_copy(update={"preferred_weekdays": list(rng.choice(PREFERRED))})
        runners.append(
            SquadRunner(plan=plan.model_copy(update={"athlete": athlete}), availability=_availability(rng))
        )
    clinic = SquadClinic(
        name="Harbour Sports Physio",
        opens=dt.time(9),
        closes=dt.time(18),
        appointment_minutes=90,
        clinicians=clinicians,
        price=90,
    )
    bookings = []
    slots = clinic.slot_times()
    for offset in range(weeks * 7):
        day = START + dt.timedelta(days=offset)
        if day.weekday() == 6 or rng.random() >= bookings_share * 6:
            continue
        start, end = rng.choice(slots)
        bookings.append(
            Booking(start=dt.datetime.combine(day, start), end=dt.datetime.combine(day, end), title="booked")
        )
    clinic = clinic.model_copy(update={"bookings": bookings})
    return Squad(name=name or f"Squad of {size}", clinic=clinic, runners=runners)
