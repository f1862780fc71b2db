"""Driving the pages like a browser without JavaScript: GET a form, post it with its token."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient

PASSWORD = "a long enough secret"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def post_form(client: TestClient, path: str, data: dict[str, str], page: str | None = None):  # type: ignore[no-untyped-def]
    """GET `page` (or `path`) for its token, then POST the form; redirects not followed."""
    token = csrf_of(client.get(page or path).text)
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def page_login(client: TestClient, role: str = "mother", name: str = "Maya") -> str:
    """Register through the page (which logs in with the session cookie); the email."""
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    r = post_form(
        client,
        "/register",
        {"display_name": name, "email": email, "password": PASSWORD, "role": role},
    )
    assert r.status_code == 303, r.text
    return email


PROFILE_FORM = {
    "delivery_date": "2026-01-05",
    "delivery": "vaginal",
    "severe_perineal_tear": "no",
    "breastfeeding": "exclusive",
    "units": "metric",
    "body_mass": "68",
    "training_background": "some",
    "country": "GB",
    "time_zone": "Europe/London",
    "had_check": "no",
}


def first_set_form(html: str) -> tuple[str, dict[str, str]]:
    """Today's first log-a-set form: its HTML and its hidden fields (set id, exercise, ...)."""
    form = re.search(r'<form method="post" action="/today/sets".*?</form>', html, re.S)
    assert form, "no log-a-set form on the page"
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))
    return form.group(0), fields
