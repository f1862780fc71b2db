"""Service rules over the in-memory unit of work: fast, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fakes import FakeUnitOfWork

from comeback import services
from comeback.domain import model as m
from comeback.errors import Conflict, InvalidInput, NotFound, Unauthorized

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
TODAY = NOW.date()
PROFILE = m.Profile(date(2026, 1, 5), "vaginal", 68.0, "exclusive")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def _mother(uow: FakeUnitOfWork, email: str = "ann@example.org") -> services.Account:
    account = services.register(uow, email, "a long secret", "mother", "Ann", NOW)
    services.put_profile(uow, account.id, PROFILE)
    return account


def _set(
    set_id: str = "8c1b4a52-0000-4000-8000-000000000001", reps: int = 15
) -> services.LoggedSet:
    return services.LoggedSet(
        set_id, date(2026, 3, 10), "glute_bridge", "bodyweight", m.SetLog(reps, "good")
    )


def test_login_gives_a_token_that_logout_ends(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    token = services.login(uow, "ANN@example.org ", "a long secret", NOW)
    assert services.account_for_token(uow, token) == ann
    services.logout(uow, token)
    assert services.account_for_token(uow, token) is None


def test_wrong_password_and_unknown_email_read_the_same(uow: FakeUnitOfWork) -> None:
    _mother(uow)
    with pytest.raises(Unauthorized) as wrong:
        services.login(uow, "ann@example.org", "nope nope", NOW)
    with pytest.raises(Unauthorized) as unknown:
        services.login(uow, "zoe@example.org", "nope nope", NOW)
    assert str(wrong.value) == str(unknown.value)


def test_passwords_are_stored_as_argon2id_hashes(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    stored = uow.committed.users[ann.id].password_hash
    assert stored.startswith("$argon2id$") and "a long secret" not in stored


def test_a_set_is_stored_once_and_a_changed_retry_conflicts(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    assert services.log_set(uow, ann.id, _set(), TODAY)[1] is True
    assert services.log_set(uow, ann.id, _set(), TODAY)[1] is False
    with pytest.raises(Conflict):
        services.log_set(uow, ann.id, _set(reps=16), TODAY)
    assert len(uow.committed.sets) == 1


def test_nothing_is_logged_before_the_birth_or_after_today(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    early = services.LoggedSet(
        "x", date(2025, 12, 31), "glute_bridge", "bodyweight", m.SetLog(15, "good")
    )
    with pytest.raises(InvalidInput):
        services.log_set(uow, ann.id, early, TODAY)
    with pytest.raises(InvalidInput):
        services.add_symptom(
            uow, ann.id, m.Symptom(date(2026, 3, 17), "urine_leak", "daily_life"), TODAY
        )
    assert uow.committed.sets == {}


def test_a_symptom_answers_with_triage_after_it(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    triage = services.add_symptom(uow, ann.id, m.Symptom(TODAY, "fever", "daily_life"), TODAY)
    assert (triage.level, triage.urgent) == ("stop", True)


def test_import_replaces_history_and_trusts_only_herself(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    services.log_set(uow, ann.id, _set(), TODAY)
    claimed = m.Clearance(date(2026, 1, 20), "Dr X", "general", "clinician")
    scenario = m.Scenario(TODAY, PROFILE, clearances=(claimed,))
    services.import_history(uow, ann.id, scenario, NOW)
    stored = services.export(uow, ann.id, TODAY)
    assert stored.sessions == () and [c.entered_by for c in stored.clearances] == ["self"]


def test_import_refuses_overrides(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    scenario = m.Scenario(TODAY, PROFILE, overrides=(m.Override(TODAY, "activation", "me", "x"),))
    with pytest.raises(InvalidInput):
        services.import_history(uow, ann.id, scenario, NOW)


def test_a_clinician_reaches_only_linked_clients_until_revoked(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    doc = services.register(uow, "doc@example.org", "a long secret", "clinician", "Dr Doc", NOW)
    with pytest.raises(NotFound):
        services.client_today(uow, doc.id, ann.id, TODAY)
    code = services.create_invite(uow, doc.id, NOW)
    assert services.accept_invite(uow, ann.id, code, NOW).id == doc.id
    assert services.client_today(uow, doc.id, ann.id, TODAY).phase == "foundation"
    services.revoke(uow, ann.id, doc.id, NOW)
    with pytest.raises(NotFound):
        services.client_today(uow, doc.id, ann.id, TODAY)


def test_clinician_clearance_and_override_are_audited(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    doc = services.register(uow, "doc@example.org", "a long secret", "clinician", "Dr Doc", NOW)
    services.accept_invite(uow, ann.id, services.create_invite(uow, doc.id, NOW), NOW)
    services.clinician_clearance(
        uow, doc.id, ann.id, date(2026, 2, 1), "Dr Doc", "general", TODAY, NOW
    )
    services.clinician_override(
        uow, doc.id, ann.id, date(2026, 2, 2), "activation", "seen in clinic", TODAY, NOW
    )
    trail = services.audit_trail(uow, doc.id, ann.id)
    assert [t["action"] for t in trail] == ["share", "clearance", "override"]
    assert trail[-1]["actor_id"] == doc.id and trail[-1]["detail"]["reason"] == "seen in clinic"
    assert services.today_for(uow, ann.id, TODAY).phase == "activation"


def test_an_override_past_the_floor_or_before_clearance_is_refused(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    doc = services.register(uow, "doc@example.org", "a long secret", "clinician", "Dr Doc", NOW)
    services.accept_invite(uow, ann.id, services.create_invite(uow, doc.id, NOW), NOW)
    with pytest.raises(InvalidInput, match="clearance"):
        services.clinician_override(
            uow, doc.id, ann.id, date(2026, 2, 2), "activation", "x", TODAY, NOW
        )
    services.clinician_clearance(
        uow, doc.id, ann.id, date(2026, 2, 1), "Dr Doc", "general", TODAY, NOW
    )
    with pytest.raises(InvalidInput, match="8 weeks"):
        services.clinician_override(
            uow, doc.id, ann.id, date(2026, 2, 2), "strengthening", "x", TODAY, NOW
        )


def test_deleting_her_account_erases_every_row_about_her(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    services.log_set(uow, ann.id, _set(), TODAY)
    services.delete_account(uow, ann.id)
    d = uow.committed
    assert ann.id not in d.users and ann.id not in d.profiles and d.sets == {}
