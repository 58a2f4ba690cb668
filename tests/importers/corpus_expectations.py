"""The real-calendar corpus (issue 8): every calendar file with what it means.

Each `data/corpus/X.ext` has an `X.expected.yaml` written from the public plan or format it is modelled
on, not from what any importer does: the races, and for EVERY local date that has an event, the
strongest kind of that day. Tests import `load_cases()`; the file format is described in
`data/corpus/README.md`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
CALENDAR_SUFFIXES = (".ics", ".csv")

# DOMAIN.md "Hard day": quality, long run or race.
HARD_KINDS = frozenset({"race", "long_run", "quality"})
EASY_KINDS = frozenset({"easy", "recovery", "strides", "rest", "cross_training", "strength"})
# Sport-like but unknowable (no session on it nor the day before), and no sport evidence at all.
# The strongest kind of a day, as the corpus writes it (README "Expectation files").
STRENGTH = [
    "race",
    "long_run",
    "quality",
    "unknown",
    "strides",
    "recovery",
    "easy",
    "cross_training",
    "strength",
    "rest",
]
POSSIBLY_HARD = "possibly_hard"
IGNORED = "ignored"
DAY_KINDS = HARD_KINDS | EASY_KINDS | {POSSIBLY_HARD, IGNORED}
PRIORITIES = frozenset({"A", "B", "C"})
DISTANCES = frozenset({"5k", "10k", "half", "marathon", "ultra"})

_KEYS = {
    "source",
    "shape",
    "language",
    "timezone",
    "import_options",
    "error",
    "retry_options",
    "csv",
    "races",
    "days",
}


@dataclass(frozen=True)
class CsvDialect:
    """How the CSV file is really written, so the corpus can check itself (never given to an importer)."""

    encoding: str
    delimiter: str
    date_column: str
    date_format: str
    end_date_column: str | None = None


@dataclass(frozen=True)
class ExpectedRace:
    date: dt.date
    priority: str
    distance: str


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    data: bytes
    source: str
    shape: str
    language: str
    timezone: str
    import_options: dict[str, str]
    error: str | None
    retry_options: dict[str, str]
    csv: CsvDialect | None
    races: tuple[ExpectedRace, ...]
    days: dict[dt.date, str]

    @property
    def hard_days(self) -> set[dt.date]:
        return {day for day, kind in self.days.items() if kind in HARD_KINDS}

    @property
    def possibly_hard_days(self) -> set[dt.date]:
        return {day for day, kind in self.days.items() if kind == POSSIBLY_HARD}

    @property
    def not_hard_days(self) -> set[dt.date]:
        """Days an importer must not call hard: easy kinds and days with no sport evidence."""
        return {day for day, kind in self.days.items() if kind in EASY_KINDS or kind == IGNORED}

    @property
    def ignored_days(self) -> set[dt.date]:
        return {day for day, kind in self.days.items() if kind == IGNORED}


def _fail(path: Path, message: str) -> ValueError:
    return ValueError(f"{path.name}: {message}")


def _load_case(calendar: Path) -> Case:
    expected = calendar.with_name(calendar.stem + ".expected.yaml")
    if not expected.exists():
        raise _fail(calendar, f"no expectation file {expected.name}")
    raw = yaml.safe_load(expected.read_text(encoding="utf-8"))
    unknown = set(raw) - _KEYS
    if unknown:
        raise _fail(expected, f"unknown keys {sorted(unknown)}")
    days: dict[dt.date, str] = {}
    for day, kind in (raw.get("days") or {}).items():
        if not isinstance(day, dt.date) or kind not in DAY_KINDS:
            raise _fail(expected, f"bad day entry {day!r}: {kind!r}")
        days[day] = kind
    races = []
    for race in raw.get("races") or []:
        if race.get("priority") not in PRIORITIES or race.get("distance") not in DISTANCES:
            raise _fail(expected, f"bad race {race!r}")
        races.append(ExpectedRace(date=race["date"], priority=race["priority"], distance=race["distance"]))
    dialect = CsvDialect(**raw["csv"]) if raw.get("csv") else None
    return Case(
        name=calendar.name,
        path=calendar,
        data=calendar.read_bytes(),
        source=str(raw["source"]),
        shape=str(raw["shape"]),
        language=str(raw["language"]),
        timezone=str(raw["timezone"]),
        import_options=dict(raw.get("import_options") or {}),
        error=raw.get("error"),
        retry_options=dict(raw.get("retry_options") or {}),
        csv=dialect,
        races=tuple(sorted(races, key=lambda r: r.date)),
        days=dict(sorted(days.items())),
    )


def calendar_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in CALENDAR_SUFFIXES)


def load_cases() -> list[Case]:
    """Every corpus calendar with its expectation, sorted by file name."""
    return [_load_case(path) for path in calendar_files()]


def strongest_kinds(plan) -> dict[dt.date, str]:
    """The strongest kind of each day of an imported plan (its workouts, and its races), as the
    expectation files write them."""
    kinds = {day.date: min((w.kind for w in day.workouts), key=STRENGTH.index) for day in plan.training}
    kinds.update({race.date: "race" for race in plan.races})
    return kinds
