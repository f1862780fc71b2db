"""The mother's API (SPEC 5) over real storage: SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from importlib import resources
from pathlib import Path

from conftest import account
from fastapi.testclient import TestClient

DEMO = json.loads((resources.files("comeback.data") / "demo_10_weeks.json").read_text())
PROFILE = DEMO["profile"]


def test_register_login_logout(client: TestClient) -> None:
    headers = account(client)
    assert client.put("/api/v1/me/profile", json=PROFILE, headers=headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.put("/api/v1/me/profile", json=PROFILE, headers=headers).status_code == 401


def test_login_errors_do_not_say_which_part_was_wrong(client: TestClient) -> None:
    account(client, name="Bea")
    unknown = client.post(
        "/api/v1/auth/token", json={"email": "nobody@example.org", "password": "whatever1"}
    )
    assert unknown.status_code == 401
    assert "email or password" in unknown.json()["detail"]


def test_registering_a_taken_email_looks_like_success(client: TestClient) -> None:
    body = {
        "email": "twice@example.org",
        "password": "long enough",
        "role": "mother",
        "display_name": "T",
    }
    first = client.post("/api/v1/auth/register", json=body)
    second = client.post("/api/v1/auth/register", json=body)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]


def test_login_is_throttled_after_repeated_failures(client: TestClient) -> None:
    body = {"email": "slow@example.org", "password": "wrong password"}
    codes = [client.post("/api/v1/auth/token", json=body).status_code for _ in range(7)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]


def test_history_needs_a_profile_first(client: TestClient) -> None:
    headers = account(client)
    r = client.post(
        "/api/v1/me/clearances", json={"date": "2026-02-16", "by": "GP"}, headers=headers
    )
    assert r.status_code == 409 and "profile" in r.json()["detail"]


def test_a_symptom_answers_with_the_new_triage(client: TestClient) -> None:
    headers = account(client)
    client.put("/api/v1/me/profile", json=PROFILE, headers=headers)
    r = client.post(
        "/api/v1/me/symptoms",
        json={"date": "2026-03-15", "code": "heavy_bleeding", "during": "daily_life"},
        headers=headers,
    )
    assert r.status_code == 201
    assert r.json()["triage"]["level"] == "stop" and r.json()["triage"]["urgent"] is True


def test_a_symptom_during_exercise_needs_the_exercise(client: TestClient) -> None:
    headers = account(client)
    client.put("/api/v1/me/profile", json=PROFILE, headers=headers)
    r = client.post(
        "/api/v1/me/symptoms",
        json={"date": "2026-03-15", "code": "urine_leak", "during": "exercise"},
        headers=headers,
    )
    assert r.status_code == 422 and "exercise" in r.json()["detail"]


def _set(**extra: object) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "date": "2026-03-16",
        "exercise": "hip_thrust",
        "variant": "dumbbell",
        "reps": 10,
        "load_kg": 10.0,
        "form": "good",
        "felt_in": "glutes",
        **extra,
    }


def test_a_retried_set_is_stored_once(client: TestClient) -> None:
    headers = account(client)
    client.put("/api/v1/me/profile", json=PROFILE, headers=headers)
    body = _set()
    first = client.post("/api/v1/me/sets", json=body, headers=headers)
    again = client.post("/api/v1/me/sets", json=body, headers=headers)
    other = client.post("/api/v1/me/sets", json={**body, "reps": 11}, headers=headers)
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert first.json() == again.json()
    sessions = client.get("/api/v1/me/export?as_of=2026-03-16", headers=headers).json()["sessions"]
    assert sum(len(e["sets"]) for s in sessions for e in s["exercises"]) == 1


def test_a_set_id_of_another_mother_is_a_conflict_not_a_leak(client: TestClient) -> None:
    ann, bea = account(client), account(client, name="Bea")
    for h in (ann, bea):
        client.put("/api/v1/me/profile", json=PROFILE, headers=h)
    body = _set()
    assert client.post("/api/v1/me/sets", json=body, headers=ann).status_code == 201
    r = client.post("/api/v1/me/sets", json=body, headers=bea)
    assert r.status_code == 409 and "glutes" not in r.text


def test_a_set_must_fit_its_variant(client: TestClient) -> None:
    headers = account(client)
    client.put("/api/v1/me/profile", json=PROFILE, headers=headers)
    no_load = _set()
    del no_load["load_kg"]
    r = client.post("/api/v1/me/sets", json=no_load, headers=headers)
    assert r.status_code == 422 and "load_kg" in r.json()["detail"]
    r = client.post("/api/v1/me/sets", json=_set(reps="10"), headers=headers)
    assert r.status_code == 422 and "reps" in r.json()["detail"]


def test_a_date_before_the_birth_is_refused(client: TestClient) -> None:
    headers = account(client)
    client.put("/api/v1/me/profile", json=PROFILE, headers=headers)
    r = client.put("/api/v1/me/checkins/2025-12-01", json={"sleep_h": 5.0}, headers=headers)
    assert r.status_code == 422 and "2025-12-01" in r.json()["detail"]


def test_today_equals_simulate_on_her_export(client: TestClient, tmp_path: Path) -> None:
    headers = account(client)
    assert client.post("/api/v1/me/import", json=DEMO, headers=headers).status_code == 201
    client.post("/api/v1/me/sets", json=_set(date="2026-03-15"), headers=headers)
    client.put(
        "/api/v1/me/checkins/2026-03-16", json={"sleep_h": 4.0, "stress": 2}, headers=headers
    )
    today = client.get("/api/v1/me/today?as_of=2026-03-16", headers=headers)
    exported = client.get("/api/v1/me/export?as_of=2026-03-16", headers=headers).json()
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported))
    run = subprocess.run(
        [sys.executable, "-m", "comeback.cli", "simulate", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert today.json() == json.loads(run.stdout)
    assert json.dumps(today.json(), sort_keys=True) == json.dumps(
        json.loads(run.stdout), sort_keys=True
    )


def test_today_defaults_to_her_local_date(client: TestClient) -> None:
    headers = account(client)
    client.post("/api/v1/me/import", json=DEMO, headers=headers)
    assert client.get("/api/v1/me/today", headers=headers).json()["as_of"] == "2026-03-16"


def test_export_import_export_is_the_same(client: TestClient) -> None:
    headers = account(client)
    client.post("/api/v1/me/import", json=DEMO, headers=headers)
    first = client.get("/api/v1/me/export?as_of=2026-03-16", headers=headers).json()
    fresh = account(client, name="Cat")
    assert client.post("/api/v1/me/import", json=first, headers=fresh).status_code == 201
    second = client.get("/api/v1/me/export?as_of=2026-03-16", headers=fresh).json()
    assert first == second
    assert len(first["sessions"]) == len(DEMO["sessions"])


def test_import_refuses_overrides_and_trusts_no_clinician_clearance(client: TestClient) -> None:
    headers = account(client)
    with_override = {
        **DEMO,
        "overrides": [{"date": "2026-03-01", "phase": "activation", "by": "me", "reason": "x"}],
    }
    assert client.post("/api/v1/me/import", json=with_override, headers=headers).status_code == 422
    claimed = {
        **DEMO,
        "clearances": [{"date": "2026-01-20", "by": "Dr X", "entered_by": "clinician"}],
    }
    assert client.post("/api/v1/me/import", json=claimed, headers=headers).status_code == 201
    stored = client.get("/api/v1/me/export?as_of=2026-03-16", headers=headers).json()["clearances"]
    assert [c["entered_by"] for c in stored] == ["self"]


def test_a_failed_import_keeps_what_was_stored(client: TestClient) -> None:
    headers = account(client)
    client.post("/api/v1/me/import", json=DEMO, headers=headers)
    before = client.get("/api/v1/me/export?as_of=2026-03-16", headers=headers).json()
    bad = {**DEMO, "sessions": [{"date": "2026-03-01", "exercises": []}]}
    assert client.post("/api/v1/me/import", json=bad, headers=headers).status_code == 422
    assert client.get("/api/v1/me/export?as_of=2026-03-16", headers=headers).json() == before


def test_delete_me_erases_her_and_her_token(client: TestClient) -> None:
    headers = account(client)
    client.post("/api/v1/me/import", json=DEMO, headers=headers)
    assert client.delete("/api/v1/me", headers=headers).status_code == 204
    assert client.get("/api/v1/me/today", headers=headers).status_code == 401


def test_settings_are_validated(client: TestClient) -> None:
    headers = account(client)
    good = {
        "units": "imperial",
        "country": "GB",
        "time_zone": "Europe/London",
        "quiet_hours": {"from": "21:00", "to": "07:00"},
    }
    assert client.put("/api/v1/me/settings", json=good, headers=headers).json() == good
    bad = {**good, "time_zone": "Mars/Olympus"}
    r = client.put("/api/v1/me/settings", json=bad, headers=headers)
    assert r.status_code == 422 and "time_zone" in r.json()["detail"]


def test_simulate_needs_no_account_and_names_bad_fields(client: TestClient) -> None:
    assert client.post("/api/v1/simulate", json=DEMO).json()["phase"] == "activation"
    r = client.post("/api/v1/simulate", json={**DEMO, "as_of": "16/03/2026"})
    assert r.status_code == 422 and "as_of" in r.json()["detail"]


def test_a_mother_endpoint_refuses_a_clinician(client: TestClient) -> None:
    assert (
        client.get("/api/v1/me/today", headers=account(client, "clinician", "Dr")).status_code
        == 403
    )
