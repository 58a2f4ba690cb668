"""The app in a real browser, shared by the browser tests and benchmarks/squad_app.py: `streamlit run`
on 127.0.0.1 (stopped by its PID) and Debian's chromium driven by Playwright (TESTING.md's recipe)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.cli.ui import APP_PATH
from tests.servers import free_port, stop_process

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
RUN_TIMEOUT_MS = 60_000


def port_answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def app_server(workspace: Path, log_path: Path) -> Iterator[str]:
    """`streamlit run planner/app/main.py` on a free port with `workspace` as its workspace; yields its
    URL once healthy and stops exactly that process (by its PID) afterwards."""
    port = free_port()
    # A stale server on the port would answer the health check while ours exits (TESTING.md).
    assert not port_answers(port), f"port {port} is already in use"
    command = [sys.executable, "-m", "streamlit", "run", str(APP_PATH)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port)]
    command += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    command += ["--server.maxUploadSize", "5"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "PLANNER_WORKSPACE": str(workspace)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while not _healthy(url):
                assert process.poll() is None, f"streamlit exited with {process.returncode}: see {log_path}"
                assert time.monotonic() < deadline, "streamlit did not become healthy in 60 s"
                time.sleep(0.3)
            yield url
        finally:
            stop_process(process)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


@contextmanager
def chromium_page(width: int = 1300, height: int = 2000) -> Iterator:
    """A chromium tab (a tall viewport by default: Streamlit scrolls inside its own container)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(RUN_TIMEOUT_MS)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def settle(page) -> None:
    """Wait until Streamlit has finished the rerun the last action started."""
    page.wait_for_timeout(400)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for()
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for()
    page.wait_for_timeout(200)


def open_page(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNavLink']", has_text=title).first.click()
    settle(page)
    page.get_by_role("heading", name=title).first.wait_for()


def download(page, button: str, name: str) -> Path:
    """Click a download button and save what it sends into tests/ui/artifacts/ as `name`."""
    with page.expect_download() as started:
        page.get_by_role("button", name=button).click()
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    started.value.save_as(str(target))
    return target


def shoot(page, name: str, *, full_page: bool = True) -> Path:
    """A screenshot into tests/ui/artifacts/ (and docs/screenshots/ with PLANNER_UPDATE_SCREENSHOTS=1)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    if os.environ.get("PLANNER_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / path.name)
    return path
