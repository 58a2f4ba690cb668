"""`planner serve` timings: a first request (solve + export), a cached one, a 304, a re-solve.

    python benchmarks/feed.py [--plan sample_plans/advanced_marathon.yaml] [--runs 20]

Runs the real server in this process on a free 127.0.0.1 port and times urllib requests; prints
one row per kind of request (median and worst of --runs), and the feed's size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from planner.export.events import ExportOptions
from planner.export.feed import Feed
from planner.export.server import FeedServer

ROOT = Path(__file__).resolve().parents[1]


def timed(url: str, **headers: str) -> tuple[float, int, bytes, str]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:
            body, status, etag = response.read(), response.status, response.headers["ETag"]
    except urllib.error.HTTPError as error:
        body, status, etag = b"", error.code, error.headers.get("ETag", "")
    return time.perf_counter() - start, status, body, etag


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default=str(ROOT / "sample_plans" / "advanced_marathon.yaml"))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="feed-bench-"))
    plan = folder / "plan.yaml"
    shutil.copy(args.plan, plan)
    feed = Feed(plan, folder / "state", ExportOptions(include_workouts=True))
    server = FeedServer(("127.0.0.1", 0), [feed])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{feed.token}.ics"
    rows: dict[str, list[float]] = {"first request (solve + export)": [], "cached 200": [], "304": []}
    rows["plan changed (re-solve)"] = []
    size = 0
    try:
        for run in range(args.runs):
            # A new plan file each round: the first request solves, the rest hit the cache.
            data = yaml.safe_load(Path(args.plan).read_text())
            data["name"] = f"{data.get('name', 'plan')} #{run}"
            plan.write_text(yaml.safe_dump(data))
            seconds, status, body, etag = timed(url)
            assert status == 200
            rows["first request (solve + export)" if run == 0 else "plan changed (re-solve)"].append(seconds)
            size = len(body)
            seconds, status, _, _ = timed(url)
            assert status == 200
            rows["cached 200"].append(seconds)
            seconds, status, _, _ = timed(url, **{"If-None-Match": etag})
            assert status == 304
            rows["304"].append(seconds)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"plan: {Path(args.plan).name}, with workouts; feed size {size / 1024:.1f} kB; {args.runs} runs")
    print("| request | median ms | worst ms |")
    print("|---|---|---|")
    for name, values in rows.items():
        if values:
            print(f"| {name} | {1000 * statistics.median(values):.1f} | {1000 * max(values):.1f} |")


if __name__ == "__main__":
    main()
