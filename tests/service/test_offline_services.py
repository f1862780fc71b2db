"""Symptom reports with a client-made id (issue 7): a phone's retries store a report once.

The same rule as sets (SPEC 5's idempotent POST /me/sets): the same id again stores
nothing; the same id with other content is a Conflict; no id keeps the old behaviour.
"""

from __future__ import annotations

from datetime import date

import pytest
from fakes import FakeUnitOfWork
from test_services import NOW, PROFILE, TODAY

from comeback import services
from comeback.domain import model as m
from comeback.errors import Conflict

LEAK = m.Symptom(date(2026, 3, 14), "urine_leak", "daily_life")
PAIN = m.Symptom(date(2026, 3, 14), "back_pain", "exercise", None, 6)
CHECK_ID = "0b9d7c1e-0000-4000-8000-00000000000a"


@pytest.fixture
def ann() -> tuple[FakeUnitOfWork, str]:
    uow = FakeUnitOfWork()
    account = services.register(uow, "ann@example.org", "a long secret", "mother", "Ann", NOW)
    services.put_profile(uow, account.id, PROFILE)
    return uow, account.id


def stored(uow: FakeUnitOfWork, user_id: str) -> tuple[m.Symptom, ...]:
    return services.export(uow, user_id, TODAY).symptoms


def test_a_check_sent_three_times_with_its_id_is_stored_once(
    ann: tuple[FakeUnitOfWork, str],
) -> None:
    uow, user = ann
    first = services.add_symptoms(uow, user, [LEAK, PAIN], TODAY, CHECK_ID)
    again = [services.add_symptoms(uow, user, [LEAK, PAIN], TODAY, CHECK_ID) for _ in range(2)]
    assert (first, again) == (True, [False, False])
    assert stored(uow, user) == (LEAK, PAIN)


def test_the_same_id_with_another_report_is_a_conflict_and_stores_nothing(
    ann: tuple[FakeUnitOfWork, str],
) -> None:
    uow, user = ann
    services.add_symptoms(uow, user, [LEAK], TODAY, CHECK_ID)
    with pytest.raises(Conflict, match="a different report"):
        services.add_symptoms(uow, user, [PAIN], TODAY, CHECK_ID)
    assert stored(uow, user) == (LEAK,)


def test_without_an_id_each_report_is_stored(ann: tuple[FakeUnitOfWork, str]) -> None:
    uow, user = ann
    assert services.add_symptoms(uow, user, [LEAK], TODAY)
    assert services.add_symptoms(uow, user, [LEAK], TODAY)
    assert stored(uow, user) == (LEAK, LEAK)


def test_ids_belong_to_one_mother(ann: tuple[FakeUnitOfWork, str]) -> None:
    uow, user = ann
    bea = services.register(uow, "bea@example.org", "a long secret", "mother", "Bea", NOW)
    services.put_profile(uow, bea.id, PROFILE)
    services.add_symptoms(uow, user, [LEAK], TODAY, CHECK_ID)
    assert services.add_symptoms(uow, bea.id, [LEAK], TODAY, CHECK_ID)
    assert stored(uow, bea.id) == (LEAK,)
