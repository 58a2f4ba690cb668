"""The words calendars use for workouts, one table per language, loaded from the YAML files here.

Every table has the same shape (`LanguageTable`). The importer never branches on a language: it
merges the tables into one `Vocabulary` in which every phrase has exactly one meaning, and it
remembers which language each phrase came from, so an import can say which tables it used.
Adding a language is adding one YAML file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field

from planner.plan import Distance, WorkoutKind

LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "nl")

# What a phrase means, strongest first: when one table lists a phrase twice, the stronger meaning
# is the one kept ("pace" is a pace word in English although it also keeps races away).
Meaning = Literal["kind", "run", "workout", "pace", "race_name", "race_context", "not_race", "neutral"]
MEANING_ORDER: tuple[str, ...] = get_args(Meaning)
HeaderRole = Literal[
    "date",
    "end_date",
    "title",
    "description",
    "sport",
    "category",
    "kind",
    "distance_km",
    "distance_mi",
    "distance_m",
    "distance",
    "distance_unit",
    "duration_min",
    "duration_h",
    "duration_s",
    "duration",
]
Unit = Literal["mi", "km", "m", "min", "h"]
SportKind = Literal["run", "cross_training", "strength", "rest"]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LanguageTable(_Table):
    """One language's words. See en.yaml for what each list means."""

    language: str
    name: str
    kinds: dict[WorkoutKind, list[str]] = Field(default_factory=dict)
    run: list[str] = Field(default_factory=list)
    workout: list[str] = Field(default_factory=list)
    race_names: list[str] = Field(default_factory=list)
    race_context: list[str] = Field(default_factory=list)
    start_words: list[str] = Field(default_factory=list)
    pace: list[str] = Field(default_factory=list)
    neutral: list[str] = Field(default_factory=list)
    not_race: list[str] = Field(default_factory=list)
    priorities: dict[Literal["A", "B", "C"], list[str]] = Field(default_factory=dict)
    training_races: list[str] = Field(default_factory=list)
    distances: dict[Distance, list[str]] = Field(default_factory=dict)
    units: dict[Unit, list[str]] = Field(default_factory=dict)
    sports: dict[SportKind, list[str]] = Field(default_factory=dict)
    race_prefixes: list[str] = Field(default_factory=list)
    cancelled_prefixes: list[str] = Field(default_factory=list)
    headers: dict[HeaderRole, list[str]] = Field(default_factory=dict)
    stopwords: list[str] = Field(default_factory=list)

    def meanings(self) -> dict[str, tuple[Meaning, str]]:
        """phrase -> (meaning, kind or '') for the phrases the text scanner looks for."""
        found: dict[str, tuple[Meaning, str]] = {}

        def put(phrase: str, meaning: Meaning, kind: str = "") -> None:
            key = fold(phrase)
            old = found.get(key)
            if old is None or MEANING_ORDER.index(meaning) < MEANING_ORDER.index(old[0]):
                found[key] = (meaning, kind)

        for kind, phrases in self.kinds.items():
            for phrase in phrases:
                put(phrase, "kind", kind)
        for meaning, phrases in (
            ("run", self.run),
            ("workout", self.workout),
            ("pace", self.pace),
            ("race_name", self.race_names),
            ("race_context", self.race_context),
            ("not_race", self.not_race),
            ("neutral", self.neutral),
        ):
            for phrase in phrases:
                put(phrase, meaning)  # type: ignore[arg-type]
        return found


def fold(text: str) -> str:
    """Text as the scanner compares it: NFKC, case-folded, accents dropped, hyphens and
    underscores between letters as spaces, apostrophes straight, runs of spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").replace("′", "'")
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(char)
    )
    text = re.sub(r"(?<=[^\W\d_])[-_/](?=[^\W\d_])|(?<=[^\W\d_])[-_](?=\d)|(?<=\d)-(?=[^\W\d_])", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Phrase:
    meaning: Meaning
    kind: str  # the workout kind when meaning == "kind"
    languages: tuple[str, ...]


@dataclass
class Vocabulary:
    """All tables merged: one meaning per phrase, and the lookups the readers need."""

    tables: dict[str, LanguageTable]
    phrases: dict[str, Phrase] = field(default_factory=dict)
    priorities: dict[str, str] = field(default_factory=dict)  # label phrase -> A/B/C
    training_races: frozenset[str] = frozenset()  # C unless a label says otherwise
    distances: dict[str, str] = field(default_factory=dict)  # phrase -> taper class
    units: dict[str, str] = field(default_factory=dict)  # phrase -> mi/km/m/min/h
    sports: dict[str, str] = field(default_factory=dict)  # phrase -> run/cross_training/strength/rest
    race_prefixes: frozenset[str] = frozenset()
    cancelled_prefixes: frozenset[str] = frozenset()
    start_words: frozenset[str] = frozenset()
    headers: dict[str, str] = field(default_factory=dict)  # folded header -> role
    stopwords: frozenset[str] = frozenset()

    def phrase_regex(self) -> re.Pattern[str]:
        return _alternation(self.phrases)

    def language_names(self, codes: list[str]) -> list[str]:
        return [f"{self.tables[code].name} ({code})" for code in codes if code in self.tables]


def _alternation(phrases: dict[str, object] | list[str]) -> re.Pattern[str]:
    # Longest first: at each position the regex takes the first alternative that matches.
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![0-9a-z])")


class VocabularyConflict(ValueError):
    """Two tables give one phrase two meanings: the merged vocabulary would be ambiguous."""


def _merge_lookup(
    target: dict[str, str], phrases: dict[str, list[str]] | dict, what: str, language: str, seen: dict
) -> None:
    for value, items in phrases.items():
        for phrase in items:
            key = fold(phrase)
            old = target.get(key)
            if old is not None and old != value:
                raise VocabularyConflict(
                    f"{what} {phrase!r} means {old!r} in {seen[(what, key)]} but {value!r} in {language}"
                )
            target[key] = value
            seen.setdefault((what, key), language)


def build_vocabulary(tables: dict[str, LanguageTable]) -> Vocabulary:
    """Merge language tables; raises VocabularyConflict when two give a phrase different meanings."""
    vocabulary = Vocabulary(tables=tables)
    merged: dict[str, tuple[Meaning, str]] = {}
    languages: dict[str, list[str]] = defaultdict(list)
    seen: dict[tuple[str, str], str] = {}
    for code, table in tables.items():
        for phrase, meaning in table.meanings().items():
            old = merged.get(phrase)
            if old is not None and old != meaning:
                raise VocabularyConflict(
                    f"{phrase!r} means {old} in {', '.join(languages[phrase])} but {meaning} in {code}"
                )
            merged[phrase] = meaning
            languages[phrase].append(code)
        _merge_lookup(vocabulary.priorities, table.priorities, "priority", code, seen)
        _merge_lookup(vocabulary.distances, table.distances, "distance", code, seen)
        _merge_lookup(vocabulary.units, table.units, "unit", code, seen)
        _merge_lookup(vocabulary.sports, table.sports, "sport", code, seen)
        _merge_lookup(vocabulary.headers, table.headers, "header", code, seen)
    vocabulary.phrases = {
        phrase: Phrase(meaning=meaning, kind=kind, languages=tuple(languages[phrase]))
        for phrase, (meaning, kind) in merged.items()
    }
    vocabulary.race_prefixes = frozenset(fold(p) for t in tables.values() for p in t.race_prefixes)
    vocabulary.training_races = frozenset(fold(p) for t in tables.values() for p in t.training_races)
    vocabulary.cancelled_prefixes = frozenset(fold(p) for t in tables.values() for p in t.cancelled_prefixes)
    vocabulary.start_words = frozenset(fold(p) for t in tables.values() for p in t.start_words)
    vocabulary.stopwords = frozenset(fold(p) for t in tables.values() for p in t.stopwords)
    return vocabulary


def load_table(code: str) -> LanguageTable:
    text = resources.files(__package__).joinpath(f"{code}.yaml").read_text(encoding="utf-8")
    # BaseLoader keeps every scalar a string: YAML 1.1 would read the word "off" as False. The C
    # loader (libyaml) reads the six tables ten times faster when it is there.
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    return LanguageTable.model_validate(yaml.load(text, Loader=loader))


@cache
def vocabulary() -> Vocabulary:
    """The merged vocabulary of every language table shipped with the planner."""
    return build_vocabulary({code: load_table(code) for code in LANGUAGES})
