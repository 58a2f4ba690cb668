"""Workout kinds from calendar text: the keyword table, the patterns, and the order they win in.

Calendar titles are written by people ("🏃 Run • Tempo 5 mi", "Run: Long Run 16mi", "Chicago
Marathon 🏁", "Bike: 60' easy spin"), so classification works on a normalised copy of the text:
emoji and bullets become spaces, everything is lower case, and phrases match on word boundaries.

Overlaps are settled in two ways. The longest phrase wins where phrases overlap, so "marathon pace"
(a quality run) hides "marathon" and "post-race" (recovery) hides "race". Then the kinds found
are ranked: race before long run before quality before the easy kinds (DOMAIN.md: the hard kinds
decide whether a day is hard, so they must never be hidden behind an easier word on the same
line). A non-running sport ("Bike intervals", "Swim 10x100") is cross-training whatever else it
says, unless the text also mentions running.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import get_args

from planner.plan import Distance, WorkoutKind

WORKOUT_KINDS: tuple[str, ...] = get_args(WorkoutKind)

# Plain phrases (matched whole-word, case-insensitive) -> workout kind. A user's keywords
# (`--keyword "TEXT=kind"`, `Plan.keywords`) are checked before all of these.
DEFAULT_KEYWORDS: dict[str, str] = {
    # race
    "race": "race",
    "race day": "race",
    "raceday": "race",
    "goal race": "race",
    "a race": "race",
    "b race": "race",
    "c race": "race",
    # long run
    "long": "long_run",
    "long run": "long_run",
    "lr": "long_run",
    "lsd": "long_run",
    "long slow distance": "long_run",
    "medium long": "long_run",
    "medium-long": "long_run",
    "mlr": "long_run",
    # quality
    "interval": "quality",
    "intervals": "quality",
    "cruise intervals": "quality",
    "repeats": "quality",
    "reps": "quality",
    "tempo": "quality",
    "threshold": "quality",
    "lt": "quality",
    "lactate threshold": "quality",
    "hill": "quality",
    "hills": "quality",
    "hill repeats": "quality",
    "hill sprints": "quality",
    "fartlek": "quality",
    "vo2max": "quality",
    "vo2 max": "quality",
    "vo2": "quality",
    "track": "quality",
    "speed": "quality",
    "speedwork": "quality",
    "speed work": "quality",
    "sprints": "quality",
    "surges": "quality",
    # A progression run finishes at tempo effort or faster: coaches count it as a workout.
    "progression": "quality",
    "progression run": "quality",
    "marathon pace": "quality",
    "half marathon pace": "quality",
    "race pace": "quality",
    "goal pace": "quality",
    "threshold pace": "quality",
    "tempo pace": "quality",
    "mp": "quality",
    "hmp": "quality",
    "gmp": "quality",
    "yasso": "quality",
    "yassos": "quality",
    "ladder": "quality",
    "pyramid": "quality",
    "time trial": "quality",
    "steady state": "quality",
    "critical velocity": "quality",
    # rest
    "rest": "rest",
    "rest day": "rest",
    "day off": "rest",
    "off": "rest",
    "off day": "rest",
    "no run": "rest",
    "no running": "rest",
    # strides
    "strides": "strides",
    "stride": "strides",
    "hill strides": "strides",
    "pickups": "strides",
    "pick-ups": "strides",
    "accelerations": "strides",
    "drills": "strides",
    "form drills": "strides",
    # recovery
    "recovery": "recovery",
    "recovery run": "recovery",
    "recovery jog": "recovery",
    "active recovery": "recovery",
    "shakeout": "recovery",
    "shake-out": "recovery",
    "shake out": "recovery",
    "regen": "recovery",
    "post-race": "recovery",
    "post race": "recovery",
    # easy
    "easy": "easy",
    "easy run": "easy",
    "aerobic": "easy",
    "general aerobic": "easy",
    "ga": "easy",
    "base": "easy",
    "base run": "easy",
    "zone 2": "easy",
    "z2": "easy",
    "conversational": "easy",
    "run/walk": "easy",
    "walk/run": "easy",
    "run-walk": "easy",
    "walk-run": "easy",
    # cross-training
    "bike": "cross_training",
    "biking": "cross_training",
    "cycle": "cross_training",
    "cycling": "cross_training",
    "ride": "cross_training",
    "spin": "cross_training",
    "spinning": "cross_training",
    "peloton": "cross_training",
    "swim": "cross_training",
    "swimming": "cross_training",
    "pool": "cross_training",
    "aqua jog": "cross_training",
    "aqua jogging": "cross_training",
    "pool run": "cross_training",
    "pool running": "cross_training",
    "deep water running": "cross_training",
    "dwr": "cross_training",
    "elliptical": "cross_training",
    "cross-train": "cross_training",
    "cross train": "cross_training",
    "cross-training": "cross_training",
    "cross training": "cross_training",
    "crosstrain": "cross_training",
    "xt": "cross_training",
    "rowing": "cross_training",
    "row": "cross_training",
    "erg": "cross_training",
    "hike": "cross_training",
    "hiking": "cross_training",
    "walk": "cross_training",
    "ski": "cross_training",
    "skiing": "cross_training",
    "yoga": "cross_training",
    "stairmaster": "cross_training",
    # strength
    "strength": "strength",
    "gym": "strength",
    "core": "strength",
    "weights": "strength",
    "weight training": "strength",
    "lifting": "strength",
    "lift": "strength",
    "s&c": "strength",
    "plyometrics": "strength",
    "plyos": "strength",
    "pilates": "strength",
    "mobility": "strength",
    "circuit": "strength",
    "circuits": "strength",
    "prehab": "strength",
    "upper body": "strength",
}

# Internal markers that are not workout kinds.
# A race distance or event word ("Chicago Marathon", "10K tune-up", "Turkey Trot"): a race only if
# the text says nothing else, so "Marathon pace run" and "Easy 8 mi (after the tune-up)" are not.
_RACE_NAME = "race_name"
_RUN = "run"  # a plain run ("Run 6 mi"): easy unless something stronger is said
_NEUTRAL = "neutral"  # consumed so that it hides shorter words ("race week" is not a race)

_INTERNAL_PHRASES: dict[str, str] = {
    **dict.fromkeys(
        (
            "marathon",
            "half marathon",
            "half-marathon",
            "halfmarathon",
            "ultra",
            "ultramarathon",
            "ultra marathon",
            "ten miler",
            "10 miler",
            "50 miler",
            "100 miler",
            "tune-up",
            "tune up",
            "tuneup",
            "parkrun",
            "turkey trot",
            "fun run",
            "relay",
            "triathlon",
            "duathlon",
            "championship",
            "championships",
        ),
        _RACE_NAME,
    ),
    **dict.fromkeys(("run", "runs", "running", "jog", "jogging"), _RUN),
    **dict.fromkeys(
        (
            "race week",
            "race-week",
            "pre-race",
            "pre race",
            "race kit",
            "race prep",
            "warm up",
            "warm-up",
            "warmup",
            "wu",
            "cool down",
            "cool-down",
            "cooldown",
            "cd",
        ),
        _NEUTRAL,
    ),
}

# Structural patterns: repetitions ("6x800m", "3 x 1 mi", "2x(1k,2k)"), effort targets ("@ 5K",
# "@ MP"), paces ("10k pace"), bare race distances ("10K") and plain distances ("6 mi").
REPS = re.compile(r"(?<![\w.])\d+\s*[x×]\s*[\d(]")
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("quality", REPS),
    (
        "quality",
        re.compile(r"@\s*(?:\d+(?:\.\d+)?\s*k\b|t\b|tempo|threshold|mp\b|hmp\b|gmp\b|hm\b|half|marathon)"),
    ),
    ("quality", re.compile(r"(?<![\w.])\d+\s*k\s*(?:pace|effort)\b")),
    (_RACE_NAME, re.compile(r"(?<![\w.])\d+k\b")),
    (_RUN, re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s*(?:mi|miles?|km|kms|kilomet(?:er|re)s?)\b")),
)

# Sport prefixes that calendar feeds put before the title ("Run: ...", "Bike • ...").
_SPORTS: dict[str, str | None] = {
    **dict.fromkeys(("run", "running"), None),
    **dict.fromkeys(
        (
            "bike",
            "cycling",
            "ride",
            "spin",
            "swim",
            "swimming",
            "xt",
            "cross-train",
            "cross train",
            "cross-training",
            "cross training",
            "crosstrain",
            "elliptical",
            "yoga",
            "walk",
            "hike",
            "row",
            "rowing",
        ),
        "cross_training",
    ),
    **dict.fromkeys(("strength", "gym", "core", "mobility", "pilates"), "strength"),
    **dict.fromkeys(("rest", "off"), "rest"),
    **dict.fromkeys(("race", "race day"), "race"),
}
# A colon, pipe or arrow anywhere; a dash only after a space, so "Run-walk" and "Cross-train" stay
# whole words.
_PREFIX = re.compile(
    r"^(?P<sport>"
    + "|".join(re.escape(s) for s in sorted(_SPORTS, key=len, reverse=True))
    + r")(?:\s*[:|>]+|\s+[-–—]+)\s*(?P<rest>.+)$"
)
# Bullet-like characters people put between parts of a title.
_BULLETS = "•·▪◦‣∙●▸►→|"

# Tie-break among the kinds a text mentions (see the module docstring).
PRECEDENCE: tuple[str, ...] = (
    "race",
    "long_run",
    "quality",
    "rest",
    "strides",
    "recovery",
    "easy",
    "cross_training",
    "strength",
)
_HARD = frozenset({"race", "long_run", "quality"})

_WEEK_BANNER = re.compile(r"^(?:training\s+)?(?:week|wk)\s*\d+\b")


def _phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    # Longest first: at each position the regex takes the first alternative that matches.
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![0-9a-z])")


_DEFAULT_TABLE: dict[str, str] = {**_INTERNAL_PHRASES, **DEFAULT_KEYWORDS}
_DEFAULT_REGEX = _phrase_regex(list(_DEFAULT_TABLE))


def normalize(text: str) -> str:
    """Lower case, emoji and symbols to spaces, bullets to ' | ', runs of spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    chars = []
    for char in text:
        if char in _BULLETS:
            chars.append(" | ")
        elif char != "×" and unicodedata.category(char) in ("So", "Sk", "Cs", "Co", "Cf", "Mn"):
            chars.append(" ")
        else:
            chars.append(char)
    text = re.sub(r"\s+", " ", "".join(chars).lower())
    return text.strip(" |:-–—,;.")


@dataclass(frozen=True)
class _Match:
    kind: str
    text: str
    structural: bool = False


def _split_prefix(norm: str) -> tuple[str | None, bool, str]:
    """(kind the sport prefix decides, whether it was a running prefix, the rest of the text)."""
    match = _PREFIX.match(norm)
    if not match:
        return None, False, norm
    sport = match.group("sport")
    return _SPORTS[sport], _SPORTS[sport] is None, match.group("rest")


def _user_kind(text: str, extra: dict[str, str] | None) -> str | None:
    if not extra:
        return None
    lowered = unicodedata.normalize("NFKC", text).lower()
    norm = normalize(text)
    # The longest matching user phrase wins, so "easy bike" can override a user's "easy".
    for key in sorted(extra, key=len, reverse=True):
        needle = re.compile(r"(?<!\w)" + re.escape(key.strip().lower()) + r"(?!\w)")
        if needle.search(lowered) or needle.search(norm):
            return extra[key]
    return None


def _matches(norm: str) -> list[_Match]:
    scan = norm.replace("|", " ")
    found = [_Match(_DEFAULT_TABLE[m.group(0)], m.group(0)) for m in _DEFAULT_REGEX.finditer(scan)]
    for kind, pattern in _PATTERNS:
        found.extend(_Match(kind, m.group(0), structural=True) for m in pattern.finditer(scan))
    return found


def classify(text: str, extra: dict[str, str] | None = None) -> str | None:
    """The workout kind a calendar title or description names, or None when it names none.

    `extra` maps the user's own phrases to kinds; they win over every default.
    """
    user = _user_kind(text, extra)
    if user is not None:
        return user
    norm = normalize(text)
    if not norm:
        return None
    prefix_kind, running_prefix, rest = _split_prefix(norm)
    if prefix_kind is not None:
        return prefix_kind
    found = _matches(rest)
    kinds = {m.kind for m in found}
    running = running_prefix or any(
        m.kind == _RUN or (m.kind != "cross_training" and re.search(r"run|jog|track|stride", m.text))
        for m in found
    )
    hard_phrase = any(m.kind in _HARD and not m.structural for m in found)
    if "rest" in kinds and not kinds & _HARD:
        return "rest"
    if "cross_training" in kinds and not running:
        return "cross_training"
    if "strength" in kinds and not running and not hard_phrase:
        return "strength"
    for kind in PRECEDENCE:
        if kind in kinds:
            return kind
    if _RACE_NAME in kinds and not kinds - {_RACE_NAME, _NEUTRAL}:
        return "race"
    if _RUN in kinds:
        return "easy"
    return None


def is_week_banner(text: str) -> bool:
    """'Training Week 3 - Build' and the like: a heading in the calendar, not a workout."""
    return bool(_WEEK_BANNER.match(normalize(text)))


def clean_title(text: str) -> str:
    """The title without emoji, bullets or a 'Run:' prefix; other sports keep their name."""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        if char in _BULLETS:
            kept.append(" - ")
        elif char != "×" and unicodedata.category(char) in ("So", "Sk", "Cs", "Co", "Cf"):
            kept.append(" ")
        elif unicodedata.category(char) == "Mn" and char in "\ufe0e\ufe0f":
            kept.append("")
        else:
            kept.append(char)
    title = re.sub(r"\s+", " ", "".join(kept)).strip(" -–—:|,;")
    title = re.sub(r"\s+-(\s+-)+\s+", " - ", title)
    match = re.match(_PREFIX.pattern, title, flags=re.IGNORECASE)
    if match:
        sport, rest = match.group("sport"), match.group("rest")
        if _SPORTS[sport.lower()] is None or sport.lower() in rest.lower():
            return rest
        return f"{sport}: {rest}"
    return title or text.strip()


# Race distance words, most specific first.
_DISTANCE_WORDS: tuple[tuple[re.Pattern[str], Distance], ...] = (
    (re.compile(r"\bhalf[- ]?marathon\b|\bhalf\b|\b13\.1\b|\b21(?:\.1)?\s*k"), "half"),
    (re.compile(r"\bultra|\b(?:50|100)\s*(?:k\b|km\b|mi|miler)"), "ultra"),
    (re.compile(r"\bmarathon\b|\b26\.2\b|\b42(?:\.2)?\s*k"), "marathon"),
)
_KM_VALUE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(k|km|mi|miles?|miler)\b")
KM_PER_MILE = 1.609344
DISTANCE_KM: dict[str, float] = {"5k": 5.0, "10k": 10.0, "half": 21.0975, "marathon": 42.195}


def distance_from_km(km: float) -> Distance:
    """The race distance class whose taper fits a race of this length (DOMAIN.md 'Taper')."""
    if km <= 7:
        return "5k"
    if km <= 17:
        return "10k"
    if km <= 30:
        return "half"
    if km <= 42.2:
        return "marathon"
    return "ultra"


def race_distance(text: str) -> Distance | None:
    """'Chicago Marathon' -> marathon, 'Turkey Trot 5K' -> 5k, '15K' -> 10k; None if unsaid."""
    norm = normalize(text)
    for pattern, distance in _DISTANCE_WORDS:
        if pattern.search(norm):
            return distance
    match = _KM_VALUE.search(norm)
    if match:
        value, unit = float(match.group(1)), match.group(2)
        return distance_from_km(value * KM_PER_MILE if unit.startswith("mi") else value)
    return None


def race_priority(text: str) -> str | None:
    """C for tune-ups and training races, B when said; None lets the importer decide."""
    norm = normalize(text)
    if re.search(r"\btune[- ]?up\b|\bc race\b|\bparkrun\b|\btraining race\b|\bfun run\b", norm):
        return "C"
    if re.search(r"\bb race\b", norm):
        return "B"
    return None


_DISTANCE = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*(mi|miles?|km|kms|kilomet(?:er|re)s?)\b"
)
_MINUTES = re.compile(r"(?<![\w.])(\d+)\s*(?:min|mins|minutes|'|′)(?!\w)")
_HOURS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours)\b")


def distance_km(text: str) -> float | None:
    """'Long Run 18 mi' -> 28.97; a range takes its upper end; reps or several distances: None."""
    norm = normalize(text)
    if REPS.search(norm):
        return None
    found = _DISTANCE.findall(norm)
    if len(found) != 1:
        return None
    low, high, unit = found[0]
    value = float(high or low)
    km = value * KM_PER_MILE if unit.startswith("mi") else value
    return round(km, 2) if 0 < km <= 500 else None


def duration_min(text: str) -> int | None:
    """'Easy 45 min' -> 45, '1.5 h' -> 90; reps or several durations: None."""
    norm = normalize(text)
    if REPS.search(norm):
        return None
    minutes = _MINUTES.findall(norm)
    hours = _HOURS.findall(norm)
    if len(minutes) + len(hours) != 1:
        return None
    value = int(minutes[0]) if minutes else round(float(hours[0]) * 60)
    return value if 0 < value <= 24 * 60 else None
