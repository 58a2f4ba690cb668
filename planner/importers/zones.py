"""Which timezone a calendar's dates are local to, and why (DOMAIN.md: dates are the athlete's).

A timed event belongs on the runner's local date: a 06:00 run in Auckland written in UTC is on
the Auckland date. The zone is, in order: the one the user gives (`--timezone`, the app's athlete
timezone); the calendar's X-WR-TIMEZONE; the calendar's own VTIMEZONE. A VTIMEZONE is used under
any name: icalendar resolves IANA names, Windows names ("W. Europe Standard Time", with its own
table) and vendor prefixes ("/mozilla.org/.../Europe/Rome"); a zone it cannot name ("Customized
Time Zone" in Outlook.com feeds) is used as defined in the file, and the plan gets the IANA zone
whose offsets are the same over the calendar's dates, so that exports land at the same times.

icalendar caches a custom VTIMEZONE by its TZID for the whole process (by design: see
collective/icalendar#799; vobject has the same trap, skarim/vobject#153), so a second calendar
with another "Customized Time Zone" would be read with the first one's rules: each calendar's own
definitions are therefore rebuilt from its VTIMEZONE components and applied to wall-clock times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import icalendar
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from planner.errors import PlannerInputError
from planner.importers.entries import shorten

UTC = "UTC"


def iana(name: str) -> str | None:
    """An IANA name for a zone as calendars and users write it, or None."""
    name = name.strip()
    if not name or len(name) > 200:
        return None
    candidates = [name, WINDOWS_TO_OLSON.get(name, "")]
    parts = name.strip("/").split("/")
    candidates += ["/".join(parts[-3:]), "/".join(parts[-2:])] if name.startswith("/") else []
    for candidate in candidates:
        if not candidate:
            continue
        try:
            ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
        return candidate
    return None


@cache
def _countries() -> dict[str, str]:
    """IANA zone -> ISO country code, from tzdata's zone.tab."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                found[fields[2]] = fields[0]
    return found


def _candidates(country: str | None) -> list[str]:
    """Zones to try for a custom definition: Windows' representative zones (in the calendar's
    country first), then every other zone."""
    countries = _countries()
    windows = list(dict.fromkeys(WINDOWS_TO_OLSON.values()))
    first = [z for z in windows if country and countries.get(z) == country]
    local = [z for z in sorted(countries) if country and countries.get(z) == country]
    rest = sorted(available_timezones() - {"localtime", "Factory"})
    return list(dict.fromkeys(first + local + windows + rest))


def equivalent_iana(
    tzinfo: dt.tzinfo, first: dt.date, last: dt.date, country: str | None = None
) -> str | None:
    """The IANA zone with the same UTC offset as `tzinfo` at noon UTC on every day from first to last."""
    days = (last - first).days + 1
    if days <= 0 or days > 4000:
        return None
    instants = [
        dt.datetime(first.year, first.month, first.day, 12, tzinfo=dt.UTC) + dt.timedelta(days=i)
        for i in range(days)
    ]
    wanted = [instant.astimezone(tzinfo).utcoffset() for instant in instants]
    for name in _candidates(country):
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
        if all(
            instant.astimezone(zone).utcoffset() == offset
            for instant, offset in zip(instants, wanted, strict=True)
        ):
            return name
    return None


@dataclass(frozen=True)
class Zone:
    """The zone dates are read in: an IANA name for the plan, the tzinfo that converts, and why."""

    name: str
    tzinfo: dt.tzinfo
    reason: str


# Real zones change their offset at most a few times a year; dateutil walks every transition from
# the definition's DTSTART, so a rule repeating every second would never end (issue 13).
_TRANSITION_FREQUENCIES = frozenset({"YEARLY", "MONTHLY"})
MAX_TRANSITION_DATES = 1000


def check_timezones(calendar: icalendar.Calendar, source: str) -> None:
    """One clear line for a VTIMEZONE no clock follows: transitions more often than monthly."""
    for component in calendar.walk("VTIMEZONE"):
        tzid = shorten(str(component.get("TZID", "")), 40)
        for part in component.subcomponents:
            rules = part.get("RRULE")
            for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
                freq = str((rule.get("FREQ") or ["YEARLY"])[0]).upper()
                if freq not in _TRANSITION_FREQUENCIES:
                    raise PlannerInputError(
                        f"VTIMEZONE {tzid!r} changes its offset {freq.lower()}: no timezone does that",
                        source=source,
                    )
            dates = part.get("RDATE")
            count = sum(len(r.dts) for r in (dates if isinstance(dates, list) else [dates])) if dates else 0
            if count > MAX_TRANSITION_DATES:
                raise PlannerInputError(
                    f"VTIMEZONE {tzid!r} lists {count} offset changes: no timezone has that many",
                    source=source,
                )


def own_timezones(calendar: icalendar.Calendar) -> dict[str, dt.tzinfo]:
    """This calendar's VTIMEZONE definitions that no IANA or Windows name covers, built from the
    file itself (never from icalendar's process-wide cache)."""
    own = {}
    for component in calendar.walk("VTIMEZONE"):
        tzid = str(component.get("TZID", "")).strip()
        if not tzid or iana(tzid) is not None:
            continue
        try:
            own[tzid] = component.to_tz(tzp, lookup_tzid=False)
        except Exception:  # a broken definition: the zone stays unknown
            continue
    return own


def tzid_of(value: dt.datetime) -> str | None:
    """The TZID icalendar attached to a parsed time (its custom zones keep the file's TZID)."""
    from icalendar.timezone.tzid import tzid_from_tzinfo

    return tzid_from_tzinfo(value.tzinfo) if value.tzinfo is not None else None


def fix_custom(value: dt.date, own: dict[str, dt.tzinfo]) -> dt.date:
    """A time in one of this calendar's custom zones, with this calendar's rules (see module doc)."""
    if not isinstance(value, dt.datetime) or value.tzinfo is None or not own:
        return value
    tzid = tzid_of(value)
    if tzid in own:
        return value.replace(tzinfo=own[tzid])
    return value


def language_country(calendar: icalendar.Calendar) -> str | None:
    """'AU' from SUMMARY;LANGUAGE=en-AU: a hint for naming a custom zone."""
    for event in calendar.walk("VEVENT")[:50]:
        summary = event.get("SUMMARY")
        language = str(getattr(summary, "params", {}).get("LANGUAGE", "")) if summary is not None else ""
        if "-" in language:
            return language.split("-")[-1].upper()[:2]
    return None


def choose_zone(
    calendar: icalendar.Calendar | None,
    given: str | None,
    given_by: str,
    span: tuple[dt.date, dt.date] | None,
    own: dict[str, dt.tzinfo],
    used_tzids: list[str],
) -> Zone:
    """The zone to read this calendar in (module docstring). `used_tzids`: the TZIDs events use,
    most used first; `span`: the calendar's first and last dates."""
    if given:
        name = iana(given)
        if name is None:
            raise ValueError(given)
        return Zone(name, ZoneInfo(name), f"given with {given_by}")
    if calendar is not None:
        declared = str(calendar.get("X-WR-TIMEZONE", "")).strip()
        name = iana(declared) if declared else None
        if name:
            return Zone(name, ZoneInfo(name), "the calendar's X-WR-TIMEZONE")
        tzids = list(dict.fromkeys(used_tzids + [str(c.get("TZID", "")) for c in calendar.walk("VTIMEZONE")]))
        for tzid in filter(None, tzids):
            name = iana(tzid)
            if name:
                how = "" if name == tzid else f" ('{tzid}' is {name})"
                return Zone(name, ZoneInfo(name), f"the calendar's timezone{how}")
            if tzid in own and span is not None:
                match = equivalent_iana(own[tzid], span[0], span[1], language_country(calendar))
                same = f", the same offsets as {match}" if match else ""
                return Zone(match or UTC, own[tzid], f"the calendar's own '{tzid}' definition{same}")
    return Zone(UTC, dt.UTC, "the calendar names no timezone")
