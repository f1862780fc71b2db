"""Interoperability over real storage: her FHIR bundle (issue 5) through the API."""

from __future__ import annotations

import json
from importlib import resources

from conftest import account
from fastapi.testclient import TestClient

from comeback.fhir_export import validate

DEMO = json.loads((resources.files("comeback.data") / "demo_10_weeks.json").read_text())
FHIR = "/api/v1/me/export.fhir.json"


def test_her_fhir_bundle_validates_and_holds_one_observation_per_record(
    client: TestClient,
) -> None:
    headers = account(client)
    assert client.post("/api/v1/me/import", json=DEMO, headers=headers).status_code == 201
    r = client.get(f"{FHIR}?as_of=2026-03-16", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/fhir+json")
    parsed = validate(r.json())
    observations = [e for e in parsed.entry if e.resource.__resource_type__ == "Observation"]
    records = len(DEMO["assessments"]) + len(DEMO["symptoms"]) + len(DEMO["checkins"])
    assert len(observations) == 1 + records
    assert observations[0].resource.code.coding[0].code == "29463-7"


def test_the_fhir_bundle_is_hers_alone(client: TestClient) -> None:
    owner = account(client, name="Ann")
    client.post("/api/v1/me/import", json=DEMO, headers=owner)
    other = account(client, name="Bea")
    client.put("/api/v1/me/profile", json={**DEMO["profile"], "body_mass_kg": 99.0}, headers=other)
    mine = client.get(f"{FHIR}?as_of=2026-03-16", headers=other).json()
    weights = [
        e["resource"]["valueQuantity"]["value"]
        for e in mine["entry"]
        if e["resource"]["resourceType"] == "Observation"
    ]
    assert weights == [99.0]  # her own body mass, none of the other mother's records
    assert client.get(FHIR).status_code == 401
    assert client.get(FHIR, headers=account(client, role="clinician")).status_code == 403


def test_a_fhir_date_out_of_range_is_named(client: TestClient) -> None:
    headers = account(client)
    client.post("/api/v1/me/import", json=DEMO, headers=headers)
    r = client.get(f"{FHIR}?as_of=2020-01-01", headers=headers)
    assert r.status_code == 422
    assert "as_of" in r.json()["detail"]
