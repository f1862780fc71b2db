"""Hot requests cost a fixed number of SQL statements, whatever the length of her history
or the number of a clinician's clients (issue 6), on SQLite and PostgreSQL.

Statements are counted with SQLAlchemy's `before_cursor_execute` event on the app's engine,
around one request at a time. Histories of 1 and 6 months come from the engine benchmark's
builder (benchmarks/bench_engine.py), imported through the API.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_engine import build_history

NOW = datetime(2026, 7, 8, 9, 0, tzinfo=UTC)  # after the 6-month history's last day
TODAY = NOW.date().isoformat()
PASSWORD = "a long enough secret"
HISTORY = {1: build_history(1), 6: build_history(6)}


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: NOW


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _account(client: TestClient, role: str, name: str) -> tuple[str, dict[str, str]]:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    r = client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "role": role, "display_name": name},
    )
    assert r.status_code == 201, r.text
    r = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    return email, {"Authorization": f"Bearer {r.json()['access_token']}"}


def _mother(client: TestClient, months: int, clinician: dict[str, str] | None = None) -> Any:
    _, headers = _account(client, "mother", f"Mum{months}")
    r = client.post("/api/v1/me/import", json=HISTORY[months], headers=headers)
    assert r.status_code == 201, r.text
    if clinician is not None:
        code = client.post("/api/v1/clinician/invites", headers=clinician).json()["invite_code"]
        r = client.post("/api/v1/me/clinicians", json={"invite_code": code}, headers=headers)
        assert r.status_code == 201, r.text
    return headers


def _count(client: TestClient, method: str, path: str, **kwargs: Any) -> int:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with counted(engine) as statements:
        r = client.request(method, path, **kwargs)
    assert r.status_code in (200, 201), r.text
    return len(statements)


def _set() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "date": TODAY,
        "exercise": "glute_bridge",
        "variant": "bodyweight",
        "reps": 15,
        "form": "good",
    }


def _mother_counts(client: TestClient, headers: dict[str, str]) -> dict[str, int]:
    return {
        "today (replay)": _count(client, "GET", "/api/v1/me/today", headers=headers),
        "today (kept)": _count(client, "GET", "/api/v1/me/today", headers=headers),
        "log a set": _count(client, "POST", "/api/v1/me/sets", json=_set(), headers=headers),
        "today (after a set)": _count(client, "GET", "/api/v1/me/today", headers=headers),
        "progress": _count(client, "GET", "/api/v1/me/progress", headers=headers),
    }


def test_her_requests_cost_the_same_statements_for_1_and_6_months(client: TestClient) -> None:
    short = _mother_counts(client, _mother(client, 1))
    long = _mother_counts(client, _mother(client, 6))
    assert short == long
    # A kept decision: the token's account, then the kept row. Logging a set: the account,
    # her profile (the date check), the insert and the cache's version bump.
    assert long["today (kept)"] == 2
    assert long["log a set"] == 4
    assert long["today (after a set)"] == long["today (replay)"]


def _desk(client: TestClient, clients: int, months: int) -> tuple[dict[str, str], TestClient]:
    email, clinician = _account(client, "clinician", "Dr")
    for _ in range(clients):
        _mother(client, months, clinician)
    page = TestClient(client.app)
    r = page.post("/api/v1/auth/session", json={"email": email, "password": PASSWORD})
    assert r.status_code == 204, r.text
    return clinician, page


def _desk_counts(client: TestClient, clinician: dict[str, str], page: TestClient) -> list[int]:
    """(API, page) statement counts once her clients' decisions are kept."""
    _count(client, "GET", "/api/v1/clinician/clients", headers=clinician)  # keeps them
    return [
        _count(client, "GET", "/api/v1/clinician/clients", headers=clinician),
        _count(page, "GET", "/desk"),
    ]


def test_the_desk_costs_the_same_statements_for_2_or_20_clients_and_1_or_6_months(
    client: TestClient,
) -> None:
    two_short = _desk_counts(client, *_desk(client, 2, 1))
    two_long = _desk_counts(client, *_desk(client, 2, 6))
    twenty = _desk_counts(client, *_desk(client, 20, 1))
    assert two_short == two_long == twenty
    # The account, then one query for every client with her kept decision.
    assert two_short[0] == 2
