"""Calendar entries -> a Plan and its import report: kinds, long runs, races, pinned sessions.

Every event is read by `classify.read_entry`; plain runs get their effort from their week
(`weeks.long_runs`); races get distances and priorities (`races`). Events of unknown effort that
look like training become `unknown` workouts, which the plan treats as possibly hard (no session
on them nor the day before); events with no sport evidence stay out of the plan. Both are listed
in the report, grouped, one line per assumption.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from planner.dates import format_day
from planner.errors import PlannerInputError, invalid_input
from planner.importers.classify import IGNORED, PLAIN_RUN, UNKNOWN, Reading, read_entry
from planner.importers.entries import CalendarData, CalendarEntry, SessionInfo, shorten
from planner.importers.races import DISTANCE_KM, RaceFound, assign_priorities, race_from
from planner.importers.report import Assumption, EventNote, ImportReport, RaceNote
from planner.importers.text import scan
from planner.importers.vocabulary import vocabulary
from planner.importers.weeks import long_runs
from planner.plan import (
    DISTANCES,
    WORKOUT_KINDS,
    Athlete,
    ExportedSession,
    PinnedSession,
    Plan,
    Race,
    TrainingDay,
    Workout,
)

# How many examples one report line names before "and N more".
EXAMPLES = 3
# Why an event stayed out of the plan, in words.
IGNORE_WHY = {
    "cancelled": "cancelled",
    "note": "a note, not a workout",
    "multi_day": "spans several days (a week banner or a holiday)",
    "no_sport": "no sport in it",
}


def check_keywords(keywords: dict[str, str] | None) -> dict[str, str]:
    """The user's text -> kind map, checked: one clear line for a kind that does not exist."""
    checked: dict[str, str] = {}
    for text, kind in (keywords or {}).items():
        name = str(kind).strip().lower().replace("-", "_").replace(" ", "_")
        if not str(text).strip():
            raise PlannerInputError("a keyword needs some text before '=' (e.g. --keyword \"Parkrun=race\")")
        if name not in WORKOUT_KINDS:
            raise PlannerInputError(
                f"keyword {shorten(str(text))!r}: unknown workout kind {shorten(str(kind))!r} "
                f"(one of: {', '.join(WORKOUT_KINDS)})"
            )
        checked[str(text).strip()] = name
    return checked


@dataclass
class _Reading:
    """Everything read from the entries, before it becomes a plan."""

    readings: list[Reading] = field(default_factory=list)
    pinned: dict[dt.date, PinnedSession] = field(default_factory=dict)
    exported: list[ExportedSession] = field(default_factory=list)

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


def _strict_error(reading: Reading, source: str, count: int) -> PlannerInputError:
    shown = shorten(reading.text or "(empty title)")
    more = f" ({count - 1} more like it)" if count > 1 else ""
    return PlannerInputError(
        f"{reading.entry.where + ': ' if reading.entry.where else ''}cannot tell the workout kind of "
        f'{shown!r}{more}; add --keyword "{shorten(reading.text or "TEXT", 40)}=kind" '
        f"(kinds: {', '.join(WORKOUT_KINDS)}) or drop --strict to treat such events as possibly hard",
        source=source,
        line=reading.entry.line,
    )


def _the_race_day(readings: list[Reading], race: dt.date) -> list[Reading]:
    """The user said `race` is the goal race: its event names it, whatever its text says."""
    on_day = [r for r in readings if r.entry.date == race]
    if any(r.kind == "race" for r in on_day):
        return readings
    for candidate in on_day:
        if candidate.kind in (UNKNOWN, PLAIN_RUN) or (
            candidate.kind == IGNORED and candidate.how == "no_sport"
        ):
            return [replace(r, kind="race", how="race_option") if r is candidate else r for r in readings]
    return readings


def _workout(reading: Reading, source: str) -> Workout:
    entry = reading.entry
    try:
        return Workout(
            kind=reading.kind,
            title=reading.title,
            time=entry.time,
            duration_min=reading.duration_min,
            distance_km=reading.distance_km,
            description=entry.description.strip(),
        )
    except ValidationError as exc:
        where = f"{entry.where}: " if entry.where else ""
        raise invalid_input(exc, source=source, line=entry.line, prefix=where) from None


def _examples(readings: Sequence[Reading], words: Callable[[Reading], str]) -> str:
    shown = [f"{format_day(r.entry.date)} {words(r)}" for r in readings[:EXAMPLES]]
    more = f" and {len(readings) - EXAMPLES} more" if len(readings) > EXAMPLES else ""
    return ", ".join(shown) + more


def _quoted(reading: Reading) -> str:
    return repr(shorten(reading.text or "(empty title)", 40))


def _read_as(reading: Reading) -> str:
    said = f" ({shorten(reading.detail, 30)})" if reading.detail else ""
    return f"{_quoted(reading)} -> {reading.kind.replace('_', ' ')}{said}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# One report line per assumption: (topic, which readings, what is said of them, how examples read).
# "{weekday}" is the plan's long-run weekday.
_LINES: tuple[
    tuple[str, Callable[[Reading, dict[int, str]], bool], str, str, Callable[[Reading], str]], ...
] = (
    (
        "long_run_inferred",
        lambda r, calls: calls.get(id(r)) == "stands_out",
        "plain run",
        "read as long runs: the longest run of their week, at least 1.3x the next-longest and 14 km or 75 min",
        _quoted,
    ),
    (
        "long_run_weekday",
        lambda r, calls: calls.get(id(r)) == "weekday",
        "plain run",
        "read as long runs: the longest run of their week, on {weekday} like the plan's other long runs",
        _quoted,
    ),
    (
        "plain_runs_easy",
        lambda r, _: r.how == "plain" and r.kind == "easy",
        "plain run",
        "with no effort named read as easy runs",
        _quoted,
    ),
    ("pace", lambda r, _: r.how == "pace", "workout", "read as quality from pace words", _quoted),
    (
        "first_line",
        lambda r, _: r.how == "first_line",
        "workout",
        "read from the first line of their description",
        _read_as,
    ),
    ("description", lambda r, _: r.how == "description", "workout", "read from their description", _read_as),
    ("keywords", lambda r, _: r.how == "keyword", "event", "matched your keywords", _read_as),
    (
        "unknown",
        lambda r, _: r.kind == UNKNOWN,
        "event",
        "of unknown effort treated as possibly hard, no session on them nor the day before",
        _quoted,
    ),
    *(
        (
            f"ignored_{reason}",
            lambda r, _, reason=reason: r.kind == IGNORED and r.how == reason,
            "event",
            f"ignored: {why}",
            _quoted,
        )
        for reason, why in IGNORE_WHY.items()
    ),
)


def _assumptions(final: list[Reading], long_calls: dict[int, str], weekday: str | None) -> list[Assumption]:
    lines = []
    for topic, selects, noun, said, words in _LINES:
        group = [r for r in final if selects(r, long_calls)]
        if group:
            text = f"{_count(len(group), noun)} {said.format(weekday=weekday)} ({_examples(group, words)})"
            if topic == "unknown":
                text += "; set their kind with --keyword TEXT=KIND or in the app's training grid"
            dates = sorted({r.entry.date for r in group})
            lines.append(Assumption(topic=topic, text=text, count=len(group), dates=dates))
    return lines


def _races(
    readings: list[Reading],
    race: dt.date | None,
    distance: str | None,
    training: dict[dt.date, list[Workout]],
) -> tuple[list[Race], list[RaceNote]]:
    found: dict[dt.date, RaceFound] = {}
    for reading in readings:
        if reading.kind == "race":
            found.setdefault(reading.entry.date, race_from(reading))
    if race is not None and race not in found:
        found[race] = RaceFound(race, "Goal race", None, "", None, "")
    final = assign_priorities(list(found.values()), race)
    longest = max(
        (w.distance_km or 0 for day in training.values() for w in day if w.kind == "long_run"), default=0
    )
    races, notes = [], []
    for item in final:
        chosen, why = item.distance, item.distance_why
        if item.priority == "A" and distance is not None:
            chosen, why = distance, "given with --distance"  # type: ignore[assignment]
        if chosen is None and item.priority == "A":
            # No word for it anywhere: the longest long run of the block says which race it trains for.
            chosen = "marathon" if longest >= 27 else "half" if longest >= 17 else "10k"
            why = f"not said; guessed from the longest long run ({longest:g} km)"
        if chosen is None:
            chosen, why = "10k", "not said; 10k assumed"
        races.append(Race(date=item.date, name=item.name, distance=chosen, priority=item.priority or "B"))
        notes.append(
            RaceNote(
                date=item.date,
                name=item.name,
                priority=item.priority or "B",
                priority_why=item.priority_why,
                distance=chosen,
                distance_why=why,
            )
        )
    return races, notes


def _languages(readings: list[Reading]) -> list[str]:
    """The vocabulary tables whose words the titles used, most used first: 'Deutsch (de)'."""
    counts: Counter[str] = Counter()
    for reading in readings[:5000]:
        if reading.entry.title:
            counts.update(scan(reading.entry.title).languages)
    return vocabulary().language_names([code for code, _ in counts.most_common()])


def build_plan(
    data: CalendarData,
    source: str,
    *,
    race: dt.date | None = None,
    distance: str | None = None,
    keywords: dict[str, str] | None = None,
    strict: bool = False,
    name: str | None = None,
) -> tuple[Plan, ImportReport]:
    """The plan the calendar describes, and how it was read."""
    if distance is not None and distance not in DISTANCES:
        raise PlannerInputError(
            f"unknown race distance {shorten(distance)!r} (one of: {', '.join(DISTANCES)})"
        )
    user_keywords = check_keywords(keywords)
    reading = _Reading()
    for entry in data.entries:
        if entry.session is not None:
            reading.session_back(entry, entry.session, source)
        else:
            reading.readings.append(read_entry(entry, user_keywords, data.number_unit))
    readings = reading.readings
    if race is not None:
        readings = _the_race_day(readings, race)
    if strict:
        stuck = [r for r in readings if r.kind == UNKNOWN or (r.kind == IGNORED and r.how == "no_sport")]
        if stuck:
            raise _strict_error(stuck[0], source, len(stuck))

    final, long_calls, weekday = _with_week_shape(readings)
    training: dict[dt.date, list[Workout]] = defaultdict(list)
    for item in final:
        if item.kind != IGNORED:
            training[item.entry.date].append(_workout(item, source))
    if not training and race is None and not reading.pinned:
        raise PlannerInputError("no training workouts found in the calendar", source=source)
    first_workout = min(training) if training else None
    if race is not None and first_workout is not None and race < first_workout:
        raise PlannerInputError(
            f"the race date {race} is before the calendar's first workout ({first_workout})", source=source
        )
    races, race_notes = _races(final, race, distance, training)
    warnings = list(data.warnings)
    if not races:
        warnings.append(
            "no race found in the calendar: give the goal race (--race DATE --distance, or the app's A race date)"
        )
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
    report = _report(data, source, plan, final, long_calls, weekday, race_notes, warnings)
    return plan, report


def _with_week_shape(readings: list[Reading]) -> tuple[list[Reading], dict[int, str], str | None]:
    """Plain runs become long runs (their week says so) or easy runs; which did, and the weekday."""
    calls, weekday = long_runs(readings)
    why_long = {id(call.reading): call.why for call in calls}
    final: list[Reading] = []
    long_calls: dict[int, str] = {}
    for item in readings:
        why = why_long.get(id(item))
        if item.kind == PLAIN_RUN:
            item = replace(item, kind="long_run" if why else "easy")
        if why:
            long_calls[id(item)] = why
        final.append(item)
    return final, long_calls, weekday


def _report(
    data: CalendarData,
    source: str,
    plan: Plan,
    final: list[Reading],
    long_calls: dict[int, str],
    weekday: str | None,
    races: list[RaceNote],
    warnings: list[str],
) -> ImportReport:
    kinds = Counter(w.kind for day in plan.training for w in day.workouts)
    return ImportReport(
        source=Path(source).name,
        format=data.format,
        details=list(data.details),
        events=len(data.entries),
        kinds=dict(sorted(kinds.items(), key=lambda kv: WORKOUT_KINDS.index(kv[0]))),
        timezone=data.timezone,
        timezone_reason=data.timezone_reason,
        languages=_languages(final),
        long_run_weekday=weekday,
        assumptions=_assumptions(final, long_calls, weekday),
        unknown=[_note(r) for r in final if r.kind == UNKNOWN],
        ignored=[_note(r, IGNORE_WHY.get(r.how, r.how)) for r in final if r.kind == IGNORED],
        races=races,
        warnings=warnings,
    )


def _note(reading: Reading, why: str = "") -> EventNote:
    return EventNote(
        date=reading.entry.date,
        text=shorten(reading.text or "(empty title)", 80),
        where=reading.entry.place(),
        why=why,
    )


__all__ = ["DISTANCE_KM", "build_plan", "check_keywords"]
