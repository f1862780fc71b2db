"""Benchmark at scale (issue 6): the hot requests with 100 and 10,000 mothers on PostgreSQL.

Run from the repository root:

    .venv/bin/python benchmarks/bench_scale.py                    # 100 and 10,000 mothers
    .venv/bin/python benchmarks/bench_scale.py --quick            # 100 and 1,000, few requests
    .venv/bin/python benchmarks/bench_scale.py --sizes 100,2000 --months 6 --workers 1,2

For each size it makes a fresh PostgreSQL database (dropped at the end), fills it with the
generator of `comeback demo --mothers N --months M` (src/comeback/generator.py: plausible
histories, COPY in batches; its time is printed), starts `comeback serve` with 1 and then 2
worker processes, logs in mothers spread over the whole population and the first
generated clinician (200 clients), and measures with benchmarks/bench_api.py's asyncio
load generator:

  * log-a-set      POST /me/sets, a fresh uuid4 each, at 32 concurrent clients;
  * today          GET /me/today, at 32 clients, her decision kept (the warm-up looks once);
  * set+today      a set, then GET /me/today (a replay: the set made the kept one stale),
                   one request pair per sample, at 32 clients;
  * desk API       GET /clinician/clients for 200 clients, at 1 and 4 clients;
  * desk page      GET /desk (HTML) for the same clinician, at 1 client.

Then the ratio of each figure at the largest size to the smallest (near 1.0: the size of
the database does not matter). Targets (issue 6): p99 under 50 ms for log-a-set and today
at 10,000 mothers x 6 months, and the figures barely moving between 100 and 10,000.

This is a benchmark, not a test: it always exits 0. All traffic goes to 127.0.0.1; the
load generator, the server and PostgreSQL share this machine's cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import (
    API,
    Budget,
    Result,
    Send,
    background_load,
    measure,
    postgresql_database,
    server,
)

from comeback import generator
from comeback.persistence import make_engine, upgrade

FULL = Budget(requests_c1=300, requests_cn=4000, seconds=20.0, warmup=200, mothers=64)
QUICK = Budget(requests_c1=40, requests_cn=400, seconds=5.0, warmup=40, mothers=16)
TARGET_P99_MS = 50.0


def seed(url: str, mothers: int, months: int) -> generator.Generated:
    upgrade(url)
    engine = make_engine(url)
    try:
        done = generator.generate(engine, mothers, months, datetime.now(UTC).date())
    finally:
        engine.dispose()
    return done


HOT_QUERIES = {  # the statements of the hot requests, as the repositories send them
    "token -> account": "SELECT users.id FROM users JOIN tokens ON tokens.user_id = users.id "
    "LEFT OUTER JOIN user_settings ON user_settings.user_id = users.id "
    "WHERE tokens.token_hash = 'x'",
    "kept decision": "SELECT version, decision FROM decision_cache WHERE user_id = %(m)s",
    "profile": "SELECT * FROM profiles WHERE user_id = %(m)s",
    "her sets": "SELECT date, exercise, reps FROM sets WHERE user_id = %(m)s "
    "AND date <= CURRENT_DATE ORDER BY date, seq",
    "her check-ins": "SELECT * FROM checkins WHERE user_id = %(m)s AND date <= CURRENT_DATE "
    "ORDER BY date",
    "her symptoms": "SELECT * FROM symptoms WHERE user_id = %(m)s AND date <= CURRENT_DATE "
    "ORDER BY id",
    "her assessments": "SELECT * FROM assessments WHERE user_id = %(m)s "
    "AND date <= CURRENT_DATE ORDER BY id",
    "her clearances": "SELECT * FROM clearances WHERE user_id = %(m)s "
    "AND date <= CURRENT_DATE ORDER BY id",
    "desk: clients, last day, kept": "SELECT users.id, (SELECT max(sets.date) FROM sets "
    "WHERE sets.user_id = users.id), decision_cache.version FROM users "
    "JOIN links ON links.mother_id = users.id "
    "LEFT OUTER JOIN decision_cache ON decision_cache.user_id = users.id "
    "WHERE links.clinician_id = %(c)s ORDER BY users.display_name, users.id",
}


def explain(url: str) -> None:
    """EXPLAIN each hot statement for one mother and one clinician: the access paths used."""
    import psycopg

    from comeback.jobs import conninfo

    with psycopg.connect(conninfo(url)) as c:
        ids = {
            "m": c.execute("SELECT id FROM users WHERE role = 'mother' LIMIT 1").fetchone()[0],  # type: ignore[index]
            "c": c.execute("SELECT id FROM users WHERE role = 'clinician' LIMIT 1").fetchone()[0],  # type: ignore[index]
        }
        print("  EXPLAIN of the hot statements (access paths):")
        for name, sql in HOT_QUERIES.items():
            plan = [r[0] for r in c.execute("EXPLAIN " + sql, ids).fetchall()]  # type: ignore[arg-type]
            paths = [line.strip().split("  (")[0].lstrip("-> ") for line in plan if "Scan" in line]
            print(f"    {name:<32} {'; '.join(paths)}")


def login(base: str, emails: list[str]) -> list[dict[str, str]]:
    headers = []
    with httpx2.Client(base_url=base + API, timeout=60.0) as client:
        for email in emails:
            r = client.post("/auth/token", json={"email": email, "password": generator.PASSWORD})
            if r.status_code != 200:
                raise RuntimeError(f"log in {email}: HTTP {r.status_code}: {r.text[:200]}")
            headers.append({"Authorization": f"Bearer {r.json()['access_token']}"})
    return headers


def _set(today: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "date": today,
        "exercise": "glute_bridge",
        "variant": "bodyweight",
        "reps": 15,
        "form": "good",
    }


def log_a_set(mothers: list[dict[str, str]], today: str) -> Send:
    def send(client: httpx2.AsyncClient, n: int) -> Any:
        return client.post(f"{API}/me/sets", json=_set(today), headers=mothers[n % len(mothers)])

    return send


def get_today(mothers: list[dict[str, str]]) -> Send:
    def send(client: httpx2.AsyncClient, n: int) -> Any:
        return client.get(f"{API}/me/today", headers=mothers[n % len(mothers)])

    return send


def set_then_today(mothers: list[dict[str, str]], today: str) -> Send:
    async def send(client: httpx2.AsyncClient, n: int) -> Any:
        headers = mothers[n % len(mothers)]
        r = await client.post(f"{API}/me/sets", json=_set(today), headers=headers)
        if r.status_code != 201:
            return r
        return await client.get(f"{API}/me/today", headers=headers)

    return send


def get(path: str, headers: dict[str, str]) -> Send:
    def send(client: httpx2.AsyncClient, n: int) -> Any:
        return client.get(path, headers=headers)

    return send


def run_size(size: int, months: int, workers: tuple[int, ...], budget: Budget) -> list[Result]:
    results: list[Result] = []
    log_dir = Path(tempfile.mkdtemp(prefix="comeback_bench_scale_"))
    with postgresql_database() as url:
        t0 = time.perf_counter()
        done = seed(url, size, months)
        print(
            f"  seeded {done.mothers:,} mothers x {months} months and {done.clinicians} "
            f"clinicians: {done.rows:,} rows in {done.seconds:.1f} s "
            f"({done.rows / done.seconds:,.0f} rows/s, VACUUM ANALYZE included; with the "
            f"migrations {time.perf_counter() - t0:.1f} s)",
            flush=True,
        )
        explain(url)
        rng = random.Random(size)
        picked = rng.sample(range(size), min(size, 2 * budget.mothers))
        emails = [done.mother_email(i) for i in picked]
        today = datetime.now(UTC).date().isoformat()
        for w in workers:
            with server(url, w, log_dir / f"server-{w}.log") as (base, sid):
                mothers = login(base, emails)
                setters, askers = mothers[: len(mothers) // 2], mothers[len(mothers) // 2 :]
                clinician = login(base, [done.clinician_email(0)])[0]
                cookie = {"Cookie": f"comeback_session={clinician['Authorization'][7:]}"}
                clients = min(size, generator.CLIENTS_PER_CLINICIAN)
                plan: list[tuple[str, Send, int]] = [
                    ("log-a-set  POST /me/sets", log_a_set(setters, today), 32),
                    ("today      GET /me/today (kept)", get_today(askers), 32),
                    ("set+today  POST, then GET (replay)", set_then_today(askers, today), 32),
                    (
                        f"desk API   {clients} clients",
                        get(f"{API}/clinician/clients", clinician),
                        1,
                    ),
                    (
                        f"desk API   {clients} clients",
                        get(f"{API}/clinician/clients", clinician),
                        4,
                    ),
                    (f"desk page  {clients} clients", get("/desk", cookie), 1),
                ]
                for operation, send, c in plan:
                    total = budget.requests_cn if c >= 32 else budget.requests_c1
                    r = measure(base, sid, f"{operation} [{w}w]", send, c, total, budget)
                    results.append(r)
                    print(
                        f"    {size:>6} mothers, {w} worker(s), {operation} x{c}: "
                        f"{r.requests} requests, {r.rps:.0f} req/s, p50 {r.pct(50):.1f} ms, "
                        f"p99 {r.pct(99):.1f} ms, {r.errors} errors; server CPU "
                        f"{r.per_request_ms(r.server_cpu_s):.2f} ms/req",
                        flush=True,
                    )
    return results


def _cpu(r: Result) -> float:
    return r.per_request_ms(r.server_cpu_s)


def report(by_size: dict[int, list[Result]]) -> None:
    sizes = sorted(by_size)
    print(
        "\n| mothers | operation                                | conc | requests | errors "
        "| req/s | p50 ms | p99 ms | server CPU ms/req |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        for r in by_size[size]:
            print(
                f"| {size:>7,} | {r.operation:<40} | {r.concurrency:>4} | {r.requests:>8} "
                f"| {r.errors:>6} | {r.rps:>5.0f} | {r.pct(50):>6.2f} | {r.pct(99):>6.2f} "
                f"| {r.per_request_ms(r.server_cpu_s):>6.2f} |"
            )
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    print(f"\nratio {large:,} / {small:,} mothers (1.00 = no change with the size):")
    print("| operation | conc | p50 ratio | p99 ratio | req/s ratio | server CPU/req ratio |")
    print("|---|---|---|---|---|---|")
    for a, b in zip(by_size[small], by_size[large], strict=True):
        print(
            f"| {a.operation} | {a.concurrency} | {b.pct(50) / a.pct(50):.2f} "
            f"| {b.pct(99) / a.pct(99):.2f} | {b.rps / a.rps if a.rps else 0:.2f} "
            f"| {_cpu(b) / _cpu(a) if _cpu(a) else 0:.2f} |"
        )
    print()
    for r in by_size[large]:
        if r.operation.startswith(("log-a-set", "today ")) and r.concurrency == 32:
            ok = r.pct(99) < TARGET_P99_MS and not r.errors
            print(
                f"{large:,} mothers, {r.operation} x32: p99 {r.pct(99):.1f} ms, "
                f"{r.errors} errors: "
                + ("meets" if ok else "MISSES")
                + f" the target (p99 < {TARGET_P99_MS:g} ms)."
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 mothers, few requests")
    parser.add_argument("--sizes", help="comma-separated numbers of mothers (default 100,10000)")
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--workers", default="1,2", help="app processes to try, e.g. 1,2")
    args = parser.parse_args(argv)
    budget = QUICK if args.quick else FULL
    sizes = [int(s) for s in (args.sizes or ("100,1000" if args.quick else "100,10000")).split(",")]
    workers = tuple(int(w) for w in args.workers.split(","))
    print("Comeback scale benchmark: PostgreSQL, generated mothers, a real server")
    print(
        f"python {platform.python_version()}, {os.cpu_count()} CPUs shared by the server, "
        f"PostgreSQL and this load generator; sizes {sizes}, {args.months} months, "
        f"workers {workers}" + (" (--quick: few requests, rough)" if args.quick else "")
    )
    idle = background_load()
    print(
        f"before start: the machine was {idle:.0%} busy with other work"
        + (" (WARNING: timings will be slower than on a quiet machine)" if idle > 0.15 else "")
    )
    by_size: dict[int, list[Result]] = {}
    for size in sizes:
        print(f"\n== {size:,} mothers", flush=True)
        try:
            by_size[size] = run_size(size, args.months, workers, budget)
        except Exception as e:  # a benchmark reports, it does not fail the build
            print(f"benchmark error ({size} mothers): {type(e).__name__}: {e}")
    report(by_size)
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
