"""The mother's pages without a browser: forms, bad input, CSRF, what gets stored.

Forms reject bad input with a message beside the field, keep what she typed, and save
nothing half-done; every form needs its CSRF token. The browser journeys are in tests/e2e.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from pages_support import PROFILE_FORM, first_set_form, page_login, post_form


def onboard(client: TestClient, **changes: str) -> None:
    r = post_form(client, "/onboarding", {**PROFILE_FORM, **changes})
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/today?welcome=1"


def test_pages_need_a_login_and_send_back_after_it(client: TestClient) -> None:
    r = client.get("/today", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/today"


def test_new_mother_is_sent_to_onboarding_until_she_has_a_profile(client: TestClient) -> None:
    page_login(client)
    r = client.get("/today", follow_redirects=False)
    assert r.headers["location"] == "/onboarding"


def test_onboarding_bad_weight_is_named_beside_the_field_and_nothing_is_stored(
    client: TestClient,
) -> None:
    page_login(client)
    r = post_form(
        client, "/onboarding", {**PROFILE_FORM, "body_mass": "sixty", "time_zone": "Mars/Base"}
    )
    assert r.status_code == 422
    assert 'id="e-body_mass"' in r.text and "Enter your weight as a number" in r.text
    assert 'id="e-time_zone"' in r.text
    assert 'value="sixty"' in r.text  # what she typed is kept
    assert 'value="2026-01-05"' in r.text
    assert client.get("/today", follow_redirects=False).headers["location"] == "/onboarding"
    assert client.get("/api/v1/me/export").status_code == 409  # no profile was stored


def test_onboarding_clearance_before_the_birth_saves_nothing(client: TestClient) -> None:
    page_login(client)
    r = post_form(
        client,
        "/onboarding",
        {**PROFILE_FORM, "had_check": "yes", "clearance_date": "2025-12-01", "clearance_by": "GP"},
    )
    assert r.status_code == 422
    assert "between the birth and today" in r.text
    assert client.get("/api/v1/me/export").status_code == 409


def test_onboarding_in_pounds_stores_kilograms(client: TestClient) -> None:
    page_login(client)
    onboard(client, units="imperial", body_mass="150")
    profile = client.get("/api/v1/me/export").json()["profile"]
    assert abs(profile["body_mass_kg"] - 68.04) < 0.01
    assert 'value="150"' in client.get("/onboarding").text


def test_a_form_without_its_csrf_token_is_refused_and_stores_nothing(client: TestClient) -> None:
    page_login(client)
    r = client.post("/onboarding", data=PROFILE_FORM, follow_redirects=False)
    assert r.status_code == 403
    r = client.post("/onboarding", data={**PROFILE_FORM, "csrf_token": "forged-token-forged-token"})
    assert r.status_code == 403
    assert client.get("/api/v1/me/export").status_code == 409


def test_logging_a_set_twice_with_the_same_form_stores_it_once(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    html = client.get("/today").text
    form, fields = first_set_form(html)
    reps = re.search(r'name="reps" inputmode="numeric" value="(\d+)"', form)
    assert reps
    data = {**fields, "reps": reps.group(1), "form": "good", "felt_in": "glutes"}
    for _ in range(2):  # a double tap
        r = client.post("/today/sets", data=data, follow_redirects=False)
        assert r.status_code == 303
    sessions = client.get("/api/v1/me/export").json()["sessions"]
    assert len(sessions) == 1
    assert sum(len(e["sets"]) for e in sessions[0]["exercises"]) == 1
    today = client.get("/today").text
    assert "Done today: 1 of" in today
    assert 'href="/learn/foundation"' in today  # cards and gates link to their lesson


def test_a_set_with_bad_reps_is_refused_beside_the_card_and_not_stored(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    html = client.get("/today").text
    _, fields = first_set_form(html)
    r = client.post("/today/sets", data={**fields, "reps": "lots", "form": "good"})
    assert r.status_code == 422
    assert "Enter how many reps you did" in r.text
    assert 'value="lots"' in r.text
    assert client.get("/api/v1/me/export").json()["sessions"] == []


def test_checkin_quick_add_water_and_protein_per_meal(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    r = post_form(client, "/checkin", {"water": "500", "add_water": "250", "meal1": "30"})
    assert r.status_code == 303
    checkin = client.get("/api/v1/me/export").json()["checkins"][0]
    assert checkin["water_ml"] == 750
    assert checkin["protein_g_by_meal"] == [30]
    assert "1 of the last 7 days" in client.get(r.headers["location"]).text


def test_checkin_bad_sleep_is_named_and_nothing_is_stored(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    r = post_form(client, "/checkin", {"sleep_h": "30", "water": "1000"})
    assert r.status_code == 422
    assert "Enter hours of sleep, 0 to 24" in r.text
    assert 'value="1000"' in r.text
    assert client.get("/api/v1/me/export").json()["checkins"] == []


def test_settings_share_with_a_wrong_code_is_named_and_revoke_works(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    r = post_form(client, "/settings/share", {"invite_code": "nope"}, page="/settings")
    assert r.status_code == 422
    assert "no clinician has this invitation code" in r.text.lower()


def test_delete_needs_the_word_and_then_erases_everything(client: TestClient) -> None:
    page_login(client)
    onboard(client)
    r = post_form(client, "/settings/delete", {"confirm": "yes"}, page="/settings")
    assert r.status_code == 422
    assert client.get("/api/v1/me/export").status_code == 200
    r = post_form(client, "/settings/delete", {"confirm": "DELETE"}, page="/settings")
    assert r.status_code == 303
    assert client.get("/api/v1/me/export").status_code == 401


def test_login_page_errors_do_not_say_whether_the_email_exists(client: TestClient) -> None:
    email = page_login(client)
    client.cookies.delete("comeback_session")
    wrong_password = post_form(client, "/login", {"email": email, "password": "wrong-password"})
    no_such = post_form(client, "/login", {"email": "nobody@example.org", "password": "x" * 10})
    assert wrong_password.status_code == no_such.status_code == 401
    assert "Email or password is wrong" in wrong_password.text
    assert "Email or password is wrong" in no_such.text


def test_login_redirects_only_to_paths_on_this_site(client: TestClient) -> None:
    email = page_login(client)
    client.cookies.delete("comeback_session")
    r = post_form(
        client,
        "/login",
        {"email": email, "password": "a long enough secret", "next": "//evil.example"},
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/today"  # her home, not the foreign host
