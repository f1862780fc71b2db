"""Her calendar feed over HTTP, on SQLite and PostgreSQL: the secret link works without a
login, stops on revoke and on rotate, is hers alone, and the settings page manages it."""

from __future__ import annotations

import json
from importlib import resources
from urllib.parse import urlsplit

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import account
from fastapi.testclient import TestClient
from icalendar import Calendar
from pages_support import PROFILE_FORM, page_login, post_form

from comeback.persistence.tables import Base

DEMO = json.loads((resources.files("comeback.data") / "demo_10_weeks.json").read_text())
SETTINGS = {
    "units": "metric",
    "country": "GB",
    "time_zone": "Europe/London",
    "quiet_hours": {"from": "21:00", "to": "07:30"},
}


def _mother(client: TestClient, name: str = "Ann") -> dict[str, str]:
    headers = account(client, name=name)
    assert (
        client.put("/api/v1/me/profile", json=DEMO["profile"], headers=headers).status_code == 200
    )
    assert client.put("/api/v1/me/settings", json=SETTINGS, headers=headers).status_code == 200
    return headers


def _link(client: TestClient, headers: dict[str, str]) -> str:
    r = client.post("/api/v1/me/calendar-feed", headers=headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["webcal_url"] == "webcal://" + body["url"].split("://", 1)[1]
    return urlsplit(body["url"]).path


def _uids(ics: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(ics).walk("VEVENT")}


def test_the_secret_link_serves_her_calendar_without_a_login(client: TestClient) -> None:
    path = _link(client, _mother(client))
    assert path.startswith("/calendar/") and path.endswith(".ics")
    r = client.get(path)  # no Authorization header, no cookie
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/calendar")
    assert "no-store" in r.headers["cache-control"]
    cal = Calendar.from_ical(r.content)
    events = list(cal.walk("VEVENT"))
    assert events and {e["DTSTART"].params["TZID"] for e in events} == {"Europe/London"}
    assert [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == ["Europe/London"]
    for e in events:  # quiet 21:00-07:30 in her settings
        start = e.start.time()
        assert (7, 30) <= (start.hour, start.minute) < (21, 0), e["SUMMARY"]


def test_revoking_the_link_makes_it_404(client: TestClient) -> None:
    headers = _mother(client)
    path = _link(client, headers)
    assert client.delete("/api/v1/me/calendar-feed", headers=headers).status_code == 204
    assert client.get(path).status_code == 404
    r = client.delete("/api/v1/me/calendar-feed", headers=headers)
    assert r.status_code == 404 and "no calendar link" in r.json()["detail"]


def test_rotating_the_link_makes_the_old_one_404(client: TestClient) -> None:
    headers = _mother(client)
    old = _link(client, headers)
    new = _link(client, headers)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_another_mother_can_neither_revoke_nor_reach_her_feed(client: TestClient) -> None:
    ann, zoe = _mother(client, "Ann"), _mother(client, "Zoe")
    path = _link(client, ann)
    assert client.delete("/api/v1/me/calendar-feed", headers=zoe).status_code == 404
    assert client.get(path).status_code == 200
    zoes = _link(client, zoe)
    assert zoes != path
    assert not _uids(client.get(path).content) & _uids(client.get(zoes).content)
    mine = client.get("/api/v1/me/calendar.ics", headers=zoe)
    assert _uids(mine.content) == _uids(client.get(zoes).content)
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_a_clinician_has_no_calendar_feed(client: TestClient) -> None:
    physio = account(client, role="clinician", name="Pat")
    assert client.post("/api/v1/me/calendar-feed", headers=physio).status_code == 403


def test_the_download_needs_her_login_and_names_a_bad_days(client: TestClient) -> None:
    headers = _mother(client)
    assert client.get("/api/v1/me/calendar.ics").status_code == 401
    r = client.get("/api/v1/me/calendar.ics", headers=headers)
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment")
    week = client.get("/api/v1/me/calendar.ics?days=7", headers=headers)
    assert 0 < len(_uids(week.content)) < len(_uids(r.content))
    bad = client.get("/api/v1/me/calendar.ics?days=0", headers=headers)
    assert bad.status_code == 422 and "days" in bad.json()["detail"]


def test_no_feed_before_her_profile(client: TestClient) -> None:
    headers = account(client)
    path = _link(client, headers)
    r = client.get("/api/v1/me/calendar.ics", headers=headers)
    assert r.status_code == 409 and "profile" in r.json()["detail"]
    assert client.get(path).status_code == 409


def test_erasing_her_account_ends_the_link(client: TestClient) -> None:
    headers = _mother(client)
    path = _link(client, headers)
    assert client.delete("/api/v1/me", headers=headers).status_code == 204
    assert client.get(path).status_code == 404


def test_the_settings_page_makes_shows_and_turns_off_the_link(client: TestClient) -> None:
    page_login(client)
    assert post_form(client, "/onboarding", PROFILE_FORM).status_code == 303
    page = client.get("/settings").text
    assert "Get my calendar link" in page and "/api/v1/me/calendar.ics" in page
    r = post_form(client, "/settings/calendar", {}, page="/settings")
    assert r.status_code == 200
    found = r.text.split('id="f-calendar_url" value="', 1)[1].split('"', 1)[0]
    path = urlsplit(found).path
    assert client.get(path).status_code == 200
    again = client.get("/settings").text
    assert "Your calendar link is on" in again and path not in again  # shown only once
    r = post_form(client, "/settings/calendar/off", {}, page="/settings")
    assert r.status_code == 303
    assert client.get(path).status_code == 404
    assert "Your calendar link is off" in client.get(r.headers["location"]).text


def test_the_calendar_forms_need_their_csrf_token(client: TestClient) -> None:
    page_login(client)
    r = client.post("/settings/calendar", data={}, follow_redirects=False)
    assert r.status_code == 403


def test_the_migration_matches_the_calendar_table(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert not [d for d in diffs if "calendar_feeds" in repr(d)]
    assert "calendar_feeds" in Base.metadata.tables
