"""The hard rules of DOMAIN.md, one function each, written from the rule text alone.

Each takes the plan's calendar and the checked session dates (sorted, duplicates kept) and returns
`Violation`s in plain words with dates. Rule 8 (reassess) only labels sessions and the soft
rules only rank schedules, so neither is checked.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

from planner.checker.calendar import (
    LOWER_LEG_REGIONS,
    RACE_WEEK_DAYS,
    WEEKDAY_KEYS,
    Calendar,
    Findings,
    Violation,
    a_races,
    clear_days_words,
    days_words,
    money,
    race_name,
    taper_length,
)
from planner.plan import Race


def rule_1_hard_days(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
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
        elif session in cal.possibly_hard_days and session not in cal.hard_days:
            found.add(
                "on_possibly_hard_day",
                f"{day} is the day of {cal.possibly_hard_days[session]} (rule 1: an event of unknown "
                "effort counts as possibly hard: no session on it)",
                session,
            )
        elif session in cal.long_run_days and not rules.allow_after_long_run_same_day:
            found.add(
                "on_long_run_day",
                f"{day} is the day of {cal.long_run_days[session]} (rule 1: a "
                "session shares a day with a long run only if the plan sets allow_after_long_run_same_day)",
                session,
            )
        avoided = cal.avoided_days
        for ahead in range(1, rules.clear_days_before_hard + 1):
            hard = session + dt.timedelta(days=ahead)
            if hard in avoided:
                gap = "the day" if ahead == 1 else days_words(ahead)
                found.add(
                    "before_hard_day",
                    f"{day} is {gap} before {avoided[hard]} on {cal.day(hard)} "
                    f"(rule 1 keeps {clear_days_words(rules.clear_days_before_hard)} before a hard day)",
                    session,
                    hard,
                )
    return found


def rule_2_soreness_window(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """Only when the plan makes it hard: no hard day within the soreness window after a session
    (2 days; 3 with a lower-leg focus, as calves stay sore "for a few days", seed 001)."""
    rules = cal.plan.rules
    if not rules.comfort_is_hard:
        return []
    lower_leg = [region for region in cal.plan.athlete.focus if region in LOWER_LEG_REGIONS]
    window = rules.comfort_days_before_hard_lower_leg if lower_leg else rules.comfort_days_before_hard
    whose = f"with a {lower_leg[0]} focus" if lower_leg else "without a lower-leg focus"
    found = Findings(2)
    avoided = cal.avoided_days
    for session in sorted(set(sessions)):
        for after in range(1, window + 1):
            hard = session + dt.timedelta(days=after)
            if hard in avoided:
                found.add(
                    "hard_day_while_sore",
                    f"{avoided[hard]} on {cal.day(hard)} is {days_words(after)} "
                    f"after the session on {cal.day(session)} (rule 2, made hard by comfort_is_hard: no "
                    f"hard day within {days_words(window)} after a session {whose})",
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
                f"the first session on {cal.day(trial)} is only {days_words(lead)} before "
                f"{race_name(race)} on {cal.day(race.date)} (rule 4: the trial must be at least "
                f"{days_words(rules.trial_lead_days)} before the A race)",
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


def rule_4_trial(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """The first session is a trial "well ahead of competition" (seed 003): far enough before the
    first A race on or after it, with a hard day between it and that race's week."""
    found = Findings(4)
    if not sessions:
        return found
    trial = min(sessions)
    race = next((race for race in a_races(cal.plan) if race.date >= trial), None)
    if race is not None:
        for kind, why in _trial_failures(cal, trial, race):
            found.add(kind, why, trial, race.date)
    return found


def rule_5_race_days(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
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
                    f"{day} is {days_words(before)} before {name} on {race_day} (rule 5: no "
                    f"session in the last {days_words(rules.final_blackout_days)} before an A or B race)",
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


def rule_6_taper_session(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """A taper longer than race week keeps one maintenance session before race week (seed 003)."""
    found = Findings(6)
    if not cal.plan.rules.taper_maintenance:
        return found
    for race in a_races(cal.plan):
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


def rule_7_sessions(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
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
                f"rule 7 keeps sessions {days_words(rules.min_gap_days)} apart)",
                date,
            )
    for earlier, later in itertools.pairwise(unique):
        gap = (later - earlier).days
        if gap < rules.min_gap_days:
            found.add(
                "too_close",
                f"the sessions on {cal.day(earlier)} and {cal.day(later)} are {days_words(gap)} "
                f"apart (rule 7 keeps sessions at least {days_words(rules.min_gap_days)} apart)",
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
        currency = plan.clinic.currency
        found.add(
            "over_budget",
            f"{len(sessions)} sessions x {money(plan.clinic.price, currency)} = "
            f"{money(cost, currency)} is over the budget of {money(plan.budget, currency)} (rule 10)",
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
    rule_1_hard_days,
    rule_2_soreness_window,
    rule_4_trial,
    rule_5_race_days,
    rule_6_taper_session,
    rule_7_sessions,
    rule_9_clinic,
    rule_10_budget,
    rule_14_pinned,
)
# Rules whose verdict on a date does not depend on the other sessions: a cheap first filter
# when searching for replacement dates (the full check still decides).
DATE_LOCAL_RULES = (rule_1_hard_days, rule_2_soreness_window, rule_9_clinic)


def find_violations(cal: Calendar, dates: list[dt.date]) -> list[Violation]:
    sessions = sorted(dates)
    return [violation for rule in HARD_RULES for violation in rule(cal, sessions)]
