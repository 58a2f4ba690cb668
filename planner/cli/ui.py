"""`planner ui`: start the Streamlit app with the project's server settings."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path

# The app ships inside the package, so a wheel install runs it too.
APP_PATH = Path(__file__).resolve().parent.parent / "app" / "main.py"
# Plans, .ics feeds and CSV exports are a few hundred kB; 5 MB leaves room and stops accidents.
MAX_UPLOAD_MB = 5


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("ui", help="open the planning app in the browser")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument(
        "--address", default="127.0.0.1", help="address to listen on (default: this machine only)"
    )
    parser.set_defaults(func=lambda args: launch(port=args.port, address=args.address))


def streamlit_command(
    port: int | None = None, app_path: Path = APP_PATH, address: str = "127.0.0.1"
) -> list[str]:
    """The `python -m streamlit run ...` command line `launch` runs."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path),
        # Plans hold screening answers: listen on this machine only unless asked otherwise.
        "--server.address",
        address,
        "--server.maxUploadSize",
        str(MAX_UPLOAD_MB),
        "--browser.gatherUsageStats",
        "false",
        # Users get the viewer's menu: no "Deploy" button or developer options (the app sets it too).
        "--client.toolbarMode",
        "viewer",
    ]
    if port is not None:
        command += ["--server.port", str(port)]
    return command


class _Stopped(Exception):
    """SIGTERM reached `planner ui`."""


def _stop(signum: int, frame: object) -> None:
    raise _Stopped


def launch(port: int | None = None, address: str = "127.0.0.1") -> int:
    """Run the app until the user stops it; returns the exit code for the CLI.

    Ctrl-C or a SIGTERM to this process also stops the server it started: `subprocess.call`
    kills its child when the wait is interrupted, so no orphaned streamlit keeps the port.
    """
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        return subprocess.call(streamlit_command(port, address=address))
    except (KeyboardInterrupt, _Stopped):
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
