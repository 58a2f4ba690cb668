"""Turn calendar entries into a Plan: workout kinds, races and their priorities, pinned sessions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from planner.errors import PlannerInputError, invalid_input
from planner.importers.entries import CalendarData, CalendarEntry, SessionInfo
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
from planner.plan import DISTANCES, Athlete, ExportedSession, PinnedSession, Plan, Race, TrainingDay, Workout


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


@dataclass
class _Reading:
    """What the calendar's entries say, sorted by what they are."""

    training: dict[dt.date, list[Workout]] = field(default_factory=lambda: defaultdict(list))
    race_entries: list[CalendarEntry] = field(default_factory=list)
    pinned: dict[dt.date, PinnedSession] = field(default_factory=dict)
    exported: list[ExportedSession] = field(default_factory=list)
    unknown: list[CalendarEntry] = field(default_factory=list)

    def session_back(self, entry: CalendarEntry, session: SessionInfo, source: str) -> None:
        """A session this planner exported earlier comes back as a pin, with its UID kept."""
        self.pinned.setdefault(
            entry.date,
            PinnedSession(date=entry.date, purpose=session.purpose, note=f"from {Path(source).name}"),
        )
        if session.uid:
            self.exported.append(
                ExportedSession(
                    uid=session.uid,
                    date=entry.date,
                    sequence=session.sequence,
                    last_modified=session.last_modified,
                    purpose=session.purpose,
                )
            )


def _read_entries(
    data: CalendarData, source: str, race: dt.date | None, keywords: dict[str, str]
) -> _Reading:
    reading = _Reading()
    for entry in data.entries:
        if entry.session is not None:
            reading.session_back(entry, entry.session, source)
            continue
        kind = _kind_of(entry, keywords)
        if kind is None and race is not None and entry.date == race and entry.title:
            kind = "race"  # the user said this day is the race: its event names it
        if kind is None:
            if not (entry.title and is_week_banner(entry.title)):
                reading.unknown.append(entry)
            continue
        try:
            workout = _workout(entry, kind)
        except ValidationError as exc:
            where, line = _where(entry, source)
            raise invalid_input(exc, source=source, line=line, prefix=where) from None
        if kind == "race":
            reading.race_entries.append(entry)
        reading.training[entry.date].append(workout)
    return reading


def _unknown_warnings(unknown: list[CalendarEntry], source: str, ignore_unknown: bool) -> list[str]:
    """Unknown workout text refuses the file, or (when told to ignore it) is listed as skipped."""
    if unknown and not ignore_unknown:
        first = unknown[0]
        where, line = _where(first, source)
        more = f" ({len(unknown) - 1} more unknown)" if len(unknown) > 1 else ""
        raise PlannerInputError(f"{where}{_unknown_message(first)}{more}", source=source, line=line)
    return [
        f"skipped {entry.where or f'line {entry.line}'}: unknown workout text "
        f"{entry.title or entry.description or '(empty title)'!r}"
        for entry in unknown
    ]


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
    reading = _read_entries(data, source, race, user_keywords)
    warnings = [*data.warnings, *_unknown_warnings(reading.unknown, source, ignore_unknown)]
    training = reading.training
    if not training and race is None and not reading.pinned:
        raise PlannerInputError("no training workouts found in the calendar", source=source)
    first_workout = min(training) if training else None
    if race is not None and first_workout is not None and race < first_workout:
        raise PlannerInputError(
            f"the race date {race} is before the calendar's first workout ({first_workout})", source=source
        )
    races = _races(reading.race_entries, race, distance, training)
    if not races:
        warnings.append("no race found in the calendar: give --race DATE (and --distance) for the goal race")
    all_dates = list(training) + [r.date for r in races] + list(reading.pinned)
    try:
        plan = Plan(
            name=name or data.name or Path(source).stem or "Training block",
            athlete=Athlete(timezone=data.timezone),
            start=min(all_dates),
            end=max(all_dates),
            races=races,
            training=[TrainingDay(date=day, workouts=workouts) for day, workouts in sorted(training.items())],
            pinned=sorted(reading.pinned.values(), key=lambda p: p.date),
            keywords=user_keywords,
            exported=reading.exported,
        )
    except ValidationError as exc:
        raise invalid_input(exc, source=source) from None
    return plan, warnings
