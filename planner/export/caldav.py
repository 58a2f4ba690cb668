"""Publish a schedule into a CalDAV calendar, touching only this plan's own events.

Raw HTTP (RFC 4791) with the standard library rather than a CalDAV client library: we need
exact control over what is sent (a library may "repair" events) and conditional requests
(If-Match / If-None-Match) so a concurrent edit on the server is never overwritten blindly.

Ownership: an event is ours when its UID ends in `@planner.invalid` and its `X-PLANNER-PLAN` is
this plan's id. Everything else in the calendar is never read back, rewritten or deleted.
The previous state (UIDs, SEQUENCE) is read from the server itself, so publishing from a fresh
machine still updates in place.
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import icalendar

from planner.errors import PlannerInputError
from planner.export.ics import ExportOptions, export_ics, split_calendar
from planner.export.identity import PLAN_PROPERTY, UID_DOMAIN, event_content, plan_id, read_export_state
from planner.plan import ExportedSession, Plan
from planner.schedule import Schedule

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
TIMEOUT_SECONDS = 30
ALL_EVENTS_QUERY = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>
"""
RESOURCETYPE_QUERY = b"""<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>
"""


class CalDAVError(PlannerInputError):
    """The server cannot be reached, refused the login, or is not a calendar. One line."""


@dataclass(frozen=True)
class PublishResult:
    created: int
    updated: int
    deleted: int
    unchanged: int

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged"
        )


@dataclass(frozen=True)
class _Resource:
    href: str
    etag: str | None
    data: bytes


def publish(
    plan: Plan,
    schedule: Schedule,
    url: str,
    user: str | None,
    password: str | None,
    *,
    options: ExportOptions | None = None,
) -> PublishResult:
    """Create, update and delete this plan's events in the calendar at `url`; a repeat changes nothing."""
    dav = _Dav(url, user, password)
    dav.check_calendar()
    owned = {uid: resource for uid, resource in dav.events().items() if _is_ours(resource, plan)}
    previous: list[ExportedSession] = []
    for resource in owned.values():
        previous.extend(read_export_state(resource.data, source=resource.href))
    export = export_ics(plan, schedule, options=options, previous=previous)
    # The one export path sends a removed session as CANCELLED, for calendars that imported a
    # file; a CalDAV server is synced instead, so a removed session is deleted there.
    cancelled = {entry.uid for entry in export.state if entry.cancelled}
    wanted = {uid: body for uid, body in split_calendar(export.data).items() if uid not in cancelled}

    created = updated = unchanged = deleted = 0
    for uid, body in wanted.items():
        existing = owned.get(uid)
        if existing is None:
            dav.put(dav.resource_url(uid), body, if_none_match=True)
            created += 1
        elif _same_events(existing.data, body):
            unchanged += 1
        else:
            dav.put(dav.absolute(existing.href), body, etag=existing.etag)
            updated += 1
    for uid, resource in owned.items():
        if uid not in wanted:
            dav.delete(dav.absolute(resource.href), etag=resource.etag)
            deleted += 1
    return PublishResult(created=created, updated=updated, deleted=deleted, unchanged=unchanged)


def _is_ours(resource: _Resource, plan: Plan) -> bool:
    try:
        cal = icalendar.Calendar.from_ical(resource.data)
    except ValueError:
        return False  # not ours to judge, and never ours to touch
    events = cal.walk("VEVENT")
    return bool(events) and all(
        str(event.get("UID", "")).endswith("@" + UID_DOMAIN)
        and str(event.get(PLAN_PROPERTY, "")) == plan_id(plan)
        for event in events
    )


def _same_events(server_data: bytes, body: bytes) -> bool:
    # Servers may re-serialise (order, folding, parameter case): compare parsed content, and
    # ignore DTSTAMP, which RFC 5545 sets to the time of writing.
    try:
        left = icalendar.Calendar.from_ical(server_data).walk("VEVENT")
        right = icalendar.Calendar.from_ical(body).walk("VEVENT")
    except ValueError:
        return False
    return sorted(map(event_content, left)) == sorted(map(event_content, right))


class _Dav:
    def __init__(self, url: str, user: str | None, password: str | None) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise CalDAVError(f"--caldav: {url!r} is not an http(s) calendar URL")
        self.url = url if url.endswith("/") else url + "/"
        self.headers: dict[str, str] = {"User-Agent": "planner-caldav"}
        if user:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
            self.headers["Authorization"] = f"Basic {token}"
        self.user = user

    def absolute(self, href: str) -> str:
        return urllib.parse.urljoin(self.url, href)

    def resource_url(self, uid: str) -> str:
        return self.url + re.sub(r"[^A-Za-z0-9._-]", "-", uid) + ".ics"

    def check_calendar(self) -> None:
        status, body = self._request("PROPFIND", self.url, RESOURCETYPE_QUERY, {"Depth": "0"})
        if status == 404:
            raise CalDAVError(f"no calendar at {self.url} (HTTP 404)")
        self._expect(status, (207,), "PROPFIND", self.url)
        root = _xml(body, self.url)
        if root.find(f".//{DAV}resourcetype/{CALDAV}calendar") is None:
            raise CalDAVError(f"{self.url} is not a calendar collection (give the calendar's own URL)")

    def events(self) -> dict[str, _Resource]:
        status, body = self._request("REPORT", self.url, ALL_EVENTS_QUERY, {"Depth": "1"})
        self._expect(status, (207,), "REPORT", self.url)
        found: dict[str, _Resource] = {}
        for response in _xml(body, self.url).findall(f"{DAV}response"):
            href = response.findtext(f"{DAV}href") or ""
            data = response.findtext(f".//{CALDAV}calendar-data")
            if not href or not data:
                continue
            resource = _Resource(
                href=href, etag=response.findtext(f".//{DAV}getetag"), data=data.encode("utf-8")
            )
            for uid in _uids(resource.data):
                found[uid] = resource
        return found

    def put(self, url: str, body: bytes, *, etag: str | None = None, if_none_match: bool = False) -> None:
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        if if_none_match:
            headers["If-None-Match"] = "*"
        status, _ = self._request("PUT", url, body, headers)
        self._expect(status, (200, 201, 204), "PUT", url)

    def delete(self, url: str, *, etag: str | None) -> None:
        status, _ = self._request("DELETE", url, None, {"If-Match": etag} if etag else {})
        if status == 404:
            return  # already gone: the goal state
        self._expect(status, (200, 204), "DELETE", url)

    def _expect(self, status: int, ok: tuple[int, ...], method: str, url: str) -> None:
        if status in ok:
            return
        if status in (401, 403):
            who = f"user {self.user!r}" if self.user else "no user (give --user)"
            raise CalDAVError(
                f"the server refused {who} at {self.url} (HTTP {status}): check the user and password"
            )
        if status == 412:
            raise CalDAVError(f"{url} changed on the server while publishing (HTTP 412): publish again")
        raise CalDAVError(f"{method} {url} failed with HTTP {status}")

    def _request(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        all_headers = {**self.headers, **headers}
        if body is not None and "Content-Type" not in all_headers:
            all_headers["Content-Type"] = "application/xml; charset=utf-8"
        request = urllib.request.Request(url, data=body, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise CalDAVError(f"cannot reach the CalDAV server at {self.url} ({reason})") from None


def _xml(body: bytes, url: str) -> ET.Element:
    try:
        return ET.fromstring(body)
    except ET.ParseError:
        raise CalDAVError(f"{url} did not answer with CalDAV XML (is this a CalDAV URL?)") from None


def _uids(data: bytes) -> list[str]:
    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError:
        return []
    return sorted({str(event["UID"]) for event in cal.walk("VEVENT") if "UID" in event})
