"""The block on a month grid, as self-contained HTML and CSS (no CDN, works offline).

Workouts are coloured by kind, sessions carry their number and purpose, races are marked, and the
taper and race week are shaded. In a season each block gets a coloured band down the left of its
days and a label on its first day. Phases, windows and blocks come from
`planner.facts.BlockFacts`; this module only draws them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from html import escape

from planner.dates import format_day, long_date
from planner.facts import BlockFacts, TrainingBlock, workout_label
from planner.plan import Plan
from planner.schedule import Schedule, Session

KIND_COLOURS: dict[str, str] = {
    "long_run": "#1f77b4",
    "quality": "#d62728",
    "race": "#9467bd",
    "easy": "#2ca02c",
    "recovery": "#8fd19e",
    "strides": "#17becf",
    "rest": "#bbbbbb",
    "cross_training": "#ff9f1c",
    "strength": "#8c564b",
    "unknown": "#e377c2",
}
# One colour per season block, in order (the post-race tail is grey).
BLOCK_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948")
TAIL_COLOUR = "#9e9e9e"
# Symbols every system font has (DejaVu): emoji need a colour font that headless machines lack.
SESSION_MARK = "◆"
PIN_MARK = "⚑"
FORBID_MARK = "✕"
RACE_MARK = "▲"

_CSS = """
<style>
.pl-cal { font-family: system-ui, sans-serif; font-size: 12px; color: #222; }
.pl-legend span { display: inline-block; margin: 0 10px 4px 0; }
.pl-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 3px; }
.pl-months { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(460px, 100%), 1fr)); gap: 16px; }
.pl-month { min-width: 0; overflow-x: auto; }
.pl-month h4 { margin: 6px 0; font-size: 15px; }
.pl-month table { border-collapse: collapse; width: 100%; min-width: 300px; table-layout: fixed; }
.pl-month th { font-weight: 600; font-size: 11px; color: #666; padding: 2px; }
.pl-month td { border: 1px solid #ddd; vertical-align: top; height: 74px; padding: 2px; }
.pl-month td.out { background: #fafafa; border-color: #eee; }
.pl-month td.outside { color: #aaa; }
.pl-month td.taper { background: #fff4d6; }
.pl-month td.race_week { background: #ffe0e0; }
.pl-month td.forbidden {
  background-image: repeating-linear-gradient(45deg, transparent 0 6px, #eee 6px 8px);
}
.pl-head { display: flex; justify-content: space-between; align-items: baseline; gap: 2px; }
.pl-day { font-weight: 600; font-size: 11px; }
.pl-phase { font-size: 9px; color: #888; min-width: 0; white-space: nowrap; overflow: hidden;
            text-overflow: ellipsis; }
.pl-wk { color: #fff; border-radius: 3px; padding: 0 3px; margin: 1px 0; font-size: 10px; line-height: 1.25;
         overflow-wrap: anywhere; }
.pl-session { background: #fff; border: 2px solid #e4007c; color: #b0005f; border-radius: 4px;
              padding: 0 3px; margin: 1px 0; font-weight: 700; font-size: 10px; line-height: 1.25;
              overflow-wrap: anywhere; }
.pl-session.provisional { border-style: dashed; }
.pl-race { font-weight: 700; color: #6a1b9a; font-size: 10px; overflow-wrap: anywhere; }
.pl-mark { font-size: 10px; }
.pl-block { font-size: 9px; font-weight: 700; color: #fff; border-radius: 3px; padding: 0 3px;
            margin-bottom: 1px; overflow-wrap: anywhere; }
</style>
"""


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def block_colour(block: TrainingBlock) -> str:
    return TAIL_COLOUR if block.kind == "tail" else BLOCK_COLOURS[(block.number - 1) % len(BLOCK_COLOURS)]


def block_label(block: TrainingBlock) -> str:
    """'Block 2 → Autumn Marathon' / 'After the last A race'."""
    if block.kind == "tail":
        return "After the last A race"
    return f"Block {block.number} → {block.a_race.name}" if block.a_race else f"Block {block.number}"


def legend_html(blocks: list[TrainingBlock] | None = None) -> str:
    items = [
        f'<span><i class="pl-swatch" style="background:{colour}"></i>{kind.replace("_", " ")}</span>'
        for kind, colour in KIND_COLOURS.items()
    ]
    items += [
        '<span><i class="pl-swatch" style="border:2px solid #e4007c"></i>'
        "session (dashed: provisional)</span>",
        '<span><i class="pl-swatch" style="background:#fff4d6"></i>taper</span>',
        '<span><i class="pl-swatch" style="background:#ffe0e0"></i>race week</span>',
        f"<span>{PIN_MARK} pinned</span><span>{FORBID_MARK} forbidden</span>",
    ]
    for block in blocks or []:
        items.append(
            f'<span class="pl-legend-block"><i class="pl-swatch" style="background:{block_colour(block)}"></i>'
            f"{escape(block_label(block))} ({format_day(block.first)} - {long_date(block.last)})</span>"
        )
    return f'<div class="pl-legend">{"".join(items)}</div>'


def month_grid_html(
    plan: Plan, schedule: Schedule | None = None, months: list[tuple[int, int]] | None = None
) -> str:
    """The whole block (or the given (year, month) list) as month grids, Monday first."""
    facts = BlockFacts.from_plan(plan)
    if not facts.days:
        return '<div class="pl-cal">The plan has no training days or races yet.</div>'
    shade: dict[dt.date, str] = {}
    for race in facts.a_races:
        # Taper first, then race week over it: race week is the stronger shade.
        for window, name in ((facts.taper_window(race), "taper"), (facts.race_week(race), "race_week")):
            day = window[0]
            while day <= window[1]:
                shade[day] = name
                day += dt.timedelta(days=1)
    sessions = {s.date: s for s in schedule.sessions} if schedule is not None else {}
    pinned = {p.date for p in plan.pinned}
    forbidden = set(plan.forbidden)
    wanted = months or _months(facts.first, facts.last)
    # A season (several blocks, or a post-race tail) shows which block each day belongs to.
    banded = len(facts.blocks) > 1
    grids = []
    for year, month in wanted:
        rows = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                cells.append(_cell(day, month, facts, shade, sessions, pinned, forbidden, banded))
            rows.append(f"<tr>{''.join(cells)}</tr>")
        head = "".join(f"<th>{name}</th>" for name in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
        grids.append(
            f'<div class="pl-month" data-month="{year}-{month:02d}">'
            f"<h4>{calendar.month_name[month]} {year}</h4>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )
    legend = legend_html(facts.blocks if banded else None)
    return f'{_CSS}<div class="pl-cal">{legend}<div class="pl-months">{"".join(grids)}</div></div>'


def _cell(
    day: dt.date,
    month: int,
    facts: BlockFacts,
    shade: dict[dt.date, str],
    sessions: dict[dt.date, Session],
    pinned: set[dt.date],
    forbidden: set[dt.date],
    banded: bool = False,
) -> str:
    if day.month != month:
        return '<td class="out"></td>'
    info = facts.day(day)
    classes = []
    if info is None:
        classes.append("outside")
    if day in shade:
        classes.append(shade[day])
    if day in forbidden:
        classes.append("forbidden")
    phase = info.phase.replace("_", " ") if info is not None and info.phase else ""
    # The day and its phase share one row above the chips: a floated label used to squeeze the
    # chips beside it down to a letter or two.
    parts = [
        f'<div class="pl-head"><span class="pl-day">{day.day}</span>'
        + (f'<span class="pl-phase" title="{escape(phase)}">{escape(phase)}</span>' if phase else "")
        + "</div>"
    ]
    band = ""
    if banded and info is not None and info.block:
        block = facts.blocks[info.block - 1]
        band = f' data-block="{block.number}" style="box-shadow: inset 4px 0 0 {block_colour(block)}"'
        if day == block.first:
            parts.insert(
                0,
                f'<div class="pl-block" style="background:{block_colour(block)}">{escape(block_label(block))}</div>',
            )
    if info is not None and info.race is not None:
        race = info.race
        parts.append(f'<div class="pl-race">{RACE_MARK} {escape(race.name)} ({race.priority})</div>')
    if info is not None:
        for workout in info.workouts:
            colour = KIND_COLOURS.get(workout.kind, "#777")
            label = workout_label(workout)
            title = f"{label} ({workout.kind.replace('_', ' ')})"
            if workout.description:
                title += "\n" + workout.description
            parts.append(
                f'<div class="pl-wk wk-{workout.kind}" style="background:{colour}" title="{escape(title)}">'
                f"{escape(label)}</div>"
            )
    session = sessions.get(day)
    if session is not None:
        parts.append(_session_chip(session, pinned=session.pinned or day in pinned))
    elif day in pinned:
        parts.append(f'<div class="pl-mark">{PIN_MARK} pinned</div>')
    if day in forbidden:
        parts.append(f'<div class="pl-mark">{FORBID_MARK} forbidden</div>')
    css = f' class="{" ".join(classes)}"' if classes else ""
    return f'<td{css} data-date="{day.isoformat()}"{band}>{"".join(parts)}</td>'


def _session_chip(session: Session, *, pinned: bool) -> str:
    """A session: its number, purpose and appointment time, the reasons in its tooltip."""
    extra = " provisional" if session.provisional else ""
    pin = f" {PIN_MARK}" if pinned else ""
    purpose = session.purpose.replace("_", " ")
    at = f" {session.time:%H:%M}" if session.time is not None else ""
    head = f"Session #{session.number}: {purpose}{at}" + (" (provisional)" if session.provisional else "")
    title = escape("\n".join([head, *(f"- {reason}" for reason in session.reasons)]), quote=True)
    return (
        f'<div class="pl-session{extra}" data-session="{session.date.isoformat()}" title="{title}">'
        f"{SESSION_MARK} #{session.number} {escape(purpose)}{at}{pin}</div>"
    )
