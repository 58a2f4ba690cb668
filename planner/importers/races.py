"""Races in a calendar: their names, distances (as taper classes) and priorities.

Distances come from the title's words in any language ("Halbmarathon" and "semi-marathon" are
half marathons, "parkrun" is a 5K), then a distance written in the title ("Gridiron 4 Miler"), the
file's distance field, and the description ("Race: 14 km Hyde Park to Bondi"). A distance maps to
the nearest taper class (DOMAIN.md "Taper"): 4 miles is a 5K, 10 miles and 15 km are 10K, 30 km is
a half.

Priorities (DOMAIN.md): a label or a race category wins (intervals.icu RACE_B, "goal race",
"C race"; a label beats "tune-up" in "Tune-up? No: B race"); tune-ups and parkruns are C. Without
labels the goal race is the longest race, the latest of equals; a race more than `BLOCK_GAP_DAYS`
before the next goal race is the goal of a block of its own. Other races are B before a goal race
and C after the last one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from planner.importers.classify import Reading, clean_title
from planner.importers.text import KM_PER_MILE, scan
from planner.importers.vocabulary import fold, vocabulary
from planner.plan import Distance

# A build towards a marathon is 12-20 weeks (Higdon, Pfitzinger and Hansons run 18); a race more
# than this before the next goal race cannot be a tune-up inside that build.
BLOCK_GAP_DAYS = 18 * 7
DISTANCE_ORDER: tuple[Distance, ...] = ("5k", "10k", "half", "marathon", "ultra")
DISTANCE_KM: dict[str, float] = {"5k": 5.0, "10k": 10.0, "half": 21.0975, "marathon": 42.195}


def distance_class(km: float) -> Distance:
    """The taper class nearest a race of this length (DOMAIN.md 'Taper')."""
    if km <= 7:
        return "5k"
    if km <= 17:
        return "10k"
    if km <= 30:
        return "half"
    if km <= 42.5:
        return "marathon"
    return "ultra"


@cache
def _regex(table: str) -> re.Pattern[str]:
    vocab = vocabulary()
    phrases = {"distances": vocab.distances, "priorities": vocab.priorities}.get(table)
    words = list(phrases) if phrases is not None else list(vocab.training_races)
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![0-9a-z])")


def _words_distance(text: str) -> Distance | None:
    found = _regex("distances").search(fold(text))
    return vocabulary().distances[found.group(0)] if found else None  # type: ignore[return-value]


def _number_distance(text: str) -> float | None:
    found = scan(text)
    values = set(found.distances_km)
    return values.pop() if len(values) == 1 else None


@dataclass(frozen=True)
class RaceFound:
    date: dt.date
    name: str
    distance: Distance | None
    distance_why: str
    priority: str | None  # from the file (category, label, training-race word); None: by position
    priority_why: str
    reading: Reading | None = None

    @property
    def rank(self) -> int:
        return DISTANCE_ORDER.index(self.distance) if self.distance else -1


def race_name(reading: Reading) -> str:
    """'Race: Jarrow 10K' -> 'Jarrow 10K'; 'Run - Race: Jarrow 10K' -> 'Jarrow 10K'."""
    vocab = vocabulary()
    title = clean_title(reading.entry.title) if reading.entry.title else reading.text
    for _ in range(2):
        parts = re.split(r"\s*(?:[:>]+|\s[-–—]+)\s*", title, maxsplit=1)
        if len(parts) == 2 and parts[1] and fold(parts[0]) in vocab.race_prefixes | set(vocab.sports):
            title = parts[1]
    return title.strip() or "Race"


def _distance(reading: Reading) -> tuple[Distance | None, str]:
    entry = reading.entry
    first_line = entry.description.strip().splitlines()[0] if entry.description.strip() else ""
    named = _words_distance(entry.title)
    if named:
        return named, "named in the title"
    km = _number_distance(entry.title)
    if km:
        return distance_class(km), f"{_km_words(km)} in the title"
    if entry.distance_km:
        return distance_class(
            entry.distance_km
        ), f"{_km_words(entry.distance_km)} in the file's distance field"
    km = _number_distance(entry.description)
    if km:
        return distance_class(km), f"{_km_words(km)} in the description"
    named = _words_distance(first_line)
    if named:
        return named, "named in the description"
    return None, ""


def _km_words(km: float) -> str:
    miles = km / KM_PER_MILE
    if abs(miles - round(miles)) < 0.02 and round(miles) not in (5, 10):
        return f"{round(miles)} miles"
    if abs(miles - round(miles)) < 0.02:
        return f"{round(miles)} miles ({km:g} km)"
    return f"{km:g} km"


def _label(text: str) -> tuple[str | None, str]:
    folded = fold(text)
    found = _regex("priorities").search(folded)
    if found:
        return vocabulary().priorities[found.group(0)], f"labelled '{found.group(0)}'"
    found = _regex("training_races").search(folded)
    if found:
        return "C", f"'{found.group(0)}' is a training race"
    return None, ""


def race_from(reading: Reading) -> RaceFound:
    entry = reading.entry
    distance, distance_why = _distance(reading)
    if entry.priority is not None:
        priority, why = entry.priority, f"the file's race category ({entry.sport_label or entry.priority})"
    else:
        priority, why = _label(entry.title)
        if priority is None:
            priority, why = _label(entry.description)
    return RaceFound(
        date=entry.date,
        name=race_name(reading),
        distance=distance,
        distance_why=distance_why,
        priority=priority,
        priority_why=why,
        reading=reading,
    )


def _goal_groups(candidates: list[RaceFound]) -> list[list[RaceFound]]:
    """Unlabelled races split where more than BLOCK_GAP_DAYS separate two of them."""
    groups: list[list[RaceFound]] = []
    for race in candidates:
        if groups and (race.date - groups[-1][-1].date).days <= BLOCK_GAP_DAYS:
            groups[-1].append(race)
        else:
            groups.append([race])
    return groups


def assign_priorities(races: Sequence[RaceFound], forced: dt.date | None) -> list[RaceFound]:
    """Every race with its final priority and why (module docstring)."""
    races = sorted(races, key=lambda r: r.date)
    if forced is not None:
        goals = {forced}
        why = {forced: "given with --race"}
        races = [
            replace(r, priority="B", priority_why="--race names another goal race")
            if r.priority == "A" and r.date != forced
            else r
            for r in races
        ]
    else:
        labelled = [r for r in races if r.priority == "A"]
        goals = {r.date for r in labelled}
        why = {r.date: r.priority_why for r in labelled}
        if not goals:
            candidates = [r for r in races if r.priority is None]
            for group in _goal_groups(candidates):
                goal = max(group, key=lambda r: (r.rank, r.date))
                goals.add(goal.date)
                longest = "the longest race" if len(group) > 1 else "the only race"
                why[goal.date] = longest + (" of its block" if len(_goal_groups(candidates)) > 1 else "")
        if not goals and races:
            goals = {races[-1].date}
            why[races[-1].date] = "the last race (every race is a training race)"
    last_goal = max(goals) if goals else None
    final = []
    for race in races:
        if race.date in goals:
            final.append(replace(race, priority="A", priority_why=why[race.date]))
        elif race.priority is not None:
            final.append(race)
        elif last_goal is not None and race.date > last_goal:
            final.append(replace(race, priority="C", priority_why="after the goal race"))
        else:
            final.append(replace(race, priority="B", priority_why="before the goal race"))
    return final
