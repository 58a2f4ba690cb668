"""Workout kinds from the titles coaches and platforms really write."""

from __future__ import annotations

import pytest

from planner.importers import DEFAULT_KEYWORDS, classify
from planner.importers.keywords import (
    WORKOUT_KINDS,
    clean_title,
    distance_km,
    duration_min,
    is_week_banner,
    race_distance,
    race_priority,
)

TITLES = [
    # hard: quality
    ("🏃 Run • Tempo 5 mi", "quality"),
    ("6x800m @ 5K", "quality"),
    ("Cruise intervals 3 x 1 mi @ T", "quality"),
    ("Hill repeats 8x60s", "quality"),
    ("Fartlek 10 x 1' on / 1' off", "quality"),
    ("VO2max 5x3 min", "quality"),
    ("Track: 12 x 400", "quality"),
    ("Threshold 2x2 mi", "quality"),
    ("Progression run 8 mi", "quality"),
    ("Marathon pace run 10 mi", "quality"),
    ("Half marathon race pace 6 mi", "quality"),
    ("5 mi @ 10K effort", "quality"),
    ("Yasso 800s", "quality"),
    ("Race week sharpener: 4x400m @ HMP", "quality"),
    # hard: long run
    ("Run: Long Run 16mi", "long_run"),
    ("Long Run 18 mi w/ last 6 @ MP", "long_run"),
    ("🏃‍♂️ Long run – 12 mi easy", "long_run"),
    ("LSD 2h30", "long_run"),
    ("Sunday long 14", "long_run"),
    # hard: race
    ("Chicago Marathon", "race"),
    ("Half Marathon race", "race"),
    ("🏁 Tune-up race: Shamrock 10K", "race"),
    ("Run: Chicago Marathon 🏅", "race"),
    ("Race day!", "race"),
    ("Turkey Trot 5K", "race"),
    ("10K tune-up", "race"),
    # not hard
    ("Easy 8 mi (after the tune-up)", "easy"),
    ("🏃 Easy run • 5 mi", "easy"),
    ("Run 6 mi", "easy"),
    ("Easy 10K", "easy"),
    ("Recovery run 3 mi", "recovery"),
    ("Post-race recovery jog", "recovery"),
    ("Race week shakeout", "recovery"),
    ("Easy 4 mi + 6 strides", "strides"),
    ("Rest day 😴", "rest"),
    ("Day Off", "rest"),
    ("Bike: 45 min easy spin", "cross_training"),
    ("Swim 10x100", "cross_training"),
    ("Elliptical 40 min", "cross_training"),
    ("XT", "cross_training"),
    ("Aqua jogging 30'", "cross_training"),
    ("💪 Strength: core + hips", "strength"),
    ("Gym - legs", "strength"),
    ("Weights 3x10", "strength"),
    ("Easy run + core", "easy"),
    ("Walk/run 30 min", "easy"),
]


@pytest.mark.parametrize(("title", "kind"), TITLES)
def test_real_titles_get_the_kind_a_coach_means(title: str, kind: str) -> None:
    assert classify(title) == kind


@pytest.mark.parametrize("title", ["Coffee with coach", "Team photo", "", "🏃"])
def test_text_without_a_workout_is_unknown_not_guessed(title: str) -> None:
    assert classify(title) is None


def test_marathon_pace_is_quality_but_the_marathon_itself_is_a_race() -> None:
    assert classify("Marathon pace run") == "quality"
    assert classify("Marathon") == "race"


def test_user_keywords_win_over_the_defaults() -> None:
    assert classify("Parkrun") == "race"
    assert classify("Parkrun", {"parkrun": "quality"}) == "quality"
    assert classify("Coffee with coach", {"coffee with coach": "rest"}) == "rest"
    # The longest user phrase wins when two match.
    assert classify("Easy bike", {"easy": "easy", "easy bike": "cross_training"}) == "cross_training"


def test_every_default_keyword_names_a_real_workout_kind_and_classifies_as_itself() -> None:
    for phrase, kind in DEFAULT_KEYWORDS.items():
        assert kind in WORKOUT_KINDS, phrase
        assert classify(phrase) == kind, phrase


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("🏃 Run • Tempo 5 mi", "Tempo 5 mi"),
        ("Run: Long Run 16mi", "Long Run 16mi"),
        ("Bike • 45 min easy", "Bike: 45 min easy"),
        ("Strength: Strength & core", "Strength & core"),
        ("🏅 Lakeside Half Marathon", "Lakeside Half Marathon"),
        ("Cross-train: elliptical", "Cross-train: elliptical"),
    ],
)
def test_titles_lose_emoji_bullets_and_the_run_prefix_but_keep_their_meaning(
    title: str, cleaned: str
) -> None:
    assert clean_title(title) == cleaned


def test_long_run_distance_fills_distance_km_but_reps_do_not() -> None:
    assert distance_km("Long Run 18 mi") == pytest.approx(28.97, abs=0.01)
    assert distance_km("Long run 30 km") == 30.0
    assert distance_km("8-10 mi easy") == pytest.approx(16.09, abs=0.01)
    assert distance_km("6x800m @ 5K") is None
    assert distance_km("3 x 1 mi @ T") is None
    assert distance_km("2 mi WU, 4 mi tempo, 1 mi CD") is None


def test_duration_from_text() -> None:
    assert duration_min("Bike: 45 min easy spin") == 45
    assert duration_min("Easy 1.5 h") == 90
    assert duration_min("VO2max 5x3 min") is None


@pytest.mark.parametrize(
    ("title", "distance"),
    [
        ("Chicago Marathon", "marathon"),
        ("City Half Marathon", "half"),
        ("Shamrock 10K", "10k"),
        ("Turkey Trot 5K", "5k"),
        ("Western States 100 miler", "ultra"),
        ("Broad Street 10 Miler", "10k"),
        ("Race day", None),
    ],
)
def test_race_distance_from_the_name(title: str, distance: str | None) -> None:
    assert race_distance(title) == distance


def test_race_priority_words() -> None:
    assert race_priority("Tune-up race: Shamrock 10K") == "C"
    assert race_priority("B race: State 10K") == "B"
    assert race_priority("Chicago Marathon") is None


def test_week_banners_are_recognised() -> None:
    assert is_week_banner("📅 Training Week 3 • Build")
    assert is_week_banner("Week 12: race week")
    assert not is_week_banner("Long run 12 mi")
