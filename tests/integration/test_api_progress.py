"""Progress series, CSV export and the page session cookie."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

from conftest import account
from fastapi.testclient import TestClient

DEMO = json.loads((resources.files("comeback.data") / "demo_10_weeks.json").read_text())


def _demo_mother(client: TestClient) -> dict[str, str]:
    headers = account(client)
    assert client.post("/api/v1/me/import", json=DEMO, headers=headers).status_code == 201
    return headers


def test_progress_series_follow_her_history(client: TestClient) -> None:
    headers = _demo_mother(client)
    p = client.get("/api/v1/me/progress?as_of=2026-03-16", headers=headers).json()
    bridges = p["exercises"]["glute_bridge"]
    logged = [
        s for s in DEMO["sessions"] for e in s["exercises"] if e["exercise"] == "glute_bridge"
    ]
    assert len(bridges) == len(logged)
    assert [b["reps"] for b in bridges] == [
        sum(x["reps"] for x in e["sets"])
        for s in logged
        for e in s["exercises"]
        if e["exercise"] == "glute_bridge"
    ]
    assert [span["phase"] for span in p["phases"]] == ["foundation", "activation"]
    assert p["phases"][-1]["end"] == "2026-03-16"
    assert sum(w["sessions"] for w in p["weeks"]) == len(DEMO["sessions"])
    assert [x["code"] for x in p["symptoms"]] == ["urine_leak"]
    assert p["nutrition"][0]["water_target_ml"] == 3100


def test_csv_export_has_a_row_per_set(client: TestClient) -> None:
    headers = _demo_mother(client)
    r = client.get("/api/v1/me/export.csv?table=sets&as_of=2026-03-16", headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == sum(len(e["sets"]) for s in DEMO["sessions"] for e in s["exercises"])
    assert rows[0]["date"] == DEMO["sessions"][0]["date"]


def test_csv_export_refuses_an_unknown_table(client: TestClient) -> None:
    headers = _demo_mother(client)
    r = client.get("/api/v1/me/export.csv?table=passwords", headers=headers)
    assert r.status_code == 422 and "table" in r.json()["detail"]


def test_pages_log_in_with_an_httponly_lax_cookie(client: TestClient) -> None:
    body = {
        "email": "page@example.org",
        "password": "long enough",
        "role": "mother",
        "display_name": "P",
    }
    client.post("/api/v1/auth/register", json=body)
    r = client.post(
        "/api/v1/auth/session", json={"email": body["email"], "password": body["password"]}
    )
    cookie = r.headers["set-cookie"].lower()
    assert r.status_code == 204 and "httponly" in cookie and "samesite=lax" in cookie
    assert client.put("/api/v1/me/profile", json=DEMO["profile"]).status_code == 200
    old = client.cookies.get("comeback_session")
    assert client.post("/api/v1/auth/logout").status_code == 204
    client.cookies.clear()
    client.cookies.set("comeback_session", old)
    assert client.put("/api/v1/me/profile", json=DEMO["profile"]).status_code == 401
