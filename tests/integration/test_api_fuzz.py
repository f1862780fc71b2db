"""Schemathesis over the app's own OpenAPI document (SPEC 5): whatever a client sends, the API
never answers 5xx, and every 422 names the field in its `detail`.

The requests carry a real bearer token: a mother with a profile for `/me/...` (so the
handlers run past 401), a clinician linked to her for `/clinician/...`. Calls that would
change who she is (`PUT /me/profile`, `POST /me/import`) or end her account or token
(`DELETE /me`, `POST /auth/logout`) get a fresh mother each, so the rest of the run keeps a
known birth date and working credentials. One app over a SQLite file in a pytest temp
directory, a fixed clock, derandomized generation, a small budget per operation. Generated
dates fall between her birth and today as often as anywhere in the calendar, so bodies get
past the date checks and reach the services.

Schemathesis' eager `schema.parametrize()` needs the schema at import: it is read from an app
over an in-memory database, and every case is sent to the fixture's app (`case.call(app=)`).
(`schemathesis.pytest.from_fixture` would avoid that, but 4.32.5 sets `Node._nodeid`, which
pytest 9.2 no longer has.)

The server errors this fuzzing found are kept below as regressions with their minimal
request: an `as_of` before the birth or at the end of the calendar answered 500, and a birth
a thousand years back made one decision walk every day since. Both now answer 422.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import strategies as st
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pydantic import TypeAdapter
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.formats import STRING_FORMATS, unregister_string_format

from comeback import services
from comeback.settings import Settings
from comeback.web import create_app

NOW = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
PASSWORD = "a long enough secret"
BIRTH = date(2026, 1, 5)
PROFILE = {
    "delivery_date": BIRTH.isoformat(),
    "delivery": "vaginal",
    "body_mass_kg": 68.0,
    "breastfeeding": "exclusive",
}
MAX_EXAMPLES = 25  # per operation, fuzzing phase
REQUEST_TIMEOUT_S = 5  # a request slower than this fails the case
AS_OF_DAYS = 3653  # the fuzzed as_of stays within this many days from the birth
# Calls that change her profile or history wholesale, or spend her token: a fresh mother each.
FRESH_MOTHER = {
    ("PUT", "/api/v1/me/profile"),
    ("POST", "/api/v1/me/import"),
    ("DELETE", "/api/v1/me"),
    ("POST", "/api/v1/auth/logout"),
}
# Argon2id at its lowest cost: the same code path, without 0.25 s per register and login.
CHEAP_PASSWORDS = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
AS_DATE: TypeAdapter[date] = TypeAdapter(date)  # how FastAPI reads a `date` query parameter
# Dates her history accepts (birth..today) as often as any date of the calendar, so bodies
# get past the date checks and reach the services.
DATES = st.one_of(st.dates(BIRTH, NOW.date()), st.dates()).map(date.isoformat)

schema = schemathesis.openapi.from_asgi(
    "/openapi.json",
    create_app(Settings(database_url="sqlite://"), clock=lambda: NOW),
    config=schemathesis.Config(),
)
schema.config.update(request_timeout=REQUEST_TIMEOUT_S)
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, database="none")


def _headers(client: TestClient, role: str, name: str) -> dict[str, str]:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    r = client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "role": role, "display_name": name},
    )
    assert r.status_code == 201, r.text
    r = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _mother(client: TestClient, profile: dict[str, object] = PROFILE) -> dict[str, str]:
    headers = _headers(client, "mother", "Ann")
    r = client.put("/api/v1/me/profile", json=profile, headers=headers)
    assert r.status_code == 200, r.text
    return headers


def _link(client: TestClient, mother: dict[str, str], clinician: dict[str, str]) -> str:
    r = client.post("/api/v1/clinician/invites", headers=clinician)
    assert r.status_code == 201, r.text
    r = client.post(
        "/api/v1/me/clinicians", json={"invite_code": r.json()["invite_code"]}, headers=mother
    )
    assert r.status_code == 201, r.text
    return str(r.json()["clinician_id"])


@dataclass
class Api:
    app: FastAPI
    client: TestClient  # answers 500 instead of raising, like a server
    mother: dict[str, str]
    clinician: dict[str, str]

    def headers_for(self, case: Case) -> dict[str, str]:
        operation = case.operation
        if (operation.method.upper(), operation.path) in FRESH_MOTHER:
            return _mother(self.client)
        if operation.path.startswith("/api/v1/clinician/"):
            return self.clinician
        return self.mother


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app under test, over a SQLite file, with a mother (profile) linked to a clinician."""
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'comeback.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(services, "PASSWORDS", CHEAP_PASSWORDS)
        registered = STRING_FORMATS.get("date")  # None: hypothesis-jsonschema's own dates
        schemathesis.openapi.format("date", DATES)
        app = create_app(Settings(database_url=url), clock=lambda: NOW)
        try:
            client = TestClient(app, raise_server_exceptions=False)
            mother = _mother(client)
            clinician = _headers(client, "clinician", "Cleo")
            _link(client, mother, clinician)
            yield Api(app, client, mother, clinician)
        finally:
            if registered is None:
                unregister_string_format("date")
            else:
                schemathesis.openapi.format("date", registered)
            app.state.engine.dispose()


def validation_error_names_a_field(
    ctx: CheckContext, response: Response, case: Case
) -> bool | None:
    """A 422 answers {"detail": "FIELD: what was wrong", ...} (SPEC 5: the field named)."""
    if response.status_code != 422:
        return None
    body = response.json()
    detail = body.get("detail") if isinstance(body, dict) else None
    assert isinstance(detail, str) and detail.strip(), f"422 without a detail string: {body}"
    field, colon, message = detail.partition(": ")
    assert colon and field.strip() and message.strip(), f"422 names no field: {detail!r}"
    assert field != "(request)", f"422 names no field: {detail!r}"
    return None


@schema.parametrize()
def test_no_server_error_and_every_422_names_a_field(case: Case, api: Api) -> None:
    response = case.call(app=api.app, headers=api.headers_for(case))
    case.validate_response(response, checks=[not_a_server_error, validation_error_names_a_field])


# ---- server errors the fuzzing found, kept as regressions -----------------------------------


def _names(r: object, field: str) -> bool:
    detail = r.json()["detail"]  # type: ignore[attr-defined]
    return r.status_code == 422 and field in detail  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/api/v1/me/today", "/api/v1/me/progress", "/api/v1/me/export"])
@pytest.mark.parametrize("as_of", ["2026-01-04", "0", "2036-02-01"])  # "0": read as 1970-01-01
def test_as_of_outside_her_program_is_422_naming_as_of(api: Api, path: str, as_of: str) -> None:
    r = api.client.get(path, params={"as_of": as_of}, headers=_mother(api.client))
    assert _names(r, "as_of"), r.text


def test_client_today_before_the_birth_is_422(api: Api) -> None:
    mother = _mother(api.client)
    clinician = _headers(api.client, "clinician", "Cleo")
    _link(api.client, mother, clinician)
    clients = api.client.get("/api/v1/clinician/clients", headers=clinician).json()["data"]
    r = api.client.get(
        f"/api/v1/clinician/clients/{clients[0]['client_id']}/today",
        params={"as_of": "2026-01-04"},
        headers=clinician,
    )
    assert _names(r, "as_of"), r.text


def test_a_birth_at_the_end_of_the_calendar_is_refused(api: Api) -> None:
    headers = _headers(api.client, "mother", "Ann")
    r = api.client.put(
        "/api/v1/me/profile", json={**PROFILE, "delivery_date": "9999-12-30"}, headers=headers
    )
    assert _names(r, "delivery_date"), r.text


def test_simulate_at_the_end_of_the_calendar_is_refused(api: Api) -> None:
    scenario = {"as_of": "9999-12-31", "profile": {**PROFILE, "delivery_date": "9999-12-30"}}
    r = api.client.post("/api/v1/simulate", json=scenario)
    assert _names(r, "as_of"), r.text


def test_simulate_with_a_birth_1000_years_back_is_refused(api: Api) -> None:
    scenario = {"as_of": "2026-03-16", "profile": {**PROFILE, "delivery_date": "1026-03-16"}}
    r = api.client.post("/api/v1/simulate", json=scenario)
    assert _names(r, "delivery_date"), r.text


def test_simulate_more_than_ten_years_after_the_birth_is_refused(api: Api) -> None:
    scenario = {"as_of": "2036-03-16", "profile": {**PROFILE, "delivery_date": "2026-01-05"}}
    r = api.client.post("/api/v1/simulate", json=scenario)
    assert _names(r, "as_of"), r.text
