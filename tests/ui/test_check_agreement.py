"""The app's "Check a date" and `planner check --proposed` are one check: they agree date by date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from ui_helpers import SAMPLES, optimize, plan, schedule, texts

from planner.cli import main


def cli_answer(sample: str, booked: list[dt.date], proposed: dt.date, report: Path) -> dict:
    argv = ["check", str(SAMPLES / sample), "--proposed", proposed.isoformat(), "--json", str(report)]
    if booked:
        argv += ["--dates", ",".join(day.isoformat() for day in booked)]
    main(argv)
    return json.loads(report.read_text())["proposed"]


@pytest.mark.parametrize("sample", ["10k.yaml", "half_marathon.yaml"])
def test_app_and_cli_give_the_same_verdict_violations_and_nearest_dates(
    app: AppTest, tmp_path: Path, capsys: pytest.CaptureFixture, sample: str
) -> None:
    app.selectbox(key="sample_choice").select(SAMPLES / sample).run()
    app.button(key="open_sample").click().run()
    optimize(app)
    sessions = schedule(app).dates
    training = plan(app).training
    quality_day = next(d.date for d in training if any(w.kind == "quality" for w in d.workouts))
    long_run = next(d.date for d in training if any(w.kind == "long_run" for w in d.workouts))
    proposals = [
        sessions[1],
        sessions[1] + dt.timedelta(days=1),
        quality_day,
        long_run - dt.timedelta(days=1),
    ]
    verdicts, nearest_seen = set(), False
    for proposed in proposals:
        app.date_input(key="check_date").set_value(proposed).run()
        app.button(key="check").click().run()
        assert not app.exception, [e.value for e in app.exception]
        # The app checks the proposal next to the other sessions of its schedule.
        answer = cli_answer(sample, [d for d in sessions if d != proposed], proposed, tmp_path / "check.json")
        printed = capsys.readouterr().out.splitlines()

        # The same words: the CLI's lines are the app's verdict, bullets and nearest dates.
        lines = printed
        assert lines[0] in (texts(app.success) if answer["ok"] else texts(app.error)), proposed
        verdicts.add(answer["ok"])
        if answer["ok"]:
            continue
        markdown = " ".join(texts(app.markdown))
        assert answer["violations"] and all(v["why"] in markdown for v in answer["violations"]), proposed
        nearest_seen = nearest_seen or bool(answer["nearest_valid"])
        shown = [line for line in lines if line.startswith(("Nearest good dates", "No good date"))]
        assert [text for text in texts(app.info) if "good date" in text] == shown, proposed
    # Both verdicts occur, so the agreement means something.
    assert verdicts == {True, False}
    if sample == "10k.yaml":
        assert nearest_seen
