"""What a piece of calendar text says: the scanner behind every workout reading.

`scan(text)` folds the text (case, accents, emoji, bullets), finds the vocabulary's phrases (longest
first, so "marathon pace" hides "marathon") and the patterns no word list can hold: repeats
("6x800m", "3 x 10'", "Main Set 6x"), effort targets ("@ 5K", "@ MP", "10K pace"), distances,
durations, a start time ("Start 6:15am") and a title that is only a number ("8"). Whatever is left
over are words nobody knows: they are what makes "Sunday Funday" unknown rather than a plain run.

`decide(scan)` turns one scan into one reading. The rules, in order (DOMAIN.md "Reading real
training calendars"):
- rest wins when nothing hard is said ("Rest or cross-training");
- a non-running sport wins unless running is said ("Bike intervals" is cross-training, but
  "Strength: 6 x 1 mi (400m jog)" is a Hansons running workout);
- race, then long run, then quality: the hard kinds are never hidden behind an easier word;
  quality comes from a quality word, an unqualified pace word ("5 mi pace"), an effort target or a
  repeat, except that repeats next to strides are the strides ("GA 9 w/ 10 x 100m strides");
- then the easy kinds;
- a race name with nothing else ("NYC Half", "Boston Marathon") is a race;
- a run word or a bare distance with no unknown word is a plain run ("3 mi run", "8");
- sport evidence with unknown words is a sport-like event of unknown effort ("Coach's choice 45'").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from planner.importers.vocabulary import Vocabulary, fold, vocabulary

HARD = ("race", "long_run", "quality")
EASY_ORDER = ("strides", "recovery", "easy", "cross_training", "strength", "rest")
RUNNING_KINDS = frozenset({"race", "long_run", "quality", "strides", "recovery", "easy"})
# Readings that are not workout kinds: a plain run (effort from its week) and a sport-like event
# whose effort nothing says (possibly hard).
PLAIN_RUN = "run"
SPORT = "sport"
# Scanning stops here: a title or description longer than this is not a workout's text, and a
# 1 MB SUMMARY must not cost seconds.
MAX_SCAN_CHARS = 2000
# Standard race distances written as "10K": next to nothing else they name a race ("Clontarf 10K").
RACE_K_DISTANCES = frozenset({"5", "8", "10", "12", "15", "21", "25", "30", "42", "50", "100"})
KM_PER_MILE = 1.609344
_BULLETS = "•·▪◦‣∙●▸►→|"


def clean(text: str) -> str:
    """Text for folding: emoji and symbols as spaces, bullets as ' | ', at most MAX_SCAN_CHARS."""
    text = unicodedata.normalize("NFKC", text[:MAX_SCAN_CHARS]).replace("×", "x")
    out = []
    for char in text:
        if char in _BULLETS:
            out.append(" | ")
        elif unicodedata.category(char) in ("So", "Sk", "Cs", "Co", "Cf") or char in "\ufe0e\ufe0f":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


@cache
def run_words() -> frozenset[str]:
    """Single words that mean running in any table ("run", "lauf", "loop", "corsa")."""
    return frozenset(
        phrase for phrase, p in vocabulary().phrases.items() if p.meaning == "run" and " " not in phrase
    )


@dataclass(frozen=True)
class Patterns:
    """Regexes built once from the vocabulary (units, start words)."""

    phrases: re.Pattern[str]
    distance: re.Pattern[str]
    duration_minutes: re.Pattern[str]
    duration_hours: re.Pattern[str]
    start_time: re.Pattern[str]


def _units(vocab: Vocabulary, *kinds: str) -> str:
    names = sorted((name for name, unit in vocab.units.items() if unit in kinds), key=len, reverse=True)
    return "|".join(re.escape(name) for name in names)


@cache
def patterns() -> Patterns:
    vocab = vocabulary()
    number = r"(\d+(?:[.,]\d+)?)"
    starts = "|".join(re.escape(w) for w in sorted(vocab.start_words, key=len, reverse=True))
    return Patterns(
        phrases=vocab.phrase_regex(),
        distance=re.compile(
            rf"(?<![\w.,]){number}(?:\s*(?:-|to|a|bis|–)\s*{number})?\s*({_units(vocab, 'mi', 'km', 'm')})(?![a-z])"
        ),
        duration_minutes=re.compile(rf"(?<![\w.,:])(\d+)\s*(?:'(?!')|({_units(vocab, 'min')})(?![a-z]))"),
        duration_hours=re.compile(
            rf"(?<![\w.,:])(\d+(?:[.,]\d+)?)\s*(?:{_units(vocab, 'h')})(?:\s*(\d\d)(?!\d))?(?![a-z])"
            r"|(?<![\w.,:])(\d):([0-5]\d)(?![\d:]|\s*(?:/|am|pm))"
        ),
        start_time=re.compile(
            rf"(?<![a-z])(?:{starts})\s*(?:at|um|om|a las|alle|a|:)?\s*\d{{1,2}}(?::|h|\.)\d\d(?!\d)(?!\s*/)"
        ),
    )


REPS = re.compile(r"(?<![\w.])\d+\s*x\s*(?:\(|\d|$|[;|,.])")
EFFORT = re.compile(
    r"@\s*(?:\d+(?:[.,]\d+)?\s*k\b|\d+\s*k\s*[-/]\s*\d+\s*k\b|m\s*p\b|mp|hmp|gmp|lt|t\b|tempo|threshold|hm|half|"
    r"marathon|race|goal|interval)"
    r"|(?<![\w.])\d+(?:[.,]\d+)?\s*k\s*(?:race\s*)?(?:pace|effort)\b"
)
RACE_K = re.compile(r"(?<![\w.,])(\d+)\s*k(?![a-z])")
BARE_NUMBER = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*$")
_CLOCK = re.compile(r"(?<![\w.])\d{1,2}[:h.]\d\d(?:\s*(?:am|pm|uhr))?(?!\w)")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Match:
    phrase: str
    meaning: str
    kind: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Scan:
    """What one piece of text says (see the module docstring)."""

    folded: str
    matches: tuple[Match, ...] = ()
    reps: bool = False
    effort: bool = False
    race_k: bool = False
    bare_number: bool = False
    start_time: bool = False
    distances_km: tuple[float, ...] = ()
    minutes: tuple[int, ...] = ()
    unknown: tuple[str, ...] = ()
    languages: Counter[str] = field(default_factory=Counter)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(m.kind for m in self.matches if m.meaning == "kind")

    def has(self, meaning: str) -> bool:
        return any(m.meaning == meaning for m in self.matches)

    @property
    def pace(self) -> bool:
        return self.has("pace")

    @property
    def run(self) -> bool:
        return self.has("run")

    @property
    def run_in_phrase(self) -> bool:
        """A matched phrase that holds a run word ("easy run", "tempo run", "Regenerationslauf" does not)."""
        words = run_words()
        return any(words & set(m.phrase.split()) for m in self.matches if m.kind in RUNNING_KINDS)

    @property
    def quality_evidence(self) -> bool:
        """A quality word, an unqualified pace word, an effort target or a repeat."""
        return "quality" in self.kinds or self.pace or self.effort or self.reps

    @property
    def distance_km(self) -> float | None:
        return self.distances_km[0] if len(self.distances_km) == 1 else None

    @property
    def duration_min(self) -> int | None:
        return self.minutes[0] if len(self.minutes) == 1 else None

    @property
    def sport_evidence(self) -> bool:
        """Anything that says this is training: a workout word, a run, a distance or duration."""
        return bool(
            self.kinds
            or self.run
            or self.has("workout")
            or self.distances_km
            or self.minutes
            or self.bare_number
            or self.reps
            or self.effort
        )

    @property
    def effort_words(self) -> tuple[str, ...]:
        return tuple(m.phrase for m in self.matches if m.meaning == "pace")


def _after_reps(folded: str, index: int) -> bool:
    return bool(re.search(r"\d\s*x\s*\(?\s*$", folded[:index]))


def _to_float(text: str) -> float:
    return float(text.replace(",", "."))


def scan(text: str) -> Scan:
    """Scan one title, line or description (see the module docstring)."""
    vocab = vocabulary()
    pats = patterns()
    folded = fold(clean(text))
    if not folded:
        return Scan(folded="")
    spans: list[tuple[int, int]] = []
    matches = []
    languages: Counter[str] = Counter()
    for found in pats.phrases.finditer(folded):
        phrase = vocab.phrases[found.group(0)]
        matches.append(Match(found.group(0), phrase.meaning, phrase.kind, phrase.languages))
        spans.append(found.span())
        if len(phrase.languages) == 1:
            languages[phrase.languages[0]] += 1
    distances: list[float] = []
    for found in pats.distance.finditer(folded):
        spans.append(found.span())
        unit = vocab.units[found.group(3)]
        value = _to_float(found.group(2) or found.group(1))
        # "6 x 800m", "10 x 100m strides": a repeat's length is not the workout's distance.
        if unit == "m" or _after_reps(folded, found.start()):
            continue
        distances.append(round(value * (KM_PER_MILE if unit == "mi" else 1.0), 2))
    minutes: list[int] = []
    for found in pats.duration_hours.finditer(folded):
        spans.append(found.span())
        if _after_reps(folded, found.start()):
            continue
        if found.group(1) is not None:
            minutes.append(round(_to_float(found.group(1)) * 60) + int(found.group(2) or 0))
        else:
            minutes.append(int(found.group(3)) * 60 + int(found.group(4)))
    for found in pats.duration_minutes.finditer(folded):
        spans.append(found.span())
        if not _after_reps(folded, found.start()):
            minutes.append(int(found.group(1)))
    for pattern in (REPS, EFFORT, RACE_K, pats.start_time, _CLOCK):
        spans.extend(found.span() for found in pattern.finditer(folded))
    race_k = any(found.group(1) in RACE_K_DISTANCES for found in RACE_K.finditer(folded))
    masked = list(folded)
    for start, end in spans:
        masked[start:end] = " " * (end - start)
    unknown = tuple(
        word
        for word in _WORD.findall("".join(masked))
        if len(word) > 1 and word not in vocab.stopwords and word not in vocab.units
    )
    return Scan(
        folded=folded,
        matches=tuple(matches),
        reps=bool(REPS.search(folded)),
        effort=bool(EFFORT.search(folded)),
        race_k=race_k,
        bare_number=bool(BARE_NUMBER.match(folded)),
        start_time=bool(pats.start_time.search(folded)),
        distances_km=tuple(d for d in distances if 0 < d <= 500),
        minutes=tuple(m for m in minutes if 0 < m <= 24 * 60),
        unknown=unknown,
        languages=languages,
    )


@dataclass(frozen=True)
class Verdict:
    """One part's reading: a workout kind, PLAIN_RUN, SPORT or None, and why (for the report)."""

    kind: str | None
    why: str = ""  # "phrase", "pace", "effort", "reps", "race_name", "plain", "unknown", ...

    @property
    def named(self) -> bool:
        """A kind the text names outright (not a plain run, not an unknown sport-like event)."""
        return self.kind is not None and self.kind not in (PLAIN_RUN, SPORT)

    @property
    def hard(self) -> bool:
        return self.kind in HARD


NOTHING = Verdict(None)


def decide(found: Scan, *, race_names: bool = True, running: bool = False) -> Verdict:
    """The reading of one scanned title or type line (module docstring). `race_names=False` for
    description lines, where "Half Marathon Plan" or "Half Marathon (goal 2:00:00)" is a header;
    `running` when a sport prefix or field already says this is a run."""
    kinds = set(found.kinds)
    run = running or found.run or found.run_in_phrase
    if "rest" in kinds and not kinds & set(HARD):
        return Verdict("rest", "phrase")
    if "cross_training" in kinds and not run:
        return Verdict("cross_training", "phrase")
    # "Easy run + core", "Footing + gainage": the run is the workout, the gym work comes with it.
    if "strength" in kinds and not run and not kinds & RUNNING_KINDS:
        return Verdict("strength", "phrase")
    if run:
        kinds -= {"cross_training", "strength"}  # "3 mi run + strength": the run is the workout
    if "race" in kinds:
        return Verdict("race", "phrase")
    if "long_run" in kinds:
        return Verdict("long_run", "phrase")
    strides_reps = "strides" in kinds and "quality" not in kinds and not found.pace and not found.effort
    if "quality" in kinds:
        return Verdict("quality", "phrase")
    if found.effort:
        return Verdict("quality", "effort")
    if found.pace:
        return Verdict("quality", "pace")
    if found.reps and not strides_reps:
        return Verdict("quality", "reps")
    for kind in EASY_ORDER:
        if kind in kinds:
            return Verdict(kind, "phrase")
    # "Marathon expo", "Half Marathon Plan", "Marathon prep run": about a race, not the race.
    blocked = found.has("not_race") or found.has("workout") or found.has("neutral") or found.run
    if race_names and (found.has("race_name") or found.race_k) and not blocked:
        return Verdict("race", "race_name")
    if (run or found.bare_number or found.distances_km) and not found.unknown and not found.has("workout"):
        return Verdict(PLAIN_RUN, "plain")
    if found.sport_evidence or running:
        return Verdict(SPORT, "unknown")
    return NOTHING


def description_verdict(found: Scan) -> Verdict:
    """What the rest of a description adds: hard evidence, a named easy kind, or a race only by
    what only races carry (a start time, a corral, a bib). Race words and race names here are too
    often about something else ("Practise your race-day fuelling", "Half Marathon Plan")."""
    kinds = set(found.kinds)
    if found.has("race_context") or found.start_time:
        return Verdict("race", "race_context")
    if "long_run" in kinds:
        return Verdict("long_run", "phrase")
    if "quality" in kinds:
        return Verdict("quality", "phrase")
    if found.effort:
        return Verdict("quality", "effort")
    if found.pace:
        return Verdict("quality", "pace")
    if found.reps and "strides" not in kinds:
        return Verdict("quality", "reps")
    for kind in EASY_ORDER:
        if kind in kinds:
            return Verdict(kind, "phrase")
    return NOTHING


def number_unit(titles: list[str]) -> str:
    """'mi' when the titles write miles more often than km: a bare '8' in them is then 8 miles."""
    miles = km = 0
    for title in titles[:2000]:
        folded = fold(title[:200])
        miles += len(re.findall(r"\d\s*(?:mi|mile|miles)\b", folded))
        km += len(re.findall(r"\d\s*(?:km|k)\b", folded))
    return "mi" if miles > km else "km"
