"""Numbers and names the sample generator draws from: what typical training plans use.

Data only (the generator's tables); `weeks.py` lays out the weeks with them.
"""

from __future__ import annotations

from dataclasses import dataclass

MILE_KM = 1.609344
RACE_KM: dict[str, float] = {"5k": 5.0, "10k": 10.0, "half": 21.1, "marathon": 42.2, "ultra": 50.0}
RACE_WORD: dict[str, str] = {
    "5k": "5K",
    "10k": "10K",
    "half": "Half Marathon",
    "marathon": "Marathon",
    "ultra": "50K",
}


@dataclass(frozen=True)
class Profile:
    """Long-run and tempo ranges (miles) over a build for one race distance."""

    long_start: float
    long_peak: float
    tempo_start: float
    tempo_peak: float
    easy: float


# Ranges a typical intermediate plan uses (e.g. an 18-week marathon peaks at a 20-mile long run).
PROFILES: dict[str, Profile] = {
    "5k": Profile(5, 8, 2, 4, 3.5),
    "10k": Profile(6, 10, 2, 5, 4),
    "half": Profile(7, 13, 3, 6, 4.5),
    "marathon": Profile(10, 20, 3, 7, 5),
    "ultra": Profile(12, 24, 4, 8, 6),
}

# Work intervals by rising difficulty: (title, metres per rep, reps).
INTERVALS: tuple[tuple[str, int, int], ...] = (
    ("8x400m @ 5K pace", 400, 8),
    ("6x800m @ 5K pace", 800, 6),
    ("5x1000m @ 5K pace", 1000, 5),
    ("4x1200m @ 10K pace", 1200, 4),
    ("3x1600m @ 10K pace", 1600, 3),
    ("6x1000m @ 10K pace", 1000, 6),
    ("2x3200m @ half-marathon pace", 3200, 2),
)
HILLS: tuple[tuple[str, int], ...] = (
    ("8x60s hill repeats", 8),
    ("10x60s hill repeats", 10),
    ("8x90s hill repeats", 8),
    ("6x2 min hill repeats", 6),
)
CROSS_TRAINING = ("Easy bike 45 min", "Swim 30 min", "Elliptical 40 min")
REHAB_CROSS_TRAINING = ("Pool running 40 min", "Easy bike 45 min", "Elliptical 40 min")
PLACES = (
    "Lakefront",
    "Riverside",
    "Harbour",
    "Prairie",
    "Canal Path",
    "Old Town",
    "Hillcrest",
    "Bayview",
    "Greenway",
    "Mill Creek",
)
NAMES = ("Maya Ortiz", "Sam Okafor", "Priya Raman", "Tom Becker", "Lena Fischer", "Jordan Lee", "Ana Silva")
