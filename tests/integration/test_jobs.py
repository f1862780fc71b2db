"""Background jobs (issue 6): a data export asked through the API is built by the queue:
at once on SQLite, by a procrastinate worker on PostgreSQL (run here until the queue is
empty). Exports are scoped to their owner and erased with her."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from conftest import account
from fastapi.testclient import TestClient

from comeback import jobs
from comeback.persistence import session_factory

PROFILE = {
    "delivery_date": "2026-01-05",
    "delivery": "vaginal",
    "body_mass_kg": 68.0,
    "breastfeeding": "exclusive",
}
SET = {
    "id": "3f0c3c2e-6a43-4c38-9d2a-000000000001",
    "date": "2026-03-10",
    "exercise": "pelvic_floor_hold",
    "variant": "standard",
    "reps": 8,
    "form": "good",
}


def _drain(client: TestClient, database_url: str) -> None:
    """Run the worker until the queue is empty (PostgreSQL); nothing to run on SQLite."""
    if database_url.startswith("postgresql"):
        jobs.run_worker(database_url, session_factory(client.app.state.engine), wait=False)  # type: ignore[attr-defined]


def test_an_export_job_builds_her_history(client: TestClient, database_url: str) -> None:
    me = account(client)
    assert client.put("/api/v1/me/profile", json=PROFILE, headers=me).status_code == 200
    assert client.post("/api/v1/me/sets", json=SET, headers=me).status_code == 201
    r = client.post("/api/v1/me/exports", headers=me)
    assert r.status_code == 202, r.text
    location = r.headers["Location"]
    first = client.get(location, headers=me).json()
    if database_url.startswith("postgresql"):
        assert first["status"] == "pending" and first["scenario"] is None
        _drain(client, database_url)
    done = client.get(location, headers=me).json()
    assert done["status"] == "ready"
    assert done["scenario"] == client.get("/api/v1/me/export", headers=me).json()
    assert done["scenario"]["sessions"][0]["exercises"][0]["exercise"] == "pelvic_floor_hold"
    if database_url.startswith("postgresql"):
        conninfo = jobs.conninfo(database_url)
        with psycopg.connect(conninfo) as c:
            statuses = c.execute("SELECT task_name, status FROM procrastinate_jobs").fetchall()
        assert statuses == [("data_export", "succeeded")]


def test_an_export_is_hers_alone(client: TestClient, database_url: str) -> None:
    ann, bea = account(client, name="Ann"), account(client, name="Bea")
    client.put("/api/v1/me/profile", json=PROFILE, headers=ann)
    location = client.post("/api/v1/me/exports", headers=ann).headers["Location"]
    r = client.get(location, headers=bea)
    assert r.status_code == 404 and "no export" in r.json()["detail"]


def test_an_export_without_a_profile_is_refused_at_once(client: TestClient) -> None:
    me = account(client)
    r = client.post("/api/v1/me/exports", headers=me)
    assert r.status_code == 409 and "profile" in r.json()["detail"]


def test_a_job_name_is_registered_once() -> None:
    jobs.registered()
    with pytest.raises(ValueError, match="registered already"):
        jobs.job("data_export")(lambda uow: None)
    with pytest.raises(LookupError, match="data_export"):
        jobs.run(None, "no_such_job", {})  # type: ignore[arg-type]


def test_the_worker_runs_where_an_event_loop_is_already_running(
    client: TestClient, database_url: str
) -> None:
    """A test session holding Playwright's loop made asyncio.run refuse (found in the full
    suite); the worker then runs in a thread of its own. (On SQLite the job ran at once.)"""
    me = account(client)
    client.put("/api/v1/me/profile", json=PROFILE, headers=me)
    location = client.post("/api/v1/me/exports", headers=me).headers["Location"]

    async def inside_a_running_loop() -> None:
        _drain(client, database_url)

    # In a thread of the test's own, so whatever loop this thread holds stays out of it.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, inside_a_running_loop()).result()
    assert client.get(location, headers=me).json()["status"] == "ready"
