"""The appointment matching always exists when the capacity rows hold (planner.squad.slots claim)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.squad.model import Availability, Booking, SquadClinic, SquadRunner
from planner.squad.slots import ClinicDays, assign_times, rows_hold
from tests.squad.conftest import runner

DAY = dt.date(2027, 3, 1)


@st.composite
def day_requests(draw):
    slots = draw(st.integers(1, 6))
    capacity = draw(st.lists(st.integers(0, 3), min_size=slots, max_size=slots))
    count = draw(st.integers(0, 12))
    windows = {}
    for index in range(count):
        first = draw(st.integers(0, slots - 1))
        last = draw(st.integers(first, slots - 1))
        windows[index] = (first, last)
    return windows, capacity


@settings(max_examples=300, deadline=None)
@given(day_requests())
def test_times_fit_exactly_when_every_capacity_row_holds(case):
    windows, capacity = case
    broken = rows_hold(DAY, windows, capacity)
    names = {str(i): w for i, w in windows.items()}
    if broken:
        with pytest.raises(ValueError):
            assign_times(names, capacity)
        return
    slots = assign_times(names, capacity)
    assert set(slots) == set(names)
    for name, slot in slots.items():
        first, last = names[name]
        assert first <= slot <= last
    for slot, room in enumerate(capacity):
        assert sum(1 for s in slots.values() if s == slot) <= room


def test_matching_keeps_previous_slots_when_it_can():
    slots = assign_times({"a": (0, 2), "b": (0, 2)}, [1, 1, 1], previous={"a": 2, "b": 1})
    assert slots == {"a": 2, "b": 1}


def test_bookings_and_extra_appointments_change_slot_capacity():
    clinic = SquadClinic(
        opens=dt.time(16),
        closes=dt.time(19),
        appointment_minutes=60,
        clinicians=2,
        bookings=[Booking(start=dt.datetime(2027, 3, 1, 16, 30), end=dt.datetime(2027, 3, 1, 17, 15))],
        extra_appointments=[{"date": DAY, "start": "18:00", "count": 2}],
    )
    days = ClinicDays.of(clinic)
    # The 16:30-17:15 booking overlaps the 16:00 and the 17:00 slots.
    assert days.capacity(DAY) == (1, 1, 4)
    assert days.capacity(DAY + dt.timedelta(days=6)) == (0, 0, 0)  # Sunday: closed


def test_a_window_covers_the_slots_wholly_inside_it():
    clinic = SquadClinic(opens=dt.time(16), closes=dt.time(19), appointment_minutes=60)
    days = ClinicDays.of(clinic)
    evening = SquadRunner(
        plan=runner(1).plan, availability=[Availability(weekdays=["mon"], start=dt.time(16, 30))]
    )
    assert days.window(evening, DAY) == (1, 2)
    assert days.window(evening, DAY + dt.timedelta(days=1)) is None  # no window on Tuesday
