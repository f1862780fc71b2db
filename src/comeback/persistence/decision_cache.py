"""The decision cache's rows: read one mother's, mark mothers stale, store against a version.

A row holds her decision for one `as_of` and the `version` of her history it was computed
from. Every write to her history bumps the version and clears the decision in the same
transaction (`bump`, called by the unit of work on commit); `store` writes a decision only
if the version is still the one read before the replay, so a write that lands meanwhile
is never hidden by a decision computed without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from comeback.persistence.tables import DecisionRow, LinkRow, SetRow, UserRow


@dataclass(frozen=True)
class Kept:
    """A cache row as read: the decision is None when stale (or never computed)."""

    version: int
    as_of: date | None
    engine: str | None
    decision: str | None  # SPEC 3.7's JSON text
    facts: dict[str, Any] | None


@dataclass(frozen=True)
class ClientRow:
    """One client of a clinician as the desk reads her: who, when last active, what is kept."""

    id: str
    display_name: str
    last_active: date | None
    kept: Kept | None


_KEPT = (
    DecisionRow.version,
    DecisionRow.as_of,
    DecisionRow.engine,
    DecisionRow.decision,
    DecisionRow.facts,
)


def _kept(row: Any) -> Kept | None:
    return None if row.version is None else Kept(*(getattr(row, c.key) for c in _KEPT))


class Decisions:
    def __init__(self, session: Session) -> None:
        self.s = session

    def _insert(self) -> Any:
        dialect = self.s.get_bind().dialect.name
        return (postgresql if dialect == "postgresql" else sqlite).insert(DecisionRow)

    def get(self, user_id: str) -> Kept | None:
        row = (
            self.s.connection()
            .execute(select(*_KEPT).where(DecisionRow.user_id == user_id))
            .first()
        )
        return _kept(row) if row is not None else None

    def bump(self, user_ids: Iterable[str]) -> None:
        """Her history changed: a new version, and no decision until one is recomputed."""
        for user_id in sorted(user_ids):  # one order, so two writers cannot deadlock
            statement = self._insert().values(user_id=user_id, version=1)
            self.s.execute(
                statement.on_conflict_do_update(
                    index_elements=[DecisionRow.user_id],
                    set_={
                        "version": DecisionRow.version + 1,
                        "decision": None,
                        "facts": None,
                    },
                )
            )

    def store(
        self,
        user_id: str,
        seen: int | None,
        as_of: date,
        engine: str,
        decision: str,
        facts: dict[str, Any],
    ) -> None:
        """Keep a decision computed from version `seen` (None: no row was there)."""
        values = {"as_of": as_of, "engine": engine, "decision": decision, "facts": facts}
        if seen is None:
            statement = self._insert().values(user_id=user_id, version=0, **values)
            self.s.execute(statement.on_conflict_do_nothing(index_elements=[DecisionRow.user_id]))
        else:
            self.s.execute(
                update(DecisionRow)
                .where(DecisionRow.user_id == user_id, DecisionRow.version == seen)
                .values(**values)
            )

    def clients(self, clinician_id: str) -> list[ClientRow]:
        """Her clients by name with their last active day and kept decision: one query,
        whatever the number of clients or the length of their histories."""
        last = (
            select(func.max(SetRow.date))
            .where(SetRow.user_id == UserRow.id)
            .correlate(UserRow)
            .scalar_subquery()
        )
        rows = self.s.connection().execute(
            select(UserRow.id, UserRow.display_name, last.label("last_active"), *_KEPT)
            .join(LinkRow, LinkRow.mother_id == UserRow.id)
            .outerjoin(DecisionRow, DecisionRow.user_id == UserRow.id)
            .where(LinkRow.clinician_id == clinician_id)
            .order_by(UserRow.display_name, UserRow.id)
        )
        return [ClientRow(r.id, r.display_name, r.last_active, _kept(r)) for r in rows]
