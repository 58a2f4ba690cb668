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
    detail: str = ""  # the words that decided it, shown in the report ("5 mi pace" -> "pace")

    @property
    def text(self) -> str:
        """The title, or the description's first line for an entry without one."""
        if self.title:
            return self.title
        lines = self.entry.description.strip().splitlines()
        return lines[0][:80] if lines else ""


@dataclass(frozen=True)
class Prefix:
    """What a title's leading 'Word:' or 'Word - ' says: 'race', 'cancelled', a non-running sport,
    or nothing; whether a running prefix came first ('Run - Race: Jarrow 10K'); the rest."""

    kind: str | None
    running: bool
    word: str
    rest: str


def _prefix(title: str) -> Prefix:
    vocab = vocabulary()
    rest, running = clean(title).strip(" |"), False
    for _ in range(3):
        parts = re.split(r"\s*(?:[:|>]+|\s[-–—]+)\s*", rest, maxsplit=1)
        if len(parts) != 2 or not parts[1].strip():
            break
        word = fold(parts[0])
        if word in vocab.cancelled_prefixes:
            return Prefix("cancelled", running, parts[0], parts[1])
        if word in vocab.race_prefixes:
            return Prefix("race", running, parts[0], parts[1])
        sport = vocab.sports.get(word)
        if sport == "run":
            running, rest = True, parts[1]
            continue
        if sport is not None:
            return Prefix(sport, running, parts[0], parts[1])
        break
    return Prefix(None, running, "", rest)


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
        if inner.kind == "race" and inner.how in ("title", "keyword", "stated"):
            return inner
        return Reading(entry, IGNORED, "multi_day", title)
    if entry.ignore is not None:
        return Reading(entry, IGNORED, entry.ignore, title)
    first, others = _lines(entry.description)
    title_text = entry.title
    if not title_text.strip():
        # No title: the description's first line is the title (plain CSVs with a notes column only).
        title_text, (first, others) = first, _lines(others)
        title = clean_title(title_text) if title_text else ""
    prefix = _prefix(title_text) if title_text else Prefix(None, False, "", "")
    title_scan = scan(prefix.rest if title_text else "")
    distance = entry.distance_km if entry.distance_km is not None else title_scan.distance_km
    if distance is None and title_scan.bare_number:
        # A chart cell that is only a number ("8" in a Hal Higdon plan) is a distance in the file's unit.
        distance = round(
            float(title_scan.folded.replace(",", ".")) * (KM_PER_MILE if number_unit == "mi" else 1), 2
        )
    measured = Reading(
        entry,
        IGNORED,
        "",
        title,
        distance_km=distance if distance and distance <= 500 else None,
        duration_min=entry.duration_min if entry.duration_min is not None else title_scan.duration_min,
    )
    stated = _stated(measured, keywords or {}, prefix)
    if stated is not None:
        return stated
    return _from_text(measured, Text(title_text, title_scan, prefix, first, others))


def _stated(measured: Reading, keywords: dict[str, str], prefix: Prefix) -> Reading | None:
    """What the file or the user says outright: a cancellation, a keyword, a kind, a race category."""
    entry = measured.entry
    if prefix.kind == "cancelled":
        return replace(measured, how="cancelled")
    found = _keyword(entry, keywords)
    if found is not None:
        return replace(measured, kind=found[0], how="keyword", detail=found[1])
    if entry.kind is not None:
        return replace(measured, kind=entry.kind, how="stated")
    if entry.priority is not None:
        return replace(measured, kind="race", how="stated")
    return None


@dataclass(frozen=True)
class Text:
    """An entry's words: the title (and its scan and prefix) and the description's two parts."""

    title: str
    title_scan: Scan
    prefix: Prefix
    first: str
    others: str


def _from_text(measured: Reading, text: Text) -> Reading:
    """What the title, the description and a sport field say (module docstring, steps 3-5)."""
    entry, prefix, title_scan = measured.entry, text.prefix, text.title_scan
    first, others, first_scan = text.first, text.others, scan(text.first)
    if not _type_line(first, first_scan):
        # A sentence is description like the rest ("Run at the pace you plan to race ...").
        first, others, first_scan = "", f"{first}\n{others}", scan("")
    rest_scan = scan(others)

    def reading(kind: str, how: How, detail: str = "") -> Reading:
        return replace(measured, kind=kind, how=how, detail=detail)

    if prefix.kind == "race":
        return reading("race", "title", prefix.word)
    # A non-running sport, from a prefix or a structured field, wins unless the title says running.
    sport = prefix.kind or (entry.sport if entry.sport in ("cross_training", "strength", "rest") else None)
    if sport is not None and not title_scan.run:
        return reading(sport, "sport", prefix.word or entry.sport_label)
    field_sport = entry.sport is not None or prefix.kind is not None or prefix.running
    title_verdict = decide(title_scan, running=prefix.running) if text.title else NOTHING
    if title_verdict.named:
        return reading(
            title_verdict.kind, "title" if title_verdict.why != "pace" else "pace", _words(title_scan)
        )
    first_verdict = decide(first_scan, race_names=False) if first else NOTHING
    if first_verdict.named:
        return reading(first_verdict.kind, "first_line", first)
    rest_verdict = description_verdict(rest_scan) if rest_scan.folded else NOTHING
    if title_verdict.kind is None and not field_sport:
        # No sport word, distance or field anywhere in the title: a start time or a corral in the
        # description still makes an unnamed event a race ("Dam tot Damloop ... Start 11:20").
        if rest_verdict.kind == "race" or description_verdict(first_scan).kind == "race":
            return reading("race", "description", "start time or race details")
        return reading(IGNORED, "no_sport")
    if rest_verdict.kind == "race" and title_verdict.kind == SPORT:
        return reading("race", "description", "start time or race details")
    if rest_verdict.named:
        how = "pace" if rest_verdict.why == "pace" else "description"
        return reading(rest_verdict.kind, how, _words(rest_scan))
    if title_verdict.kind == PLAIN_RUN or (title_verdict.kind is None and first_verdict.kind == PLAIN_RUN):
        return reading(PLAIN_RUN, "plain")
    return reading(UNKNOWN, "unknown")


def _type_line(line: str, found: Scan) -> bool:
    """A description's first line names the workout type (Runna: "Tempo", "Easy Run", "Race Day")
    when every word in it is known, or when it starts with a race prefix ("Race: 14 km ...").
    A sentence ("Week 12 of 12. Focus: race.") is not a type line."""
    if not found.unknown:
        return True
    return _prefix(line).kind == "race"


def _words(found: Scan) -> str:
    return ", ".join(dict.fromkeys(m.phrase for m in found.matches if m.meaning in ("kind", "pace")))


__all__ = ["IGNORED", "PLAIN_RUN", "SPORT", "UNKNOWN", "Reading", "clean_title", "read_entry"]
