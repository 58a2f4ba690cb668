"""A TrainingPeaks export and the plain `date,title[,description]` files people keep by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.errors import PlannerInputError
from planner.importers import import_calendar, import_calendar_with_report
from planner.io import load_plan, load_plan_bytes

DATA = Path(__file__).parent / "data"
D = dt.date


def test_trainingpeaks_export_rows_become_workouts_notes_are_dropped_day_off_is_rest() -> None:
    plan, report = import_calendar_with_report((DATA / "trainingpeaks.csv").read_bytes(), "trainingpeaks.csv")
    by_date = {d.date: d.workouts for d in plan.training}
    assert [w.kind for w in by_date[D(2027, 5, 3)]] == ["rest"]  # the Note row left no workout
    intervals = by_date[D(2027, 5, 4)][0]
    assert (intervals.kind, intervals.duration_min, intervals.distance_km) == ("quality", 75, 12.87)
    assert intervals.description.splitlines() == ["WU 2 mi", "6 x 800 m @ 5K pace, 400 m jog", "CD 2 mi"]
    assert [w.kind for w in by_date[D(2027, 5, 5)]] == ["easy", "strength"]
    # A vague title falls back to the description; WorkoutType Bike decides whatever the title says.
    assert by_date[D(2027, 5, 6)][0].kind == "quality"
    assert by_date[D(2027, 5, 7)][0].kind == "cross_training"
    assert by_date[D(2027, 5, 9)][0].kind == "long_run"
    assert by_date[D(2027, 5, 9)][0].duration_min == 120
    assert [(r.date, r.distance, r.priority) for r in plan.races] == [
        (D(2027, 5, 15), "10k", "C"),
        (D(2027, 5, 23), "half", "A"),
    ]
    # Issue 8: a workout of unknown effort no longer stops the import; it is possibly hard and listed.
    assert [w.kind for w in by_date[D(2027, 5, 11)]] == ["unknown"]
    assert [(n.where, n.text) for n in report.unknown] == [("line 14", "Mystery session")]
    assert [n.text for n in report.ignored] == [
        "Week 1 notes"
    ] and report.format == "CSV (TrainingPeaks export)"
    assert plan.name == "trainingpeaks"


def test_unknown_csv_text_stops_the_import_only_with_strict() -> None:
    with pytest.raises(PlannerInputError) as caught:
        load_plan(DATA / "trainingpeaks.csv", strict=True)
    message = str(caught.value)
    assert message.startswith(
        f"{DATA / 'trainingpeaks.csv'}:14: cannot tell the workout kind of 'Mystery session'"
    )
    assert '--keyword "Mystery session=kind"' in message and "--strict" in message


def test_a_bad_date_names_its_line_even_after_a_multi_line_description() -> None:
    with pytest.raises(PlannerInputError) as caught:
        load_plan(DATA / "bad_date.csv")
    assert str(caught.value) == (
        f"{DATA / 'bad_date.csv'}:14: WorkoutDay 'not-a-date' is not a date (expected YYYY-MM-DD)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Title,WorkoutType,PlannedDuration\nEasy Run,Run,1\n",
            "x.csv:1: missing column WorkoutDay (a TrainingPeaks export needs Title, WorkoutType, "
            "WorkoutDay; found: Title, WorkoutType, PlannedDuration)",
        ),
        ("when,what\n2027-01-01,Easy\n", "x.csv:1: cannot find the columns"),
        (
            "Title,WorkoutType,PlannedDuration,WorkoutDay\nEasy Run,Run,lots,2027-06-01\n",
            "x.csv:2: PlannedDuration 'lots' is not a number of hours (e.g. 1.5)",
        ),
        (
            "Title,WorkoutType,PlannedDistanceInMeters,WorkoutDay\nEasy Run,Run,far,2027-06-01\n",
            "x.csv:2: PlannedDistanceInMeters 'far' is not a distance in meters",
        ),
        ("date,title,kind\n2027-06-01,Jog,snooze\n", "x.csv:2: kind 'snooze' is not a workout kind"),
        ("date,title\n", "x.csv: no training workouts found"),
    ],
)
def test_broken_csv_files_give_one_clear_line(text: str, expected: str) -> None:
    with pytest.raises(PlannerInputError) as caught:
        load_plan_bytes(text.encode(), "x.csv")
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_plain_date_title_description_file() -> None:
    plan = load_plan(DATA / "plain.csv")
    summary = [(d.date, [(w.kind, w.title) for w in d.workouts]) for d in plan.training]
    assert summary == [
        (D(2027, 6, 1), [("rest", "Rest day")]),
        (D(2027, 6, 2), [("quality", "Tempo 5 mi")]),
        (D(2027, 6, 3), [("easy", "Easy 6 mi")]),
        (D(2027, 6, 4), [("cross_training", "Yoga")]),
        (D(2027, 6, 5), [("strides", "Easy 4 mi + strides")]),
        (D(2027, 6, 6), [("long_run", "Long run 12 mi")]),
        (D(2027, 6, 13), [("race", "Summer 10K")]),
    ]
    assert plan.training[1].workouts[0].description == "2 mi WU, 5 mi @ T, 1 mi CD"
    assert [(r.name, r.distance, r.priority) for r in plan.races] == [("Summer 10K", "10k", "A")]


def test_plain_file_without_header_and_with_semicolons() -> None:
    plan = load_plan(DATA / "plain_noheader.csv", race=D(2027, 6, 20), distance="10k")
    assert [(d.date, d.workouts[0].kind) for d in plan.training] == [
        (D(2027, 6, 1), "rest"),
        (D(2027, 6, 2), "quality"),
        (D(2027, 6, 6), "long_run"),
    ]
    assert plan.training[1].workouts[0].description == "Track"
    assert [(r.date, r.name, r.priority) for r in plan.races] == [(D(2027, 6, 20), "Goal race", "A")]


def test_a_plain_kind_column_is_used_directly() -> None:
    plan = import_calendar("date,title,kind\n2027-06-01,Club night,quality\n", "club.csv")
    assert plan.training[0].workouts[0].kind == "quality"


def test_user_keyword_overrides_a_default_in_a_csv() -> None:
    text = "date,title\n2027-06-01,Saturday parkrun\n2027-06-08,Long run 10 mi\n"
    assert import_calendar(text, "p.csv").races[0].name == "Saturday parkrun"
    plan = import_calendar(text, "p.csv", keywords={"parkrun": "quality"})
    assert plan.training[0].workouts[0].kind == "quality"
    assert plan.races == []
