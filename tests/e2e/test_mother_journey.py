"""A new mother, start to stop, in a real browser at phone and desktop size.

She registers and onboards, gets a foundation session and logs a set in one tap; with a few
weeks of practice seeded through the API, she records her clearance and moves to activation
the day after the gate opens; she reports a leak and sees the plan ease off; she reports
heavy bleeding and gets the stop screen, and a version to show her partner.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx2
from builders import day
from e2e_support import Server, shot

PASSWORD = "a long enough secret"


def register_and_onboard(page: Any, server: Server, email: str) -> None:
    page.goto(server.url + "/register")
    shot(page, "register")
    page.get_by_label("Your first name").fill("Maya")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("a mother recovering after birth").check()
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/onboarding")
    page.get_by_label("When was your baby born?").fill(day(0))
    page.get_by_label("Vaginal birth").check()
    page.get_by_label("No, or I don't know").check()
    page.get_by_label("Breastfeeding only").check()
    page.get_by_label("kg and ml").check()
    page.get_by_label("Your weight today (kg)").fill("68")
    page.get_by_label("Active now and then").check()
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Time zone").fill("Europe/London")
    page.get_by_label("Not yet").check()
    shot(page, "onboarding")
    page.get_by_role("button", name="Save and see today's plan").click()
    page.wait_for_url("**/today?welcome=1")


def api_token(server: Server, email: str) -> dict[str, str]:
    r = httpx2.post(server.url + "/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def seed_foundation_practice(server: Server, headers: dict[str, str]) -> None:
    """Six foundation sessions from day 20 and self-checks that meet the activation bar."""
    with httpx2.Client(base_url=server.url + "/api/v1", headers=headers) as api:
        for d in (20, 23, 26, 29, 32, 35):
            for exercise, reps in (("breathing_360", 10), ("pelvic_floor_hold", 8)):
                body = {
                    "id": str(uuid.uuid4()),
                    "date": day(d),
                    "exercise": exercise,
                    "variant": "standard",
                    "reps": reps,
                    "form": "good",
                }
                assert api.post("/me/sets", json=body).status_code == 201
        for assessment in (
            {"kind": "diastasis", "gap_finger_widths": 1.5, "depth": "firm", "doming": False},
            {"kind": "pelvic_floor", "max_hold_s": 10, "holds_10s": 8, "quick_flicks": 10},
        ):
            r = api.post("/me/assessments", json={"date": day(40), **assessment})
            assert r.status_code == 201, r.text


def test_new_mother_from_onboarding_to_stop_screen(page: Any, server: Server) -> None:
    email = f"maya-{uuid.uuid4().hex[:8]}@example.org"
    register_and_onboard(page, server, email)

    # Foundation, before her six-week check: the session is there, the check is booked.
    assert page.get_by_role("heading", name="Foundation: deep core and pelvic floor").is_visible()
    assert page.get_by_text("Book it for around").is_visible()
    first_card = page.locator("article.card").first
    name = first_card.locator("h3").inner_text()
    shot(page, "today-foundation")
    first_card.get_by_role("button", name="Log set").click()  # one tap, prescription pre-filled
    page.wait_for_url("**/today?logged=*")
    assert page.get_by_text("Set saved.").is_visible()
    card = page.locator("article.card", has=page.get_by_role("heading", name=name))
    assert "Done today: 1 of" in card.inner_text()

    # Weeks of practice (seeded), then her check at six weeks, recorded on the page.
    seed_foundation_practice(server, api_token(server, email))
    server.clock.to_day(42)
    page.goto(server.url + "/onboarding")
    page.locator("input[name=had_check][value=yes]").check()
    page.get_by_label("Date of the check").fill(day(42))
    page.get_by_label("Who checked you?").fill("GP")
    page.get_by_label("A general postnatal check").check()
    page.get_by_role("button", name="Save and see today's plan").click()
    page.wait_for_url("**/today?welcome=1")
    assert page.get_by_text("Everything is in place to move on to activation").is_visible()

    # The next day the gate has opened: activation, with glute work.
    server.clock.to_day(43)
    page.goto(server.url + "/today")
    assert page.get_by_role("heading", name="Activation: waking up your glutes").is_visible()
    assert page.get_by_role("heading", name="Glute bridge").first.is_visible()
    shot(page, "today-activation")

    # A leak during the bridge: the plan eases off.
    page.get_by_role("link", name="Something feels wrong").click()
    shot(page, "something-feels-wrong")
    page.locator("input[name=code][value=urine_leak]").check()
    page.get_by_label("During an exercise").check()
    page.get_by_label("Which exercise?").select_option("glute_bridge")
    page.get_by_role("button", name="Tell Comeback").click()
    page.wait_for_url("**/today?noted=urine_leak*")
    assert page.get_by_role("heading", name="Taking it easier").is_visible()
    assert "leaking wee" in page.locator("main").inner_text()

    # Heavy bleeding: the stop screen, the sign in plain words, the number to call.
    page.get_by_role("link", name="Something feels wrong").click()
    page.locator("input[name=code][value=heavy_bleeding]").check()
    page.get_by_role("button", name="Tell Comeback").click()
    page.wait_for_url("**/stop/heavy_bleeding")
    text = page.locator("main").inner_text()
    assert "Get help now: stop training" in text
    assert "soaking a pad" in text
    assert page.locator("a[href='tel:999']").first.is_visible()
    shot(page, "stop-heavy-bleeding")
    page.get_by_role("link", name="Show this to someone with me").click()
    assert page.get_by_role("heading", name="Please help her now").is_visible()
    shot(page, "stop-partner")

    # Today is paused now, with no exercises.
    page.goto(server.url + "/today")
    assert page.get_by_role("heading", name="Paused: training is on hold").is_visible()
    assert page.locator("article.card").count() == 0
