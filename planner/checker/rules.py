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
    POST_RACE_DAYS,
    RACE_WEEK_DAYS,
    WEEKDAY_KEYS,
    Calendar,
    Findings,
    SeasonBlock,
    Violation,
    clear_days_words,
    days_words,
    money,
    race_name,
    taper_length,
)
from planner.plan import Race, Rules


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


def _trial_failures(cal: Calendar, trial: dt.date, race: Race, rules: Rules) -> list[tuple[str, str]]:
    """Why a block's trial is not well ahead of its A race (rule 4), as (kind, words)."""
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


def _block_trial(cal: Calendar, block: SeasonBlock, sessions: list[dt.date]) -> dt.date | None:
    """The block's first session when it counts as a trial (DOMAIN.md "Seasons"): it is the first
    session at all, or the previous one was more than `retrial_after_days` earlier."""
    inside = [session for session in sessions if block.holds(session)]
    if not inside:
        return None
    first = min(inside)
    before = [session for session in sessions if session < first]
    if before and (first - max(before)).days <= block.rules.retrial_after_days:
        return None
    return first


def is_block_trial(cal: Calendar, sessions: list[dt.date], date: dt.date) -> bool:
    """Whether the session on `date` is its block's trial next to `sessions` (rule 4, "Seasons")."""
    block = next((block for block in cal.blocks if block.holds(date)), None)
    return block is not None and block.a_race is not None and _block_trial(cal, block, sessions) == date


def _block_trial_failures(
    cal: Calendar, block: SeasonBlock, sessions: list[dt.date]
) -> tuple[dt.date | None, list[tuple[str, str]]]:
    trial = _block_trial(cal, block, sessions)
    if trial is None or block.a_race is None:
        return trial, []
    failures = _trial_failures(cal, trial, block.a_race, block.rules)
    if cal.is_season:
        # Say which block's trial it is, and why it is one (first at all, or after a long pause).
        before = [session for session in sessions if session < trial]
        why = (
            f"{(trial - max(before)).days} days after the previous session, more than "
            f"{block.rules.retrial_after_days}, so a trial again"
            if before
            else "the season's first session"
        )
        failures = [(kind, f"block {block.number}: {words}; it is {why}") for kind, words in failures]
    return trial, failures


def rule_4_trial(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """The first session of each block that ends at an A race is a trial "well ahead of competition"
    (seed 003): far enough before that A race, with a hard day between it and race week. A block's
    first session is a trial when no session came in the `retrial_after_days` before it."""
    found = Findings(4)
    for block in cal.blocks:
        trial, failures = _block_trial_failures(cal, block, sessions)
        for kind, why in failures:
            found.add(kind, why, trial, block.a_race.date)  # type: ignore[arg-type, union-attr]
    return found


def rule_5_race_days(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """No session in the blackout before an A or B race nor on its race day; inside an A race's
    race week only as an opted-in activation session after a proper trial (rule 4)."""
    rules = cal.plan.rules
    key_races = sorted((race for race in cal.plan.races if race.priority in ("A", "B")), key=lambda r: r.date)
    trial_fails = {
        block.a_race.date: _block_trial_failures(cal, block, sessions)
        for block in cal.blocks
        if block.a_race is not None
    }
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
                elif trial_fails.get(race.date, (None, []))[1]:
                    trial = trial_fails[race.date][0]
                    found.add(
                        "activation_without_trial",
                        f"{day} would be an activation session in race week "
                        f"of {name}, but the first session on {cal.day(trial)} is no trial well ahead "  # type: ignore[arg-type]
                        "of it (rule 5 allows activation only when rule 4 holds)",
                        session,
                        race.date,
                    )
    return found


def rule_6_taper_session(cal: Calendar, sessions: list[dt.date]) -> list[Violation]:
    """A taper longer than race week keeps one maintenance session before race week (seed 003),
    for each block's A race with that block's `taper_maintenance`."""
    found = Findings(6)
    for block in cal.blocks:
        race = block.a_race
        if race is None or not block.rules.taper_maintenance:
            continue
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
    """Between min and max sessions in each block, spaced min_gap_days apart, at most max_per_week a
    week; after the last A race only post-race sessions ("no maintenance series")."""
    rules = cal.plan.rules
    found = Findings(7)
    for block in cal.blocks:
        if block.is_tail:
            _tail_sessions(cal, block, sessions, found)
            continue
        count = sum(1 for session in sessions if block.holds(session))
        where, limits = cal.block_words(block), block.rules
        # In a season the block's dates tell one block's finding from another's.
        span = (block.first, block.last) if cal.is_season else ()
        if count < limits.min_sessions:
            found.add(
                "too_few",
                f"{count} session(s) in {where} (rule 7 asks for at least {limits.min_sessions})",
                *span,
                causes=(),
            )
        if count > limits.max_sessions:
            found.add(
                "too_many",
                f"{count} sessions in {where} (rule 7 allows at most {limits.max_sessions})",
                *span,
                causes=(),
            )
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


def _tail_sessions(cal: Calendar, tail: SeasonBlock, sessions: list[dt.date], found: Findings) -> None:
    """DOMAIN.md "Seasons": the days after the last A race take post-race recovery only."""
    post_race = {
        race.date + dt.timedelta(days=after)
        for race in cal.plan.races
        if race.priority in ("A", "B")
        for after in POST_RACE_DAYS
    }
    last_a = cal.blocks[tail.number - 2].a_race
    assert last_a is not None  # a tail follows a block that ends at an A race
    for session in sorted(set(sessions)):
        if tail.holds(session) and session not in post_race:
            found.add(
                "after_last_a_race",
                f"{cal.day(session)} is after the last A race, {race_name(last_a)} on "
                f"{cal.day(last_a.date)}, where only post-race sessions 1-3 days after an A or B race "
                "belong (rule 7: no maintenance series after the last A race)",
                session,
            )


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
