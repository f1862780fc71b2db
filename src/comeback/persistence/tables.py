"""SQLAlchemy 2 tables: rows only, no domain logic (STYLE lesson 6).

Every row about a mother carries `user_id` with ON DELETE CASCADE, so erasing her account
erases every row about her. Integer `id`s keep file order (which SPEC 3 sometimes needs:
the last override on a date wins; sets keep the order she logged them).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def _owner() -> Mapped[str]:
    return mapped_column(String(36), ForeignKey("users.id", ondelete="CASCADE"), index=True)


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_active: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TokenRow(Base):
    __tablename__ = "tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = _owner()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProfileRow(Base):
    __tablename__ = "profiles"
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    delivery_date: Mapped[date] = mapped_column(Date)
    delivery: Mapped[str] = mapped_column(String(16))
    severe_perineal_tear: Mapped[bool] = mapped_column(Boolean)
    body_mass_kg: Mapped[float] = mapped_column(Float)
    breastfeeding: Mapped[str] = mapped_column(String(16))
    training_background: Mapped[str] = mapped_column(String(16))
    dumbbell_step_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    barbell_step_kg: Mapped[float | None] = mapped_column(Float, nullable=True)


class SettingsRow(Base):
    __tablename__ = "user_settings"
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    units: Mapped[str] = mapped_column(String(16))
    country: Mapped[str] = mapped_column(String(2))
    time_zone: Mapped[str] = mapped_column(String(64))
    quiet_from: Mapped[str] = mapped_column(String(5))
    quiet_to: Mapped[str] = mapped_column(String(5))


class DigestRow(Base):
    """Her choice of the weekly email digest (off unless she turns it on), and the last week
    sent, so a week is never mailed twice."""

    __tablename__ = "digest_subscriptions"
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    weekly: Mapped[bool] = mapped_column(Boolean, default=False)
    last_week_end: Mapped[date | None] = mapped_column(Date, nullable=True)


class ClearanceRow(Base):
    __tablename__ = "clearances"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = _owner()
    date: Mapped[date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    entered_by: Mapped[str] = mapped_column(String(16))


class OverrideRow(Base):
    __tablename__ = "overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = _owner()
    date: Mapped[date] = mapped_column(Date)
    phase: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


class AssessmentRow(Base):
    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = _owner()
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    gap_finger_widths: Mapped[float | None] = mapped_column(Float, nullable=True)
    depth: Mapped[str | None] = mapped_column(String(8), nullable=True)
    doming: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    max_hold_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    holds_10s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quick_flicks: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SymptomRow(Base):
    __tablename__ = "symptoms"
    # A client-made id per report (offline retries store it once); NULL for older rows.
    __table_args__ = (UniqueConstraint("user_id", "client_id", name="uq_symptoms_user_client"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = _owner()
    date: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(40))
    during: Mapped[str] = mapped_column(String(16))
    exercise: Mapped[str | None] = mapped_column(String(40), nullable=True)
    severity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    client_id: Mapped[str | None] = mapped_column(String(80), nullable=True)


class CheckInRow(Base):
    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = _owner()
    date: Mapped[date] = mapped_column(Date)
    sleep_h: Mapped[float | None] = mapped_column(Float, nullable=True)
    stress: Mapped[int | None] = mapped_column(Integer, nullable=True)
    water_ml: Mapped[float | None] = mapped_column(Float, nullable=True)
    protein_g_by_meal: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    carried_baby_one_side: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    hunched_feeding: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    felt_down: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    little_interest: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class SetRow(Base):
    __tablename__ = "sets"
    # Her history in order, and her last active day, read from one index (issue 6).
    __table_args__ = (Index("ix_sets_user_date_seq", "user_id", "date", "seq"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)  # the client-made UUID
    user_id: Mapped[str] = _owner()
    date: Mapped[date] = mapped_column(Date, index=True)
    exercise: Mapped[str] = mapped_column(String(40))
    variant: Mapped[str] = mapped_column(String(40))
    reps: Mapped[int] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    band: Mapped[str | None] = mapped_column(String(8), nullable=True)
    rir: Mapped[int | None] = mapped_column(Integer, nullable=True)
    form: Mapped[str] = mapped_column(String(8))
    felt_in: Mapped[str | None] = mapped_column(String(16), nullable=True)


class InviteRow(Base):
    __tablename__ = "invites"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    clinician_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LinkRow(Base):
    __tablename__ = "links"
    # The desk reads a clinician's clients: the primary key starts with the mother (issue 6).
    __table_args__ = (Index("ix_links_clinician_id", "clinician_id"),)
    mother_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    clinician_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """Who did what to whose record, and why. Kept with the mother's rows; erased with them."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, object]] = mapped_column(JSON)


class CalendarFeedRow(Base):
    """Her secret calendar link: only a hash of its token is kept; one link per mother."""

    __tablename__ = "calendar_feeds"
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginFailureRow(Base):
    """One failed login, kept for one throttle window so every app process counts it.

    Keyed by a SHA-256 of the email given, not by an account: the email may belong to no one,
    and the table holds no address. Rows older than the window are deleted as new ones come.
    """

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class DecisionRow(Base):
    """Her decision for one day, kept until her data changes (comeback.decisions).

    `version` goes up in the transaction of every write to her history; a decision is
    stored only against the version it was computed from, so a stale one is never kept.
    """

    __tablename__ = "decision_cache"
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, default=0)
    as_of: Mapped[date | None] = mapped_column(Date, nullable=True)
    engine: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # SPEC 3.7's JSON text, as GET /me/today sends it (no parsing on the hot path).
    decision: Mapped[str | None] = mapped_column(Text, nullable=True)
    facts: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)


class DataExportRow(Base):
    """Her history as SPEC 3.1 JSON, built by a background job (comeback.data_exports)."""

    __tablename__ = "data_exports"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = _owner()
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # pending, ready, failed
    body: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)
