"""Failed logins in the database, so every app process counts the same ones.

Short transactions on their own connection (not the request's unit of work): a failure must
be stored even though the login that failed stores nothing else. Rows are pruned as new ones
are written, so the table holds at most one window of failures.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, insert, select

from comeback.persistence.tables import LoginFailureRow

F = LoginFailureRow


class LoginFailures:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def count_since(self, key_hash: str, since: datetime) -> int:
        with self.engine.connect() as conn:
            query = select(func.count()).where(F.key_hash == key_hash, F.at >= _utc(since))
            return int(conn.execute(query).scalar_one())

    def add(self, key_hash: str, at: datetime, prune_before: datetime) -> None:
        """Store one failure and delete every failure (any key) older than `prune_before`."""
        with self.engine.begin() as conn:
            conn.execute(delete(F).where(F.at < _utc(prune_before)))
            conn.execute(insert(F).values(key_hash=key_hash, at=_utc(at)))

    def clear(self, key_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(F).where(F.key_hash == key_hash))


def _utc(at: datetime) -> datetime:
    """Stored in UTC: SQLite keeps the text without its offset, so all rows must agree."""
    return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
