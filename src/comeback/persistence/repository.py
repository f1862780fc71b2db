"""Repositories over one SQLAlchemy session: rows in, domain values out, every query scoped.

Every method about a mother takes her `user_id` and filters by it: there is no way to read
or write another mother's rows through these methods. Mapping between rows and the domain's
dataclasses is explicit (`_to_domain` / `_to_row`), never inherited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from comeback.domain import model as m
from comeback.persistence.tables import (
    AssessmentRow,
    AuditRow,
    CheckInRow,
    ClearanceRow,
    InviteRow,
    LinkRow,
    OverrideRow,
    ProfileRow,
    SetRow,
    SettingsRow,
    SymptomRow,
    TokenRow,
    UserRow,
)

HISTORY_TABLES = (ClearanceRow, OverrideRow, AssessmentRow, SymptomRow, CheckInRow, SetRow)


class Users:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, row: UserRow) -> None:
        self.s.add(row)

    def get(self, user_id: str) -> UserRow | None:
        return self.s.get(UserRow, user_id)

    def by_email(self, email: str) -> UserRow | None:
        return self.s.scalar(select(UserRow).where(UserRow.email == email))

    def delete(self, user_id: str) -> None:
        self.s.execute(delete(UserRow).where(UserRow.id == user_id))

    def add_token(self, token_hash: str, user_id: str, at: datetime) -> None:
        self.s.add(TokenRow(token_hash=token_hash, user_id=user_id, created_at=at))

    def user_for_token(self, token_hash: str) -> tuple[UserRow, SettingsRow | None] | None:
        """The token's account and her settings, in one query (every request asks)."""
        found = self.s.execute(
            select(UserRow, SettingsRow)
            .join(TokenRow, TokenRow.user_id == UserRow.id)
            .outerjoin(SettingsRow, SettingsRow.user_id == UserRow.id)
            .where(TokenRow.token_hash == token_hash)
        ).first()
        return (found[0], found[1]) if found else None

    def drop_token(self, token_hash: str) -> None:
        self.s.execute(delete(TokenRow).where(TokenRow.token_hash == token_hash))


class Histories:
    """One mother's stored history, read as the domain's Scenario parts.

    Every write notes whose history it touched (`touched`); the unit of work marks those
    mothers' kept decisions stale in the same transaction (comeback.decisions)."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.touched: set[str] = set()

    # ---- profile and settings --------------------------------------------------------

    def profile(self, user_id: str) -> m.Profile | None:
        row = self.s.get(ProfileRow, user_id)
        if row is None:
            return None
        defaults = m.Equipment()
        return m.Profile(
            delivery_date=row.delivery_date,
            delivery=row.delivery,  # type: ignore[arg-type]
            body_mass_kg=row.body_mass_kg,
            breastfeeding=row.breastfeeding,  # type: ignore[arg-type]
            severe_perineal_tear=row.severe_perineal_tear,
            training_background=row.training_background,  # type: ignore[arg-type]
            equipment=m.Equipment(
                row.dumbbell_step_kg or defaults.dumbbell_step_kg,
                row.barbell_step_kg or defaults.barbell_step_kg,
            ),
        )

    def put_profile(self, user_id: str, p: m.Profile) -> None:
        self.touched.add(user_id)
        row = self.s.get(ProfileRow, user_id) or ProfileRow(user_id=user_id)
        row.delivery_date = p.delivery_date
        row.delivery = p.delivery
        row.severe_perineal_tear = p.severe_perineal_tear
        row.body_mass_kg = p.body_mass_kg
        row.breastfeeding = p.breastfeeding
        row.training_background = p.training_background
        row.dumbbell_step_kg = p.equipment.dumbbell_step_kg
        row.barbell_step_kg = p.equipment.barbell_step_kg
        self.s.add(row)

    def settings(self, user_id: str) -> SettingsRow | None:
        return self.s.get(SettingsRow, user_id)

    def put_settings(self, user_id: str, values: dict[str, str]) -> None:
        row = self.s.get(SettingsRow, user_id) or SettingsRow(user_id=user_id)
        for key, value in values.items():
            setattr(row, key, value)
        self.s.add(row)

    # ---- history items ---------------------------------------------------------------

    def add_clearance(self, user_id: str, c: m.Clearance) -> None:
        self.touched.add(user_id)
        self.s.add(
            ClearanceRow(
                user_id=user_id, date=c.date, by=c.by, kind=c.kind, entered_by=c.entered_by
            )
        )

    def add_override(self, user_id: str, o: m.Override) -> None:
        self.touched.add(user_id)
        self.s.add(
            OverrideRow(user_id=user_id, date=o.date, phase=o.phase, by=o.by, reason=o.reason)
        )

    def add_assessment(self, user_id: str, a: m.Assessment) -> None:
        self.touched.add(user_id)
        if isinstance(a, m.DiastasisAssessment):
            row = AssessmentRow(
                user_id=user_id,
                date=a.date,
                kind="diastasis",
                gap_finger_widths=a.gap_finger_widths,
                depth=a.depth,
                doming=a.doming,
            )
        else:
            row = AssessmentRow(
                user_id=user_id,
                date=a.date,
                kind="pelvic_floor",
                max_hold_s=a.max_hold_s,
                holds_10s=a.holds_10s,
                quick_flicks=a.quick_flicks,
            )
        self.s.add(row)

    def add_symptom(self, user_id: str, x: m.Symptom, client_id: str | None = None) -> None:
        self.touched.add(user_id)
        self.s.add(
            SymptomRow(
                user_id=user_id,
                date=x.date,
                code=x.code,
                during=x.during,
                exercise=x.exercise,
                severity=x.severity,
                client_id=client_id,
            )
        )

    def symptom_report(self, user_id: str, client_id: str) -> m.Symptom | None:
        """Her report stored with this client-made id (an offline retry), if any."""
        S = SymptomRow
        found: Any = self.s.execute(
            select(S.date, S.code, S.during, S.exercise, S.severity).where(
                S.user_id == user_id, S.client_id == client_id
            )
        ).first()
        return m.Symptom(*found) if found else None

    def put_checkin(self, user_id: str, c: m.CheckIn) -> None:
        self.touched.add(user_id)
        row = self.s.scalar(
            select(CheckInRow).where(CheckInRow.user_id == user_id, CheckInRow.date == c.date)
        ) or CheckInRow(user_id=user_id, date=c.date)
        row.sleep_h, row.stress, row.water_ml = c.sleep_h, c.stress, c.water_ml
        row.protein_g_by_meal = (
            list(c.protein_g_by_meal) if c.protein_g_by_meal is not None else None
        )
        row.carried_baby_one_side, row.hunched_feeding = c.carried_baby_one_side, c.hunched_feeding
        row.felt_down, row.little_interest = c.felt_down, c.little_interest
        self.s.add(row)

    def get_set(self, user_id: str, set_id: str) -> SetRow | None:
        """The set with this client-made id, whoever owns it (ids are global UUIDs)."""
        return self.s.scalar(select(SetRow).where(SetRow.id == set_id))

    def add_set(
        self, user_id: str, set_id: str, on: date, exercise: str, variant: str, s: m.SetLog
    ) -> None:
        self.touched.add(user_id)
        self.s.add(set_row(user_id, set_id, on, exercise, variant, s))

    def clear(self, user_id: str) -> None:
        """Delete every history row (not the account, profile or settings)."""
        self.touched.add(user_id)
        for table in HISTORY_TABLES:
            self.s.execute(delete(table).where(table.user_id == user_id))

    def last_active(self, user_id: str) -> date | None:
        return self.s.scalar(select(func.max(SetRow.date)).where(SetRow.user_id == user_id))

    # ---- the scenario ----------------------------------------------------------------

    def scenario(self, user_id: str, as_of: date) -> m.Scenario | None:
        """Her history up to `as_of` as a domain Scenario; None without a profile."""
        profile = self.profile(user_id)
        if profile is None:
            return None

        def rows(table: Any, order: Any, *columns: Any) -> list[Any]:
            # Plain column tuples, not ORM objects: building ~1400 tracked objects was 85 %
            # of GET /me/today for six months of history (profiled in issue 3).
            return list(
                self.s.connection()
                .execute(
                    select(*columns)
                    .where(table.user_id == user_id, table.date <= as_of)
                    .order_by(order)
                )
                .all()
            )

        C, V, A, S, K = ClearanceRow, OverrideRow, AssessmentRow, SymptomRow, CheckInRow
        clearances = tuple(
            m.Clearance(*r) for r in rows(C, C.id, C.date, C.by, C.kind, C.entered_by)
        )
        overrides = tuple(m.Override(*r) for r in rows(V, V.id, V.date, V.phase, V.by, V.reason))
        assessments = tuple(
            _assessment(r)
            for r in rows(
                A,
                A.id,
                A.date,
                A.kind,
                A.gap_finger_widths,
                A.depth,
                A.doming,
                A.max_hold_s,
                A.holds_10s,
                A.quick_flicks,
            )
        )
        symptoms = tuple(
            m.Symptom(*r) for r in rows(S, S.id, S.date, S.code, S.during, S.exercise, S.severity)
        )
        checkins = tuple(
            m.CheckIn(
                r.date,
                r.sleep_h,
                r.stress,
                r.water_ml,
                tuple(r.protein_g_by_meal) if r.protein_g_by_meal is not None else None,
                r.carried_baby_one_side,
                r.hunched_feeding,
                r.felt_down,
                r.little_interest,
            )
            for r in rows(
                K,
                K.date,
                K.date,
                K.sleep_h,
                K.stress,
                K.water_ml,
                K.protein_g_by_meal,
                K.carried_baby_one_side,
                K.hunched_feeding,
                K.felt_down,
                K.little_interest,
            )
        )
        sets = self.s.connection().execute(
            select(*SET_COLUMNS)
            .where(SetRow.user_id == user_id, SetRow.date <= as_of)
            .order_by(SetRow.date, SetRow.seq)
        )
        sessions = sessions_from_tuples(sets.all())
        return m.Scenario(
            as_of, profile, clearances, overrides, assessments, symptoms, checkins, sessions
        )


def _assessment(r: Any) -> m.Assessment:
    if r.kind == "diastasis":
        return m.DiastasisAssessment(r.date, r.gap_finger_widths or 0.0, r.depth, bool(r.doming))
    return m.PelvicFloorAssessment(
        r.date, r.max_hold_s or 0.0, r.holds_10s or 0, r.quick_flicks or 0
    )


def set_row(
    user_id: str, set_id: str, on: date, exercise: str, variant: str, s: m.SetLog
) -> SetRow:
    return SetRow(
        id=set_id,
        user_id=user_id,
        date=on,
        exercise=exercise,
        variant=variant,
        reps=s.reps,
        load_kg=s.load_kg,
        band=s.band,
        rir=s.rir,
        form=s.form,
        felt_in=s.felt_in,
    )


def set_log(r: Any) -> m.SetLog:
    return m.SetLog(r.reps, r.form, r.load_kg, r.band, r.rir, r.felt_in)


SET_COLUMNS = (
    SetRow.date,
    SetRow.exercise,
    SetRow.variant,
    SetRow.reps,
    SetRow.form,
    SetRow.load_kg,
    SetRow.band,
    SetRow.rir,
    SetRow.felt_in,
)


def sessions_from_rows(sets: Sequence[SetRow]) -> tuple[m.Session, ...]:
    """Sessions from ORM set rows, in any order (the fake unit of work keeps these)."""
    ordered = sorted(sets, key=lambda r: (r.date, r.seq))
    return sessions_from_tuples([tuple(getattr(r, c.key) for c in SET_COLUMNS) for r in ordered])


def sessions_from_tuples(sets: Sequence[Sequence[Any]]) -> tuple[m.Session, ...]:
    """Rows of SET_COLUMNS in (date, seq) order, grouped: a date is one session, and
    consecutive sets of one variant are one entry. Positional on purpose: this runs for
    every set she ever logged on every GET /me/today."""
    by_day: dict[date, list[tuple[str, str, list[m.SetLog]]]] = {}
    for day, exercise, variant, *log_fields in sets:
        entries = by_day.get(day)
        if entries is None:
            entries = by_day[day] = []
        log = m.SetLog(*log_fields)
        if entries and entries[-1][0] == exercise and entries[-1][1] == variant:
            entries[-1][2].append(log)
        else:
            entries.append((exercise, variant, [log]))
    return tuple(
        m.Session(d, tuple(m.ExerciseLog(ex, v, tuple(logs)) for ex, v, logs in entries))
        for d, entries in by_day.items()
    )


class Care:
    """Invitations, mother-clinician links and the audit trail."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def add_invite(self, code: str, clinician_id: str, at: datetime) -> None:
        self.s.add(InviteRow(code=code, clinician_id=clinician_id, created_at=at))

    def invite(self, code: str) -> InviteRow | None:
        return self.s.get(InviteRow, code)

    def link(self, mother_id: str, clinician_id: str, at: datetime) -> None:
        if self.s.get(LinkRow, (mother_id, clinician_id)) is None:
            self.s.add(LinkRow(mother_id=mother_id, clinician_id=clinician_id, created_at=at))

    def unlink(self, mother_id: str, clinician_id: str) -> bool:
        result = self.s.execute(
            delete(LinkRow).where(
                LinkRow.mother_id == mother_id, LinkRow.clinician_id == clinician_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def is_linked(self, mother_id: str, clinician_id: str) -> bool:
        return self.s.get(LinkRow, (mother_id, clinician_id)) is not None

    def clinicians(self, mother_id: str) -> list[UserRow]:
        return list(
            self.s.scalars(
                select(UserRow)
                .join(LinkRow, LinkRow.clinician_id == UserRow.id)
                .where(LinkRow.mother_id == mother_id)
                .order_by(UserRow.display_name)
            )
        )

    def clients(self, clinician_id: str) -> list[UserRow]:
        return list(
            self.s.scalars(
                select(UserRow)
                .join(LinkRow, LinkRow.mother_id == UserRow.id)
                .where(LinkRow.clinician_id == clinician_id)
                .order_by(UserRow.display_name)
            )
        )

    def audit(
        self, subject_id: str, actor_id: str, at: datetime, action: str, detail: dict[str, object]
    ) -> None:
        self.s.add(
            AuditRow(subject_id=subject_id, actor_id=actor_id, at=at, action=action, detail=detail)
        )

    def audit_trail(self, subject_id: str) -> list[AuditRow]:
        return list(
            self.s.scalars(
                select(AuditRow).where(AuditRow.subject_id == subject_id).order_by(AuditRow.id)
            )
        )
