"""Her weekly-digest choice: read, set, mark a week sent, and who has it on. Owner-scoped."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from comeback.persistence.tables import DigestRow, UserRow


class Digests:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, user_id: str) -> DigestRow | None:
        return self.s.get(DigestRow, user_id)

    def put(self, user_id: str, weekly: bool) -> None:
        row = self.s.get(DigestRow, user_id) or DigestRow(user_id=user_id)
        row.weekly = weekly
        self.s.add(row)

    def mark_sent(self, user_id: str, week_end: date) -> None:
        row = self.s.get(DigestRow, user_id) or DigestRow(user_id=user_id, weekly=True)
        row.last_week_end = week_end
        self.s.add(row)

    def subscribers(self) -> list[str]:
        """The ids of the mothers who turned the weekly digest on."""
        return list(
            self.s.scalars(
                select(DigestRow.user_id)
                .join(UserRow, UserRow.id == DigestRow.user_id)
                .where(DigestRow.weekly.is_(True), UserRow.role == "mother")
                .order_by(DigestRow.user_id)
            )
        )
