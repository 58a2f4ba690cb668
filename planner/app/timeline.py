"""The block as a timeline: weekly load by phase, taper and race week shaded, sessions and races marked.

In a season, a band per block (labelled with its A race) runs along the top. An Altair (Vega-Lite)
chart: bundled with Streamlit, so it renders offline. The numbers come from
`planner.facts.BlockFacts` (weekly load, phases, windows, blocks); this module only draws them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import altair as alt
import pandas as pd

from planner.app.calendar_view import block_colour, block_label
from planner.facts import BlockFacts
from planner.plan import Plan
from planner.schedule import Schedule

PHASE_COLOURS = {
    "base": "#9ecae1",
    "build": "#4292c6",
    "peak": "#08519c",
    "taper": "#fdae6b",
    "race week": "#e6550d",
    "post race": "#bdbdbd",
}
SESSION_DASH = {"confirmed": [1, 0], "provisional": [4, 3]}


def timeline_frames(plan: Plan, schedule: Schedule | None) -> dict[str, pd.DataFrame]:
    """The chart's data: one frame per layer (also what the tests check)."""
    facts = BlockFacts.from_plan(plan)
    phases: dict[dt.date, Counter] = {}
    for day in facts.days:
        phases.setdefault(day.week_start, Counter())[day.phase] += 1
    weeks = pd.DataFrame(
        [
            {
                "week": pd.Timestamp(week),
                "week_end": pd.Timestamp(week + dt.timedelta(days=7)),
                "minutes": round(minutes),
                "phase": phases[week].most_common(1)[0][0].replace("_", " ") if week in phases else "",
                "week_number": facts.week_number(week) if facts.days else 0,
            }
            for week, minutes in sorted(facts.weekly_load.items())
        ],
        columns=["week", "week_end", "minutes", "phase", "week_number"],
    )
    windows = []
    for race in facts.a_races if facts.days else []:
        for (start, end), name in ((facts.taper_window(race), "taper"), (facts.race_week(race), "race week")):
            windows.append(
                {
                    "start": pd.Timestamp(start),
                    "end": pd.Timestamp(end + dt.timedelta(days=1)),
                    "window": name,
                    "race": race.name,
                }
            )
    sessions = pd.DataFrame(
        [
            {
                "date": pd.Timestamp(s.date),
                "session": f"#{s.number} {s.purpose.replace('_', ' ')}",
                # Words in the legend, not the booleans ("Provisional false/true" read as noise).
                "state": "provisional" if s.provisional else "confirmed",
            }
            for s in (schedule.sessions if schedule is not None else [])
        ],
        columns=["date", "session", "state"],
    )
    races = pd.DataFrame(
        [{"date": pd.Timestamp(r.date), "race": f"{r.name} ({r.priority})"} for r in plan.races],
        columns=["date", "race"],
    )
    in_block = [s.block for s in schedule.sessions] if schedule is not None else []
    blocks = pd.DataFrame(
        [
            {
                "start": pd.Timestamp(block.first),
                "end": pd.Timestamp(block.last + dt.timedelta(days=1)),
                "block": block_label(block),
                "colour": block_colour(block),
                "sessions": in_block.count(block.number),
            }
            for block in (facts.blocks if len(facts.blocks) > 1 else [])
        ],
        columns=["start", "end", "block", "colour", "sessions"],
    )
    return {
        "weeks": weeks,
        "windows": pd.DataFrame(windows, columns=["start", "end", "window", "race"]),
        "sessions": sessions,
        "races": races,
        "blocks": blocks,
    }


def timeline_chart(plan: Plan, schedule: Schedule | None) -> alt.LayerChart:
    frames = timeline_frames(plan, schedule)
    x = alt.X("week:T", title=None)
    phase_scale = alt.Scale(domain=list(PHASE_COLOURS), range=list(PHASE_COLOURS.values()))
    layers = [
        alt.Chart(frames["windows"])
        .mark_rect(opacity=0.25)
        .encode(
            x="start:T",
            x2="end:T",
            color=alt.Color(
                "window:N",
                scale=alt.Scale(domain=["taper", "race week"], range=["#fdd49e", "#fc9272"]),
                title="Shaded",
                legend=alt.Legend(symbolOpacity=0.6),
            ),
            tooltip=["window:N", "race:N"],
        ),
        alt.Chart(frames["weeks"])
        .mark_bar(opacity=0.85, cornerRadius=0, binSpacing=2)
        .encode(
            x=x,
            x2="week_end:T",
            y=alt.Y("minutes:Q", title="Weekly load (min)"),
            # A ranged bar (week start to end) needs its baseline given, or Vega-Lite draws a line.
            y2=alt.datum(0),
            fill=alt.Fill("phase:N", scale=phase_scale, title="Phase"),
            tooltip=["week_number:Q", "week:T", "minutes:Q", "phase:N"],
        ),
        alt.Chart(frames["sessions"])
        .mark_rule(color="#e4007c", strokeWidth=2)
        .encode(
            x="date:T",
            strokeDash=alt.StrokeDash(
                "state:N",
                scale=alt.Scale(domain=list(SESSION_DASH), range=list(SESSION_DASH.values())),
                title="Sessions",
            ),
            tooltip=["date:T", "session:N", "state:N"],
        ),
        alt.Chart(frames["races"])
        .mark_point(shape="triangle-down", size=160, filled=True, color="#6a1b9a")
        .encode(x="date:T", y=alt.value(8), tooltip=["date:T", "race:N"]),
    ]
    if not frames["blocks"].empty:
        # A season: one band per block along the top, in the calendar's block colours.
        band = alt.Chart(frames["blocks"]).encode(x="start:T", x2="end:T")
        layers += [
            band.mark_rect(opacity=0.35, y=0, height=22).encode(
                color=alt.Color("colour:N", scale=None), tooltip=["block:N", "start:T", "sessions:Q"]
            ),
            band.mark_text(align="left", dx=4, y=11, fontSize=11, fontWeight="bold").encode(text="block:N"),
        ]
    # The legends sit under the chart, side by side: stacked beside it, the third was cut off by
    # the chart's height (an empty "Window" heading).
    return (
        alt.layer(*layers)
        .properties(height=260)
        .resolve_scale(color="independent")
        .configure_legend(orient="bottom", direction="horizontal", columns=6)
    )
