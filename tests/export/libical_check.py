"""Parse .ics files with libical (the C library behind GNOME/Evolution) and report its errors.

Run with Debian's python (gi + gir1.2-ical-3.0): `/usr/bin/python3 tests/export/libical_check.py FILE...`.
Prints one `FILE: problem` line per X-LIC-ERROR or restriction failure and exits 1 if any; the
PUBLISH restriction asking for ORGANIZER is ignored (feeds have no organizer).
"""

from __future__ import annotations

import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

# RFC 5546 wants ORGANIZER on PUBLISH; published feeds (Google, Apple, Outlook exports) omit it.
IGNORED = ("ORGANIZER",)


def problems(text: str) -> list[str]:
    comp = ICalGLib.Component.new_from_string(text)
    if comp is None:
        return ["libical could not parse the file at all"]
    found: list[str] = []
    ICalGLib.restriction_check(comp)
    found.extend(_errors(comp))
    if comp.isa() != ICalGLib.ComponentKind.VCALENDAR_COMPONENT:
        found.append(f"top-level component is {comp.isa()}, not VCALENDAR")
    if comp.count_components(ICalGLib.ComponentKind.VEVENT_COMPONENT) == 0:
        found.append("no VEVENT")
    return [p for p in found if not any(word in p for word in IGNORED)]


def _errors(comp: ICalGLib.Component) -> list[str]:
    found = []
    prop = comp.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(f"{ICalGLib.Component.kind_to_string(comp.isa())}: {prop.get_xlicerror()}")
        prop = comp.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    child = comp.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found.extend(_errors(child))
        child = comp.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    return found


def main(paths: list[str]) -> int:
    failed = False
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        for problem in problems(text):
            failed = True
            print(f"{path}: {problem}")
    if not failed:
        print(f"ok: {len(paths)} file(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
