"""`planner serve PLAN... [--host 127.0.0.1] [--port N]`: live calendar feeds at secret URLs."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from planner.cli.common import seconds
from planner.cli.export import add_ics_arguments, options_from_args
from planner.errors import EXIT_OK, PlannerInputError

DEFAULT_PORT = 8765


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="publish each plan's calendar at a secret URL (subscribe from Apple, Outlook, Google)",
        description=(
            "Serve each plan's sessions as a calendar feed at http://HOST:PORT/TOKEN.ics, re-solved "
            "when the plan file changes. Listens on 127.0.0.1 unless told otherwise: put a reverse "
            "proxy with HTTPS in front to share it (README)."
        ),
    )
    parser.add_argument("plans", nargs="+", metavar="PLAN", help="plan files (.yaml/.json/.ics/.csv)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: this machine only)"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 = any)"
    )
    parser.add_argument(
        "--state",
        default=None,
        metavar="DIR",
        help="where tokens and history live (default ~/.planner/feeds)",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="the public address in front of this server (printed URLs use it), e.g. https://cal.example.org",
    )
    parser.add_argument(
        "--new-token", action="store_true", help="give every plan a new secret URL; the old ones stop working"
    )
    parser.add_argument(
        "--time-limit", type=seconds, default=10.0, metavar="SECONDS", help="solver time limit"
    )
    add_ics_arguments(parser)
    parser.set_defaults(func=run)


class _Stopped(Exception):
    """SIGTERM reached `planner serve`."""


def _stop(signum: int, frame: object) -> None:
    raise _Stopped


def run(args: argparse.Namespace) -> int:
    from planner.export.feed import Feed, state_folder  # lazy: start-up (icalendar)
    from planner.export.server import FeedServer  # lazy: start-up

    options = options_from_args(args)
    if not 0 <= args.port <= 65535:
        raise PlannerInputError(f"--port: {args.port} is not a port (0-65535)")
    state = state_folder(args.state)
    feeds = []
    for name in args.plans:
        if not Path(name).is_file():
            raise PlannerInputError("no such plan file", source=name)
        feed = Feed(name, state, options, time_limit=args.time_limit)
        if args.new_token:
            feed.new_token()
        feeds.append(feed)
    try:
        server = FeedServer((args.host, args.port), feeds)
    except OSError as error:
        raise PlannerInputError(f"cannot listen on {args.host}:{args.port} ({error.strerror})") from None
    host, port = server.server_address[:2]
    base = (args.base_url or f"http://{host}:{port}").rstrip("/")
    print(f"Serving {len(feeds)} calendar(s) on http://{host}:{port} (Ctrl-C stops):", flush=True)
    for feed in feeds:
        print(f"  {feed.plan_path.name}: {base}/{feed.token}.ics", flush=True)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, _Stopped):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
    return EXIT_OK
