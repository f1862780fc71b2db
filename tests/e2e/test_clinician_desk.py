"""A physio at her desk, in a real browser at phone and desktop size: she invites two
mothers, sees the one with an urgent sign above the one with a modify sign, opens a client,
records an override with a reason, and finds it in the client's audit trail and phase."""

from __future__ import annotations

import uuid
from typing import Any

import httpx2
from builders import day
from e2e_support import Server, shot

PASSWORD = "a long enough secret"


def mother_with_symptom(server: Server, name: str, code: str, invite: str) -> None:
    """A mother registered, onboarded and sharing through the API, with one symptom today."""
    email = f"{name.lower()}-{uuid.uuid4().hex[:6]}@example.org"
    with httpx2.Client(base_url=server.url + "/api/v1") as api:
        body = {"email": email, "password": PASSWORD, "role": "mother", "display_name": name}
        assert api.post("/auth/register", json=body).status_code == 201
        token = api.post("/auth/token", json={"email": email, "password": PASSWORD})
        api.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        profile = {
            "delivery_date": day(0),
            "delivery": "vaginal",
            "body_mass_kg": 68.0,
            "breastfeeding": "partial",
        }
        assert api.put("/me/profile", json=profile).status_code == 200
        assert api.post("/me/clinicians", json={"invite_code": invite}).status_code == 201
        symptom = {"date": day(41), "code": code, "during": "daily_life"}
        assert api.post("/me/symptoms", json=symptom).status_code == 201


def new_invite(page: Any) -> str:
    page.get_by_role("button", name="Make an invitation code").click()
    return str(page.locator(".code").first.inner_text()).strip()


def test_physio_sees_who_needs_her_first_and_records_an_override(page: Any, server: Server) -> None:
    page.goto(server.url + "/register?role=clinician")
    page.get_by_label("Your first name").fill("Priya")
    page.get_by_label("Email").fill(f"priya-{uuid.uuid4().hex[:6]}@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("a physiotherapist, midwife or coach").check()
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/desk")

    mother_with_symptom(server, "Maya", "doming", new_invite(page))
    mother_with_symptom(server, "Zoe", "heavy_bleeding", new_invite(page))
    page.goto(server.url + "/desk")
    shot(page, "desk")
    cards = page.locator("main li.card, main ol > li")
    first, second = cards.nth(0).inner_text(), cards.nth(1).inner_text()
    assert "Zoe" in first and "Urgent sign: heavy bleeding" in first
    assert "Maya" in second and "doming" in second.lower()

    page.get_by_role("link", name="See Maya’s page").click()
    page.wait_for_url("**/desk/clients/*")
    assert page.get_by_role("heading", name="Maya").is_visible()
    page.get_by_label("From").fill(day(41))
    page.get_by_label("Phase").select_option("foundation")
    page.get_by_label("Reason").fill("Doming on curl-ups: keep her on deep-core work a while")
    page.get_by_role("button", name="Record the override").click()
    page.wait_for_url("**saved=override*")
    text = page.locator("main").inner_text()
    assert "Doming on curl-ups: keep her on deep-core work a while" in text
    audit = page.locator("table").last.inner_text()
    assert "Set the phase to foundation from" in audit
    assert "Reason: Doming on curl-ups" in audit
    shot(page, "desk-client-after-override")
