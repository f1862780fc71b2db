"""Engines and migrations: SQLite (WAL, foreign keys on) by default, PostgreSQL by URL.

`upgrade(url)` runs the packaged Alembic migrations; the app calls it on start-up so a
database it opens is always current, and `comeback db upgrade` does it explicitly.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool


def make_engine(url: str) -> Engine:
    """An engine whose errors never quote statement parameters (health data stays out of logs)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(
        url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True
    )


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("comeback.persistence") / "migrations")
    )
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


# Any fixed 64-bit key, the same in every process: PostgreSQL's advisory lock that makes
# several app processes starting at once take turns to migrate (the first one does the work).
MIGRATION_LOCK = 0x636F6D656261636B  # "comeback"


def upgrade(url: str) -> None:
    """Bring the database at `url` to the latest schema, one process at a time."""
    if not url.startswith("postgresql"):
        command.upgrade(alembic_config(url), "head")
        return
    locker = create_engine(url, poolclass=NullPool)
    try:
        with locker.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                command.upgrade(alembic_config(url), "head")
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
    finally:
        locker.dispose()
