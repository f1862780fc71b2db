"""Bytes the offline work adds to a page and to the phone (issue 7).

    .venv/bin/python benchmarks/bench_offline_weight.py

Prints the size of each file the worker keeps (raw and gzip -6), and the page weight of
/today for a mother with 6 months of history (HTML + CSS + JS, what the 100 KB budget of
tests/e2e/test_pages_a11y.py counts), all over the real app on a temporary SQLite file.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from bench_engine import build_history, history_days

from comeback.settings import Settings
from comeback.web import create_app

PASSWORD = "a long enough secret"


def line(name: str, body: bytes) -> None:
    print(f"{name:32} {len(body):8} B raw {len(gzip.compress(body, 6)):8} B gzip")


def main() -> None:
    history = build_history(6)
    now = datetime(2026, 1, 5, 9, tzinfo=UTC) + timedelta(days=history_days(6))
    with tempfile.TemporaryDirectory() as d:
        app = create_app(Settings(database_url=f"sqlite:///{d}/b.db"), clock=lambda: now)
        with TestClient(app) as c:
            body = {"email": "b@example.org", "password": PASSWORD, "role": "mother"}
            c.post("/api/v1/auth/register", json=body | {"display_name": "B"})
            c.post("/api/v1/auth/session", json={"email": body["email"], "password": PASSWORD})
            c.post("/api/v1/me/import", json=history)
            total = 0
            for url in ("/today", "/static/app.css", "/static/app.js"):
                got = c.get(url).content
                total += len(got)
                line(url, got)
            print(f"{'/today page weight (budget 102400)':32} {total:8} B")
            for url in ("/sw.js", "/triage.json", "/manifest.webmanifest", "/wrong", "/checkin"):
                line(url, c.get(url).content)
            stops = [
                c.get(f"/stop/{code}").content for code in c.get("/triage.json").json()["levels"]
            ]
            line(f"{len(stops)} stop screens kept", b"".join(stops))
        app.state.engine.dispose()


if __name__ == "__main__":
    main()
