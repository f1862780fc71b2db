"""Benchmark of the HTML pages: server render time and size with six months of history.

Run from the repository root:

    .venv/bin/python benchmarks/bench_pages.py [--runs 30]

A SQLite file in a temporary folder, the app in-process (starlette's TestClient: the whole
ASGI stack, no network), a mother with the 6-month history of bench_engine.build_history(6)
and her linked physio. For each page: median and p95 of the time from request to the last
byte of the response, and the HTML size. Target (issue 4): every page rendered in under
50 ms and under 100 KB transferred. This is a benchmark, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engine import DELIVERY, build_history, history_days

from comeback.settings import Settings
from comeback.web import create_app

TARGET_MS = 50.0
BUDGET_BYTES = 100 * 1024
PASSWORD = "bench-password-123"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    history = build_history(6)
    now = datetime.combine(DELIVERY, datetime.min.time(), UTC) + timedelta(
        days=history_days(6), hours=9
    )
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(database_url=f"sqlite:///{tmp}/bench.db"), clock=lambda: now)
        with TestClient(app) as client:
            tokens = {}
            for role, name in (("mother", "Maya"), ("clinician", "Priya")):
                email = f"{name.lower()}@example.org"
                client.post(
                    "/api/v1/auth/register",
                    json={"email": email, "password": PASSWORD, "role": role, "display_name": name},
                )
                r = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
                tokens[role] = r.json()["access_token"]
            m = {"Authorization": f"Bearer {tokens['mother']}"}
            p = {"Authorization": f"Bearer {tokens['clinician']}"}
            client.post("/api/v1/me/import", json=history, headers=m)
            code = client.post("/api/v1/clinician/invites", headers=p).json()["invite_code"]
            client.post("/api/v1/me/clinicians", json={"invite_code": code}, headers=m)
            client_id = client.get("/api/v1/clinician/clients", headers=p).json()["data"][0][
                "client_id"
            ]
            pages = {
                "mother": [
                    "/today",
                    "/checkin",
                    "/progress",
                    "/progress?period=all",
                    "/settings",
                    "/onboarding",
                    "/wrong",
                    "/check",
                    "/stop/heavy_bleeding",
                    "/learn",
                    "/learn/activation",
                ],
                "clinician": ["/desk", f"/desk/clients/{client_id}"],
            }
            print(
                f"pages with a 6-month history ({len(history['sessions'])} sessions), "
                f"{args.runs} runs each; target < {TARGET_MS:.0f} ms and < 100 KB"
            )
            print(f"| {'page':28} | median ms | p95 ms | KB   | verdict |")
            print(f"|{'-' * 30}|-----------|--------|------|---------|")
            worst = 0.0
            for role, urls in pages.items():
                client.cookies.set("comeback_session", tokens[role])
                for url in urls:
                    times, size = [], 0
                    for i in range(args.runs + 3):
                        start = time.perf_counter()
                        r = client.get(url)
                        elapsed = (time.perf_counter() - start) * 1000
                        assert r.status_code == 200, (url, r.status_code)
                        size = len(r.content)
                        if i >= 3:  # warm-up
                            times.append(elapsed)
                    median = statistics.median(times)
                    p95 = sorted(times)[int(0.95 * (len(times) - 1))]
                    worst = max(worst, median)
                    ok = median < TARGET_MS and size < BUDGET_BYTES
                    shown = url if len(url) < 28 else url[:25] + "..."
                    print(
                        f"| {shown:28} | {median:9.1f} | {p95:6.1f} | {size / 1024:4.0f} | "
                        f"{'meets' if ok else 'MISSES':7} |"
                    )
            print(
                f"slowest median {worst:.1f} ms: "
                f"{'meets' if worst < TARGET_MS else 'MISSES'} the {TARGET_MS:.0f} ms target"
            )
        app.state.engine.dispose()


if __name__ == "__main__":
    main()
