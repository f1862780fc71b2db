"""The unit of work: one transaction, its repositories, commit or roll back as a whole.

Services take a unit of work (cosmicpython, chapter 6), so a request either stores all it
means to or nothing; tests pass an in-memory fake with the same surface where a database
would only slow them down.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from comeback.errors import Conflict
from comeback.persistence.calendar_feeds import CalendarFeeds
from comeback.persistence.data_exports import DataExports
from comeback.persistence.decision_cache import Decisions
from comeback.persistence.digests import Digests
from comeback.persistence.repository import Care, Histories, Users


class UnitOfWork:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.users = Users(self.session)
        self.histories = Histories(self.session)
        self.care = Care(self.session)
        self.calendar_feeds = CalendarFeeds(self.session)
        self.digests = Digests(self.session)
        self.decisions = Decisions(self.session)
        self.exports = DataExports(self.session)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        """Commit; a unique or foreign-key clash becomes Conflict, with the work rolled back.

        The kept decisions of every mother whose history was written are marked stale in
        this same transaction (comeback.decisions)."""
        try:
            if self.histories.touched:
                self.decisions.bump(self.histories.touched)
                self.histories.touched.clear()
            self.session.commit()
        except IntegrityError as e:
            self.rollback()
            raise Conflict("this clashes with what is already stored") from e

    def rollback(self) -> None:
        self.histories.touched.clear()
        self.session.rollback()
