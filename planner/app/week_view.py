"""The clinic's week as self-contained HTML and CSS (no CDN, works offline): days across, the
appointment slots down, each booked runner in their slot, full and free slots coloured.

The columns share the width (`minmax(0, 1fr)`) and names wrap, so the grid fits a 1024 px tablet
without scrolling sideways; on a phone it scrolls inside its own box. The numbers come from
`planner.squad.week`; this module only draws them.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from planner.app.calendar_view import PIN_MARK
from planner.squad.week import BookedRunner, ClinicWeek, Day, Slot

_CSS = """
<style>
.sq-week { font-family: system-ui, sans-serif; font-size: 12px; color: #222; }
.sq-legend span { display: inline-block; margin: 0 10px 4px 0; }
.sq-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 3px;
             vertical-align: middle; }
.sq-scroll { overflow-x: auto; max-width: 100%; }
.sq-grid { display: grid; gap: 2px; min-width: 480px; }
.sq-head { font-weight: 600; font-size: 11px; text-align: center; padding: 3px 2px; border-radius: 3px;
           background: #f3f3f3; }
.sq-head small { display: block; font-weight: 400; color: #555; }
.sq-head.full { background: #fbd5d3; }
.sq-head.closed { background: #e6e6e6; color: #777; }
.sq-time { font-size: 11px; color: #555; text-align: right; padding: 3px 4px 0 0; }
.sq-cell { border: 1px solid #ddd; border-radius: 3px; padding: 2px; min-height: 34px; min-width: 0; }
.sq-cell.free { background: #eef8ee; border-color: #b9e0b9; }
.sq-cell.full { background: #fde7e6; border-color: #e8a29d; }
.sq-cell.closed { background-image: repeating-linear-gradient(45deg, #f4f4f4 0 6px, #e4e4e4 6px 8px); }
.sq-runner { display: block; background: #fff; border: 2px solid #e4007c; color: #7a0043;
             border-radius: 4px; padding: 0 3px; margin: 1px 0; font-weight: 600; font-size: 11px;
             line-height: 1.25; overflow-wrap: anywhere; text-decoration: none; }
.sq-runner:hover { background: #fde7f3; }
.sq-runner small { display: block; font-weight: 400; color: #8a3a66; }
.sq-runner.provisional { border-style: dashed; }
.sq-booked { background: #9e9e9e; color: #fff; border-radius: 3px; padding: 0 3px; margin: 1px 0;
             font-size: 10px; }
.sq-free { color: #2e7d32; font-size: 10px; }
.sq-extra { color: #1565c0; font-size: 10px; }
</style>
"""


def legend_html() -> str:
    items = [
        '<span><i class="sq-swatch" style="border:2px solid #e4007c"></i>runner (dashed: provisional)</span>',
        f"<span>{PIN_MARK} pinned by the coach</span>",
        '<span><i class="sq-swatch" style="background:#9e9e9e"></i>booked in the clinic\'s calendar</span>',
        '<span><i class="sq-swatch" style="background:#fde7e6;border:1px solid #e8a29d"></i>full</span>',
        '<span><i class="sq-swatch" style="background:#eef8ee;border:1px solid #b9e0b9"></i>free</span>',
        '<span><i class="sq-swatch" style="background:#e4e4e4"></i>closed</span>',
    ]
    return f'<div class="sq-legend">{"".join(items)}</div>'


def week_html(week: ClinicWeek) -> str:
    """The week as a grid: a time column, then one column per clinic weekday."""
    if not week.days:
        return '<div class="sq-week">The clinic opens on no weekday.</div>'
    parts = ['<div class="sq-corner"></div>', *(_day_head(day) for day in week.days)]
    for index, (start, end) in enumerate(week.slot_times):
        parts.append(f'<div class="sq-time">{start:%H:%M}<br>{end:%H:%M}</div>')
        parts += [_cell(day, day.slots[index]) for day in week.days]
    columns = f"3.4em repeat({len(week.days)}, minmax(0, 1fr))"
    grid = f'<div class="sq-grid" style="grid-template-columns: {columns}">{"".join(parts)}</div>'
    return (
        f'{_CSS}<div class="sq-week" data-week="{week.monday.isoformat()}">{legend_html()}'
        f'<div class="sq-scroll">{grid}</div></div>'
    )


def _day_head(day: Day) -> str:
    label = f"{day.date:%a} {day.date.day} {day.date:%b}"
    if not day.open:
        return f'<div class="sq-head closed" data-date="{day.date.isoformat()}">{label}<small>closed</small></div>'
    counts = f"{day.taken} taken, {day.free} free"
    css = "sq-head full" if day.full else "sq-head"
    note = " (full)" if day.full else ""
    return f'<div class="{css}" data-date="{day.date.isoformat()}">{label}<small>{counts}{note}</small></div>'


def _cell(day: Day, slot: Slot) -> str:
    where = f'data-date="{slot.date.isoformat()}" data-start="{slot.start:%H:%M}"'
    if not day.open:
        return f'<div class="sq-cell closed" {where}></div>'
    parts = [_runner(booked) for booked in slot.runners]
    parts += ['<div class="sq-booked">booked</div>'] * slot.booked
    if slot.extra:
        parts.append(f'<div class="sq-extra">+{slot.extra} extra opened</div>')
    if slot.free:
        parts.append(f'<div class="sq-free">{slot.free} free</div>')
    state = "full" if slot.full else ("free" if slot.free else "")
    title = f"{slot.start:%H:%M}-{slot.end:%H:%M}: {len(slot.runners)} runner(s), {slot.booked} booked, {slot.free} free"
    return f'<div class="sq-cell {state}" {where} title="{escape(title)}">{"".join(parts)}</div>'


def _runner(booked: BookedRunner) -> str:
    purpose = booked.purpose.replace("_", " ")
    pin = f" {PIN_MARK}" if booked.pinned else ""
    css = "sq-runner provisional" if booked.provisional else "sq-runner"
    title = f"{booked.runner}: session {booked.number} of {booked.sessions}, {purpose}" + (
        " (provisional)" if booked.provisional else ""
    )
    # A link to the runner's page (`runner_link`): a click opens their calendar. The page restores
    # the squad from the workspace, so the fresh session the link starts loses nothing.
    return (
        f'<a class="{css}" href="{escape(runner_link(booked.runner))}" target="_self" '
        f'data-runner="{escape(booked.runner)}" title="{escape(title)} (click: their calendar)">'
        f"{escape(booked.runner)}{pin}<small>#{booked.number} {escape(purpose)}</small></a>"
    )


# The Squad runner page's address (from views/squad_runner.py) and the query key it reads.
RUNNER_PAGE_PATH = "squad_runner"
RUNNER_QUERY = "runner"


def runner_link(name: str) -> str:
    """The address that opens `name`'s calendar on the Squad runner page (relative to the app)."""
    return f"{RUNNER_PAGE_PATH}?{urlencode({RUNNER_QUERY: name})}"
