"""The clinician's API (SPEC 5) over real storage: invite, link, list, today, clearance,
override and the audit trail, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pytest
from fastapi.testclient import TestClient

DEMO = json.loads((resources.files("comeback.data") / "demo_10_weeks.json").read_text())
AS_OF = "2026-03-16"  # the demo's as_of and the fixed clock's date (conftest)
PASSWORD = "a long enough secret"
CLINICIAN_NAME = "Physio Rhiannon Achterberg"
# delivered five weeks before the clock's date: 6 weeks after the birth is 2026-03-23
EARLY = {**DEMO["profile"], "delivery_date": "2026-02-09"}


def _join(api: TestClient, role: str, name: str) -> tuple[str, dict[str, str]]:
    """Register and log in; the account's id and Authorization header."""
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    body = {"email": email, "password": PASSWORD, "role": role, "display_name": name}
    r = api.post("/api/v1/auth/register", json=body)
    assert r.status_code == 201, r.text
    t = api.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert t.status_code == 200, t.text
    return r.json()["id"], {"Authorization": f"Bearer {t.json()['access_token']}"}


@dataclass
class Care:
    api: TestClient
    mother_id: str
    mother: dict[str, str]
    clinician_id: str
    clinician: dict[str, str]

    @property
    def base(self) -> str:
        return f"/api/v1/clinician/clients/{self.mother_id}"

    def link(self, mother: dict[str, str]) -> Any:
        code = self.api.post("/api/v1/clinician/invites", headers=self.clinician)
        assert code.status_code == 201, code.text
        assert isinstance(code.json()["invite_code"], str) and code.json()["invite_code"]
        return self.api.post("/api/v1/me/clinicians", json=code.json(), headers=mother)

    def export(self) -> dict[str, Any]:
        r = self.api.get(f"/api/v1/me/export?as_of={AS_OF}", headers=self.mother)
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]

    def today(self, as_of: str = AS_OF) -> dict[str, Any]:
        r = self.api.get(f"/api/v1/me/today?as_of={as_of}", headers=self.mother)
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]

    def override(self, on: str, phase: str, reason: str = "reviewed in clinic") -> Any:
        body = {"date": on, "phase": phase, "reason": reason}
        return self.api.post(f"{self.base}/overrides", json=body, headers=self.clinician)

    def clearance(self, on: str, by: str = "Pelvic health physio", **extra: str) -> Any:
        body = {"date": on, "by": by, **extra}
        return self.api.post(f"{self.base}/clearances", json=body, headers=self.clinician)


def _care(client: TestClient, history: dict[str, Any] | None, profile: Any = None) -> Care:
    """A mother (the demo history, or only a profile) linked to a new clinician."""
    mother_id, mother = _join(client, "mother", "Ann")
    if history is not None:
        r = client.post("/api/v1/me/import", json=history, headers=mother)
        assert r.status_code == 201, r.text
    if profile is not None:
        assert client.put("/api/v1/me/profile", json=profile, headers=mother).status_code == 200
    clinician_id, clinician = _join(client, "clinician", CLINICIAN_NAME)
    care = Care(client, mother_id, mother, clinician_id, clinician)
    linked = care.link(mother)
    assert linked.status_code == 201, linked.text
    assert linked.json() == {"clinician_id": clinician_id, "display_name": CLINICIAN_NAME}
    return care


@pytest.fixture
def demo(client: TestClient) -> Care:
    """Ann with the demo history (delivered 2026-01-05, cleared by herself on 2026-02-17)."""
    return _care(client, DEMO)


@pytest.fixture
def early(client: TestClient) -> Care:
    """Ann with only a profile, five weeks after the birth: no clearance, no sessions."""
    return _care(client, None, EARLY)


def _gate_open(decision: dict[str, Any]) -> bool:
    gate = decision["gate"]
    return gate["next_phase"] is not None and gate["unmet"] == []


def test_an_invited_client_is_listed_with_her_summary(demo: Care) -> None:
    r = demo.api.get("/api/v1/clinician/clients", headers=demo.clinician)
    assert r.status_code == 200
    listed = r.json()
    assert listed["count"] == 1 and len(listed["data"]) == 1
    ann = listed["data"][0]
    fields = {"client_id", "display_name", "phase", "triage_level", "gate_open", "last_active"}
    assert fields <= set(ann)
    today = demo.today()
    assert ann["client_id"] == demo.mother_id and ann["display_name"] == "Ann"
    assert (ann["phase"], ann["triage_level"]) == ("activation", "modify")  # urine_leak 03-07
    assert (ann["phase"], ann["triage_level"]) == (today["phase"], today["triage"]["level"])
    assert ann["gate_open"] is False and ann["gate_open"] == _gate_open(today)
    last_session = DEMO["sessions"][-1]["date"]
    assert last_session <= ann["last_active"] <= AS_OF

    # a set logged today makes her active today
    logged = {
        "id": str(uuid.uuid4()),
        "date": AS_OF,
        "exercise": "glute_bridge",
        "variant": "bodyweight",
        "reps": 20,
        "form": "good",
        "felt_in": "glutes",
    }
    assert demo.api.post("/api/v1/me/sets", json=logged, headers=demo.mother).status_code == 201
    ann = demo.api.get("/api/v1/clinician/clients", headers=demo.clinician).json()["data"][0]
    assert ann["last_active"] == AS_OF


def test_a_client_without_a_profile_yet_is_listed_too(demo: Care) -> None:
    bea_id, bea = _join(demo.api, "mother", "Bea")
    assert demo.link(bea).status_code == 201
    r = demo.api.get("/api/v1/clinician/clients", headers=demo.clinician)
    assert r.status_code == 200
    assert r.json()["count"] == 2
    assert {c["client_id"] for c in r.json()["data"]} == {demo.mother_id, bea_id}


def test_her_today_seen_by_her_clinician_is_her_own(demo: Care) -> None:
    for as_of in (AS_OF, "2026-02-20", "2026-01-20", None):
        query = f"?as_of={as_of}" if as_of else ""
        seen = demo.api.get(f"{demo.base}/today{query}", headers=demo.clinician)
        own = demo.api.get(f"/api/v1/me/today{query}", headers=demo.mother)
        assert seen.status_code == own.status_code == 200
        assert seen.json() == own.json()
        assert seen.json()["as_of"] == (as_of or AS_OF)


def test_a_clinician_clearance_is_stored_as_entered_by_the_clinician(demo: Care) -> None:
    r = demo.clearance("2026-03-12", "Pelvic health physio", kind="pelvic_health")
    assert r.status_code == 201, r.text
    assert r.json()["entered_by"] == "clinician"
    stored = demo.export()["clearances"]
    assert {
        "date": "2026-03-12",
        "by": "Pelvic health physio",
        "kind": "pelvic_health",
    }.items() <= (next(c for c in stored if c["date"] == "2026-03-12").items())
    assert sorted((c["date"], c["entered_by"]) for c in stored) == [
        ("2026-02-17", "self"),
        ("2026-03-12", "clinician"),
    ]


def test_a_clinician_clearance_before_six_weeks_opens_medical_clearance(early: Care) -> None:
    """SPEC 3.4: a clearance earlier than 6 weeks counts when a clinician entered it."""
    own = {"date": "2026-03-02", "by": "GP, early check"}
    r = early.api.post("/api/v1/me/clearances", json=own, headers=early.mother)
    assert r.status_code == 201, r.text
    gate = early.today()["gate"]
    assert early.today()["phase"] == "foundation" and gate["next_phase"] == "activation"
    assert "not_medical_clearance" in gate["unmet"] and "medical_clearance" not in gate["met"]

    assert early.clearance("2026-03-09", "Pelvic health physio").status_code == 201
    gate = early.today()["gate"]
    assert "medical_clearance" in gate["met"] and "not_medical_clearance" not in gate["unmet"]
    # seen the same way by the clinician
    seen = early.api.get(f"{early.base}/today?as_of={AS_OF}", headers=early.clinician).json()
    assert "medical_clearance" in seen["gate"]["met"]


def test_an_override_sets_the_phase_and_is_signed_with_her_name(early: Care) -> None:
    assert early.clearance("2026-03-09").status_code == 201
    assert early.today()["phase"] == "foundation"
    r = early.override("2026-03-10", "activation", "strong deep core at review; start glutes")
    assert r.status_code == 201, r.text
    assert r.json()["by"] == CLINICIAN_NAME
    assert early.today()["phase"] == "activation"
    assert early.today("2026-03-09")["phase"] == "foundation"  # from its date, not before
    assert early.export()["overrides"] == [
        {
            "date": "2026-03-10",
            "phase": "activation",
            "by": CLINICIAN_NAME,
            "reason": "strong deep core at review; start glutes",
        }
    ]
    # and her clinician's list says so
    listed = early.api.get("/api/v1/clinician/clients", headers=early.clinician).json()
    assert listed["data"][0]["phase"] == "activation"


def test_an_override_to_activation_before_any_clearance_is_refused(demo: Care, early: Care) -> None:
    # the demo's only clearance is dated 2026-02-17
    r = demo.override("2026-02-10", "activation")
    assert r.status_code == 422
    assert "date" in r.json()["detail"] and "2026-02-10" in r.json()["detail"]
    # no clearance at all
    r = early.override("2026-03-10", "activation")
    assert r.status_code == 422
    assert "date" in r.json()["detail"] and "2026-03-10" in r.json()["detail"]
    assert demo.export()["overrides"] == [] and early.export()["overrides"] == []
    # back to foundation needs no clearance
    assert demo.override("2026-02-10", "foundation").status_code == 201


def test_an_override_to_strengthening_before_eight_weeks_is_refused(demo: Care) -> None:
    # delivered 2026-01-05 (vaginal): 8 weeks is 2026-03-02
    r = demo.override("2026-03-01", "strengthening")
    assert r.status_code == 422
    assert "date" in r.json()["detail"] and "2026-03-01" in r.json()["detail"]
    assert demo.export()["overrides"] == []
    assert demo.override("2026-03-02", "strengthening").status_code == 201
    assert demo.today()["phase"] == "strengthening"


def test_after_a_caesarean_strengthening_waits_twelve_weeks(client: TestClient) -> None:
    care = _care(client, {**DEMO, "profile": {**DEMO["profile"], "delivery": "caesarean"}})
    # 12 weeks after 2026-01-05 is 2026-03-30, after the clock's date
    r = care.override(AS_OF, "strengthening")
    assert r.status_code == 422 and AS_OF in r.json()["detail"]
    assert care.export()["overrides"] == []


def test_the_audit_trail_lists_her_clearance_and_override(demo: Care) -> None:
    assert demo.clearance("2026-03-12", "Pelvic health physio").status_code == 201
    assert demo.override("2026-03-13", "foundation", "doming seen at review").status_code == 201
    r = demo.api.get(f"{demo.base}/audit", headers=demo.clinician)
    assert r.status_code == 200
    trail = r.json()
    assert trail["count"] == len(trail["data"])
    for entry in trail["data"]:
        assert {"at", "actor_id", "action", "detail"} <= set(entry)
    by_her = [e for e in trail["data"] if e["actor_id"] == demo.clinician_id]
    assert len(by_her) == 2
    clearance = next(e for e in by_her if "clearance" in e["action"])
    override = next(e for e in by_her if "override" in e["action"])
    assert clearance["detail"]["date"] == "2026-03-12"
    assert clearance["detail"]["by"] == "Pelvic health physio"
    assert {
        "date": "2026-03-13",
        "phase": "foundation",
        "reason": "doming seen at review",
    }.items() <= (override["detail"].items())
    assert clearance["at"].startswith("2026-03-16T09:00")  # the fixed clock
    # what she did herself is hers, not the clinician's
    assert all(e["actor_id"] in (demo.mother_id, demo.clinician_id) for e in trail["data"])


def test_the_audit_trail_does_not_tell_one_clinician_who_else_she_shares_with(
    demo: Care,
) -> None:
    other_id, other = _join(demo.api, "clinician", "Another physio")
    code = demo.api.post("/api/v1/clinician/invites", headers=other).json()
    assert demo.api.post("/api/v1/me/clinicians", json=code, headers=demo.mother).status_code == 201
    for who, me in ((demo.clinician, demo.clinician_id), (other, other_id)):
        r = demo.api.get(f"{demo.base}/audit", headers=who)
        assert r.status_code == 200
        shares = [e for e in r.json()["data"] if e["action"] in ("share", "revoke")]
        assert shares, "her sharing with this clinician is in the trail"
        assert all(e["detail"]["clinician_id"] == me for e in shares)
        other_ids = {demo.clinician_id, other_id} - {me}
        assert not any(i in r.text for i in other_ids)


def test_a_clearance_needs_to_say_by_whom(demo: Care) -> None:
    r = demo.clearance("2026-03-12", by="  ")
    assert r.status_code == 422
    assert "by" in r.json()["detail"]


def test_an_override_needs_a_reason(demo: Care) -> None:
    for reason in ("", "   ", None):
        body: dict[str, Any] = {"date": "2026-03-10", "phase": "foundation"}
        if reason is not None:
            body["reason"] = reason
        r = demo.api.post(f"{demo.base}/overrides", json=body, headers=demo.clinician)
        assert r.status_code == 422, (reason, r.text)
        assert "reason" in r.json()["detail"]
    assert demo.export()["overrides"] == []
    audit = demo.api.get(f"{demo.base}/audit", headers=demo.clinician).json()
    assert not [e for e in audit["data"] if e["actor_id"] == demo.clinician_id]
