"""SPEC 5's authorization matrix over real storage: every endpoint x every kind of caller.

SPEC 5: 401 without valid credentials; 403 for the wrong role (`/me/...` needs a mother,
`/clinician/...` a clinician); 404 for a client id a clinician is not linked to (another
mother's, a revoked one, a made-up one), answered exactly as for one that does not exist;
2xx for the owner and her linked clinician. No body answered to anyone else carries the
owner's name, email, id or history, and no body carries the other mother's.

The world (see `world`) is built once per test on a fresh database. A cell per test would
build it some 300 times (argon2 hashing, a PostgreSQL database and migrations each time), so
`TABLE` is the contract, one row per endpoint and one column per actor; `CELLS` flattens it
to (endpoint, actor, expected status). The test is parametrised over the actor: it walks
that actor's cells in TABLE order (reads, then writes, then the destructive ones), each cell
a subtest, so a failure names its cell and the other cells still run. A cell where the app
contradicts SPEC 5 is listed in KNOWN_API_BUGS and asserted on its own as a strict xfail.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pytest
from fastapi.testclient import TestClient

DEMO = json.loads((resources.files("comeback.data") / "demo_10_weeks.json").read_text())
AS_OF = "2026-03-16"  # the demo's as_of, and the fixed clock's date in conftest
PASSWORD = "a long enough secret"

# Distinctive values: none of them is in the demo, the code or any message.
OWNER_NAME = "Philippa Quenneville-Abara"
OWNER_EMAIL = "philippa.quenneville@example.org"
OWNER_CLEARED_BY = "Dr Ysolde Varga-Nakamura, obstetric review"
OTHER_NAME = "Bronwen Castellanos-Idowu"
OTHER_EMAIL = "bronwen.castellanos@example.org"
OTHER_CLEARED_BY = "Midwife Thaddeus Okonkwo-Lindqvist"

OWNER, OTHER_MOTHER = "owner", "other_mother"
HER_CLINICIAN, OTHER_CLINICIAN, REVOKED_CLINICIAN = (
    "her_clinician",
    "other_clinician",
    "revoked_clinician",
)
ANONYMOUS, BAD_TOKEN = "anonymous", "bad_token"
ACTORS = (
    OWNER,
    OTHER_MOTHER,
    HER_CLINICIAN,
    OTHER_CLINICIAN,
    REVOKED_CLINICIAN,
    ANONYMOUS,
    BAD_TOKEN,
)

# The contract. Columns in ACTORS order: owner, other mother, her clinician, another
# clinician, the clinician she revoked, no credentials, a token that is not valid. NA: not
# a meaningful cell (logging out a caller whose token the rest of the row still needs;
# test_api_mother covers it). Rows run in this order within one test, so the reads come
# first and each mother's DELETE /me last. `{owner}` is the owner's id, `{other_mother}` the
# other mother's (linked to no clinician), `{random}` an id nobody has.
NA = None
# fmt: off
TABLE: list[tuple[str, tuple[int | None, ...]]] = [
    # endpoint                                            own  oth  herC othC revC anon bad
    ("GET /me/today",                                     (200, 200, 403, 403, 403, 401, 401)),
    ("GET /me/export",                                    (200, 200, 403, 403, 403, 401, 401)),
    # beyond SPEC 5 (issues 5 and 6): her downloads, reminders, email and queued export
    ("GET /me/progress",                                  (200, 200, 403, 403, 403, 401, 401)),
    ("GET /me/report.pdf",                                (200, 200, 403, 403, 403, 401, 401)),
    ("GET /me/calendar.ics",                              (200, 200, 403, 403, 403, 401, 401)),
    ("GET /me/export.fhir.json",                          (200, 200, 403, 403, 403, 401, 401)),
    ("GET /me/export.csv.zip",                            (200, 200, 403, 403, 403, 401, 401)),
    ("GET /me/digest",                                    (200, 200, 403, 403, 403, 401, 401)),
    ("PUT /me/digest",                                    (200, 200, 403, 403, 403, 401, 401)),
    ("POST /me/calendar-feed",                            (201, 201, 403, 403, 403, 401, 401)),
    ("POST /me/exports",                                  (202, 202, 403, 403, 403, 401, 401)),
    ("PUT /me/profile",                                   (200, 200, 403, 403, 403, 401, 401)),
    ("POST /me/clearances",                               (201, 201, 403, 403, 403, 401, 401)),
    ("POST /me/assessments",                              (201, 201, 403, 403, 403, 401, 401)),
    ("POST /me/symptoms",                                 (201, 201, 403, 403, 403, 401, 401)),
    ("PUT /me/checkins/{date}",                           (200, 200, 403, 403, 403, 401, 401)),
    ("POST /me/sets",                                     (201, 201, 403, 403, 403, 401, 401)),
    ("PUT /me/settings",                                  (200, 200, 403, 403, 403, 401, 401)),
    ("POST /me/import",                                   (201, 201, 403, 403, 403, 401, 401)),
    ("POST /me/clinicians",                               (201, 201, 403, 403, 403, 401, 401)),
    ("POST /clinician/invites",                           (403, 403, 201, 201, 201, 401, 401)),
    ("GET /clinician/clients",                            (403, 403, 200, 200, 200, 401, 401)),
    ("GET /clinician/clients/{owner}/today",              (403, 403, 200, 404, 404, 401, 401)),
    ("GET /clinician/clients/{other_mother}/today",       (403, 403, 404, 404, 404, 401, 401)),
    ("GET /clinician/clients/{random}/today",             (403, 403, 404, 404, 404, 401, 401)),
    ("GET /clinician/clients/{owner}/audit",              (403, 403, 200, 404, 404, 401, 401)),
    ("GET /clinician/clients/{other_mother}/audit",       (403, 403, 404, 404, 404, 401, 401)),
    ("GET /clinician/clients/{random}/audit",             (403, 403, 404, 404, 404, 401, 401)),
    ("POST /clinician/clients/{owner}/clearances",        (403, 403, 201, 404, 404, 401, 401)),
    ("POST /clinician/clients/{other_mother}/clearances", (403, 403, 404, 404, 404, 401, 401)),
    ("POST /clinician/clients/{random}/clearances",       (403, 403, 404, 404, 404, 401, 401)),
    ("POST /clinician/clients/{owner}/overrides",         (403, 403, 201, 404, 404, 401, 401)),
    ("POST /clinician/clients/{other_mother}/overrides",  (403, 403, 404, 404, 404, 401, 401)),
    ("POST /clinician/clients/{random}/overrides",        (403, 403, 404, 404, 404, 401, 401)),
    ("POST /simulate",                                    (200, 200, 200, 200, 200, 200, 200)),
    ("POST /auth/logout",                                 ( NA,  NA,  NA,  NA,  NA, 401, 401)),
    # she shares with her clinician (204); the other mother never did (404: no such link)
    ("DELETE /me/clinicians/{her_clinician}",             (204, 404, 403, 403, 403, 401, 401)),
    ("DELETE /me",                                        (204, 204, 403, 403, 403, 401, 401)),
]
# fmt: on

# Cells where the app contradicts SPEC 5: asserted on their own, as strict xfails, below.
KNOWN_API_BUGS: dict[tuple[str, str], str] = {}

# Every cell as (endpoint, actor, expected status): the matrix, flattened.
CELLS = [
    (endpoint, actor, status)
    for endpoint, row in TABLE
    for actor, status in zip(ACTORS, row, strict=True)
    if status is not None
]


@dataclass
class World:
    api: TestClient
    ids: dict[str, str]
    headers: dict[str, dict[str, str]]
    spare_invite: str  # the other clinician's, unused: what a mother posts to /me/clinicians


def _join(api: TestClient, role: str, name: str, email: str) -> tuple[str, dict[str, str]]:
    """Register and log in; the account's id and Authorization header."""
    body = {"email": email, "password": PASSWORD, "role": role, "display_name": name}
    r = api.post("/api/v1/auth/register", json=body)
    assert r.status_code == 201, r.text
    t = api.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert t.status_code == 200, t.text
    return r.json()["id"], {"Authorization": f"Bearer {t.json()['access_token']}"}


def _link(api: TestClient, mother: dict[str, str], clinician: dict[str, str]) -> str:
    """The clinician invites, the mother accepts; the clinician's id."""
    code = api.post("/api/v1/clinician/invites", headers=clinician)
    assert code.status_code == 201, code.text
    r = api.post("/api/v1/me/clinicians", json=code.json(), headers=mother)
    assert r.status_code == 201, r.text
    return str(r.json()["clinician_id"])


@pytest.fixture
def world(client: TestClient) -> World:
    """Mother A (demo history, distinctive name), mother B (a profile and a clearance of her
    own), clinician C linked to A, D never linked, E linked then revoked by A."""
    ids: dict[str, str] = {}
    headers: dict[str, dict[str, str]] = {}
    ids[OWNER], headers[OWNER] = _join(client, "mother", OWNER_NAME, OWNER_EMAIL)
    history = copy.deepcopy(DEMO)
    history["clearances"][0]["by"] = OWNER_CLEARED_BY
    r = client.post("/api/v1/me/import", json=history, headers=headers[OWNER])
    assert r.status_code == 201, r.text

    ids[OTHER_MOTHER], headers[OTHER_MOTHER] = _join(client, "mother", OTHER_NAME, OTHER_EMAIL)
    other = headers[OTHER_MOTHER]
    assert client.put("/api/v1/me/profile", json=DEMO["profile"], headers=other).status_code == 200
    mine = {"date": "2026-02-20", "by": OTHER_CLEARED_BY}
    assert client.post("/api/v1/me/clearances", json=mine, headers=other).status_code == 201

    for actor, name in (
        (HER_CLINICIAN, "Clinician Carys"),
        (OTHER_CLINICIAN, "Clinician Dara"),
        (REVOKED_CLINICIAN, "Clinician Esme"),
    ):
        ids[actor], headers[actor] = _join(client, "clinician", name, f"{actor}@example.org")
    assert _link(client, headers[OWNER], headers[HER_CLINICIAN]) == ids[HER_CLINICIAN]
    assert _link(client, headers[OWNER], headers[REVOKED_CLINICIAN]) == ids[REVOKED_CLINICIAN]
    her_today = f"/api/v1/clinician/clients/{ids[OWNER]}/today?as_of={AS_OF}"
    assert client.get(her_today, headers=headers[REVOKED_CLINICIAN]).status_code == 200
    r = client.delete(f"/api/v1/me/clinicians/{ids[REVOKED_CLINICIAN]}", headers=headers[OWNER])
    assert r.status_code == 204, r.text
    assert client.get(her_today, headers=headers[REVOKED_CLINICIAN]).status_code == 404
    spare = client.post("/api/v1/clinician/invites", headers=headers[OTHER_CLINICIAN])
    assert spare.status_code == 201, spare.text

    headers[ANONYMOUS] = {}
    headers[BAD_TOKEN] = {"Authorization": "Bearer " + "x" * 43}
    ids["random"] = str(uuid.uuid4())
    return World(client, ids, headers, spare.json()["invite_code"])


def _set() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "date": AS_OF,
        "exercise": "hip_thrust",
        "variant": "dumbbell",
        "reps": 10,
        "load_kg": 10.0,
        "form": "good",
        "felt_in": "glutes",
    }


# A body each endpoint accepts from its rightful caller, so a status says who may call it.
BODIES: dict[str, Callable[[World], Any]] = {
    "PUT /me/profile": lambda w: DEMO["profile"],
    "POST /me/clearances": lambda w: {"date": "2026-03-10", "by": "Midwife at the clinic"},
    "POST /me/assessments": lambda w: {
        "date": "2026-03-10",
        "kind": "pelvic_floor",
        "max_hold_s": 10,
        "holds_10s": 8,
        "quick_flicks": 11,
    },
    "POST /me/symptoms": lambda w: {
        "date": "2026-03-15",
        "code": "urine_leak",
        "during": "daily_life",
        "severity": 1,
    },
    "PUT /me/checkins/{date}": lambda w: {"sleep_h": 6.0, "stress": 2},
    "POST /me/sets": lambda w: _set(),
    "PUT /me/settings": lambda w: {
        "units": "metric",
        "country": "GB",
        "time_zone": "Europe/London",
        "quiet_hours": {"from": "21:00", "to": "07:00"},
    },
    "POST /me/import": lambda w: DEMO,
    "POST /me/clinicians": lambda w: {"invite_code": w.spare_invite},
    "POST /clinician/clients/{owner}/clearances": lambda w: _clearance(),
    "POST /clinician/clients/{other_mother}/clearances": lambda w: _clearance(),
    "POST /clinician/clients/{random}/clearances": lambda w: _clearance(),
    "POST /clinician/clients/{owner}/overrides": lambda w: _override(),
    "POST /clinician/clients/{other_mother}/overrides": lambda w: _override(),
    "POST /clinician/clients/{random}/overrides": lambda w: _override(),
    "POST /simulate": lambda w: DEMO,
    "PUT /me/digest": lambda w: {"weekly": True},
}


def _clearance() -> dict[str, str]:
    return {"date": "2026-03-10", "by": "Pelvic health physio"}


def _override() -> dict[str, str]:
    return {"date": "2026-03-10", "phase": "activation", "reason": "reviewed in clinic"}


QUERY = {
    "GET /me/today": f"?as_of={AS_OF}",
    "GET /me/export": f"?as_of={AS_OF}",
    "GET /me/report.pdf": "?from=2026-03-02",
    "GET /clinician/clients/{owner}/today": f"?as_of={AS_OF}",
    "GET /clinician/clients/{other_mother}/today": f"?as_of={AS_OF}",
    "GET /clinician/clients/{random}/today": f"?as_of={AS_OF}",
}


def _call(w: World, endpoint: str, actor: str) -> Any:
    method, template = endpoint.split(" ", 1)
    path = "/api/v1" + template.format(date="2026-03-15", **w.ids) + QUERY.get(endpoint, "")
    body = BODIES[endpoint](w) if endpoint in BODIES else None
    return w.api.request(method, path, json=body, headers=w.headers[actor])


def _owner_secrets(w: World) -> tuple[str, ...]:
    return (OWNER_NAME, OWNER_EMAIL, OWNER_CLEARED_BY, w.ids[OWNER])


def _other_secrets(w: World) -> tuple[str, ...]:
    return (OTHER_NAME, OTHER_EMAIL, OTHER_CLEARED_BY, w.ids[OTHER_MOTHER])


def _secrets_hidden_from(w: World, actor: str) -> tuple[str, ...]:
    """What must never appear in a body answered to this actor."""
    if actor in (OWNER, HER_CLINICIAN):
        return _other_secrets(w)
    if actor == OTHER_MOTHER:
        return _owner_secrets(w)
    return _owner_secrets(w) + _other_secrets(w)


def test_the_table_covers_every_spec5_endpoint_for_every_actor() -> None:
    endpoints = {e for e, _ in TABLE}
    assert len(endpoints) == len(TABLE)
    paths = {e.split("{")[0].rstrip("/") for e in endpoints}
    for needed in (
        "PUT /me/profile",
        "POST /me/clearances",
        "POST /me/assessments",
        "POST /me/symptoms",
        "PUT /me/checkins",
        "POST /me/sets",
        "GET /me/today",
        "GET /me/export",
        "POST /me/import",
        "PUT /me/settings",
        "DELETE /me",
        "POST /me/clinicians",
        "DELETE /me/clinicians",
        "POST /clinician/invites",
        "GET /clinician/clients",
        "POST /simulate",
        "POST /auth/logout",
    ):
        assert needed in paths, needed
    for action in ("today", "audit", "clearances", "overrides"):
        for target in ("owner", "other_mother", "random"):
            method = "GET" if action in ("today", "audit") else "POST"
            assert f"{method} /clinician/clients/{{{target}}}/{action}" in endpoints
    assert len(CELLS) == len(TABLE) * len(ACTORS) - 5  # only authenticated logouts left out


@pytest.mark.parametrize("actor", ACTORS)
def test_each_cell_answers_the_spec5_status_and_leaks_nothing(
    world: World, actor: str, subtests: pytest.Subtests
) -> None:
    """One world, this actor's whole row of cells in TABLE order; each cell a subtest."""
    hidden = _secrets_hidden_from(world, actor)
    for endpoint, who, expected in CELLS:
        if who != actor or (endpoint, who) in KNOWN_API_BUGS:
            continue
        with subtests.test(msg=f"{endpoint} as {actor}"):
            r = _call(world, endpoint, actor)
            assert r.status_code == expected, r.text
            text = r.text.lower()
            assert not [s for s in hidden if s.lower() in text], r.text[:300]


def test_a_clinician_sees_only_her_own_clients(world: World) -> None:
    """Her list holds the owner alone; the others' lists are empty. And SPEC 5's 404 for one
    that does not exist *or that she may not know exists* is the same answer, word for word,
    for the owner's id (unlinked, revoked), the other mother's and a made-up one."""
    api, h, ids = world.api, world.headers, world.ids
    mine = api.get("/api/v1/clinician/clients", headers=h[HER_CLINICIAN]).json()
    assert mine["count"] == 1
    assert [(c["client_id"], c["display_name"]) for c in mine["data"]] == [(ids[OWNER], OWNER_NAME)]
    for actor in (OTHER_CLINICIAN, REVOKED_CLINICIAN):
        listed = api.get("/api/v1/clinician/clients", headers=h[actor]).json()
        assert listed == {"data": [], "count": 0}

    for actor, targets in (
        (HER_CLINICIAN, [OTHER_MOTHER]),
        (OTHER_CLINICIAN, [OWNER, OTHER_MOTHER]),
        (REVOKED_CLINICIAN, [OWNER, OTHER_MOTHER]),
    ):
        for suffix, method, body in (
            (f"today?as_of={AS_OF}", "GET", None),
            ("audit", "GET", None),
            ("clearances", "POST", _clearance()),
            ("overrides", "POST", _override()),
        ):
            base = "/api/v1/clinician/clients"
            made_up = api.request(
                method, f"{base}/{ids['random']}/{suffix}", json=body, headers=h[actor]
            )
            assert made_up.status_code == 404
            for target in targets:
                r = api.request(
                    method, f"{base}/{ids[target]}/{suffix}", json=body, headers=h[actor]
                )
                assert (r.status_code, r.json()) == (404, made_up.json()), (actor, suffix)


def test_revoking_takes_effect_at_once(world: World) -> None:
    api, h, ids = world.api, world.headers, world.ids
    base = f"/api/v1/clinician/clients/{ids[OWNER]}"
    carys = h[HER_CLINICIAN]
    assert api.get(f"{base}/today?as_of={AS_OF}", headers=carys).status_code == 200

    r = api.delete(f"/api/v1/me/clinicians/{ids[HER_CLINICIAN]}", headers=h[OWNER])
    assert r.status_code == 204

    assert api.get(f"{base}/today?as_of={AS_OF}", headers=carys).status_code == 404
    assert api.get(f"{base}/audit", headers=carys).status_code == 404
    assert api.post(f"{base}/clearances", json=_clearance(), headers=carys).status_code == 404
    assert api.post(f"{base}/overrides", json=_override(), headers=carys).status_code == 404
    listed = api.get("/api/v1/clinician/clients", headers=carys)
    assert listed.json() == {"data": [], "count": 0}
    # nothing the revoked clinician tried was stored
    exported = api.get(f"/api/v1/me/export?as_of={AS_OF}", headers=h[OWNER]).json()
    assert exported["overrides"] == []
    assert [c["by"] for c in exported["clearances"]] == [OWNER_CLEARED_BY]
    # revoking twice: there is no such link any more
    r = api.delete(f"/api/v1/me/clinicians/{ids[HER_CLINICIAN]}", headers=h[OWNER])
    assert r.status_code == 404
    # the clinician revoked in the world: cut off until she shares again, by a new invite
    esme = h[REVOKED_CLINICIAN]
    assert api.get(f"{base}/today?as_of={AS_OF}", headers=esme).status_code == 404
    _link(api, h[OWNER], esme)
    assert api.get(f"{base}/today?as_of={AS_OF}", headers=esme).status_code == 200


def test_a_bad_invite_code_links_nobody(world: World) -> None:
    api, h = world.api, world.headers
    for code in ("not-a-real-code", world.ids[OTHER_CLINICIAN], world.spare_invite + "x"):
        r = api.post("/api/v1/me/clinicians", json={"invite_code": code}, headers=h[OWNER])
        assert r.status_code == 404, (code, r.text)
        assert "Clinician Dara" not in r.text
    r = api.post("/api/v1/me/clinicians", json={"invite_code": ""}, headers=h[OWNER])
    assert r.status_code == 422 and "invite_code" in r.json()["detail"]
    assert api.get("/api/v1/clinician/clients", headers=h[OTHER_CLINICIAN]).json()["count"] == 0
    assert api.get("/api/v1/clinician/clients", headers=h[HER_CLINICIAN]).json()["count"] == 1


def test_logout_with_a_token_that_is_not_valid_is_401(client: TestClient) -> None:
    """The matrix cell (POST /auth/logout, bad_token) on its own, so the rest of the row runs."""
    r = client.post("/api/v1/auth/logout", headers={"Authorization": "Bearer " + "x" * 43})
    assert r.status_code == 401
