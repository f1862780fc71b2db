"""What the phone's offline replay relies on, without a browser (issue 7).

Every form the phone may send again after a lost answer stores once: sets (their id), the
check-in (one per day), a symptom report and the ten-second check (their client-made id,
migration 0002_offline), also through SPEC 5's POST /me/symptoms with the optional `id`.
A report kept offline carries the day it was made. The worker, the manifest and the
triage table are served where the browser looks for them.
"""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient
from pages_support import PROFILE_FORM, first_set_form, page_login, post_form

from comeback.web.offline import triage_table


def onboard(client: TestClient) -> None:
    assert post_form(client, "/onboarding", PROFILE_FORM).status_code == 303


def symptoms(client: TestClient) -> list[dict[str, object]]:
    return list(client.get("/api/v1/me/export").json()["symptoms"])


def test_the_worker_manifest_and_triage_table_are_served_for_the_whole_site(
    client: TestClient,
) -> None:
    sw = client.get("/sw.js")
    assert sw.status_code == 200
    assert sw.headers["content-type"].startswith("text/javascript")
    assert sw.headers["service-worker-allowed"] == "/"
    assert sw.headers["cache-control"] == "no-cache"
    assert "__VERSION__" not in sw.text
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    assert manifest.json()["start_url"] == "/today"
    assert client.get("/triage.json").json() == triage_table()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").text


def test_a_symptom_report_sent_again_with_its_id_is_stored_once(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    html = client.get("/wrong").text
    report_id = re.search(r'name="id" value="([0-9a-f-]{36})"', html)
    assert report_id, "the form carries a client-made id"
    data = {"id": report_id.group(1), "code": "urine_leak", "during": "daily_life"}
    for _ in range(3):  # the phone retries after lost answers
        r = post_form(client, "/wrong", data)
        assert r.status_code == 303
        assert r.headers["location"] == "/today?noted=urine_leak"
    assert len(symptoms(client)) == 1
    r = post_form(client, "/wrong", {**data, "id": str(uuid.uuid4())})  # a new report
    assert len(symptoms(client)) == 2
    r = post_form(client, "/wrong", {k: v for k, v in data.items() if k != "id"})  # no JS, old page
    assert r.status_code == 303
    assert len(symptoms(client)) == 3


def test_the_ten_second_check_sent_again_is_stored_once(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    check_id = str(uuid.uuid4())
    answers = {"id": check_id, "when": "after", "leak": "yes", "heaviness": "no"}
    answers |= {"doming": "yes", "bleeding": "none", "pain": "6", "pain_where": "back_pain"}
    for _ in range(2):
        r = post_form(client, "/check", answers, page="/check")
        assert r.status_code == 303
        assert r.headers["location"] == "/stop/back_pain"
    assert sorted(str(s["code"]) for s in symptoms(client)) == ["back_pain", "doming", "urine_leak"]


def test_a_report_kept_offline_keeps_its_day_and_never_a_future_one(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    today = client.get("/api/v1/me/today").json()["as_of"]
    data = {"id": str(uuid.uuid4()), "code": "doming", "during": "daily_life"}
    post_form(client, "/wrong", {**data, "date": "2026-03-14"})
    post_form(client, "/wrong", {**data, "id": str(uuid.uuid4()), "date": "2099-01-01"})
    assert sorted(str(s["date"]) for s in symptoms(client)) == ["2026-03-14", today]


def test_a_set_kept_offline_is_stored_on_the_day_it_was_done(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    html = client.get("/today").text
    _, fields = first_set_form(html)
    data = {**fields, "reps": "8", "form": "good", "date": "2026-03-14"}
    r = post_form(client, "/today/sets", data, page="/today")
    assert r.status_code == 303
    sessions = client.get("/api/v1/me/export").json()["sessions"]
    assert [s["date"] for s in sessions] == ["2026-03-14"]


def test_api_symptom_with_an_id_is_idempotent_and_without_one_is_not(client: TestClient) -> None:
    from conftest import account

    h = account(client)
    profile = {
        "delivery_date": "2026-01-05",
        "delivery": "vaginal",
        "body_mass_kg": 68,
        "breastfeeding": "exclusive",
    }
    assert client.put("/api/v1/me/profile", json=profile, headers=h).status_code == 200
    body = {"date": "2026-03-15", "code": "urine_leak", "during": "daily_life"}
    with_id = {**body, "id": str(uuid.uuid4())}
    for _ in range(2):
        r = client.post("/api/v1/me/symptoms", json=with_id, headers=h)
        assert r.status_code == 201, r.text
        assert r.json()["triage"]["level"] == "modify"
    for _ in range(2):
        assert client.post("/api/v1/me/symptoms", json=body, headers=h).status_code == 201
    other = {**with_id, "code": "doming"}  # the same id, another report
    assert client.post("/api/v1/me/symptoms", json=other, headers=h).status_code == 409
    stored = client.get("/api/v1/me/export", headers=h).json()["symptoms"]
    assert len(stored) == 3
    bad = client.post("/api/v1/me/symptoms", json={**body, "id": "x"}, headers=h)
    assert bad.status_code == 422
    assert "id" in bad.json()["detail"]


def test_a_fresh_csrf_token_for_the_replay_works_on_a_form(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    client.cookies.delete("comeback_csrf")  # the phone restarted: its session cookie is gone
    token = client.get("/offline/csrf").json()["csrf_token"]
    r = client.post(
        "/checkin",
        data={"csrf_token": token, "sleep_h": "6"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert client.get("/api/v1/me/export").json()["checkins"][0]["sleep_h"] == 6


def test_migration_0002_offline_goes_down_and_up_again(database_url: str) -> None:
    import sqlalchemy as sa
    from alembic import command

    from comeback.persistence.database import alembic_config, upgrade

    upgrade(database_url)
    command.downgrade(alembic_config(database_url), "0001")
    engine = sa.create_engine(database_url)
    try:
        columns = {c["name"] for c in sa.inspect(engine).get_columns("symptoms")}
        assert "client_id" not in columns
        upgrade(database_url)
        inspector = sa.inspect(engine)
        assert "client_id" in {c["name"] for c in inspector.get_columns("symptoms")}
        unique = inspector.get_unique_constraints("symptoms")
        assert {"user_id", "client_id"} in [set(u["column_names"]) for u in unique]
    finally:
        engine.dispose()
