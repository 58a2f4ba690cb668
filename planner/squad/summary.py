"""What a squad plan means for each runner and for the clinic: the cost of sharing, the busiest days.

- **Cost against planning alone.** The engine reports each runner's points alone (`solo_score`)
  and in the squad (`squad_score`). For a runner who lost points, this module says where: their
  plan alone (the same single-runner solve the engine's reference comes from,
  `planner.squad.adapter.plan_alone`), which dates differ, and which soft rules gave fewer points
  (`planner.solver.score_lines` on both sets of dates).
- **Busiest days.** Appointments taken per day against the free ones (clinicians, less bookings,
  plus extra openings: `planner.squad.slots.ClinicDays`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from planner.constraints import REGISTRY
from planner.squad import adapter
from planner.squad.model import Squad, SquadPlan
from planner.squad.runners import effective_plan
from planner.squad.slots import ClinicDays


class RuleCost(BaseModel):
    rule_number: int
    rule: str
    title: str
    alone: int
    squad: int


class RunnerCost(BaseModel):
    """What planning together cost one runner, against planning alone."""

    name: str
    loss: int = Field(description="Points below planning alone (0: nothing lost).")
    alone: list[dt.date] = Field(default_factory=list, description="The runner's dates planned alone.")
    only_alone: list[dt.date] = Field(default_factory=list, description="Dates alone the squad plan has not.")
    only_squad: list[dt.date] = Field(default_factory=list, description="Dates in the squad plan only.")
    rules: list[RuleCost] = Field(default_factory=list, description="Soft rules scoring differently.")


class BusyDay(BaseModel):
    date: dt.date
    taken: int
    free: int = Field(description="Appointments the clinic had free that day (after bookings).")
    booked: int = Field(description="Appointments already booked in the clinic's calendar that day.")


@dataclass
class Summary:
    costs: dict[str, RunnerCost] = field(default_factory=dict)
    busiest: list[BusyDay] = field(default_factory=list)


def summarise(squad: Squad, result: SquadPlan, *, time_limit: float = 10.0, busiest: int = 5) -> Summary:
    return Summary(
        costs=runner_costs(squad, result, time_limit=time_limit), busiest=busiest_days(squad, result, busiest)
    )


def runner_costs(squad: Squad, result: SquadPlan, *, time_limit: float = 10.0) -> dict[str, RunnerCost]:
    """Every planned runner's cost; the details (dates, rules) only for those who lost points."""
    from planner.solver import score_lines  # lazy: the solver pipeline (explainer) is only needed here

    days = ClinicDays.of(squad.clinic)
    runners = {runner.name: runner for runner in squad.runners}
    costs: dict[str, RunnerCost] = {}
    for outcome in result.runners:
        if outcome.status != "planned" or outcome.loss is None:
            continue
        cost = RunnerCost(name=outcome.name, loss=outcome.loss)
        costs[outcome.name] = cost
        if not outcome.loss:
            continue
        plan = effective_plan(runners[outcome.name], days)
        alone = adapter.plan_alone(plan, time_limit)
        here = [session.date for session in outcome.sessions]
        cost.alone = alone.dates
        cost.only_alone = sorted(set(alone.dates) - set(here))
        cost.only_squad = sorted(set(here) - set(alone.dates))
        scored_alone, scored_here = score_lines(plan, alone.dates), score_lines(plan, here)
        if scored_alone is None or scored_here is None:
            continue
        cost.rules = _rule_costs(scored_alone[1], scored_here[1])
    return costs


def _rule_costs(alone: list, here: list) -> list[RuleCost]:
    titles = {rule.name: rule.title for rule in REGISTRY.listed()}
    totals: dict[tuple[int, str], list[int]] = {}
    for index, lines in enumerate((alone, here)):
        for line in lines:
            totals.setdefault((line.rule_number, line.rule), [0, 0])[index] += line.points
    return [
        RuleCost(rule_number=number, rule=name, title=titles.get(name, name), alone=a, squad=s)
        for (number, name), (a, s) in sorted(totals.items())
        if a != s
    ]


def busiest_days(squad: Squad, result: SquadPlan, count: int = 5) -> list[BusyDay]:
    """The days with the most appointments taken, the fullest first (taken / free), then earliest."""
    days = ClinicDays.of(squad.clinic)
    taken = Counter(appointment.date for appointment in result.appointments)
    booked = Counter()
    for booking in squad.clinic.bookings:
        booked[booking.start.date()] += 1
    ranked = sorted(
        taken.items(), key=lambda item: (-item[1] / max(1, sum(days.capacity(item[0]))), -item[1], item[0])
    )
    return [
        BusyDay(date=day, taken=n, free=sum(days.capacity(day)), booked=booked.get(day, 0))
        for day, n in ranked[:count]
    ]
