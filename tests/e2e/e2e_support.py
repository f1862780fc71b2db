"""End-to-end: a real HTTP server (uvicorn, in a thread) on a real SQLite file, driven by
Debian's chromium through Playwright. The server's clock is a fake the test can move, so a
journey of weeks runs in seconds; everything else is the real thing.

Chromium is /usr/bin/chromium (apt-get install -y chromium; never a browser download).
Without it the browser tests are skipped with a plain message, except in CI (CI=true), where
a missing browser is a failure. Screenshots of each page go to tests/e2e/artifacts/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from comeback.settings import Settings
from comeback.web import create_app

CHROMIUM = os.environ.get("COMEBACK_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
DELIVERY = datetime(2026, 1, 5, tzinfo=UTC)


@dataclass
class Clock:
    """The server's clock: a day after the default delivery date, at 09:00 UTC."""

    now: datetime = field(default_factory=lambda: DELIVERY + timedelta(days=41, hours=9))

    def __call__(self) -> datetime:
        return self.now

    def to_day(self, n: int) -> None:
        self.now = DELIVERY + timedelta(days=n, hours=9)


@dataclass
class Server:
    url: str
    clock: Clock


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    clock = Clock()
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'e2e.db'}"), clock=clock)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield Server(f"http://127.0.0.1:{port}", clock)
    uv.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = (
            f"browser tests did not run: no chromium at {CHROMIUM} (apt-get install -y chromium)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(params=["phone", "desktop"])
def page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    viewport = PHONE if request.param == "phone" else DESKTOP
    context = browser.new_context(
        viewport=viewport, device_scale_factor=1, locale="en-GB", timezone_id="Europe/London"
    )
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.size_name = request.param  # type: ignore[attr-defined]
    yield pg
    context.close()


def shot(page: Any, name: str) -> None:
    """A full-page screenshot as a test artefact (look at them)."""
    ARTIFACTS.mkdir(exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    page.screenshot(path=str(ARTIFACTS / f"{page.size_name}-{slug}.png"), full_page=True)
