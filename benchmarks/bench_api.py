"""Benchmark of the HTTP API: a real server process, a real database, an asyncio client.

Run from the repository root:

    .venv/bin/python benchmarks/bench_api.py                      # both backends, 1 worker
    .venv/bin/python benchmarks/bench_api.py --quick              # few requests (smoke test)
    .venv/bin/python benchmarks/bench_api.py --backend sqlite --workers 2

For each backend it makes a fresh database (SQLite: a file in a temporary folder;
PostgreSQL: `CREATE DATABASE comeback_bench_<random>` on the local server, dropped WITH
(FORCE) at the end), starts `python -m comeback.cli serve` on a free loopback port, registers
and logs in a few mothers, imports the 6-month history of benchmarks/bench_engine.py
(`build_history(6)`) for each, then measures with an asyncio load generator (httpx2):

  * log-a-set: POST /api/v1/me/sets, a fresh uuid4 per request, at 1 and 32 clients;
  * today: GET /api/v1/me/today?as_of=<the history's as_of>, at 1 and 32 clients;
  * baseline: GET / (the landing page: no auth, no database), the ceiling of this client
    and uvicorn on this machine.

Sets are logged for one group of mothers and `today` is asked for another, so `today`
always decides on exactly the 6-month history. Each measurement is warmed up first and
bounded by a number of requests and a time cap. The load generator shares the machine's
cores with the server (and PostgreSQL): the CPU columns say who spent what.

This is a benchmark, not a test: it always exits 0 and states the targets and the
verdicts in its output. All traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engine import build_history

HISTORY_MONTHS = 6
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
PASSWORD = "bench-password-123"
API = "/api/v1"

TARGET_SETS_RPS = 800.0
TARGET_SETS_P99_MS = 50.0
TARGET_TODAY_P50_MS = 15.0
TARGETS = (
    "targets: log-a-set at 32 concurrent clients >= 800 req/s with p99 < 50 ms; "
    "GET /me/today (6 months) p50 < 15 ms at 1 client"
)


@dataclass(frozen=True)
class Budget:
    """Requests and seconds for one measurement (whichever ends first), and its warm-up."""

    requests_c1: int
    requests_cn: int
    seconds: float
    warmup: int
    mothers: int  # per group (sets / today)


FULL = Budget(requests_c1=1500, requests_cn=6000, seconds=20.0, warmup=200, mothers=4)
QUICK = Budget(requests_c1=100, requests_cn=400, seconds=5.0, warmup=30, mothers=2)
CONCURRENCY = (1, 32)


# ---- process and CPU accounting --------------------------------------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    return text[text.rindex(")") + 2 :].split()


def session_cpu_s(sid: int) -> float:
    """CPU seconds (user + system) of every live process in session `sid` (the server)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _proc_stat(entry)
        # After the name: state(0) ppid(1) pgrp(2) session(3) ... utime(11) stime(12).
        if fields is not None and int(fields[3]) == sid:
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def machine_busy_s() -> float:
    """CPU seconds the whole machine spent not idle (all cores), from /proc/stat."""
    first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in first]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    steal = values[7] if len(values) > 7 else 0
    return (sum(values[:8]) - idle - steal) / CLK_TCK


def background_load(seconds: float = 2.0) -> float:
    """Share of the machine's CPU (0-1, all cores) busy over `seconds` while we wait."""
    busy0, t0 = machine_busy_s(), time.perf_counter()
    time.sleep(seconds)
    return (machine_busy_s() - busy0) / ((time.perf_counter() - t0) * (os.cpu_count() or 1))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---- databases -----------------------------------------------------------------------


@contextmanager
def sqlite_database() -> Iterator[str]:
    folder = tempfile.mkdtemp(prefix="comeback_bench_")
    try:
        yield f"sqlite:///{folder}/comeback.db"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgresql_database() -> Iterator[str]:
    import psycopg

    name = f"comeback_bench_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.format(name=name)
    finally:
        try:
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as e:  # a benchmark reports, it does not fail
            print(f"warning: could not drop database {name}: {e}", file=sys.stderr)


# ---- the server ----------------------------------------------------------------------


@contextmanager
def server(database_url: str, workers: int, log: Path) -> Iterator[tuple[str, int]]:
    """`comeback serve` on a free loopback port; yields (base URL, session id); always ends it."""
    port = free_port()
    env = {**os.environ, "COMEBACK_DATABASE_URL": database_url}
    cmd = [
        sys.executable,
        "-m",
        "comeback.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, base, log)
        yield base, proc.pid
    finally:
        _stop(proc)


def _wait_ready(proc: subprocess.Popen[bytes], base: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    with httpx2.Client(base_url=base, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited ({proc.returncode}): {_tail(log)}")
            try:
                if client.get("/").status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s: {_tail(log)}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group (it and its workers), SIGKILL if it lingers."""
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    # Workers of a supervisor that died first would be left in the group: end them too.
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# ---- set-up through the API ------------------------------------------------------------


@dataclass
class Mother:
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_mothers(base: str, count: int, tag: str, doc: dict[str, Any]) -> list[Mother]:
    """Register, log in and import the history for `count` mothers."""
    mothers = []
    with httpx2.Client(base_url=base + API, timeout=120.0) as client:
        for i in range(count):
            email = f"bench-{tag}-{i}-{secrets.token_hex(3)}@example.org"
            r = client.post(
                "/auth/register",
                json={
                    "email": email,
                    "password": PASSWORD,
                    "role": "mother",
                    "display_name": f"Bench {tag} {i}",
                },
            )
            _expect(r, 201, "register")
            r = client.post("/auth/token", json={"email": email, "password": PASSWORD})
            _expect(r, 200, "log in")
            mother = Mother(email, r.json()["access_token"])
            r = client.post("/me/import", json=doc, headers=mother.headers)
            _expect(r, 201, "import")
            mothers.append(mother)
    return mothers


def _expect(r: httpx2.Response, status: int, what: str) -> None:
    if r.status_code != status:
        raise RuntimeError(f"{what}: HTTP {r.status_code} (wanted {status}): {r.text[:300]}")


# ---- the load generator --------------------------------------------------------------

# One request: given the client and the request's number, send it; return the response.
Send = Callable[[httpx2.AsyncClient, int], Any]


@dataclass
class Result:
    operation: str
    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: Counter[str] = field(default_factory=Counter)
    wall_s: float = 0.0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    machine_cpu_s: float = 0.0
    capped: bool = False

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def rps(self) -> float:
        return self.requests / self.wall_s if self.wall_s else 0.0

    def pct(self, q: float) -> float:
        """Nearest-rank percentile in ms."""
        if not self.latencies_ms:
            return math.nan
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]

    @property
    def rest_cpu_s(self) -> float:
        """The machine's CPU beyond the server and this generator (PostgreSQL, kernel, others)."""
        return max(0.0, self.machine_cpu_s - self.server_cpu_s - self.client_cpu_s)

    def per_request_ms(self, seconds: float) -> float:
        return seconds * 1000 / self.requests if self.requests else math.nan


async def _drive(
    base: str, send: Send, concurrency: int, total: int, seconds: float, result: Result | None
) -> None:
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx2.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:
        counter = iter(range(total))
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            for n in counter:
                if time.perf_counter() > deadline:
                    if result is not None:
                        result.capped = True
                    return
                start = time.perf_counter()
                try:
                    r = await send(client, n)
                    status = r.status_code
                    kind = f"HTTP {status}" if not 200 <= status < 300 else ""
                except httpx2.HTTPError as e:
                    kind = type(e).__name__
                elapsed = (time.perf_counter() - start) * 1000
                if result is not None:
                    result.latencies_ms.append(elapsed)
                    if kind:
                        result.errors += 1
                        result.error_kinds[kind] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))


def measure(
    base: str,
    sid: int,
    operation: str,
    send: Send,
    concurrency: int,
    total: int,
    budget: Budget,
) -> Result:
    """Warm up, then send up to `total` requests from `concurrency` clients (time-capped)."""
    asyncio.run(_drive(base, send, concurrency, budget.warmup, budget.seconds, None))
    result = Result(operation, concurrency)
    cpu0, busy0, own0 = session_cpu_s(sid), machine_busy_s(), time.process_time()
    start = time.perf_counter()
    asyncio.run(_drive(base, send, concurrency, total, budget.seconds, result))
    result.wall_s = time.perf_counter() - start
    result.server_cpu_s = session_cpu_s(sid) - cpu0
    result.machine_cpu_s = machine_busy_s() - busy0
    result.client_cpu_s = time.process_time() - own0
    return result


def log_a_set(mothers: list[Mother], on: str) -> Send:
    def send(client: httpx2.AsyncClient, n: int) -> Any:
        mother = mothers[n % len(mothers)]
        body = {
            "id": str(uuid.uuid4()),
            "date": on,
            "exercise": "glute_bridge",
            "variant": "bodyweight",
            "reps": 15,
            "form": "good",
        }
        return client.post(f"{API}/me/sets", json=body, headers=mother.headers)

    return send


def get_today(mothers: list[Mother], on: str) -> Send:
    def send(client: httpx2.AsyncClient, n: int) -> Any:
        mother = mothers[n % len(mothers)]
        return client.get(f"{API}/me/today", params={"as_of": on}, headers=mother.headers)

    return send


def landing(client: httpx2.AsyncClient, n: int) -> Any:
    return client.get("/")


# ---- one backend -----------------------------------------------------------------------


def run_backend(backend: str, workers: int, budget: Budget) -> list[Result]:
    doc = build_history(HISTORY_MONTHS)
    as_of = doc["as_of"]
    database = sqlite_database() if backend == "sqlite" else postgresql_database()
    log_dir = Path(tempfile.mkdtemp(prefix="comeback_bench_log_"))
    results: list[Result] = []
    try:
        with database as url, server(url, workers, log_dir / "server.log") as (base, sid):
            t0 = time.perf_counter()
            setters = make_mothers(base, budget.mothers, "sets", doc)
            askers = make_mothers(base, budget.mothers, "today", doc)
            print(
                f"  set-up: {2 * budget.mothers} mothers registered, logged in and given the "
                f"{HISTORY_MONTHS}-month history ({len(doc['sessions'])} sessions, "
                f"{len(doc['checkins'])} check-ins) in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            plan: list[tuple[str, Send]] = [
                ("log-a-set  POST /me/sets", log_a_set(setters, as_of)),
                ("today      GET /me/today", get_today(askers, as_of)),
                ("baseline   GET / (no db)", landing),
            ]
            for operation, send in plan:
                for c in CONCURRENCY:
                    total = budget.requests_c1 if c == 1 else budget.requests_cn
                    r = measure(base, sid, operation, send, c, total, budget)
                    results.append(r)
                    print(
                        f"    measured {operation.split()[0]} x{c}: {r.requests} requests, "
                        f"{r.rps:.0f} req/s",
                        flush=True,
                    )
            log_text = _tail(log_dir / "server.log", 40)
            if "Traceback" in log_text or "ERROR" in log_text:
                print("  server log (tail):\n" + log_text)
    finally:
        shutil.rmtree(log_dir, ignore_errors=True)
    return results


def table(results: list[Result]) -> str:
    header = (
        "| operation                | conc | requests | errors | req/s  | p50 ms | p95 ms "
        "| p99 ms | server CPU ms/req | loadgen CPU ms/req | rest of machine CPU ms/req |"
    )
    rule = "|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|"
    lines = [header, rule]
    for r in results:
        lines.append(
            f"| {r.operation:<24} | {r.concurrency:>4} | {r.requests:>8} | {r.errors:>6} "
            f"| {r.rps:>6.0f} | {r.pct(50):>6.2f} | {r.pct(95):>6.2f} | {r.pct(99):>6.2f} "
            f"| {r.per_request_ms(r.server_cpu_s):>17.2f} "
            f"| {r.per_request_ms(r.client_cpu_s):>18.2f} "
            f"| {r.per_request_ms(r.rest_cpu_s):>26.2f} |"
        )
    for r in results:
        if r.error_kinds:
            kinds = ", ".join(f"{k} x{n}" for k, n in r.error_kinds.most_common(5))
            lines.append(f"errors in {r.operation.split()[0]} x{r.concurrency}: {kinds}")
    return "\n".join(lines)


def verdicts(results: list[Result]) -> list[str]:
    def find(prefix: str, c: int) -> Result | None:
        return next(
            (r for r in results if r.operation.startswith(prefix) and r.concurrency == c), None
        )

    out = []
    sets = find("log-a-set", 32)
    if sets is not None:
        ok = sets.rps >= TARGET_SETS_RPS and sets.pct(99) < TARGET_SETS_P99_MS and not sets.errors
        out.append(
            f"log-a-set x32: {sets.rps:.0f} req/s, p99 {sets.pct(99):.1f} ms, "
            f"{sets.errors} errors: " + ("meets" if ok else "MISSES") + " the target "
            f"(>= {TARGET_SETS_RPS:g} req/s, p99 < {TARGET_SETS_P99_MS:g} ms)."
        )
    today = find("today", 1)
    if today is not None:
        ok = today.pct(50) < TARGET_TODAY_P50_MS and not today.errors
        out.append(
            f"today x1: p50 {today.pct(50):.1f} ms, {today.errors} errors: "
            + ("meets" if ok else "MISSES")
            + f" the target (p50 < {TARGET_TODAY_P50_MS:g} ms)."
        )
    base = find("baseline", 1)
    if base is not None and base.pct(50) > 20:
        out.append(
            f"note: GET / (no database) at 1 client takes {base.pct(50):.0f} ms: the ~40 ms "
            "Nagle / delayed-ACK stall of keep-alive connections whose socket lacks "
            "TCP_NODELAY, as uvicorn's --workers N listener leaves it (Kludex/uvicorn#3149)."
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few requests (smoke test)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args(argv)
    budget = QUICK if args.quick else FULL
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)

    print("Comeback API benchmark: a real server, a real database, an asyncio httpx2 client")
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs "
        f"shared by the server, the database and this load generator; "
        f"--workers {args.workers}" + (" (--quick: few requests, rough)" if args.quick else "")
    )
    print(
        f"per measurement: warm-up {budget.warmup} requests, then up to "
        f"{budget.requests_c1} (1 client) / {budget.requests_cn} (32 clients) requests or "
        f"{budget.seconds:g} s"
    )
    print(TARGETS)
    for backend in backends:
        print(f"\n== {backend}, {args.workers} worker(s)", flush=True)
        idle = background_load()
        print(
            f"  before start: the machine was {idle:.0%} busy with other work"
            + (" (WARNING: timings will be slower than on a quiet machine)" if idle > 0.15 else ""),
            flush=True,
        )
        try:
            results = run_backend(backend, args.workers, budget)
        except Exception as e:  # a benchmark reports, it does not fail the build
            print(f"benchmark error ({backend}): {type(e).__name__}: {e}")
            continue
        print()
        print(table(results))
        if any(r.capped for r in results):
            capped = ", ".join(
                f"{r.operation.split()[0]} x{r.concurrency}" for r in results if r.capped
            )
            print(f"time cap of {budget.seconds:g} s reached in: {capped}")
        for line in verdicts(results):
            print(line)
    print(
        "\nreq/s = requests / wall time; errors = non-2xx or transport errors; latencies are "
        "seen by the client (its own queueing included).\nCPU ms/req: the server's processes, "
        "this load generator, and the rest of the machine (PostgreSQL, the kernel, and any "
        "other process running meanwhile);\nthe CPU columns are per request, so they stay "
        "meaningful when other work shares the cores, while req/s and latencies do not."
    )
    return 0


if __name__ == "__main__":
    with suppress(KeyboardInterrupt):
        main()
    sys.exit(0)
