"""The report over HTTP: her PDF from the progress page and the API, the HTML page, her
linked clinician's copy; bad dates answer 422 naming the field; nobody else gets it."""

from __future__ import annotations

import io
import json
from importlib import resources

from conftest import account
from fastapi.testclient import TestClient
from pypdf import PdfReader

DEMO = json.loads((resources.files("comeback.data") / "demo_10_weeks.json").read_text())


def _mother(client: TestClient, name: str = "Ann") -> dict[str, str]:
    headers = account(client, name=name)
    assert client.post("/api/v1/me/import", json=DEMO, headers=headers).status_code == 201
    return headers


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _cookie(client: TestClient, headers: dict[str, str]) -> None:
    """Log the page client in with the session cookie of the account behind `headers` (a
    session cookie holds the same kind of token as the API's bearer)."""
    client.cookies.set("comeback_session", headers["Authorization"].removeprefix("Bearer "))


def test_her_pdf_from_the_api_and_the_progress_page(client: TestClient) -> None:
    headers = _mother(client)
    r = client.get("/api/v1/me/report.pdf?from=2026-02-01&to=2026-03-16", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert "attachment" in r.headers["content-disposition"]
    assert "no-store" in r.headers["cache-control"]
    text = _text(r.content)
    assert "Progress report, 1 Feb 2026 to 16 Mar 2026" in text
    assert "Activation 18 Feb 2026 16 Mar 2026" in text and "Clam shell" in text

    _cookie(client, headers)
    page = client.get("/progress?period=all")
    assert "/progress/report.pdf?from=2026-01-05&amp;to=2026-03-16" in page.text
    r = client.get("/progress/report.pdf?from=2026-01-05&to=2026-03-16")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    r = client.get("/progress/report?to=2026-03-16")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<svg " in r.text and "Glute bridge" in r.text


def test_a_bad_date_is_422_naming_the_field(client: TestClient) -> None:
    headers = _mother(client)
    for query, field in (
        ("from=2026-02-30", "from"),
        ("to=tomorrow", "to"),
        ("to=2026-03-17", "to"),  # after today (the test clock's 16 March)
        ("from=2026-03-10&to=2026-03-01", "from"),
        ("to=2025-12-31", "to"),  # before the birth
    ):
        r = client.get(f"/api/v1/me/report.pdf?{query}", headers=headers)
        assert r.status_code == 422, (query, r.text)
        assert r.json()["detail"].startswith(f"{field}:"), r.json()
    _cookie(client, headers)
    r = client.get("/progress/report.pdf?from=2026-13-01")
    assert r.status_code == 422 and "from" in r.text


def test_only_she_and_her_linked_clinician_get_her_report(client: TestClient) -> None:
    mother = _mother(client, "Ann")
    bea = _mother(client, "Bea")
    linked = account(client, role="clinician", name="Sam")
    other = account(client, role="clinician", name="Kim")
    code = client.post("/api/v1/clinician/invites", headers=linked).json()["invite_code"]
    assert (
        client.post("/api/v1/me/clinicians", json={"invite_code": code}, headers=mother)
    ).status_code == 201
    ann = next(
        c["client_id"]
        for c in client.get("/api/v1/clinician/clients", headers=linked).json()["data"]
    )

    # a clinician has no "me" report
    assert client.get("/api/v1/me/report.pdf", headers=linked).status_code == 403

    _cookie(client, linked)
    r = client.get(f"/desk/clients/{ann}/report.pdf?to=2026-03-16")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "Ann" in _text(r.content)
    assert f"/desk/clients/{ann}/report.pdf" in client.get(f"/desk/clients/{ann}").text

    client.cookies.clear()
    _cookie(client, other)
    assert client.get(f"/desk/clients/{ann}/report.pdf").status_code == 404
    assert client.get(f"/desk/clients/{ann}/report").status_code == 404

    client.cookies.clear()
    _cookie(client, bea)  # another mother: sent to her own pages, never Ann's report
    r = client.get(f"/desk/clients/{ann}/report.pdf", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/today"
    own = client.get("/api/v1/me/report.pdf?to=2026-03-16", headers=bea)
    assert own.status_code == 200 and "Bea" in _text(own.content)
    assert "Ann" not in _text(own.content)

    client.cookies.clear()
    assert client.get("/progress/report.pdf", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me/report.pdf").status_code == 401
