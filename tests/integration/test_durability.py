"""A set the API acknowledged survives the server being killed mid-stream (SIGKILL), and
re-sending any set after the restart stores it once (SPEC 5: `POST /me/sets` is idempotent
by the client's id). A real `comeback serve` process, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2

HOST = "127.0.0.1"
ON = "2026-03-10"
PROFILE = {
    "delivery_date": "2026-01-05",
    "delivery": "vaginal",
    "body_mass_kg": 68.0,
    "breastfeeding": "exclusive",
}
PASSWORD = "a long enough secret"
THREADS = 4
STREAM_S = 1.5  # how long the sets stream before the kill
MIN_ACKED = 20  # ...and at least this many acknowledged (bounded by ACK_WAIT_S)
ACK_WAIT_S = 15.0
START_TIMEOUT_S = 30.0
RESENT = 10  # acknowledged ids re-sent after the restart


def _set_body(set_id: str) -> dict[str, Any]:
    return {
        "id": set_id,
        "date": ON,
        "exercise": "glute_bridge",
        "variant": "bodyweight",
        "reps": 15,
        "form": "good",
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(database_url: str, log: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`comeback serve` on a free local port; killed (SIGKILL) on the way out, always."""
    port = _free_port()
    env = {**os.environ, "COMEBACK_DATABASE_URL": database_url}
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "comeback.cli", "serve", "--host", HOST, "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"server exited ({proc.returncode}):\n{log.read_text()}")
            try:
                if httpx2.get(f"{base}/", timeout=1.0).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"server did not answer in {START_TIMEOUT_S}s:\n{log.read_text()}"
                )
            time.sleep(0.1)
        yield proc, base
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _stored_set_count(client: httpx2.Client) -> int:
    r = client.get("/api/v1/me/export", params={"as_of": ON})
    assert r.status_code == 200, r.text
    return sum(
        len(exercise["sets"])
        for session in r.json()["sessions"]
        for exercise in session["exercises"]
    )


def test_acknowledged_sets_survive_a_kill_and_are_stored_once(
    database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "server.log"
    sent: list[str] = []  # every id whose request left the client (stored or not: unknown)
    acked: list[str] = []  # ids the server answered 2xx for
    statuses: Counter[int | str] = Counter()
    lock = threading.Lock()
    stop = threading.Event()

    with _server(database_url, log) as (proc, base):
        with httpx2.Client(base_url=base, timeout=10.0) as c:
            email = f"durable-{uuid.uuid4().hex[:8]}@example.org"
            r = c.post(
                "/api/v1/auth/register",
                json={"email": email, "password": PASSWORD, "role": "mother", "display_name": "D"},
            )
            assert r.status_code == 201, r.text
            r = c.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
            assert r.status_code == 200, r.text
            headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
            r = c.put("/api/v1/me/profile", json=PROFILE, headers=headers)
            assert r.status_code == 200, r.text

        def stream() -> None:
            with httpx2.Client(base_url=base, headers=headers, timeout=5.0) as client:
                while not stop.is_set():
                    set_id = str(uuid.uuid4())
                    with lock:
                        sent.append(set_id)
                    try:
                        r = client.post("/api/v1/me/sets", json=_set_body(set_id))
                    except httpx2.TransportError as e:
                        with lock:
                            statuses[type(e).__name__] += 1
                        if proc.poll() is not None:
                            return
                        continue
                    with lock:
                        statuses[r.status_code] += 1
                        if r.is_success:
                            acked.append(set_id)

        threads = [threading.Thread(target=stream, daemon=True) for _ in range(THREADS)]
        for t in threads:
            t.start()
        started = time.monotonic()
        try:
            time.sleep(STREAM_S)
            while len(acked) < MIN_ACKED and time.monotonic() - started < ACK_WAIT_S:
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)  # while requests are in flight
            proc.wait(timeout=10)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=15)
        assert not any(t.is_alive() for t in threads), "a client thread did not stop"

    with lock:
        sent_ids, acked_ids = list(sent), list(acked)
    print(
        f"\n{database_url.split(':', 1)[0]}: sent {len(sent_ids)}, acknowledged "
        f"{len(acked_ids)}, answers {dict(statuses)}"
    )
    assert len(acked_ids) >= MIN_ACKED, f"too few sets acknowledged before the kill: {statuses}"
    assert len(set(sent_ids)) == len(sent_ids)
    assert not [s for s in statuses if isinstance(s, int) and s >= 500], statuses

    with (
        _server(database_url, log) as (_, base),
        httpx2.Client(base_url=base, headers=headers, timeout=10.0) as c,
    ):
        stored = _stored_set_count(c)
        print(f"stored after the restart: {stored}")
        assert len(acked_ids) <= stored <= len(sent_ids)

        # A handful of acknowledged ids again: the same set, answered 200, not stored again.
        step = max(1, len(acked_ids) // RESENT)
        for set_id in acked_ids[::step][:RESENT]:
            r = c.post("/api/v1/me/sets", json=_set_body(set_id))
            assert r.status_code == 200, (set_id, r.status_code, r.text)
            assert r.json()["id"] == set_id
        assert _stored_set_count(c) == stored

        # Every id sent: 200 exactly for the ones stored before (all acknowledged among them),
        # 201 for the rest, which were lost in flight and never acknowledged.
        again: dict[str, int] = {}
        for set_id in sent_ids:
            r = c.post("/api/v1/me/sets", json=_set_body(set_id))
            assert r.status_code in (200, 201), (set_id, r.status_code, r.text)
            again[set_id] = r.status_code
        were_stored = {i for i, code in again.items() if code == 200}
        assert set(acked_ids) <= were_stored
        assert len(were_stored) == stored, "the export shows a set twice, or lost one"
        print(f"stored ids {len(were_stored)}; in flight and not stored {len(sent_ids) - stored}")
        assert _stored_set_count(c) == len(sent_ids)
