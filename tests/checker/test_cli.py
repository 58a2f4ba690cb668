"""`planner check` glue: exit codes, the printed report, JSON, and bad --dates text."""

from __future__ import annotations

import argparse
import json

import pytest

from planner.cli.check import add_check_arguments, run_check
from planner.errors import PlannerInputError
from planner.plan import Athlete, Screening


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="planner check")
    add_check_arguments(parser)
    return parser.parse_args(list(argv))


def test_all_dates_pass_exits_0(make_plan, capsys):
    code = run_check(make_plan(), parse("--dates", "2027-01-11,2027-02-01,2027-02-22,2027-03-08"))
    out = capsys.readouterr().out
    assert code == 0
    assert "Checked 4 date(s): Mon 11 Jan, Mon 1 Feb, Mon 22 Feb, Mon 8 Mar: all pass the hard rules." in out


def test_violations_exit_1_with_one_line_each_and_alternatives(make_plan, capsys):
    code = run_check(make_plan(), parse("--dates", "2027-01-11, 2027-02-01,2027-02-22,2027-03-10"))
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines == [
        "Checked 4 date(s): Mon 11 Jan, Mon 1 Feb, Mon 22 Feb, Wed 10 Mar: 1 violation(s).",
        "  rule 1 (away_from_hard_days): Wed 10 Mar is the day before the tempo on Thu 11 Mar (rule 1 keeps "
        "1 clear day before a hard day)",
        "Nearest valid dates to move to:",
        "  Wed 10 Mar -> Tue 9 Mar, Mon 8 Mar, Fri 12 Mar",
    ]


def test_json_report(make_plan, tmp_path, capsys):
    out = tmp_path / "check.json"
    code = run_check(
        make_plan(), parse("--dates", "2027-01-11,2027-02-01,2027-02-22,2027-03-10", "--json", str(out))
    )
    data = json.loads(out.read_text())
    assert code == 1
    assert data["ok"] is False
    assert data["violations"][0]["rule_number"] == 1
    assert data["violations"][0]["dates"] == ["2027-03-10", "2027-03-11"]
    assert data["alternatives"] == {"2027-03-10": ["2027-03-09", "2027-03-08", "2027-03-12"]}
    assert data["warnings"] == []


def test_a_fine_proposal_exits_0(make_plan, tmp_path, capsys):
    out = tmp_path / "proposal.json"
    args = parse("--dates", "2027-01-11,2027-02-01", "--proposed", "2027-02-22", "--json", str(out))
    assert run_check(make_plan(), args) == 0
    assert "Proposed Mon 22 Feb: fine next to the booked sessions." in capsys.readouterr().out
    assert json.loads(out.read_text())["proposed"] == {
        "date": "2027-02-22",
        "ok": True,
        "violations": [],
        "nearest_valid": ["2027-02-22", "2027-02-23", "2027-02-19"],
        "trial": False,
    }


def test_a_bad_proposal_exits_1_and_names_the_nearest_dates(make_plan, capsys):
    args = parse("--dates", "2027-01-11,2027-02-01", "--proposed", "2027-02-24")
    assert run_check(make_plan(), args) == 1
    out = capsys.readouterr().out
    assert "Proposed Wed 24 Feb: not valid next to the booked sessions." in out
    assert "Wed 24 Feb is the day before the tempo on Thu 25 Feb" in out
    assert "Nearest good dates: Tue 23 Feb, Mon 22 Feb, Fri 26 Feb" in out


def test_a_proposal_alone_needs_no_dates(make_plan, capsys):
    assert run_check(make_plan(), parse("--proposed", "2027-01-12")) == 0


def test_the_answer_comes_first_and_block_problems_after_it_labelled(make_plan, capsys):
    # Nothing booked: the block as a whole misses its taper session and its minimum count, but
    # the clinician asked about one date: that answer is the first line.
    assert run_check(make_plan(), parse("--proposed", "2027-01-12")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Proposed Tue 12 Jan: fine with nothing booked."
    label = lines.index("Block-level problems of the block with nothing booked (not about Tue 12 Jan):")
    assert label > 0 and any("rule 7" in line for line in lines[label:])
    assert not any("rule 7" in line or "rule 6" in line for line in lines[:label])


def test_a_proposed_extra_session_is_the_trial_only_when_nothing_is_booked_before_it(make_plan, capsys):
    # Tue 16 Mar is 12 days before the marathon: as the first session it breaks rule 4 ...
    assert run_check(make_plan(), parse("--proposed", "2027-03-16")) == 1
    first = capsys.readouterr().out
    assert "it would be the block's first session: the trial (rule 4)" in first
    assert "Nearest good dates: Fri 5 Mar" in first
    # ... after a booked trial it is an extra session: no trial logic, no dates three weeks away.
    assert run_check(make_plan(), parse("--dates", "2027-01-11", "--proposed", "2027-03-16")) == 0
    second = capsys.readouterr().out
    assert second.splitlines()[0] == "Proposed Tue 16 Mar: fine next to the booked sessions."
    assert "rule 4" not in second


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--dates", "2027-03-02,x"), "--dates: 'x' is not a date (YYYY-MM-DD)"),
        (("--dates", "2027-02-30"), "--dates: '2027-02-30' is not a date (YYYY-MM-DD)"),
        (("--dates", "20270302"), "--dates: '20270302' is not a date (YYYY-MM-DD)"),
        (("--dates", "2027-03-02", "--proposed", "soon"), "--proposed: 'soon' is not a date (YYYY-MM-DD)"),
        (("--dates", " , "), "--dates: give at least one session date (YYYY-MM-DD,...)"),
    ],
)
def test_bad_dates_text_is_one_clear_input_error(make_plan, argv, message):
    with pytest.raises(PlannerInputError) as caught:
        run_check(make_plan(), parse(*argv))
    assert str(caught.value) == message


def test_a_pinned_date_is_not_moved_but_named(make_plan, capsys):
    plan = make_plan(pinned=["2027-03-10"])
    assert run_check(plan, parse("--dates", "2027-01-11,2027-02-01,2027-02-22,2027-03-10")) == 1
    out = capsys.readouterr().out
    assert "Wed 10 Mar is pinned, so unpin it or relax the rule" in out
    assert "  Wed 10 Mar -> none: it is pinned (unpin it to move it)" in out


def test_warnings_come_first(make_plan, capsys):
    plan = make_plan(athlete=Athlete(screening=Screening(pregnant=True)))
    assert run_check(plan, parse("--dates", "2027-01-11,2027-02-01,2027-02-22,2027-03-08")) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "Warning: screening: pregnant: every session needs clinician clearance before needling (rule 13)"
    )
