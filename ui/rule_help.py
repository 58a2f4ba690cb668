"""Help text for every rule parameter: what it does, its DOMAIN.md rule and the source behind it.

Pure text for the Clinic & rules page; the numbers themselves are the defaults in `planner.plan`.
Seeds: 000 = runner's guide to dry needling (screening, soreness, "try 2-3 then reassess"),
001 = clinic article (soreness 24-48 h, calves a few days, 2-7 sessions, $65-120),
002 = runner's account (appointments not just before running days, swap the long run),
003 = sports article (after hard sessions, maintenance in heavy blocks and taper, trial well ahead).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleHelp:
    label: str
    rule: int | None
    text: str
    source: str

    @classmethod
    def fallback(cls, name: str, description: str | None) -> RuleHelp:
        """For a parameter added to the model before its help text here: its own description."""
        return cls(name.replace("_", " ").capitalize(), None, description or "", "planner default")

    def render(self, default: object) -> str:
        where = f"DOMAIN.md rule {self.rule}" if self.rule else "DOMAIN.md"
        return f"{self.text}\n\nDefault: {_shown(default)}. Source: {where}; {self.source}."


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


RULES: dict[str, RuleHelp] = {
    "clear_days_before_hard": RuleHelp(
        "Clear days before a hard day",
        1,
        "No session on a quality or race day, nor on this many days before any hard day.",
        "seeds 000 and 002: easy running next day is fine, hard running is not; appointments "
        "'that did not occur just prior to running days'",
    ),
    "allow_after_long_run_same_day": RuleHelp(
        "Allow a session on a long-run day",
        1,
        "Let a session share a day with a long run (after it).",
        "seed 002: after lower-leg needling, swap the long run for upper body work or an easy bike",
    ),
    "comfort_days_before_hard": RuleHelp(
        "Soreness comfort days",
        2,
        "Penalise a hard day within this many days after a session (soft rule).",
        "seeds 000 and 001: soreness lasts 24-48 h",
    ),
    "comfort_days_before_hard_lower_leg": RuleHelp(
        "Soreness comfort days, lower-leg focus",
        2,
        "The same window when the focus is calf, achilles, foot or shin.",
        "seeds 000 and 001: calves can stay sore 'for a few days'",
    ),
    "comfort_is_hard": RuleHelp(
        "Make soreness comfort a hard rule",
        2,
        "Forbid (instead of penalise) a hard day inside the soreness window.",
        "DOMAIN.md: 'a plan can make this hard'",
    ),
    "trial_lead_days": RuleHelp(
        "Trial lead days before the A race",
        4,
        "The first session is at least this many days before the A race, with a hard day between "
        "the trial and race week.",
        "seed 003: used before a key event only after a trial 'well ahead of competition'",
    ),
    "trial_under_load": RuleHelp(
        "Hard day between trial and race week",
        4,
        "Require at least one hard day between the trial session and race week, so the response "
        "to needling was tested under load.",
        "seed 003: a trial 'well ahead of competition' in training",
    ),
    "final_blackout_days": RuleHelp(
        "Final blackout days before A/B races",
        5,
        "No session in this many days before an A or B race, nor on race day.",
        "seeds 000 and 001: soreness lasts 24-48 h; seed 003: only occasionally days before a key event",
    ),
    "allow_activation": RuleHelp(
        "Allow activation sessions in race week",
        5,
        "Allow a race-week session (purpose activation) outside the final blackout.",
        "seed 003: occasionally used days before a key event, only after a trial",
    ),
    "taper_maintenance": RuleHelp(
        "Taper maintenance session",
        6,
        "Require a session between the start of the taper and 7 days before the A race.",
        "seed 003: maintenance during heavy blocks, deload weeks and the pre-race taper",
    ),
    "min_sessions": RuleHelp(
        "Minimum sessions in the block",
        7,
        "At least this many sessions.",
        "seed 001: typical courses of 2-7 sessions over a few weeks",
    ),
    "max_sessions": RuleHelp(
        "Maximum sessions in the block",
        7,
        "At most this many sessions.",
        "seed 001: 2-7 sessions; seed 003: some runners 5-10",
    ),
    "target_sessions": RuleHelp(
        "Target number of sessions",
        7,
        "Aim for this many (soft): a trial series, then maintenance and the taper session.",
        "seed 000: try 2-3 sessions then reassess; seed 003: maintenance and taper",
    ),
    "min_gap_days": RuleHelp(
        "Minimum days between sessions",
        7,
        "Sessions at least this many days apart (a rehab series may set 2).",
        "seeds 000 and 001: soreness 24-48 h",
    ),
    "max_per_week": RuleHelp(
        "Maximum sessions per calendar week",
        7,
        "At most this many sessions Monday-Sunday.",
        "seed 001: 2-7 sessions over a few weeks",
    ),
    "reassess_after": RuleHelp(
        "Reassess after this many sessions",
        8,
        "Sessions after this point are provisional (tentative in the calendar) until a reassessment.",
        "seed 000: try 2-3 sessions, then reassess with objective measures",
    ),
    "spacing_days": RuleHelp(
        "Preferred days between sessions",
        12,
        "Prefer sessions about this many days apart (soft).",
        "planner default: even spacing over the block",
    ),
    "max_gap_days": RuleHelp(
        "Longest preferred gap between sessions",
        12,
        "Prefer no gap longer than this between sessions (soft), so the effect is kept up to the race.",
        "seed 003: maintenance through heavy blocks, deload weeks and the taper",
    ),
    "rehab_series": RuleHelp(
        "Rehab series",
        7,
        "The sessions treat an injury: their purpose is rehab.",
        "seeds 001 and 003: injury courses of several sessions",
    ),
}

WEIGHTS: dict[str, RuleHelp] = {
    "comfort": RuleHelp(
        "Soreness comfort", 2, "Penalty per hard day inside the soreness window.", "planner weight"
    ),
    "after_long_run": RuleHelp(
        "After long runs",
        3,
        "Reward for a session the day after a long run or race.",
        "seed 003; planner weight",
    ),
    "post_race": RuleHelp(
        "Post-race", 11, "Reward for a session 1-3 days after a B or A race.", "planner weight"
    ),
    "extra_session": RuleHelp(
        "Extra session", 7, "Penalty per session above the target: it must earn its price.", "planner weight"
    ),
    "missing_session": RuleHelp(
        "Missing session", 7, "Penalty per session below the target.", "planner weight"
    ),
    "spacing": RuleHelp(
        "Spacing", 12, "Penalty per extra session inside a spacing window.", "planner weight"
    ),
    "preferred_weekday": RuleHelp(
        "Preferred weekday", 12, "Penalty per session off the runner's preferred weekdays.", "planner weight"
    ),
    "long_gap": RuleHelp(
        "Long gap",
        12,
        "Penalty per day a gap between sessions runs past the longest preferred gap.",
        "planner weight",
    ),
    "change": RuleHelp(
        "Change on re-plan",
        None,
        "Penalty per session moved from the previous schedule (minimal change).",
        "planner weight",
    ),
}

CLINIC: dict[str, str] = {
    "open_weekdays": "Rule 9. Default Monday-Saturday (DOMAIN.md clinic defaults).",
    "hours": "Rule 9. Default 08:00-18:00 (DOMAIN.md clinic defaults).",
    "appointment_minutes": "Default 45 minutes (DOMAIN.md clinic defaults).",
    "price": "Default 95, the middle of $65-120 a session (seed 001). Used by the budget rule.",
    "budget": "Rule 10: sessions x price may not exceed the budget. Default: no limit (DOMAIN.md).",
    "capacity": "Rule 9: appointments per day the clinic can give (matters for a squad). Default 1.",
    "closed_dates": "Rule 9: no sessions on these dates.",
}
