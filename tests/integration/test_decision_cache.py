"""The decision cache on a real database: a kept `today` equals a fresh replay after any
writes, a stale version never overwrites, erasing her erases it, and the migrations build
exactly the tables the code declares (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import writes
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, func, select

from comeback import decisions, services
from comeback.domain import model as m
from comeback.persistence import UnitOfWork, make_engine, session_factory, upgrade
from comeback.persistence.tables import Base, DecisionRow


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    upgrade(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_the_migrations_build_the_declared_tables(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_kept_today_equals_a_fresh_replay_after_any_writes(engine: Engine) -> None:
    uow = UnitOfWork(session_factory(engine))
    mother, clinician = writes.setup(uow)
    empty = m.Scenario(writes.TODAY, writes.PROFILE)

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(writes.operations())
    def check(ops: list[writes.Op]) -> None:
        services.import_history(uow, mother, empty, writes.NOW)
        for op in ops:
            writes.apply(uow, mother, clinician, op)
            for as_of in (writes.TODAY, writes.TODAY - timedelta(days=2)):
                kept = services.today_for(uow, mother, as_of)
                assert kept == writes.fresh_decision(uow, mother, as_of)

    check()


def test_a_decision_from_an_old_version_is_not_kept(engine: Engine) -> None:
    uow = UnitOfWork(session_factory(engine))
    mother, _ = writes.setup(uow)
    services.today_for(uow, mother, writes.TODAY)
    with uow:
        seen = uow.decisions.get(mother)
    assert seen is not None and seen.decision is not None
    # A write lands between a reader's look and its store: the store must not hide it.
    services.put_checkin(uow, mother, m.CheckIn(writes.TODAY, 5.0, 4), writes.TODAY)
    with uow:
        uow.decisions.store(mother, seen.version, writes.TODAY, decisions.ENGINE, "{}", {})
        uow.commit()
        after = uow.decisions.get(mother)
    assert after is not None and after.decision is None and after.version == seen.version + 1


def test_erasing_her_account_erases_her_kept_decision(engine: Engine) -> None:
    uow = UnitOfWork(session_factory(engine))
    mother, _ = writes.setup(uow)
    services.today_for(uow, mother, writes.TODAY)
    services.delete_account(uow, mother)
    with engine.connect() as c:
        left = c.execute(
            select(func.count()).select_from(DecisionRow).where(DecisionRow.user_id == mother)
        ).scalar()
    assert left == 0


def test_a_set_clash_leaves_the_kept_decision_and_the_retry_answers(engine: Engine) -> None:
    uow = UnitOfWork(session_factory(engine))
    mother, _ = writes.setup(uow)
    logged = services.LoggedSet(
        "8c1b4a52-0000-4000-8000-0000000000aa",
        writes.TODAY,
        "glute_bridge",
        "bodyweight",
        m.SetLog(12, "good"),
    )
    assert services.log_set(uow, mother, logged, writes.TODAY)[1] is True
    services.today_for(uow, mother, writes.TODAY)
    assert services.log_set(uow, mother, logged, writes.TODAY)[1] is False
    with uow:
        kept = uow.decisions.get(mother)
    assert kept is not None and kept.decision is not None  # a retry changed nothing
