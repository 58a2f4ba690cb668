"""Turn calendar entries into a Plan: workout kinds, races and their priorities, pinned sessions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from pydantic import ValidationError

from planner.errors import PlannerInputError
from planner.importers.entries import CalendarData, CalendarEntry
from planner.importers.keywords import (
    DISTANCE_KM,
    WORKOUT_KINDS,
    classify,
    clean_title,
    distance_km,
    duration_min,
    is_week_banner,
    race_distance,
    race_priority,
)
from planner.plan import Athlete, ExportedSession, PinnedSession, Plan, Race, TrainingDay, Workout

DISTANCES = ("5k", "10k", "half", "marathon", "ultra")


def check_keywords(keywords: dict[str, str] | None) -> dict[str, str]:
    """The user's text -> kind map, checked: one clear line for a kind that does not exist."""
    checked: dict[str, str] = {}
    for text, kind in (keywords or {}).items():
        name = str(kind).strip().lower().replace("-", "_").replace(" ", "_")
        if not str(text).strip():
            raise PlannerInputError("a keyword needs some text before '=' (e.g. --keyword \"Parkrun=race\")")
        if name not in WORKOUT_KINDS:
            raise PlannerInputError(
                f"keyword {text!r}: unknown workout kind {kind!r} (one of: {', '.join(WORKOUT_KINDS)})"
            )
        checked[str(text).strip()] = name
    return checked


def _where(entry: CalendarEntry, source: str) -> tuple[str, int | None]:
    return (entry.where + ": " if entry.where else ""), entry.line


def _unknown_message(entry: CalendarEntry) -> str:
    text = entry.title or entry.description or "(empty title)"
    shown = clean_title(text) if entry.title else text
    return (
        f'cannot tell the workout kind of {text!r}; add --keyword "{shown}=kind" '
        f"(kinds: {', '.join(WORKOUT_KINDS)}) "
        "or use --ignore-unknown (ignore_unknown=True) to skip such events"
    )


def _kind_of(entry: CalendarEntry, keywords: dict[str, str]) -> str | None:
    if entry.kind is not None:
        return entry.kind
    kind = classify(entry.title, keywords) if entry.title else None
    if kind is None and entry.description:
        kind = classify(entry.description, keywords)
    return kind


def _workout(entry: CalendarEntry, kind: str) -> Workout:
    text = entry.title or entry.description
    title = clean_title(entry.title) if entry.title else ""
    distance = entry.distance_km
    if distance is None and kind == "race":
        named = race_distance(text)
        distance = DISTANCE_KM.get(named) if named else None
    if distance is None and kind != "race":
        distance = distance_km(entry.title) if entry.title else None
    duration = entry.duration_min if entry.duration_min is not None else duration_min(entry.title)
    return Workout(
        kind=kind,
        title=title,
        time=entry.time,
        duration_min=duration,
        distance_km=distance,
        description=entry.description.strip(),
    )


def _race_name(entry: CalendarEntry) -> str:
    title = clean_title(entry.title) if entry.title else ""
    for prefix in ("race day:", "race day -", "race:", "race -"):
        if title.lower().startswith(prefix):
            title = title[len(prefix) :].strip()
    return title or "Race"


def _a_race_distance(
    entry: CalendarEntry | None, option: str | None, training: dict[dt.date, list[Workout]]
) -> str:
    if option is not None:
        return option
    named = race_distance(entry.title or entry.description) if entry is not None else None
    if named:
        return named
    # No word for it anywhere: the longest long run of the block says which race it trains for.
    longest = max(
        (w.distance_km or 0 for day in training.values() for w in day if w.kind == "long_run"), default=0
    )
    if longest >= 27:
        return "marathon"
    return "half" if longest >= 17 else "10k"


def _races(
    race_entries: list[CalendarEntry],
    race: dt.date | None,
    distance: str | None,
    training: dict[dt.date, list[Workout]],
) -> list[Race]:
    by_date: dict[dt.date, CalendarEntry] = {}
    for entry in race_entries:
        by_date.setdefault(entry.date, entry)
    a_date = race if race is not None else (max(by_date) if by_date else None)
    races = []
    for day, entry in sorted(by_date.items()):
        if day == a_date:
            continue
        text = entry.title or entry.description
        races.append(
            Race(
                date=day,
                name=_race_name(entry),
                distance=race_distance(text) or "10k",
                priority=race_priority(text) or "B",
            )
        )
    if a_date is not None:
        entry = by_date.get(a_date)
        races.append(
            Race(
                date=a_date,
                name=_race_name(entry) if entry is not None else "Goal race",
                distance=_a_race_distance(entry, distance, training),
                priority="A",
            )
        )
    return sorted(races, key=lambda r: r.date)


def build_plan(
    data: CalendarData,
    source: str,
    *,
    race: dt.date | None = None,
    distance: str | None = None,
    keywords: dict[str, str] | None = None,
    ignore_unknown: bool = False,
    name: str | None = None,
) -> tuple[Plan, list[str]]:
    """The plan the calendar describes, and the warnings worth showing the user."""
    if distance is not None and distance not in DISTANCES:
        raise PlannerInputError(f"unknown race distance {distance!r} (one of: {', '.join(DISTANCES)})")
    user_keywords = check_keywords(keywords)
    warnings = list(data.warnings)
    training: dict[dt.date, list[Workout]] = defaultdict(list)
    race_entries: list[CalendarEntry] = []
    pinned: dict[dt.date, PinnedSession] = {}
    exported: list[ExportedSession] = []
    unknown: list[CalendarEntry] = []

    for entry in data.entries:
        if entry.session is not None:
            session = entry.session
            pinned.setdefault(
                entry.date,
                PinnedSession(date=entry.date, purpose=session.purpose, note=f"from {Path(source).name}"),
            )
            if session.uid:
                exported.append(
                    ExportedSession(
                        uid=session.uid,
                        date=entry.date,
                        sequence=session.sequence,
                        last_modified=session.last_modified,
                        purpose=session.purpose,
                    )
                )
            continue
        kind = _kind_of(entry, user_keywords)
        if kind is None and race is not None and entry.date == race and entry.title:
            kind = "race"  # the user said this day is the race: its event names it
        if kind is None:
            if entry.title and is_week_banner(entry.title):
                continue
            unknown.append(entry)
            continue
        try:
            workout = _workout(entry, kind)
        except ValidationError as exc:
            where, line = _where(entry, source)
            detail = exc.errors()[0]
            field = ".".join(str(p) for p in detail["loc"])
            raise PlannerInputError(f"{where}{field}: {detail['msg']}", source=source, line=line) from None
        if kind == "race":
            race_entries.append(entry)
        training[entry.date].append(workout)

    if unknown and not ignore_unknown:
        first = unknown[0]
        where, line = _where(first, source)
        more = f" ({len(unknown) - 1} more unknown)" if len(unknown) > 1 else ""
        raise PlannerInputError(f"{where}{_unknown_message(first)}{more}", source=source, line=line)
    for entry in unknown:
        where = entry.where or f"line {entry.line}"
        text = entry.title or entry.description or "(empty title)"
        warnings.append(f"skipped {where}: unknown workout text {text!r}")

    if not training and race is None:
        raise PlannerInputError("no training workouts found in the calendar", source=source)
    first_workout = min(training) if training else None
    if race is not None and first_workout is not None and race < first_workout:
        raise PlannerInputError(
            f"the race date {race} is before the calendar's first workout ({first_workout})", source=source
        )

    races = _races(race_entries, race, distance, training)
    if not races:
        warnings.append("no race found in the calendar: give --race DATE (and --distance) for the goal race")
    days = [TrainingDay(date=day, workouts=workouts) for day, workouts in sorted(training.items())]
    all_dates = list(training) + [r.date for r in races] + list(pinned)
    plan_name = name or data.name or Path(source).stem or "Training block"
    try:
        plan = Plan(
            name=plan_name,
            athlete=Athlete(timezone=data.timezone),
            start=min(all_dates),
            end=max(all_dates),
            races=races,
            training=days,
            pinned=sorted(pinned.values(), key=lambda p: p.date),
            keywords=user_keywords,
            exported=exported,
        )
    except ValidationError as exc:
        detail = exc.errors()[0]
        field = ".".join(str(p) for p in detail["loc"]) or "plan"
        raise PlannerInputError(
            f"{field}: {detail['msg'].removeprefix('Value error, ')}", source=source
        ) from None
    return plan, warnings
