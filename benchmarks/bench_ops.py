"""Benchmark of the operations layer: what a JSON request line and a shared login throttle
cost per request.

Run from the repository root:

    .venv/bin/python benchmarks/bench_ops.py            # all stores
    .venv/bin/python benchmarks/bench_ops.py --quick    # few rounds (smoke test)

* request log: a trivial ASGI app called directly, bare and wrapped in `RequestLog`, with
  the JSON formatter writing to /dev/null (the cost `comeback serve` adds to each request);
* throttle: one `check` + one `failed` (what a failed login costs), and one `check` (what
  every login costs), for each store: memory, SQLite file, PostgreSQL (a fresh database on
  the local server, dropped at the end) and Redis (127.0.0.1:6379), when they are reachable.

Medians of several rounds, in microseconds. A benchmark, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from comeback.persistence import make_engine, upgrade
from comeback.web.requestlog import JsonFormatter, RequestIdFilter, RequestLog
from comeback.web.throttle import (
    DatabaseThrottle,
    LoginThrottle,
    MemoryThrottle,
    RedisThrottle,
    redis_client,
)

PG_ADMIN = os.environ.get("COMEBACK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("COMEBACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _median_us(fn: Callable[[], None], n: int, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - started) / n * 1e6)
    return statistics.median(samples)


async def _plain(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def bench_request_log(n: int, rounds: int) -> tuple[float, float]:
    devnull = open(os.devnull, "w")  # noqa: SIM115 (closed below)
    handler = logging.StreamHandler(devnull)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("comeback")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    wrapped = RequestLog(_plain)
    scope = {"type": "http", "method": "GET", "path": "/api/v1/me/today", "headers": []}
    loop = asyncio.new_event_loop()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(_: Any) -> None:
        return None

    def call(app: Any) -> Callable[[], None]:
        return lambda: loop.run_until_complete(app(dict(scope), receive, send))

    bare = _median_us(call(_plain), n, rounds)
    logged = _median_us(call(wrapped), n, rounds)
    logger.removeHandler(handler)
    devnull.close()
    loop.close()
    return bare, logged


def bench_throttle(throttle: LoginThrottle, n: int, rounds: int) -> tuple[float, float]:
    now = datetime.now(UTC)
    emails = iter(f"bench-{uuid.uuid4().hex}@example.org" for _ in range(n * rounds * 2 + 10))

    def failed_login() -> None:
        email = next(emails)
        throttle.check(email, now)
        throttle.failed(email, now)

    def check() -> None:
        throttle.check(next(emails), now + timedelta(seconds=1))

    return _median_us(failed_login, n, rounds), _median_us(check, n, rounds)


def _stores(tmp: str) -> list[tuple[str, Callable[[], LoginThrottle], Callable[[], None]]]:
    stores: list[tuple[str, Callable[[], LoginThrottle], Callable[[], None]]] = [
        ("memory", lambda: MemoryThrottle(5, 300), lambda: None)
    ]
    sqlite_url = f"sqlite:///{tmp}/bench.db"
    upgrade(sqlite_url)
    sqlite_engine = make_engine(sqlite_url)
    stores.append(
        ("sqlite", lambda: DatabaseThrottle(sqlite_engine, 5, 300), sqlite_engine.dispose)
    )
    try:
        import psycopg

        name = f"comeback_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        pg_url = f"{url}/{name}"
        upgrade(pg_url)
        pg_engine = make_engine(pg_url)

        def drop() -> None:
            pg_engine.dispose()
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        stores.append(("postgresql", lambda: DatabaseThrottle(pg_engine, 5, 300), drop))
    except Exception as e:
        print(f"postgresql: skipped ({type(e).__name__}: {e})")
    try:
        client = redis_client(REDIS_URL)
        client.ping()
        stores.append(("redis", lambda: RedisThrottle(client, 5, 300), lambda: None))
    except Exception as e:
        print(f"redis: skipped ({type(e).__name__}: {e})")
    return stores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds (smoke test)")
    args = parser.parse_args()
    n, rounds = (20, 3) if args.quick else (500, 7)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")

    bare, logged = bench_request_log(n * 4, rounds)
    print("\n| request log | us per request |")
    print("|---|---|")
    print(f"| bare ASGI call | {bare:.1f} |")
    print(f"| with RequestLog + JSON line | {logged:.1f} |")
    print(f"| added by the request log | {logged - bare:.1f} |")

    print("\n| throttle store | failed login: check + failed (us) | login: check (us) |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, cleanup in _stores(tmp):
            try:
                failed, check = bench_throttle(make(), n, rounds)
                print(f"| {name} | {failed:.0f} | {check:.0f} |")
            finally:
                cleanup()


if __name__ == "__main__":
    main()
