"""One export path and re-planning from the command line (issue 9 items 1, 2 and 6).

The app's download and the CLI's --ics are the same bytes for the same plan, history and time;
`optimize --ics OUT` re-plans against the sessions already in OUT; --pin/--forbid/--unpin edit the
plan; a dropped session is replaced or a warning says why not; `convert` saves any input as a plan.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import icalendar
import pytest
import yaml
from export_cases import LATER, NOW, SAMPLE_PLANS

from planner.app.export_files import calendar_download
from planner.cli import main
from planner.cli.export import add_ics_arguments, options_from_args, write_ics_from_args
from planner.export.identity import plan_id
from planner.io import load_plan
from planner.solver import optimize

TEN_K = next(path for path in SAMPLE_PLANS if path.stem == "10k")


def export_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_ics_arguments(parser)
    return parser.parse_args(list(argv))


def live_sessions(path: Path) -> dict[str, dt.date]:
    """UID -> date of the sessions a calendar app would show (cancelled ones left out)."""
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {
        str(e["UID"]): day_of(e)
        for e in cal.walk("VEVENT")
        if str(e.get("X-PLANNER-KIND")) == "session" and str(e.get("STATUS")) != "CANCELLED"
    }


def day_of(event: icalendar.Event) -> dt.date:
    start = event.decoded("DTSTART")
    return start.date() if isinstance(start, dt.datetime) else start


def cancelled(path: Path) -> dict[str, int]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {
        str(e["UID"]): int(e["SEQUENCE"]) for e in cal.walk("VEVENT") if str(e.get("STATUS")) == "CANCELLED"
    }


@pytest.mark.parametrize("flags", [(), ("--with-workouts", "--alarms", "off"), ("--include-health",)])
def test_the_app_and_the_cli_write_the_same_bytes_for_the_same_plan_history_and_time(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    plan = load_plan(TEN_K)
    schedule = optimize(plan)
    args = export_args(*flags)
    options = options_from_args(args)
    # A first export, then the plan changes (a forbidden session day) and both paths export again.
    first_path = tmp_path / "first.ics"
    cli_plan = plan.model_copy(deep=True)
    write_ics_from_args(cli_plan, schedule, first_path, args, now=NOW)
    app_first, app_result = calendar_download(plan, schedule, options, now=NOW)
    assert app_first.data == first_path.read_bytes()

    edited = plan.model_copy(update={"forbidden": [schedule.dates[1]]})
    changed = optimize(edited, previous=schedule.dates)
    app_plan = edited.model_copy(update={"exported": app_result.state})
    app_second, _ = calendar_download(app_plan, changed, options, now=LATER)
    write_ics_from_args(edited.model_copy(deep=True), changed, first_path, args, now=LATER)
    assert app_second.data == first_path.read_bytes()
    assert b"STATUS:CANCELLED" in app_second.data or len(changed.sessions) == len(schedule.sessions)


def run(*argv: str) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_optimize_keeps_the_sessions_already_in_the_output_calendar(tmp_path: Path) -> None:
    out = tmp_path / "sessions.ics"
    assert run("optimize", str(TEN_K), "--ics", str(out))[0] == 0
    first = live_sessions(out)
    # Forbid one session's day: only that session changes, under its own UID.
    moved_day = sorted(first.values())[1]
    code, text, _ = run("optimize", str(TEN_K), "--ics", str(out), "--forbid", moved_day.isoformat())
    assert code == 0
    assert f"Re-planned against {len(first)} sessions from {out}" in text
    second = live_sessions(out)
    assert second.keys() == first.keys()  # same events, none duplicated
    assert [uid for uid in first if first[uid] != second[uid]] == [
        next(uid for uid, day in first.items() if day == moved_day)
    ]
    assert moved_day not in second.values()


def test_fresh_ignores_the_previous_calendar_and_previous_still_works(tmp_path: Path) -> None:
    out = tmp_path / "sessions.ics"
    run("optimize", str(TEN_K), "--ics", str(out))
    code, text, _ = run("optimize", str(TEN_K), "--ics", str(out), "--fresh")
    assert code == 0 and "Re-planned against" not in text
    dates = sorted(live_sessions(out).values())
    code, text, _ = run("optimize", str(TEN_K), "--previous", ",".join(d.isoformat() for d in dates))
    assert code == 0 and f"Re-planned against {len(dates)} sessions from --previous" in text


def test_pin_and_unpin_edit_the_plan_through_edits(tmp_path: Path) -> None:
    plan = load_plan(TEN_K)
    dates = optimize(plan).dates
    free_day = dates[0] + dt.timedelta(days=7)
    code, text, _ = run(
        "optimize", str(TEN_K), "--pin", free_day.isoformat(), "--json", str(tmp_path / "s.json")
    )
    assert code in (0, 1)
    assert "pinned by you: pinned on the command line" in text or "rule 14" in text
    code, _, err = run("optimize", str(TEN_K), "--pin", "2027-05-01", "--forbid", "2027-05-01")
    assert code == 2 and err.strip() == "planner: error: --pin and --forbid both name 2027-05-01"
    code, _, err = run("optimize", str(TEN_K), "--unpin", "someday")
    assert code == 2 and "--unpin" in err and err.count("\n") == 1


def test_a_dropped_session_is_replaced_when_the_rules_allow(tmp_path: Path) -> None:
    plan = load_plan(TEN_K)
    before = optimize(plan).dates
    edited = plan.model_copy(update={"forbidden": [before[1]]})
    after = optimize(edited, previous=before)
    # One move, not a drop: the count stays and only the forbidden day's session changed.
    assert len(after.dates) == len(before)
    assert len(set(before) - set(after.dates)) == 1


def test_a_dropped_session_that_cannot_be_replaced_gets_a_warning_naming_the_rules(tmp_path: Path) -> None:
    out = tmp_path / "sessions.ics"
    run("optimize", str(TEN_K), "--ics", str(out))
    dates = sorted(live_sessions(out).values())
    # Every day but the other sessions' is kept free: the second session has nowhere to go.
    plan = load_plan(TEN_K)
    block = [plan.first_day + dt.timedelta(days=n) for n in range((plan.last_day - plan.first_day).days + 1)]
    keep = set(dates) - {dates[1]}
    argv = [arg for day in block if day not in keep for arg in ("--forbid", day.isoformat())]
    code, text, _ = run("optimize", str(TEN_K), "--ics", str(out), *argv)
    assert code == 0
    warning = next(line for line in text.splitlines() if "was dropped and not replaced" in line)
    assert f"the session on {dates[1]:%a} {dates[1].day} {dates[1]:%b}" in warning
    assert "rule 14 (pinned)" in warning and "no day between them keeps the hard rules" in warning
    assert dates[1] not in live_sessions(out).values()
    assert len(cancelled(out)) >= 1  # the runner's calendar is told


def test_re_planning_from_the_exported_calendar_keeps_uids_name_and_runner(tmp_path: Path) -> None:
    out = tmp_path / "sessions.ics"
    assert run("optimize", str(TEN_K), "--ics", str(out), "--with-workouts")[0] == 0
    first = out.read_bytes()
    # Read the exported calendar back, as a runner who moved nothing would.
    code, text, _ = run("optimize", str(out), "--ics", str(out), "--with-workouts")
    assert code == 0
    header = text.splitlines()[0]
    plan = load_plan(TEN_K)
    assert header.startswith(f"{plan.name} - {plan.athlete.name} (")
    assert "dry needling -" not in header and " - Runner (" not in header
    assert live_sessions(out) == {
        str(e["UID"]): day_of(e)
        for e in icalendar.Calendar.from_ical(first).walk("VEVENT")
        if str(e.get("X-PLANNER-KIND")) == "session"
    }
    assert not cancelled(out)
    # Nothing changed for a calendar: every event keeps its SEQUENCE.
    sequences = {
        str(e["UID"]): int(e["SEQUENCE"])
        for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    }
    assert set(sequences.values()) == {0}


def test_renaming_the_runner_in_the_plan_file_keeps_the_uids(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(TEN_K.read_text())
    out = tmp_path / "sessions.ics"
    run("optimize", str(plan_file), "--ics", str(out))
    first = live_sessions(out)
    data = yaml.safe_load(plan_file.read_text())
    data["athlete"]["name"] = "Jordan A. Lee"
    data["name"] = "10K block, renamed"
    plan_file.write_text(yaml.safe_dump(data))
    assert run("optimize", str(plan_file), "--ics", str(out))[0] == 0
    assert live_sessions(out) == first
    assert not cancelled(out)


def test_convert_saves_any_input_as_a_plan_file_with_an_id(tmp_path: Path) -> None:
    csv = next(path for path in SAMPLE_PLANS[0].parent.glob("*.csv"))
    code, text, _ = run("convert", str(csv), str(tmp_path / "from_csv.yaml"))
    assert code == 0 and "Saved" in text
    converted = load_plan(tmp_path / "from_csv.yaml")
    assert converted.id and len(converted.id) == 32 and converted.training
    # A plan file keeps the id its exports already use; converting again changes nothing.
    code, _, _ = run("convert", str(TEN_K), str(tmp_path / "10k.json"), "--forbid", "2027-05-05")
    again = load_plan(tmp_path / "10k.json")
    assert code == 0 and again.id == plan_id(load_plan(TEN_K)) and again.forbidden == [dt.date(2027, 5, 5)]
    # An exported calendar comes back as the plan it was, history included.
    out = tmp_path / "sessions.ics"
    run("optimize", str(tmp_path / "10k.json"), "--ics", str(out), "--with-workouts")
    assert run("convert", str(out), str(tmp_path / "back.yaml"))[0] == 0
    back = load_plan(tmp_path / "back.yaml")
    assert (back.id, back.name, back.athlete.name, back.athlete.timezone) == (
        again.id,
        again.name,
        again.athlete.name,
        again.athlete.timezone,
    )
    assert back.clinic == again.clinic and back.forbidden == again.forbidden
    assert {e.uid for e in back.exported} == {
        str(e["UID"]) for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("convert", "missing.csv", "out.yaml"), "missing.csv: no such file"),
        (("convert", str(TEN_K), "out.txt"), "out.txt: a plan file ends in .yaml, .yml or .json"),
    ],
)
def test_convert_errors_are_one_line_and_exit_2(tmp_path: Path, argv: tuple[str, ...], message: str) -> None:
    code, _, err = run(*argv)
    assert code == 2 and err.count("\n") == 1 and message in err
