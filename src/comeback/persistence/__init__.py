"""Storage: SQLAlchemy tables, repositories, the unit of work and migrations (no domain logic)."""

from comeback.persistence.database import make_engine, session_factory, upgrade
from comeback.persistence.uow import UnitOfWork

__all__ = ["UnitOfWork", "make_engine", "session_factory", "upgrade"]
