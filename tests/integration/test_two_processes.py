"""Stateless app processes: two real `comeback serve` processes on different ports share one
PostgreSQL database (and Redis, when configured) and serve the same mother. She logs in on
one, logs a set on the other, and sees it on the first; failed logins on one count on the
other. Their output is JSON lines only, holding none of what she sent."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx2
import pytest
from conftest import _pg_database
from redis_support import REDIS_URL, require_redis
from sqlalchemy import create_engine, text

from comeback.web.health import migration_heads

HOST = "127.0.0.1"
START_TIMEOUT_S = 40.0
PASSWORD = "a long enough secret"
PROFILE = {
    "delivery_date": "2026-01-05",
    "delivery": "vaginal",
    "body_mass_kg": 68.4,
    "breastfeeding": "exclusive",
}
ON = "2026-03-10"
ATTEMPTS = 3


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def _serve(env: dict[str, str], out: Path, err: Path) -> Iterator[str]:
    """`comeback serve` on a free port, ready (200 on /readyz); stopped on the way out."""
    port = _free_port()
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.Popen(
            [sys.executable, "-m", "comeback.cli", "serve", "--host", HOST, "--port", str(port)],
            env=env,
            stdout=o,
            stderr=e,
        )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"server exited ({proc.returncode}):\n{err.read_text()}")
            try:
                if httpx2.get(f"{base}/readyz", timeout=1.0).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            assert time.monotonic() < deadline, (
                f"no answer in {START_TIMEOUT_S}s:\n{err.read_text()}"
            )
            time.sleep(0.1)
        yield base
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _pg_database()


@pytest.mark.parametrize("throttle_store", ["database", "redis"])
def test_two_processes_serve_the_same_mother(
    postgres_url: str, throttle_store: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "COMEBACK_DATABASE_URL": postgres_url,
        "COMEBACK_LOGIN_ATTEMPTS_PER_WINDOW": str(ATTEMPTS),
        "COMEBACK_LOG_FORMAT": "json",
    }
    env.pop("COMEBACK_REDIS_URL", None)
    if throttle_store == "redis":
        require_redis()
        env["COMEBACK_REDIS_URL"] = REDIS_URL
    subprocess.run(
        [sys.executable, "-m", "comeback.cli", "db", "upgrade"], env=env, check=True, timeout=60
    )
    email = f"two-{uuid.uuid4().hex[:8]}@example.org"
    set_id = str(uuid.uuid4())
    logs = [tmp_path / name for name in ("a.out", "a.err", "b.out", "b.err")]
    with ExitStack() as stack:
        a_base = stack.enter_context(_serve(env, logs[0], logs[1]))
        b_base = stack.enter_context(_serve(env, logs[2], logs[3]))
        assert a_base != b_base
        a = stack.enter_context(httpx2.Client(base_url=a_base, timeout=10.0))
        b = stack.enter_context(httpx2.Client(base_url=b_base, timeout=10.0))

        # Register and log in on A; the token works on B.
        r = a.post(
            "/api/v1/auth/register",
            json={"email": email, "password": PASSWORD, "role": "mother", "display_name": "Mo"},
        )
        assert r.status_code == 201, r.text
        r = a.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        token = r.json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        assert b.put("/api/v1/me/profile", json=PROFILE, headers=auth).status_code == 200
        r = b.post(
            "/api/v1/me/sets",
            headers=auth,
            json={
                "id": set_id,
                "date": ON,
                "exercise": "glute_bridge",
                "variant": "bodyweight",
                "reps": 17,
                "form": "good",
            },
        )
        assert r.status_code == 201, r.text

        # A sees the set B stored.
        r = a.get("/api/v1/me/export", params={"as_of": ON}, headers=auth)
        assert r.status_code == 200, r.text
        logged = [
            s["reps"]
            for sess in r.json()["sessions"]
            for ex in sess["exercises"]
            for s in ex["sets"]
        ]
        assert logged == [17]
        r = a.get("/api/v1/me/today", params={"as_of": ON}, headers=auth)
        assert r.status_code == 200, r.text

        # Failed logins on A count on B: the right password is refused there for a while.
        for _ in range(ATTEMPTS):
            r = a.post("/api/v1/auth/token", json={"email": email, "password": "not it at all"})
            assert r.status_code == 401
        r = b.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
        assert r.status_code == 429, r.text
        assert "too many failed logins" in r.json()["detail"]

        # Logging out on B ends the token on A.
        assert b.post("/api/v1/auth/logout", headers=auth).status_code == 204
        assert a.get("/api/v1/me/today", headers=auth).status_code == 401

    # Both processes wrote JSON lines only, with request ids, and nothing she sent.
    for path in logs:
        text = path.read_text()
        for secret in (email, token, PASSWORD, set_id, "68.4", "as_of", ON):
            assert secret not in text, (path.name, secret)
        for line in text.splitlines():
            json.loads(line)
    requests = [
        json.loads(line)
        for path in (logs[1], logs[3])
        for line in path.read_text().splitlines()
        if '"comeback.request"' in line
    ]
    served = {r["route"] for r in requests}
    assert {"/api/v1/auth/token", "/api/v1/me/sets", "/api/v1/me/today", "/readyz"} <= served
    assert all(len(r["request_id"]) == 32 for r in requests)


def test_processes_starting_together_migrate_a_fresh_database_once(postgres_url: str) -> None:
    """Without the advisory lock, two of three processes failed here creating the same table."""
    env = {**os.environ, "COMEBACK_DATABASE_URL": postgres_url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "comeback.cli", "db", "upgrade"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    engine.dispose()
    assert versions == sorted(migration_heads(postgres_url))
