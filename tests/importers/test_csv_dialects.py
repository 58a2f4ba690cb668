"""CSV dialects (issue 8 item 5): encodings, separators, headers in six languages, date orders."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.errors import PlannerInputError
from planner.importers import import_calendar_with_report

ROWS = [("02/03/2027", "Tempo 8 km"), ("07/03/2027", "Long run 20 km"), ("28/03/2027", "City 10K race")]


def sheet(header: str, separator: str, rows=ROWS) -> str:
    return "\n".join([header, *(separator.join(row) for row in rows)]) + "\n"


@pytest.mark.parametrize(
    ("header", "separator"),
    [
        ("Date,Title", ","),
        ("Datum;Einheit", ";"),
        ("Date;Séance", ";"),
        ("Fecha\tEntrenamiento", "\t"),
        ("Data;Allenamento", ";"),
        ("Datum;Training", ";"),
        ("Date|Workout", "|"),
    ],
)
def test_headers_in_six_languages_and_every_separator(header: str, separator: str) -> None:
    result = import_calendar_with_report(sheet(header, separator).encode(), "plan.csv")
    assert [d.date for d in result.plan.training] == [
        dt.date(2027, 3, 2),
        dt.date(2027, 3, 7),
        dt.date(2027, 3, 28),
    ]
    assert "day/month/year" in " ".join(result.report.details)


def test_encodings_are_detected_and_reported() -> None:
    text = sheet(
        "Date;Séance", ";", [("02/03/2027", "Fractionné 10 x 400 m"), ("28/03/2027", "Semi-marathon")]
    )
    for data, name in [
        (text.encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + text.encode("utf-8"), "UTF-8 with BOM"),
        (text.encode("cp1252"), "Windows-1252"),
        (text.encode("utf-16"), "UTF-16"),
    ]:
        result = import_calendar_with_report(data, "plan.csv")
        assert result.report.details[0].startswith(name), result.report.details
        assert result.plan.training[0].workouts[0].title == "Fractionné 10 x 400 m"


def test_month_first_dates_are_told_by_a_day_above_twelve() -> None:
    data = b"Date,Workout\n02/24/2027,Tempo 8 km\n03/07/2027,Long run 20 km\n"
    result = import_calendar_with_report(data, "plan.csv")
    assert [d.date for d in result.plan.training] == [dt.date(2027, 2, 24), dt.date(2027, 3, 7)]
    assert "month/day/year (02/24/2027 on line 2" in " ".join(result.report.details)


def test_dates_that_mix_both_orders_are_refused() -> None:
    data = b"Date,Workout\n24/02/2027,Tempo\n02/24/2027,Long run 20 km\n"
    with pytest.raises(PlannerInputError, match="mix day-first"):
        import_calendar_with_report(data, "plan.csv")


@pytest.mark.parametrize("spec", ["dd/mm/yyyy", "%d/%m/%Y", "DD/MM/YYYY"])
def test_date_format_option_forms(spec: str) -> None:
    data = b"Date,Workout\n01/09/2027,Tempo 8 km\n05/09/2027,Long run 20 km\n"
    result = import_calendar_with_report(data, "plan.csv", date_format=spec)
    assert result.plan.training[0].date == dt.date(2027, 9, 1)


def test_a_date_that_does_not_match_the_given_format_names_the_line() -> None:
    data = b"Date,Workout\n01/09/2027,Tempo 8 km\n2027-09-05,Long run 20 km\n"
    with pytest.raises(PlannerInputError, match=r"plan\.csv:3: Date '2027-09-05' is not a date"):
        import_calendar_with_report(data, "plan.csv", date_format="dd/mm/yyyy")


def test_decimal_commas_and_distance_columns() -> None:
    data = (
        b"Datum;Training;Afstand (km)\n21-12-2026;Duurloop;8,5\n17-01-2027;Halve marathon van Egmond;21,1\n"
    )
    result = import_calendar_with_report(data, "schema.csv")
    assert result.plan.training[0].workouts[0].distance_km == 8.5
    assert result.plan.races[0].distance == "half"


def test_intervals_icu_categories_and_trainingpeaks_notes() -> None:
    data = (
        b"start_date_local,end_date_local,category,type,name,description,moving_time,distance\n"
        b"2027-01-05T00:00:00,2027-01-05T00:00:00,WORKOUT,Run,Session B,,3600,\n"
        b"2027-01-25T00:00:00,2027-01-25T00:00:00,NOTE,,Deload week,Keep it easy,,\n"
        b"2027-01-31T00:00:00,2027-01-31T00:00:00,RACE_C,Run,Raheny 5 Mile,Race.,,8047\n"
        b"2027-04-11T00:00:00,2027-04-11T00:00:00,RACE_A,Run,Spring Half Marathon,Race.,,21097\n"
    )
    result = import_calendar_with_report(data, "intervals.csv")
    assert result.report.format == "CSV (intervals.icu events)"
    assert [(r.priority, r.distance) for r in result.plan.races] == [("C", "10k"), ("A", "half")]
    assert [n.text for n in result.report.unknown] == ["Session B"]
    assert [n.text for n in result.report.ignored] == ["Deload week"]
    assert result.plan.training[0].workouts[0].duration_min == 60
