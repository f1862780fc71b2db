"""The migrations build exactly the schema tables.py describes (on SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from comeback.persistence import upgrade
from comeback.persistence.tables import Base


def test_migrations_match_the_tables(database_url: str) -> None:
    upgrade(database_url)
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            digest_fks = inspect(connection).get_foreign_keys("digest_subscriptions")
    finally:
        engine.dispose()
    assert [(fk["referred_table"], fk["options"].get("ondelete")) for fk in digest_fks] == [
        ("users", "CASCADE")
    ]
