"""Appointments: slots per day, what each runner can take, capacity rows, and the time matching.

A day's opening hours are cut into appointment-length slots s = 0..K-1; slot s has
`cap[s]` = clinicians - existing bookings that overlap it + extra appointments added there. A
runner's availability window on that day covers a contiguous range of slots [a, b] (one window per
weekday; a slot counts when it lies wholly inside the window).

The solver only chooses *days*; times are assigned afterwards by a matching. That is exact:

**Claim.** The runners R_d chosen for day d can each get their own appointment (a slot inside their
window, at most cap[s] runners in slot s) if and only if, for every contiguous range of slots
[i, j], the runners of R_d whose window lies inside [i, j] number at most cap[i] + ... + cap[j].

*Proof.* Necessity: those runners can only be seen in slots i..j. Sufficiency is Hall's theorem on
the bipartite graph runners x appointments (slot s copied cap[s] times). Take any set A of runners
and let N(A) be the appointments in their windows. The union of A's windows is a union of maximal
disjoint slot ranges R_1..R_k, and each runner's window, being an interval, lies inside exactly one
R_m. So |A| = sum_m |{r in A : window(r) in R_m}| <= sum_m |{r in R_d : window(r) in R_m}| <=
sum_m cap(R_m) = |N(A)|, using the range condition for each R_m. Hall's condition holds for every
A, so a matching that gives every runner an appointment exists. []

Only ranges that start where some window starts and end where some window ends need a row: any
other range holds the same runners as the tightest such range inside it, with no less capacity.
And a row is only needed when more runners could come than the range holds. `assign_times` finds
the matching with a min-cost flow (preferring each runner's previous slot, then earlier slots),
which succeeds whenever the rows hold (tested in tests/squad/test_slots.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow

from planner.plan import WEEKDAYS
from planner.squad.model import SquadClinic, SquadRunner

SlotRange = tuple[int, int]  # first and last slot index, inclusive


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


@dataclass(frozen=True)
class ClinicDays:
    """The clinic's slots and per-day slot capacity, computed once per squad."""

    clinic: SquadClinic
    slots: tuple[tuple[dt.time, dt.time], ...]
    _booked: dict[dt.date, tuple[int, ...]]
    _extra: dict[dt.date, tuple[int, ...]]
    _capacity: dict[dt.date, tuple[int, ...]] = field(default_factory=dict)  # filled as asked

    @classmethod
    def of(cls, clinic: SquadClinic) -> ClinicDays:
        slots = tuple(clinic.slot_times())
        booked: dict[dt.date, list[int]] = {}
        for booking in clinic.bookings:
            day = booking.start.date()
            begin = _minutes(booking.start.time())
            end = 24 * 60 if booking.end.date() != day else _minutes(booking.end.time())
            counts = booked.setdefault(day, [0] * len(slots))
            for index, (slot_start, slot_end) in enumerate(slots):
                if begin < _minutes(slot_end) and _minutes(slot_start) < end:
                    counts[index] += 1
        extra: dict[dt.date, list[int]] = {}
        starts = [start for start, _ in slots]
        for added in clinic.extra_appointments:
            extra.setdefault(added.date, [0] * len(slots))[starts.index(added.start)] += added.count
        return cls(
            clinic,
            slots,
            {day: tuple(c) for day, c in booked.items()},
            {day: tuple(c) for day, c in extra.items()},
        )

    def booked(self, day: dt.date) -> tuple[int, ...]:
        """Appointments per slot that the clinic's own calendar already holds on `day`."""
        return self._booked.get(day, (0,) * len(self.slots))

    def extra(self, day: dt.date) -> tuple[int, ...]:
        """Appointments per slot added on `day` (`clinic.extra_appointments`, a shortage fix)."""
        return self._extra.get(day, (0,) * len(self.slots))

    def is_open(self, day: dt.date) -> bool:
        return WEEKDAYS[day.weekday()] in self.clinic.open_weekdays and day not in self.clinic.closed_dates

    def capacity(self, day: dt.date) -> tuple[int, ...]:
        """Free appointments per slot on `day` (0 everywhere when the clinic is closed)."""
        known = self._capacity.get(day)
        if known is None:
            known = self._capacity[day] = self._count_capacity(day)
        return known

    def _count_capacity(self, day: dt.date) -> tuple[int, ...]:
        if not self.is_open(day):
            return (0,) * len(self.slots)
        extra = self._extra.get(day)
        booked = self._booked.get(day, (0,) * len(self.slots))
        base = [max(0, self.clinic.clinicians - b) for b in booked]
        if extra:
            base = [b + e for b, e in zip(base, extra, strict=True)]
        return tuple(base)

    def window(self, runner: SquadRunner, day: dt.date) -> SlotRange | None:
        """The slots wholly inside the runner's availability on `day`; None if there are none.

        An appointment time pinned on `day` is the only slot that day, in or out of the windows:
        the runner agreed to come then (`SquadRunner.pinned_slots`).
        """
        pinned = runner.pinned_start(day)
        if pinned is not None:
            starts = [start for start, _ in self.slots]
            if pinned not in starts:
                return None
            index = starts.index(pinned)
            return (index, index)
        return self._weekday_window(runner, day.weekday())

    def weekly(self, runner: SquadRunner) -> tuple[SlotRange | None, ...]:
        """The runner's slot range on each weekday (Monday first), pinned appointment times aside:
        `window` for a whole week."""
        return tuple(self._weekday_window(runner, weekday) for weekday in range(7))

    def _weekday_window(self, runner: SquadRunner, weekday: int) -> SlotRange | None:
        window = runner.window(weekday)
        if window is None:
            return None
        begin = _minutes(window.start) if window.start else 0
        end = _minutes(window.end) if window.end else 24 * 60
        inside = [
            index
            for index, (start, stop) in enumerate(self.slots)
            if begin <= _minutes(start) and _minutes(stop) <= end
        ]
        return (inside[0], inside[-1]) if inside else None

    def can_attend(self, runner: SquadRunner, day: dt.date) -> bool:
        """A free appointment inside the runner's window on `day` exists (before anyone else books)."""
        slot_range = self.window(runner, day)
        if slot_range is None:
            return False
        first, last = slot_range
        return sum(self.capacity(day)[first : last + 1]) > 0


@dataclass(frozen=True)
class CapacityRow:
    """On `day`, the runners whose window lies inside `slots` share at most `capacity` appointments."""

    day: dt.date
    slots: SlotRange
    capacity: int
    members: tuple[int, ...]  # runner indices


def capacity_rows(
    day: dt.date, windows: Mapping[int, SlotRange], capacity: Sequence[int], *, all_rows: bool = False
) -> list[CapacityRow]:
    """The Hall rows of one day for runners (by index) who might come, each with their window.

    Rows that can never bind (no more members than capacity) are left out unless `all_rows`.
    """
    starts = sorted({first for first, _ in windows.values()})
    ends = sorted({last for _, last in windows.values()})
    rows = []
    for first in starts:
        for last in ends:
            if last < first:
                continue
            members = tuple(sorted(r for r, (a, b) in windows.items() if first <= a and b <= last))
            if not members:
                continue
            room = sum(capacity[first : last + 1])
            if all_rows or len(members) > room:
                rows.append(CapacityRow(day, (first, last), room, members))
    return rows


def rows_hold(day: dt.date, windows: Mapping[int, SlotRange], capacity: Sequence[int]) -> list[CapacityRow]:
    """The rows that the runners in `windows` (all coming on `day`) break; empty when they fit."""
    return [row for row in capacity_rows(day, windows, capacity) if len(row.members) > row.capacity]


def assign_times(
    windows: Mapping[str, SlotRange],
    capacity: Sequence[int],
    previous: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """A slot for every runner inside their window, at most capacity[s] per slot.

    Min-cost flow: keeping a runner's previous slot costs nothing, any other slot costs more, and
    earlier slots a little less (a fixed preference, so the same input gives the same times).
    Raises ValueError when no assignment exists (the capacity rows were broken).
    """
    previous = previous or {}
    names = sorted(windows)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    runner_node = {name: 2 + i for i, name in enumerate(names)}
    slot_node = {s: 2 + len(names) + s for s in range(len(capacity))}
    slot_arcs: dict[int, tuple[str, int]] = {}
    for name in names:
        flow.add_arc_with_capacity_and_unit_cost(source, runner_node[name], 1, 0)
        first, last = windows[name]
        for s in range(first, last + 1):
            if capacity[s] <= 0:
                continue
            cost = (0 if previous.get(name) == s else 1000) + s
            arc = flow.add_arc_with_capacity_and_unit_cost(runner_node[name], slot_node[s], 1, cost)
            slot_arcs[arc] = (name, s)
    for s, room in enumerate(capacity):
        if room > 0:
            flow.add_arc_with_capacity_and_unit_cost(slot_node[s], sink, room, 0)
    flow.set_node_supply(source, len(names))
    flow.set_node_supply(sink, -len(names))
    if names and flow.solve() != flow.OPTIMAL:
        raise ValueError(f"no appointment times fit {len(names)} runner(s) into slots {list(capacity)}")
    return {name: s for arc, (name, s) in slot_arcs.items() if flow.flow(arc)}
