"""Storage backends for the integration and API suite: a SQLite file and a PostgreSQL server.

Every test here runs on both. PostgreSQL is the machine's server (COMEBACK_TEST_POSTGRES_URL,
default postgresql+psycopg://postgres@127.0.0.1:5432/test); each test session gets its own
fresh database. Without a server the PostgreSQL leg is skipped and says so plainly, except in
CI (CI=true), where a missing PostgreSQL is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from fastapi.testclient import TestClient

from comeback.settings import Settings
from comeback.web import create_app

PG_ADMIN = os.environ.get("COMEBACK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
FIXED_NOW = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


def _pg_database() -> Iterator[str]:
    name = f"comeback_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as e:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and is not reachable at {PG_ADMIN}: {e}")
        pytest.skip(f"PostgreSQL leg did not run: no server at {PG_ADMIN}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'comeback.db'}"
    else:
        yield from _pg_database()


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: FIXED_NOW


@pytest.fixture
def client(database_url: str, clock: Callable[[], datetime]) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url), clock=clock)
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()


Api = TestClient


def account(client: TestClient, role: str = "mother", name: str = "Ann") -> dict[str, str]:
    """Register and log in; the Authorization header of a new account."""
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    r = client.post(
        "/api/v1/auth/register",
        json={
            "email": email,
            "password": "a long enough secret",
            "role": role,
            "display_name": name,
        },
    )
    assert r.status_code == 201, r.text
    r = client.post("/api/v1/auth/token", json={"email": email, "password": "a long enough secret"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
