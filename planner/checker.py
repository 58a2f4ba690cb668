"""The independent checker: does a set of session dates follow the hard rules of DOMAIN.md?

It is written from the text of `shared/DOMAIN.md` alone and shares no rule code with the solver
(`planner.facts`, `planner.constraints`, `planner.solver`, `planner.explain` are never imported):
the tests use it to verify the solver's schedules, so the two must be able to disagree.

One function per hard rule, each returning `Violation`s in plain words with dates. Rule 8
(reassess) only labels sessions and the soft rules only rank schedules, so neither is checked.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, PrivateAttr

from planner.plan import HARD_KINDS, Plan, Race, Workout

# Restated from DOMAIN.md on purpose rather than imported: the checker re-derives the domain.
LOWER_LEG_REGIONS = frozenset({"calf", "achilles", "foot", "shin"})  # "Lower-leg focus"
TAPER_DAYS_BY_DISTANCE = {"5k": 7, "10k": 10, "half": 14, "marathon": 21, "ultra": 21}  # "Taper"
RACE_WEEK_DAYS = 7  # "Race week: the 7 days that end with the A race day"
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Searching further than a year away for a replacement date helps nobody.
SEARCH_DAYS_WITHOUT_BLOCK = 366


class Violation(BaseModel):
    """One broken hard rule instance: which rule, the dates it concerns, and why in words."""

    rule: str
    rule_number: int
    dates: list[dt.date] = Field(default_factory=list)
    why: str

    # Which of the checked session dates cause it (moving one of them may cure it), and a stable
    # identity (kind + dates) used to tell whether a move created a *new* violation. Private so
    # the public shape stays the four documented fields.
    _kind: str = PrivateAttr(default="")
    _sessions: tuple[dt.date, ...] = PrivateAttr(default=())

    @property
    def key(self) -> tuple[str, tuple[dt.date, ...]]:
        return (self._kind, tuple(self.dates))

    @property
    def session_dates(self) -> tuple[dt.date, ...]:
        return self._sessions


class CheckReport(BaseModel):
    dates: list[dt.date]
    ok: bool
    violations: list[Violation] = Field(default_factory=list)
    alternatives: dict[dt.date, list[dt.date]] = Field(
        default_factory=dict,
        description="Per session date in a violation: nearest dates that cure it and break nothing new.",
    )
    warnings: list[str] = Field(default_factory=list)


class Findings(list[Violation]):
    """The violations one rule finds. `add` names the dates; the first one is the session that
    causes it unless `causes` says otherwise (moving that session may cure it)."""

    def __init__(self, rule_number: int) -> None:
        super().__init__()
        self.rule_number = rule_number

    def add(self, kind: str, why: str, *dates: dt.date, causes: tuple[dt.date, ...] | None = None) -> None:
        violation = Violation(
            rule=RULE_NAMES[self.rule_number], rule_number=self.rule_number, dates=list(dates), why=why
        )
        violation._kind = kind
        violation._sessions = dates[:1] if causes is None else causes
        self.append(violation)


RULE_NAMES = {
    1: "away_from_hard_days",
    2: "soreness_comfort",
    4: "trial_before_race_week",
    5: "final_days",
    6: "taper_maintenance",
    7: "volume",
    9: "clinic",
    10: "budget",
    14: "pinned",
}


# ---------------------------------------------------------------------------------------------
# What the plan says about each day, read straight from the plan (not from planner.facts).


@dataclass
class Calendar:
    """The plan's days as the rules talk about them, plus how to say dates in words."""

    plan: Plan
    first: dt.date | None
    last: dt.date | None
    show_year: bool
    hard_days: dict[dt.date, str] = field(default_factory=dict)  # date -> "the tempo"
    quality_days: dict[dt.date, str] = field(default_factory=dict)
    long_run_days: dict[dt.date, str] = field(default_factory=dict)
    race_days: dict[dt.date, str] = field(default_factory=dict)

    def day(self, date: dt.date) -> str:
        text = f"{date:%a} {date.day} {date:%b}"
        return f"{text} {date.year}" if self.show_year else text


def read_calendar(plan: Plan, dates: Sequence[dt.date] = ()) -> Calendar:
    first, last = plan.first_day, plan.last_day
    years = {d.year for d in dates} | {d.year for d in (first, last) if d is not None}
    calendar = Calendar(plan=plan, first=first, last=last, show_year=len(years) > 1)
    for day in plan.training:
        for workout in day.workouts:
            if workout.kind not in HARD_KINDS:
                continue
            name = workout_name(workout)
            calendar.hard_days.setdefault(day.date, name)
            by_kind = {"quality": calendar.quality_days, "long_run": calendar.long_run_days}
            by_kind.get(workout.kind, calendar.race_days).setdefault(day.date, name)
    # A race in plan.races names the day better than a calendar's "Race" workout does.
    for race in plan.races:
        calendar.hard_days[race.date] = race_name(race)
        calendar.race_days[race.date] = race_name(race)
    return calendar


def workout_name(workout: Workout) -> str:
    plain = {"long_run": "long run", "quality": "quality session", "race": "race"}[workout.kind]
    title = workout.title.strip() or plain
    distance = f"{workout.distance_km:g} km" if workout.distance_km else ""
    if title.lower() == plain:
        return f"the {distance} {plain}" if distance else f"the {plain}"
    # "Tempo" reads as "the tempo"; "VO2max", "5K" or a race's name stay as written.
    if workout.kind != "race" and len(title) > 1 and title[0].isupper() and title[1].islower():
        title = title[0].lower() + title[1:]
    if distance and not any(ch.isdigit() for ch in title):
        title = f"{title} ({distance})"
    return f"the {title}"


def race_name(race: Race) -> str:
    name = race.name.strip() or "race"
    if name.lower() == "race":
        return f"the {race.priority} race"
    if name.lower().startswith("the "):
        return f"{name} ({race.priority} race)"
    return f"the {name} ({race.priority} race)"


def taper_length(race: Race) -> int:
    return race.taper_days if race.taper_days is not None else TAPER_DAYS_BY_DISTANCE[race.distance]


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _clear_days(count: int) -> str:
    return "1 clear day" if count == 1 else f"{count} clear days"


def _money(amount: float, currency: str) -> str:
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "AUD": "A$", "CAD": "C$"}.get(currency.upper())
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def _a_races(plan: Plan) -> list[Race]:
    return sorted((race for race in plan.races if race.priority == "A"), key=lambda race: race.date)


# ---------------------------------------------------------------------------------------------
# The hard rules, one function each. `sessions` is the checked list, sorted, duplicates kept.


def rule_1_away_from_hard_days(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """No session on a quality or race day, none in the clear days before a hard day, and a
    long-run day only when the plan opts in (soreness lasts 24-48 h, seeds 000 and 002)."""
    rules = cal.plan.rules
    found = Findings(1)
    for session in sorted(set(sessions)):
        day = cal.day(session)
        if session in cal.race_days:
            found.add(
                "on_race_day",
                f"{day} is race day of {cal.race_days[session]} (rule 1: no session on a race day)",
                session,
            )
        elif session in cal.quality_days:
            found.add(
                "on_quality_day",
                f"{day} is the day of {cal.quality_days[session]} (rule 1: no session on a quality day)",
                session,
            )
        elif session in cal.long_run_days and not rules.allow_after_long_run_same_day:
            found.add(
                "on_long_run_day",
                f"{day} is the day of {cal.long_run_days[session]} (rule 1: a "
                "session shares a day with a long run only if the plan sets allow_after_long_run_same_day)",
                session,
            )
        for ahead in range(1, rules.clear_days_before_hard + 1):
            hard = session + dt.timedelta(days=ahead)
            if hard in cal.hard_days:
                gap = "the day" if ahead == 1 else _days(ahead)
                found.add(
                    "before_hard_day",
                    f"{day} is {gap} before {cal.hard_days[hard]} on {cal.day(hard)} "
                    f"(rule 1 keeps {_clear_days(rules.clear_days_before_hard)} before a hard day)",
                    session,
                    hard,
                )
    return found


def rule_2_soreness_comfort(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """Only when the plan makes it hard: no hard day within the soreness window after a session
    (2 days; 3 with a lower-leg focus, as calves stay sore "for a few days", seed 001)."""
    rules = cal.plan.rules
    if not rules.comfort_is_hard:
        return []
    lower_leg = [region for region in cal.plan.athlete.focus if region in LOWER_LEG_REGIONS]
    window = rules.comfort_days_before_hard_lower_leg if lower_leg else rules.comfort_days_before_hard
    whose = f"with a {lower_leg[0]} focus" if lower_leg else "without a lower-leg focus"
    found = Findings(2)
    for session in sorted(set(sessions)):
        for after in range(1, window + 1):
            hard = session + dt.timedelta(days=after)
            if hard in cal.hard_days:
                found.add(
                    "hard_day_while_sore",
                    f"{cal.hard_days[hard]} on {cal.day(hard)} is {_days(after)} "
                    f"after the session on {cal.day(session)} (rule 2, made hard by comfort_is_hard: no "
                    f"hard day within {_days(window)} after a session {whose})",
                    session,
                    hard,
                )
    return found


def _trial_failures(cal: Calendar, trial: dt.date, race: Race) -> list[tuple[str, str]]:
    """Why the first session is not a trial well ahead of `race` (rule 4), as (kind, words)."""
    rules = cal.plan.rules
    failures: list[tuple[str, str]] = []
    lead = (race.date - trial).days
    if lead < rules.trial_lead_days:
        failures.append(
            (
                "trial_too_late",
                f"the first session on {cal.day(trial)} is only {_days(lead)} before "
                f"{race_name(race)} on {cal.day(race.date)} (rule 4: the trial must be at least "
                f"{_days(rules.trial_lead_days)} before the A race)",
            )
        )
    race_week_starts = race.date - dt.timedelta(days=RACE_WEEK_DAYS - 1)
    if rules.trial_under_load and not any(trial < hard < race_week_starts for hard in cal.hard_days):
        failures.append(
            (
                "trial_untested",
                f"no hard day lies between the first session on {cal.day(trial)} "
                f"and race week of {race_name(race)} (from {cal.day(race_week_starts)}) (rule 4: the "
                "runner must test the response under load before race week)",
            )
        )
    return failures


def rule_4_trial_before_race_week(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """The first session is a trial "well ahead of competition" (seed 003): far enough before the
    first A race on or after it, with a hard day between it and that race's week."""
    found = Findings(4)
    if not sessions:
        return found
    trial = min(sessions)
    race = next((race for race in _a_races(cal.plan) if race.date >= trial), None)
    if race is not None:
        for kind, why in _trial_failures(cal, trial, race):
            found.add(kind, why, trial, race.date)
    return found


def rule_5_final_days(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """No session in the blackout before an A or B race nor on its race day; inside an A race's
    race week only as an opted-in activation session after a proper trial (rule 4)."""
    rules = cal.plan.rules
    key_races = sorted((race for race in cal.plan.races if race.priority in ("A", "B")), key=lambda r: r.date)
    trial = min(sessions) if sessions else None
    found = Findings(5)
    for session in sorted(set(sessions)):
        day = cal.day(session)
        for race in key_races:
            before = (race.date - session).days
            name, race_day = race_name(race), cal.day(race.date)
            if before == 0:
                found.add(
                    "on_key_race_day",
                    f"{day} is race day of {name} (rule 5: no session on race day)",
                    session,
                )
            elif 0 < before <= rules.final_blackout_days:
                found.add(
                    "final_blackout",
                    f"{day} is {_days(before)} before {name} on {race_day} (rule 5: no "
                    f"session in the last {_days(rules.final_blackout_days)} before an A or B race)",
                    session,
                    race.date,
                )
            elif race.priority == "A" and 0 < before < RACE_WEEK_DAYS:
                if not rules.allow_activation:
                    found.add(
                        "race_week",
                        f"{day} is in race week of {name} on {race_day} (rule 5: race-week "
                        "sessions only as activation, and the plan does not set allow_activation)",
                        session,
                        race.date,
                    )
                elif trial is not None and _trial_failures(cal, trial, race):
                    found.add(
                        "activation_without_trial",
                        f"{day} would be an activation session in race week "
                        f"of {name}, but the first session on {cal.day(trial)} is no trial well ahead "
                        "of it (rule 5 allows activation only when rule 4 holds)",
                        session,
                        race.date,
                    )
    return found


def rule_6_taper_maintenance(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """A taper longer than race week keeps one maintenance session before race week (seed 003)."""
    found = Findings(6)
    if not cal.plan.rules.taper_maintenance:
        return found
    for race in _a_races(cal.plan):
        taper = taper_length(race)
        if taper <= RACE_WEEK_DAYS:
            continue
        opens = race.date - dt.timedelta(days=taper)
        closes = race.date - dt.timedelta(days=RACE_WEEK_DAYS)
        if not any(opens <= session <= closes for session in sessions):
            # The window's ends are named, not caused by any one session: nothing to move.
            found.add(
                "no_taper_session",
                f"no session from {cal.day(opens)} to {cal.day(closes)} in the taper "
                f"of {race_name(race)} (rule 6: with a {taper}-day taper, at least one maintenance "
                f"session from race day - {taper} to race day - 7)",
                opens,
                closes,
                causes=(),
            )
    return found


def rule_7_volume(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """Between min and max sessions, spaced min_gap_days apart, at most max_per_week a week."""
    rules = cal.plan.rules
    found = Findings(7)
    count = len(sessions)
    if count < rules.min_sessions:
        found.add(
            "too_few", f"{count} session(s) in the block (rule 7 asks for at least {rules.min_sessions})"
        )
    if count > rules.max_sessions:
        found.add("too_many", f"{count} sessions in the block (rule 7 allows at most {rules.max_sessions})")
    unique = sorted(set(sessions))
    for date in unique:
        if sessions.count(date) > 1:
            found.add(
                "duplicate",
                f"{cal.day(date)} is listed {sessions.count(date)} times (one session a day; "
                f"rule 7 keeps sessions {_days(rules.min_gap_days)} apart)",
                date,
            )
    for earlier, later in itertools.pairwise(unique):
        gap = (later - earlier).days
        if gap < rules.min_gap_days:
            found.add(
                "too_close",
                f"the sessions on {cal.day(earlier)} and {cal.day(later)} are {_days(gap)} "
                f"apart (rule 7 keeps sessions at least {_days(rules.min_gap_days)} apart)",
                earlier,
                later,
                causes=(earlier, later),
            )
    weeks: dict[dt.date, list[dt.date]] = {}
    for date in unique:
        weeks.setdefault(date - dt.timedelta(days=date.weekday()), []).append(date)
    for monday, in_week in sorted(weeks.items()):
        if len(in_week) > rules.max_per_week:
            listed = ", ".join(cal.day(date) for date in in_week)
            found.add(
                "too_many_in_week",
                f"{len(in_week)} sessions in the week {cal.day(monday)} - "
                f"{cal.day(monday + dt.timedelta(days=6))} ({listed}) (rule 7 allows at most "
                f"{rules.max_per_week} per Monday-Sunday week)",
                *in_week,
                causes=tuple(in_week),
            )
    return found


def rule_9_clinic(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """Inside the block, on a clinic open weekday, not a closed date, not a date the runner is away."""
    clinic, athlete = cal.plan.clinic, cal.plan.athlete
    clinic_name = "the clinic" if clinic.name == "Clinic" else clinic.name
    open_days = [key for key in WEEKDAY_KEYS if key in clinic.open_weekdays]
    shown = ", ".join(key.capitalize() for key in open_days) or "on no weekday"
    found = Findings(9)
    for session in sorted(set(sessions)):
        day = cal.day(session)
        if cal.first is not None and session < cal.first:
            found.add(
                "before_block", f"{day} is before the block starts on {cal.day(cal.first)} (rule 9)", session
            )
        if cal.last is not None and session > cal.last:
            found.add(
                "after_block", f"{day} is after the block ends on {cal.day(cal.last)} (rule 9)", session
            )
        if WEEKDAY_KEYS[session.weekday()] not in open_days:
            found.add("clinic_weekday", f"{day}: {clinic_name} is open {shown} only (rule 9)", session)
        if session in clinic.closed_dates:
            found.add("clinic_closed", f"{day}: {clinic_name} is closed that day (rule 9)", session)
        if session in athlete.unavailable:
            found.add("runner_unavailable", f"{day}: {athlete.name} cannot attend that day (rule 9)", session)
    return found


def rule_10_budget(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """Sessions x price within the budget when one is set (sessions cost $65-120, seed 001)."""
    plan = cal.plan
    found = Findings(10)
    if plan.budget is None:
        return found
    cost = len(sessions) * plan.clinic.price
    # Cents decide, not float noise: 3 x 33.33 against a 99.99 budget must pass.
    if round(cost, 2) > round(plan.budget, 2):
        money = plan.clinic.currency
        found.add(
            "over_budget",
            f"{len(sessions)} sessions x {_money(plan.clinic.price, money)} = "
            f"{_money(cost, money)} is over the budget of {_money(plan.budget, money)} (rule 10)",
        )
    return found


def rule_14_pinned(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """A session a person pinned stays where it is; a date a person forbade stays free."""
    found = Findings(14)
    for pin in sorted(cal.plan.pinned, key=lambda pin: pin.date):
        if pin.date not in sessions:
            found.add(
                "pinned_missing",
                f"the pinned session on {cal.day(pin.date)} is missing (rule 14: a "
                "pinned session stays where it is)",
                pin.date,
                causes=(),
            )
    for date in sorted(set(sessions) & set(cal.plan.forbidden)):
        found.add(
            "on_forbidden_date",
            f"{cal.day(date)} is a forbidden date (rule 14: a day a person forbade stays free)",
            date,
        )
    return found


HARD_RULES: tuple[Callable[[Calendar, list[dt.date]], list[Violation]], ...] = (
    rule_1_away_from_hard_days,
    rule_2_soreness_comfort,
    rule_4_trial_before_race_week,
    rule_5_final_days,
    rule_6_taper_maintenance,
    rule_7_volume,
    rule_9_clinic,
    rule_10_budget,
    rule_14_pinned,
)
# Rules whose verdict on a date does not depend on the other sessions: a cheap first filter
# when searching for replacement dates (the full check still decides).
DATE_LOCAL_RULES = (rule_1_away_from_hard_days, rule_2_soreness_comfort, rule_9_clinic)


def find_violations(cal: Calendar, dates: list[dt.date]) -> list[Violation]:
    sessions = sorted(dates)
    return [violation for rule in HARD_RULES for violation in rule(cal, sessions)]


# ---------------------------------------------------------------------------------------------
# Replacement dates.


def _dates_near(cal: Calendar, centre: dt.date) -> Iterator[dt.date]:
    """Dates inside the block by distance from `centre`, the earlier first on ties."""
    low = cal.first or centre - dt.timedelta(days=SEARCH_DAYS_WITHOUT_BLOCK)
    high = cal.last or centre + dt.timedelta(days=SEARCH_DAYS_WITHOUT_BLOCK)
    reach = max((centre - low).days, (high - centre).days, 0)
    for distance in range(reach + 1):
        for date in (centre - dt.timedelta(days=distance), centre + dt.timedelta(days=distance)):
            if low <= date <= high:
                yield date
            if distance == 0:
                break


def _locally_fine(cal: Calendar, date: dt.date) -> bool:
    return date not in cal.plan.forbidden and not any(rule(cal, [date]) for rule in DATE_LOCAL_RULES)


def _replacements(
    cal: Calendar, dates: list[dt.date], moving: dt.date, before: list[Violation], count: int
) -> list[dt.date]:
    """Nearest dates where moving one session from `moving` cures what it causes, adds nothing."""
    rest = list(dates)
    rest.remove(moving)
    still_there = moving in rest  # a duplicate: moving one copy can only cure the duplicate
    cured = {
        violation.key
        for violation in before
        if moving in violation.session_dates and (not still_there or violation._kind == "duplicate")
    }
    allowed = {violation.key for violation in before} - cured
    found: list[dt.date] = []
    for candidate in _dates_near(cal, moving):
        if len(found) == count:
            break
        if candidate in dates or not _locally_fine(cal, candidate):
            continue
        if all(violation.key in allowed for violation in find_violations(cal, [*rest, candidate])):
            found.append(candidate)
    return found


def nearest_valid_dates(
    plan: Plan, booked: list[dt.date], proposed: dt.date, count: int = 3
) -> list[dt.date]:
    """For a clinician: given the sessions already booked, the dates nearest `proposed` (itself
    first when it is fine; ties earlier first) where one more session breaks no hard rule that
    the booked sessions did not already break."""
    cal = read_calendar(plan, [*booked, proposed])
    already = {violation.key for violation in find_violations(cal, booked)}
    found: list[dt.date] = []
    for candidate in _dates_near(cal, proposed):
        if len(found) == count:
            break
        if candidate in booked or not _locally_fine(cal, candidate):
            continue
        if all(violation.key in already for violation in find_violations(cal, [*booked, candidate])):
            found.append(candidate)
    return found


# ---------------------------------------------------------------------------------------------
# The report.


def screening_warnings(plan: Plan) -> list[str]:
    """Rule 13 in words: red flags mean seek care, contraindications mean clinician clearance."""
    screening = plan.athlete.screening
    warnings = [
        f"red flag in screening ({name.replace('_', ' ')}): do not plan dry needling; seek medical care "
        f"first (rule 13)"
        for name in screening.RED_FLAGS
        if getattr(screening, name)
    ]
    warnings += [
        f"screening: {name.replace('_', ' ')}: every session needs clinician clearance before needling "
        "(rule 13)"
        for name in screening.CONTRAINDICATIONS
        if getattr(screening, name)
    ]
    return warnings


def check_dates(plan: Plan, dates: list[dt.date]) -> CheckReport:
    """Check session dates against every hard rule; say what is broken and where to move."""
    cal = read_calendar(plan, dates)
    violations = find_violations(cal, dates)
    pinned = {pin.date for pin in plan.pinned}
    for violation in violations:
        held = [date for date in violation.session_dates if date in pinned]
        if held:
            # Rule 14: a pinned session that breaks a rule must say so, not silently stay.
            violation.why += f"; {cal.day(held[0])} is pinned, so unpin it or relax the rule"
    moved = sorted({date for violation in violations for date in violation.session_dates})
    alternatives = {date: _replacements(cal, dates, date, violations, 3) for date in moved}
    return CheckReport(
        dates=list(dates),
        ok=not violations,
        violations=violations,
        alternatives=alternatives,
        warnings=screening_warnings(plan),
    )
