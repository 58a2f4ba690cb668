"""`planner ui`: start the Streamlit app (ui/app.py) with the project's server settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

APP_PATH = Path(__file__).resolve().parent.parent / "ui" / "app.py"
# Plans, .ics feeds and CSV exports are a few hundred kB; 5 MB leaves room and stops accidents.
MAX_UPLOAD_MB = 5


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
    ]
    if port is not None:
        command += ["--server.port", str(port)]
    return command


def launch(port: int | None = None, address: str = "127.0.0.1") -> int:
    """Run the app until the user stops it; returns the exit code for the CLI."""
    if not APP_PATH.exists():
        # A non-editable install has no ui/ folder next to the package.
        print(
            f"planner ui: the app is not installed here ({APP_PATH} is missing); run it from a clone",
            file=sys.stderr,
        )
        return 2
    try:
        return subprocess.call(streamlit_command(port, address=address))
    except KeyboardInterrupt:
        return 0
