"""The login throttle in each store: the same rule whether failures live in memory, in the
database every app process shares (SQLite and PostgreSQL), or in Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from redis_support import REDIS_URL, require_redis
from sqlalchemy import func, inspect, select, text

from comeback.persistence import make_engine, upgrade
from comeback.persistence.tables import LoginFailureRow
from comeback.settings import Settings
from comeback.web.throttle import (
    REDIS_PREFIX,
    DatabaseThrottle,
    LoginThrottle,
    MemoryThrottle,
    RedisThrottle,
    TooManyAttempts,
    make_throttle,
    throttle_key,
)

T0 = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
WINDOW_S = 300


@pytest.fixture(params=["memory", "database", "redis"])
def throttle(request: pytest.FixtureRequest, database_url: str) -> Iterator[LoginThrottle]:
    if request.param == "memory":
        yield MemoryThrottle(3, WINDOW_S)
    elif request.param == "database":
        upgrade(database_url)
        engine = make_engine(database_url)
        yield DatabaseThrottle(engine, 3, WINDOW_S)
        engine.dispose()
    else:
        yield RedisThrottle(require_redis(), 3, WINDOW_S)


def _email() -> str:
    return f"Ann-{uuid.uuid4().hex[:8]}@Example.org"


def test_three_failures_in_the_window_refuse_the_fourth_try(throttle: LoginThrottle) -> None:
    email = _email()
    for i in range(2):
        throttle.failed(email, T0 + timedelta(seconds=i))
    throttle.check(email, T0 + timedelta(seconds=3))  # two failures: still allowed
    throttle.failed(email, T0 + timedelta(seconds=4))
    with pytest.raises(TooManyAttempts, match="wait 5 minutes"):
        throttle.check(f"  {email.upper()} ", T0 + timedelta(seconds=5))  # same email, typed so


def test_failures_older_than_the_window_no_longer_count(throttle: LoginThrottle) -> None:
    email = _email()
    for i in range(3):
        throttle.failed(email, T0 + timedelta(seconds=i))
    with pytest.raises(TooManyAttempts):
        throttle.check(email, T0 + timedelta(seconds=WINDOW_S))
    throttle.check(email, T0 + timedelta(seconds=WINDOW_S + 3))


def test_a_success_forgets_the_failures_of_that_email_only(throttle: LoginThrottle) -> None:
    ann, bea = _email(), _email()
    for i in range(3):
        throttle.failed(ann, T0 + timedelta(seconds=i))
        throttle.failed(bea, T0 + timedelta(seconds=i))
    throttle.succeeded(ann)
    throttle.check(ann, T0 + timedelta(seconds=10))
    with pytest.raises(TooManyAttempts):
        throttle.check(bea, T0 + timedelta(seconds=10))


def test_database_rows_hold_no_email_and_old_rows_are_pruned(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    throttle = DatabaseThrottle(engine, 3, WINDOW_S)
    email = _email()
    throttle.failed(email, T0)
    throttle.failed(email, T0 + timedelta(seconds=1))
    throttle.failed(_email(), T0 + timedelta(seconds=WINDOW_S + 5))  # prunes both of hers
    with engine.connect() as conn:
        rows = conn.execute(select(LoginFailureRow.__table__)).all()
        dump = " ".join(str(v) for row in rows for v in row)
    engine.dispose()
    assert len(rows) == 1
    assert "@" not in dump and email.lower() not in dump.lower()
    assert throttle_key(email) not in dump


def test_redis_keys_hold_no_email_and_expire_with_the_window() -> None:
    client = require_redis()
    throttle = RedisThrottle(client, 3, WINDOW_S)
    email = _email()
    throttle.failed(email, datetime.now(UTC))
    key = REDIS_PREFIX + throttle_key(email)
    assert client.exists(key) == 1  # type: ignore[attr-defined]
    assert 0 < client.ttl(key) <= WINDOW_S + 1  # type: ignore[attr-defined]
    assert not any(email.lower() in k.decode() for k in client.keys(REDIS_PREFIX + "*"))  # type: ignore[attr-defined]
    throttle.succeeded(email)
    assert client.exists(key) == 0  # type: ignore[attr-defined]


def test_make_throttle_picks_redis_when_configured_else_the_database(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    plain = make_throttle(Settings(database_url=database_url), engine)
    with_redis = make_throttle(Settings(database_url=database_url, redis_url=REDIS_URL), engine)
    engine.dispose()
    assert isinstance(plain, DatabaseThrottle)
    assert isinstance(with_redis, RedisThrottle)


def test_tables_match_the_migrations(database_url: str) -> None:
    """The ORM tables and the migrated schema agree (autogenerate finds nothing to do)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from comeback.persistence.tables import Base

    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert conn.execute(select(func.count()).select_from(text("login_failures"))).scalar() == 0
    engine.dispose()
    assert diff == []


def test_the_ops_migration_goes_down_and_up_again(database_url: str) -> None:
    from alembic import command

    from comeback.persistence.database import alembic_config

    upgrade(database_url)
    command.downgrade(alembic_config(database_url), "0001")
    engine = make_engine(database_url)
    assert "login_failures" not in inspect(engine).get_table_names()
    engine.dispose()
    upgrade(database_url)
    engine = make_engine(database_url)
    assert "login_failures" in inspect(engine).get_table_names()
    engine.dispose()
