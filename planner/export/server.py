"""`planner serve`: each plan's calendar at a secret URL, for "subscribe from URL" in calendar apps.

Standard library only (`ThreadingHTTPServer`). GET and HEAD on `/<token>.ics`; anything else is a
404 that says nothing about which tokens exist. Every answer carries `ETag` and `Last-Modified`
and `Cache-Control: no-cache` (clients revalidate each time), and a conditional request
(`If-None-Match`, else `If-Modified-Since`) for the calendar a client already has gets a 304.
The access log never prints a token: the URL is the only secret a subscribed feed has.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hmac
import sys
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from planner.errors import PlannerInputError
from planner.export.feed import Feed, FeedBody


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], feeds: Sequence[Feed]) -> None:
        super().__init__(address, FeedHandler)
        self.feeds = list(feeds)

    def feed_for(self, path: str) -> Feed | None:
        name = path.split("?", 1)[0].lstrip("/")
        if not name.endswith(".ics"):
            return None
        token = name.removesuffix(".ics")
        found = None
        for feed in self.feeds:
            # Compare every token in constant time: the answer's timing must not leak one.
            if hmac.compare_digest(feed.token.encode(), token.encode()):
                found = feed
        return found


class FeedHandler(BaseHTTPRequestHandler):
    server: FeedServer

    def version_string(self) -> str:
        return "planner-feed"

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, *, with_body: bool) -> None:
        feed = self.server.feed_for(self.path)
        if feed is None:
            self._plain(HTTPStatus.NOT_FOUND, b"Not found\n", with_body)
            return
        try:
            body = feed.current()
        except PlannerInputError as error:
            print(f"planner serve: {error}", file=sys.stderr)
            self._plain(
                HTTPStatus.SERVICE_UNAVAILABLE, b"The calendar cannot be made right now.\n", with_body
            )
            return
        if self._not_modified(body):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._validators(body)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(body.data)))
        self.send_header("Content-Disposition", 'inline; filename="sessions.ics"')
        self._validators(body)
        self.end_headers()
        if with_body:
            self.wfile.write(body.data)

    def _not_modified(self, body: FeedBody) -> bool:
        # RFC 9110 13.1.3: If-None-Match wins over If-Modified-Since when both are sent.
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = [tag.strip().removeprefix("W/") for tag in match.split(",")]
            return "*" in tags or body.etag in tags
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return body.last_modified.replace(microsecond=0) <= when

    def _validators(self, body: FeedBody) -> None:
        self.send_header("ETag", body.etag)
        self.send_header("Last-Modified", email.utils.format_datetime(body.last_modified, usegmt=True))
        self.send_header("Cache-Control", "no-cache")

    def _plain(self, status: HTTPStatus, text: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if with_body:
            self.wfile.write(text)

    def log_message(self, format: str, *args: object) -> None:
        # The default log prints the request line, token included.
        feed = self.server.feed_for(self.path)
        where = feed.plan_path.name if feed is not None else "unknown path"
        status = args[1] if len(args) > 1 else ""
        print(f"planner serve: {self.command} {where} -> {status}", file=sys.stderr)
