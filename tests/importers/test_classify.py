"""Workout kinds from the titles, descriptions and fields coaches and platforms really write."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.importers.classify import IGNORED, PLAIN_RUN, UNKNOWN, clean_title, read_entry
from planner.importers.entries import CalendarEntry
from planner.importers.races import distance_class, race_from
from planner.importers.text import scan

DAY = dt.date(2027, 3, 2)


def kind(title: str, description: str = "", **fields: object) -> str:
    return read_entry(CalendarEntry(date=DAY, title=title, description=description, **fields)).kind  # type: ignore[arg-type]


TITLES = [
    # quality, in six languages and the shorthand of plan books
    ("🏃 Run • Tempo 5 mi", "quality"),
    ("6x800m @ 5K", "quality"),
    ("Cruise intervals 3 x 1 mi @ T", "quality"),
    ("Fartlek 10 x 1' on / 1' off", "quality"),
    ("Track: 12 x 400", "quality"),
    ("Progression run 8 mi", "quality"),
    ("Marathon pace run 10 mi", "quality"),
    ("5 mi @ 10K effort", "quality"),
    ("Race week sharpener: 4x400m @ HMP", "quality"),
    ("5 mi pace", "quality"),  # Hal Higdon: marathon pace
    ("LT 8 w/ 4 @ LT", "quality"),  # Pfitzinger
    ("V8 w/ 5 x 600 @ 5K", "quality"),
    ("Strength: 6 x 1 mi (400m jog)", "quality"),  # Hansons "strength" is running
    ("Magic Mile", "quality"),
    ("Tempodauerlauf 10 km", "quality"),
    ("Marathontempo 15 km", "quality"),
    ("Fractionné 10 x 400 m", "quality"),
    ("VMA courte 2 x (8 x 30/30)", "quality"),
    ("Allure marathon 3 x 4 km", "quality"),
    ("Cambios de ritmo 6 x 3'", "quality"),
    ("Series 8 x 400 m", "quality"),
    ("Ripetute 8 x 400 m", "quality"),
    ("Medio 8 km", "quality"),
    ("Tempoloop 15 min", "quality"),
    ("Heuveltraining 8 x 200 m", "quality"),
    # long runs
    ("Run: Long Run 16mi", "long_run"),
    ("Long Run 18 mi w/ last 6 @ MP", "long_run"),
    ("LSD 2h30", "long_run"),
    ("MLR 12", "long_run"),
    ("Langer Lauf 22 km", "long_run"),
    ("Sortie longue 1h30", "long_run"),
    ("Tirada larga 16 km", "long_run"),
    ("Lungo 18 km", "long_run"),
    ("Lange duurloop 14 km", "long_run"),
    # races, named in any language, by distance or by name
    ("Chicago Marathon", "race"),
    ("🏁 Tune-up race: Shamrock 10K", "race"),
    ("Turkey Trot 5K", "race"),
    ("NYC Half 🗽", "race"),
    ("Bronx 10 Mile tune-up", "race"),
    ("parkrun - Parramatta", "race"),
    ("Wettkampf: Halbmarathon", "race"),
    ("Semi-marathon de Paris", "race"),
    ("Media maratón de Valencia", "race"),
    ("Gara: Corsa di Miguel 10 km", "race"),
    ("Halve marathon van Egmond", "race"),
    ("Dam tot Damloop", "race"),
    ("Cross départemental", "race"),  # French: a cross-country race
    # easy kinds
    ("Easy 8 mi (after the tune-up)", "easy"),
    ("Easy 10K", "easy"),
    ("Recovery run 3 mi", "recovery"),
    ("Race week shakeout", "recovery"),
    ("GA 9 w/ 10 x 100m strides", "strides"),  # the repeats are the strides
    ("Easy run + core", "easy"),
    ("Dauerlauf 12 km", "easy"),
    ("Footing 45 min", "easy"),
    ("Rodaje suave 8 km", "easy"),
    ("Lento 10 km", "easy"),
    ("Duurloop 8 km", "easy"),
    ("Lento 8 km + allunghi", "strides"),
    ("Rest or cross-training", "rest"),
    ("Ruhetag", "rest"),
    ("Bike: 45 min easy spin", "cross_training"),
    ("Bike intervals", "cross_training"),
    ("Swim 10x100", "cross_training"),
    ("Aqua jogging 30'", "cross_training"),
    ("Cross", "cross_training"),  # English: cross-training
    ("💪 Strength: core + hips", "strength"),
    ("Weights 3x10", "strength"),
    ("Krafttraining", "strength"),
    # a bare distance is a run, not a kind: its week decides (see test_weeks.py)
    ("3 mi run", PLAIN_RUN),
    ("8", PLAIN_RUN),
    ("🏃 8km", PLAIN_RUN),
    # sport-like with unknown effort: possibly hard
    ("Run: Coach's choice 45'", UNKNOWN),
    ("Guided Run: Sunday Funday", UNKNOWN),
    ("Workout 14", UNKNOWN),
    # no sport evidence at all: ignored
    ("Dentist", IGNORED),
    ("Team dinner 🍝", IGNORED),
    ("Marathon expo", IGNORED),
    ("Flight to Boston", IGNORED),
    ("Long weekend away", IGNORED),
]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_real_titles_get_the_kind_a_coach_means(title: str, expected: str) -> None:
    assert kind(title) == expected


def test_the_description_first_line_names_the_workout_when_the_title_does_not() -> None:
    # Runna: the title is a distance, the type is on the first line.
    assert kind("🏃 8km", "Tempo\n\n1.5km warm up at a conversational pace") == "quality"
    assert kind("🏃 6km", "Easy Run\n\n6km at a conversational pace") == "easy"
    assert kind("🏃 Rolling 400s • 8km", "Intervals\n\n8 x 400m at 4:40/km") == "quality"
    # ...but a sentence is not a type line, and a plan header is not a race.
    assert kind("Training Week 12", "Week 12 of 12. Focus: race.") == UNKNOWN
    assert (
        kind("Guided Run: Sunday Funday", "Half Marathon Plan · Week 4\nNRC Guided Run · 40 min") == UNKNOWN
    )


def test_pace_words_mean_quality_unless_an_easy_word_qualifies_them() -> None:
    assert kind("3 mi run", "Marathon pace") == "quality"
    assert kind("Run 6 mi", "Run at the pace you plan to race the half marathon.") == "quality"
    assert kind("Easy Run", "Recovery pace") == "easy"
    assert kind("Rodaje suave 8 km", "Ritmo cómodo, conversacional") == "easy"


def test_marathon_pace_in_a_description_never_makes_a_race() -> None:
    assert kind("Sortie longue 1h20", "dont 20 min allure marathon en fin de sortie") == "long_run"
    assert kind("Langer Lauf 32 km", "Letzte 5 km im Marathontempo") == "long_run"
    assert kind("3 mi run", "Marathon pace") == "quality"


def test_a_start_time_in_the_description_makes_an_unnamed_event_a_race() -> None:
    assert kind("Singelloop Utrecht", "Start 10:30, vak B.") == "race"
    assert kind("Sunday Funday", "Start 9:00 at the club") == "race"
    assert kind("Long Run", "Start 4:15/km, settle") == "long_run"  # a pace, not a start time


def test_structured_fields_count_as_evidence() -> None:
    assert kind("Endurance 90'", sport="cross_training", sport_label="Bike") == "cross_training"
    assert kind("Workout 14", sport="run", sport_label="Run") == UNKNOWN
    assert kind("Sunday Funday", sport="run") == UNKNOWN  # a Run type makes it sport-like
    assert kind("Sunday Funday") == IGNORED
    assert kind("Deload week", ignore="note") == IGNORED
    assert kind("Tempo 5 mi", ignore="cancelled") == IGNORED
    assert kind("Canceled: Long run 30k") == IGNORED
    assert kind("Anything", kind="quality") == "quality"
    assert kind("Spring Half Marathon", priority="A") == "race"


def test_user_keywords_win_over_everything() -> None:
    entry = CalendarEntry(date=DAY, title="Sunday Funday")
    assert read_entry(entry, {"sunday funday": "quality"}).kind == "quality"
    entry = CalendarEntry(date=DAY, title="Easy bike")
    assert read_entry(entry, {"easy": "easy", "easy bike": "cross_training"}).kind == "cross_training"


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("🏃 Run • Tempo 5 mi", "Tempo 5 mi"),
        ("Run: Long Run 16mi", "Long Run 16mi"),
        ("🏅 Lakeside Half Marathon", "Lakeside Half Marathon"),
        ("Bike • 45 min easy", "Bike - 45 min easy"),
    ],
)
def test_titles_lose_emoji_bullets_and_the_run_prefix(title: str, cleaned: str) -> None:
    assert clean_title(title) == cleaned


def test_distances_and_durations_from_text() -> None:
    assert scan("Long Run 18 mi").distance_km == pytest.approx(28.97, abs=0.01)
    assert scan("Langer Lauf 22 km").distance_km == 22.0
    assert scan("6x800m @ 5K").distance_km == 5.0 or scan("6x800m @ 5K").distance_km is None
    assert scan("Intervals 6 x 800m").distance_km is None
    assert scan("Dam tot Damloop, 10 Engelse mijl").distance_km == pytest.approx(16.09, abs=0.01)
    assert scan("Sortie longue 1h15").duration_min == 75
    assert scan("Bike: 45 min easy spin").duration_min == 45
    assert scan("Footing cœur tranquille 50’").duration_min == 50


@pytest.mark.parametrize(
    ("km", "taper_class"),
    [
        (5, "5k"),
        (6.44, "5k"),
        (8.05, "10k"),
        (14, "10k"),
        (15, "10k"),
        (16.09, "10k"),
        (21.1, "half"),
        (30, "half"),
        (42.2, "marathon"),
        (50, "ultra"),
    ],
)
def test_a_race_distance_maps_to_the_nearest_taper_class(km: float, taper_class: str) -> None:
    assert distance_class(km) == taper_class


@pytest.mark.parametrize(
    ("title", "description", "distance", "priority"),
    [
        ("parkrun Hasenheide", "", "5k", "C"),
        ("Wettkampf: Halbmarathon", "", "half", None),
        ("Semi-marathon de Paris", "", "half", None),
        ("Bronx 10 Mile tune-up", "", "10k", "C"),
        ("Around the Bay 30K", "", "half", None),
        ("City2Surf", "Race: 14 km Hyde Park to Bondi", "10k", None),
        ("Hamilton Half Marathon", "Tune-up? No: B race, run it properly", "half", "B"),
        ("Turkey Trot 5K", "C race: run it hard as a workout", "5k", "C"),
        ("Half Marathon", "Goal race. Good luck!", "half", "A"),
    ],
)
def test_races_get_their_taper_class_and_labelled_priority(
    title: str, description: str, distance: str, priority: str | None
) -> None:
    reading = read_entry(CalendarEntry(date=DAY, title=title, description=description))
    assert reading.kind == "race"
    race = race_from(reading)
    assert (race.distance, race.priority) == (distance, priority)


HARD_TITLES = [
    "8 x 1 km @ 10K pace",
    "Tempo run 30 min",
    "Threshold intervals",
    "Hill sprints",
    "Long run 2h",
    "LSR 16 mi",
    "Yasso 800s x 8",
    "Race: Parkrun",
    "Track session",
    "VO2 max intervals",
    "Half marathon race",
    "10 mile race",
    "Steady state 40 min",
    "Mile repeats",
    "Sprint session",
    "LT run",
    "Sunday long run",
    "Race simulation",
    "5K time trial",
    "Sharpener 6x200",
    "Intervalltraining 5x1000m",
    "Tempolauf 8 km",
    "Bergläufe 10x200m",
    "Langer Lauf 2:30 h",
    "Schwellenlauf",
    "10 km Wettkampf",
    "Halbmarathon Berlin",
    "Volkslauf 10 km",
    "Bahntraining 12x400",
    "Fractionné 8x400",
    "Séance de seuil",
    "VMA 10x300",
    "Côtes 8x200",
    "Allure spécifique marathon",
    "Course : 10 km",
    "Series 10x400",
    "Cuestas 8x150",
    "Ritmo maratón 12 km",
    "Carrera 10K",
    "Umbral 3x10'",
    "Ripetute 10x400",
    "Progressivo 12 km",
    "Salite 8x100",
    "Gara 10 km",
    "Mezza maratona di Roma",
    "Soglia 3x2000",
    "Intervaltraining 8x400",
    "Tempoduurloop",
    "Heuvelsprints",
    "Drempeltraining",
    "Wedstrijd 10 km",
    "Marathon Rotterdam",
    "Baantraining",
]
EASY_TITLES = [
    "Easy 5 km",
    "Recovery jog",
    "Yoga",
    "Dauerlauf locker",
    "Footing léger",
    "Rodaje suave",
    "Corsa lenta",
    "Rustige duurloop",
    "Core",
    "Stretching",
    "Massage",
    "Foam roll",
    "Physio",
    "Sauna",
    "Shakeout",
    "Cross training 45'",
    "Regeneration",
    "Repos",
    "Descanso",
    "Riposo",
    "Rust",
    "Easy 10 mi",
    "Recovery 5k",
    "Aerobic 60'",
    "Base run 8 mi",
    "Z2 run 50'",
    "Walk/run 30'",
    "Spin class",
    "Pool running",
]


@pytest.mark.parametrize("title", HARD_TITLES)
def test_more_hard_workouts_in_six_languages_are_hard(title: str) -> None:
    assert kind(title) in ("race", "long_run", "quality")


@pytest.mark.parametrize("title", EASY_TITLES)
def test_more_easy_days_in_six_languages_are_never_hard_nor_possibly_hard(title: str) -> None:
    assert kind(title) not in ("race", "long_run", "quality", UNKNOWN)
