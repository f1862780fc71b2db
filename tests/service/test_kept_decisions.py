"""The kept decision equals a fresh replay after any sequence of writes (in-memory UoW)."""

from __future__ import annotations

import json
from datetime import timedelta

import writes
from fakes import FakeUnitOfWork
from hypothesis import given, settings

from comeback import decisions, services
from comeback.domain import model as m
from comeback.scenario import decision_to_json

FAKE = FakeUnitOfWork()
MOTHER, CLINICIAN = writes.setup(FAKE)
EMPTY = m.Scenario(writes.TODAY, writes.PROFILE)


@settings(max_examples=50, deadline=None)
@given(writes.operations())
def test_kept_today_equals_a_fresh_replay_after_any_writes(ops: list[writes.Op]) -> None:
    services.import_history(FAKE, MOTHER, EMPTY, writes.NOW)
    for op in ops:
        writes.apply(FAKE, MOTHER, CLINICIAN, op)
        for as_of in (writes.TODAY, writes.TODAY - timedelta(days=3)):
            fresh = writes.fresh_decision(FAKE, MOTHER, as_of)
            assert services.today_for(FAKE, MOTHER, as_of) == fresh
            assert json.loads(services.today_json(FAKE, MOTHER, as_of)) == decision_to_json(fresh)


def test_a_look_keeps_the_decision_and_a_write_drops_it() -> None:
    uow = FakeUnitOfWork()
    mother, _ = writes.setup(uow)
    first = services.today_for(uow, mother, writes.TODAY)
    kept = uow.committed.decisions[mother]
    assert kept.decision == decisions.encode(first) and kept.as_of == writes.TODAY
    services.put_checkin(uow, mother, m.CheckIn(writes.TODAY, 6.0, 2), writes.TODAY)
    assert uow.committed.decisions[mother].decision is None
    assert uow.committed.decisions[mother].version == kept.version + 1


def test_a_kept_decision_is_read_not_replayed() -> None:
    uow = FakeUnitOfWork()
    mother, _ = writes.setup(uow)
    services.today_for(uow, mother, writes.TODAY)
    # Tamper with the kept copy: a second look must return it, proving no replay ran.
    kept = uow.committed.decisions[mother]
    assert kept.decision is not None
    tampered = json.dumps({**json.loads(kept.decision), "notice": "from the cache"})
    uow.committed.decisions[mother] = kept.__class__(
        kept.version, kept.as_of, kept.engine, tampered, kept.facts
    )
    assert services.today_for(uow, mother, writes.TODAY).notice == "from the cache"
    # Another engine (a code upgrade) does not trust it.
    uow.committed.decisions[mother] = kept.__class__(
        kept.version, kept.as_of, "another engine", tampered, kept.facts
    )
    assert services.today_for(uow, mother, writes.TODAY).notice != "from the cache"


def test_a_look_at_a_past_day_does_not_push_out_today() -> None:
    uow = FakeUnitOfWork()
    mother, _ = writes.setup(uow)
    services.today_for(uow, mother, writes.TODAY)
    services.today_for(uow, mother, writes.TODAY - timedelta(days=5))
    assert uow.committed.decisions[mother].as_of == writes.TODAY


def test_the_kept_text_is_the_api_json_and_decodes_to_the_decision() -> None:
    uow = FakeUnitOfWork()
    mother, _ = writes.setup(uow)
    d = writes.fresh_decision(uow, mother, writes.TODAY)
    assert json.loads(decisions.encode(d)) == decision_to_json(d)
    assert decisions.decode(decisions.encode(d)) == d
    assert services.today_json(uow, mother, writes.TODAY) == decisions.encode(d)


def test_the_engine_key_names_the_domain_code_and_data() -> None:
    assert len(decisions.ENGINE) == 32 and int(decisions.ENGINE, 16) >= 0
