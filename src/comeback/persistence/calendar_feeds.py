"""Her secret calendar link, stored as a hash: set (create or rotate), find, drop.

Every method is scoped: by her id, or by the hash of a token she holds.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from comeback.persistence.tables import CalendarFeedRow


class CalendarFeeds:
    def __init__(self, session: Session) -> None:
        self.s = session

    def put(self, user_id: str, token_hash: str, at: datetime) -> None:
        """Her one link: a new token replaces the old one, which stops working."""
        row = self.s.get(CalendarFeedRow, user_id)
        if row is None:
            self.s.add(CalendarFeedRow(user_id=user_id, token_hash=token_hash, created_at=at))
        else:
            row.token_hash = token_hash
            row.created_at = at

    def drop(self, user_id: str) -> bool:
        result = self.s.execute(delete(CalendarFeedRow).where(CalendarFeedRow.user_id == user_id))
        return bool(getattr(result, "rowcount", 0))

    def owner(self, token_hash: str) -> str | None:
        return self.s.scalar(
            select(CalendarFeedRow.user_id).where(CalendarFeedRow.token_hash == token_hash)
        )

    def created(self, user_id: str) -> datetime | None:
        row = self.s.get(CalendarFeedRow, user_id)
        return row.created_at if row else None
