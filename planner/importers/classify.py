"""One calendar entry -> what it is: a workout kind, a plain run, an unknown sport-like event, or
nothing to plan around. All the evidence counts, in this order (DOMAIN.md "Reading real training
calendars"):

1. the user's keywords (`--keyword TEXT=KIND`): they always win;
2. what the file states outright: our own X-PLANNER-WORKOUT-KIND, a CSV kind column, a race
   category (intervals.icu RACE_A), a note or a cancelled event;
3. a sport prefix or field: "Bike: ..." or a Bike type column is cross-training unless the title
   says running;
4. the title; then the description's first line (Runna puts the workout type there: "🏃 8km" with
   "Tempo" below); then the rest of the description, which can only add hard evidence, a named
   easy kind, or race-only details (a start time, a corral);
5. what is left: a plain run (its week decides whether it is the long run, see `weeks.py`), a
   sport-like event whose effort nothing says (possibly hard), or an event with no sport evidence
   (ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from planner.importers.entries import CalendarEntry
from planner.importers.text import (
    KM_PER_MILE,
    NOTHING,
    PLAIN_RUN,
    SPORT,
    Scan,
    Verdict,
    clean,
    decide,
    description_verdict,
    scan,
)
from planner.importers.vocabulary import fold, vocabulary

UNKNOWN = "unknown"
IGNORED = "ignored"

# How a reading was reached: the report groups its lines by these.
How = str


@dataclass(frozen=True)
class Reading:
    entry: CalendarEntry
    kind: str  # a workout kind, PLAIN_RUN, UNKNOWN or IGNORED
    how: How
    title: str  # the cleaned title for the workout and the report
    distance_km: float | None = None
    duration_min: int | None = None
    detail: str = ""  # the words that decided it, for the report ("pace", "Tempo")

    @property
    def text(self) -> str:
        """The title, or the description's first line for an entry without one."""
        if self.title:
            return self.title
        lines = self.entry.description.strip().splitlines()
        return lines[0][:80] if lines else ""


def _prefix(title: str) -> tuple[str | None, str, str]:
    """('race' | a sport kind | None, the prefix, the rest) for titles like 'Bike: Easy spin',
    'Race: Jarrow 10K', 'Wettkampf: Halbmarathon', 'Strength - Core'. A running prefix is not split
    off: it is evidence like any run word."""
    vocab = vocabulary()
    parts = re.split(r"\s*(?:[:|>]+|\s[-–—]+)\s*", clean(title).strip(" |"), maxsplit=1)
    if len(parts) != 2 or not parts[1].strip():
        return None, "", title
    word = fold(parts[0])
    if word in vocab.race_prefixes:
        return "race", parts[0], parts[1]
    sport = vocab.sports.get(word)
    if sport is not None and sport != "run":
        return sport, parts[0], parts[1]
    return None, "", title


def clean_title(title: str) -> str:
    """The title as a coach would write it: no emoji, no bullets, no 'Run:' prefix."""
    text = re.sub(r"\s+", " ", clean(title)).strip(" |-–—:,;")
    text = re.sub(r"\s*\|\s*", " - ", text)
    vocab = vocabulary()
    parts = re.split(r"\s*(?:[:>]+|\s[-–—]+)\s*", text, maxsplit=1)
    if len(parts) == 2 and vocab.sports.get(fold(parts[0])) == "run" and parts[1]:
        return parts[1]
    return text or title.strip()


def _keyword(entry: CalendarEntry, keywords: dict[str, str]) -> tuple[str, str] | None:
    if not keywords:
        return None
    texts = [fold(entry.title), fold(entry.description)]
    # The longest matching phrase wins, so "easy bike" can override a user's "easy".
    for key in sorted(keywords, key=len, reverse=True):
        needle = re.compile(r"(?<!\w)" + re.escape(fold(key)) + r"(?!\w)")
        if any(needle.search(text) for text in texts if text):
            return keywords[key], key
    return None


def _lines(description: str) -> tuple[str, str]:
    lines = [line.strip() for line in description.strip().splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "", ""
    return lines[0], "\n".join(lines[1:])


def read_entry(
    entry: CalendarEntry, keywords: dict[str, str] | None = None, number_unit: str = "km"
) -> Reading:
    """What this entry is (module docstring). `number_unit` is what a bare number ("8") means."""
    title = clean_title(entry.title) if entry.title else ""
    if entry.ignore == "multi_day":
        # A banner over a week is no workout, but a race over two days is still a race.
        inner = read_entry(replace(entry, ignore=None), keywords, number_unit)
        return inner if inner.kind == "race" else Reading(entry, IGNORED, "multi_day", title)
    if entry.ignore is not None:
        return Reading(entry, IGNORED, entry.ignore, title)
    found = _keyword(entry, keywords or {})
    if found is not None:
        return Reading(entry, found[0], "keyword", title, detail=found[1])
    if entry.kind is not None:
        return Reading(entry, entry.kind, "stated", title)
    if entry.priority is not None:
        return Reading(entry, "race", "stated", title)

    first, others = _lines(entry.description)
    title_text = entry.title
    if not title_text.strip():
        # No title: the description's first line is the title (plain CSVs with a notes column only).
        title_text, (first, others) = first, _lines(others)
        title = clean_title(title_text) if title_text else ""
    prefix_kind, prefix_word, rest = _prefix(title_text) if title_text else (None, "", "")
    title_scan = scan(rest if prefix_kind else title_text)
    first_scan, rest_scan = scan(first), scan(others)

    distance = entry.distance_km if entry.distance_km is not None else title_scan.distance_km
    if distance is None and title_scan.bare_number:
        # A chart cell that is only a number ("8" in a Hal Higdon plan) is a distance in the file's unit.
        distance = round(
            float(title_scan.folded.replace(",", ".")) * (KM_PER_MILE if number_unit == "mi" else 1), 2
        )

    def reading(kind: str, how: How, detail: str = "", source: Scan = title_scan) -> Reading:
        return Reading(
            entry,
            kind,
            how,
            title,
            distance_km=distance if distance and distance <= 500 else None,
            duration_min=entry.duration_min if entry.duration_min is not None else title_scan.duration_min,
            detail=detail,
        )

    if prefix_kind == "race":
        return reading("race", "title", prefix_word)
    # A non-running sport, from a prefix or a structured field, wins unless the title says running.
    sport = prefix_kind or (entry.sport if entry.sport in ("cross_training", "strength", "rest") else None)
    if sport is not None and not title_scan.run:
        return reading(sport, "sport", prefix_word or entry.sport_label)
    field_sport = entry.sport is not None or prefix_kind is not None
    title_verdict = decide(title_scan) if title_text else NOTHING
    if title_verdict.named:
        return reading(
            title_verdict.kind, "title" if title_verdict.why != "pace" else "pace", _words(title_scan)
        )
    first_verdict = decide(first_scan, race_names=False)
    if first_verdict.named:
        return reading(first_verdict.kind, "first_line", first, first_scan)
    rest_verdict = description_verdict(rest_scan) if rest_scan.folded else NOTHING
    if title_verdict.kind is None and not field_sport:
        # No sport word, distance or field anywhere in the title: a start time or a corral in the
        # description still makes an unnamed event a race ("Dam tot Damloop ... Start 11:20").
        if rest_verdict.kind == "race" or description_verdict(first_scan).kind == "race":
            return reading("race", "description", "start time or race details")
        return Reading(entry, IGNORED, "no_sport", title)
    if rest_verdict.kind == "race" and title_verdict.kind == SPORT:
        return reading("race", "description", "start time or race details")
    if rest_verdict.named and (rest_verdict.hard or title_verdict.kind in (PLAIN_RUN, SPORT, None)):
        how = "pace" if rest_verdict.why == "pace" else "description"
        return reading(rest_verdict.kind, how, _words(rest_scan))
    if title_verdict.kind == PLAIN_RUN or (title_verdict.kind is None and first_verdict.kind == PLAIN_RUN):
        return reading(PLAIN_RUN, "plain")
    return reading(UNKNOWN, "unknown")


def _words(found: Scan) -> str:
    return ", ".join(dict.fromkeys(m.phrase for m in found.matches if m.meaning in ("kind", "pace")))


__all__ = ["IGNORED", "PLAIN_RUN", "SPORT", "UNKNOWN", "Reading", "Verdict", "clean_title", "read_entry"]
