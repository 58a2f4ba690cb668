"""Text that reaches a calendar cannot inject properties or events (issue 13, item 1): names are
one line (refused otherwise), and free text keeps its line breaks as LF, which the calendar escapes."""

from __future__ import annotations

from pathlib import Path

import icalendar
import yaml

from planner.cli import main
from planner.samples import PLANS

PAYLOAD = "line one\r\nX-INJECTED:1\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT"


def test_free_text_with_line_breaks_is_escaped_in_the_calendar(tmp_path: Path, capsys):
    data = yaml.safe_load((PLANS / "10k.yaml").read_text(encoding="utf-8"))
    data["athlete"]["screening"] = {"strong_fear_of_needles": True, "notes": PAYLOAD}
    data["training"][0]["workouts"][0]["description"] = PAYLOAD
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out.ics"
    code = main(["optimize", str(plan), "--ics", str(out), "--include-health", "--with-workouts"])
    assert code == 0, capsys.readouterr().err
    raw = out.read_bytes()
    lines = raw.split(b"\r\n")
    assert not any(line.startswith((b"X-INJECTED", b"SUMMARY:injected")) for line in lines)
    assert b"\r" not in raw.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(raw)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert "injected" not in summaries
    descriptions = [str(event.get("DESCRIPTION", "")) for event in calendar.walk("VEVENT")]
    assert any("line one\nX-INJECTED:1\nBEGIN:VEVENT" in text for text in descriptions)
