"""One function per use case: load -> domain -> save -> commit (cosmicpython, chapter 6).

The API, the CLI and (later) the pages call these and nothing else touches storage. Every
function about a mother takes her id, and every clinician function checks the link first,
so a clinician reaches only her own clients (anything else: NotFound, never a hint).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from comeback import decisions
from comeback.domain import decide
from comeback.domain import model as m
from comeback.domain.phases import MAX_PROGRAM_DAYS, STRENGTH_FLOOR_DAYS
from comeback.errors import Conflict, InvalidInput, NotFound, Unauthorized
from comeback.persistence.decision_cache import Kept
from comeback.persistence.repository import set_log
from comeback.persistence.tables import SettingsRow, UserRow
from comeback.persistence.uow import UnitOfWork

PASSWORDS = PasswordHash((Argon2Hasher(),))  # Argon2id, pwdlib's defaults
_DUMMY_HASH = PASSWORDS.hash("not a real password, for equal timing")


@dataclass(frozen=True)
class Account:
    id: str
    email: str
    role: str
    display_name: str
    # Her settings, read with the token in the same query (None until she saves them).
    time_zone: str | None = None
    units: str | None = None
    country: str | None = None


def _account(row: UserRow, settings: SettingsRow | None = None) -> Account:
    if settings is None:
        return Account(row.id, row.email, row.role, row.display_name)
    return Account(
        row.id,
        row.email,
        row.role,
        row.display_name,
        settings.time_zone,
        settings.units,
        settings.country,
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---- accounts ---------------------------------------------------------------------------


def register(
    uow: UnitOfWork, email: str, password: str, role: str, name: str, now: datetime
) -> Account:
    """Create an account. An email already taken answers the same way (no enumeration)."""
    email = email.strip().lower()
    with uow:
        if uow.users.by_email(email) is not None:
            PASSWORDS.hash(password)  # same work, same timing
            return Account(str(uuid.uuid4()), email, role, name)
        row = UserRow(
            id=str(uuid.uuid4()),
            email=email,
            password_hash=PASSWORDS.hash(password),
            role=role,
            display_name=name,
            created_at=now,
        )
        uow.users.add(row)
        uow.commit()
        return _account(row)


def login(uow: UnitOfWork, email: str, password: str, now: datetime) -> str:
    """A new bearer token, or Unauthorized with the same words whatever was wrong."""
    with uow:
        row = uow.users.by_email(email.strip().lower())
        ok = PASSWORDS.verify(password, row.password_hash if row else _DUMMY_HASH)
        if row is None or not ok:
            raise Unauthorized("email or password is wrong")
        token = secrets.token_urlsafe(32)
        uow.users.add_token(_token_hash(token), row.id, now)
        uow.commit()
        return token


def logout(uow: UnitOfWork, token: str) -> None:
    with uow:
        uow.users.drop_token(_token_hash(token))
        uow.commit()


def account_for_token(uow: UnitOfWork, token: str) -> Account | None:
    with uow:
        found = uow.users.user_for_token(_token_hash(token))
        return _account(*found) if found else None


def delete_account(uow: UnitOfWork, user_id: str) -> None:
    """Erase her account and, by cascade, every row about her."""
    with uow:
        uow.users.delete(user_id)
        uow.commit()


# ---- her history ------------------------------------------------------------------------


def _require_profile(uow: UnitOfWork, user_id: str) -> m.Profile:
    profile = uow.histories.profile(user_id)
    if profile is None:
        raise Conflict(
            "set your profile first (PUT /api/v1/me/profile): the plan starts from the birth date"
        )
    return profile


def _check_date(profile: m.Profile, on: date, today: date, field: str = "date") -> None:
    if on < profile.delivery_date:
        raise InvalidInput(
            field, on.isoformat(), f"a date on or after the birth ({profile.delivery_date})"
        )
    if on > today:
        raise InvalidInput(field, on.isoformat(), f"a date on or before today ({today})")


def profile_of(uow: UnitOfWork, user_id: str) -> m.Profile | None:
    with uow:
        return uow.histories.profile(user_id)


def put_profile(uow: UnitOfWork, user_id: str, profile: m.Profile) -> m.Profile:
    with uow:
        uow.histories.put_profile(user_id, profile)
        uow.commit()
        return profile


def add_clearance(
    uow: UnitOfWork, user_id: str, clearance: m.Clearance, actor_id: str, today: date, now: datetime
) -> None:
    with uow:
        _store_clearance(uow, user_id, clearance, actor_id, today, now)
        uow.commit()


def _store_clearance(
    uow: UnitOfWork, user_id: str, clearance: m.Clearance, actor_id: str, today: date, now: datetime
) -> None:
    _check_date(_require_profile(uow, user_id), clearance.date, today)
    uow.histories.add_clearance(user_id, clearance)
    uow.care.audit(
        user_id,
        actor_id,
        now,
        "clearance",
        {
            "date": clearance.date.isoformat(),
            "by": clearance.by,
            "kind": clearance.kind,
            "entered_by": clearance.entered_by,
        },
    )


def add_assessment(uow: UnitOfWork, user_id: str, assessment: m.Assessment, today: date) -> None:
    with uow:
        _check_date(_require_profile(uow, user_id), assessment.date, today)
        uow.histories.add_assessment(user_id, assessment)
        uow.commit()


def add_symptom(
    uow: UnitOfWork, user_id: str, symptom: m.Symptom, today: date, client_id: str | None = None
) -> m.Triage:
    """Store the symptom (once per client-made id) and answer with the triage after it."""
    add_symptoms(uow, user_id, [symptom], today, client_id)
    return today_for(uow, user_id, max(today, symptom.date)).triage


def add_symptoms(
    uow: UnitOfWork,
    user_id: str,
    symptoms: list[m.Symptom],
    today: date,
    client_id: str | None = None,
) -> bool:
    """Store several reports (the ten-second check's answers) all together or none.

    With a client-made id (a report made offline and sent again on every retry) they are
    stored once: the same id again stores nothing and answers False; the same id with
    other content is a Conflict, as for sets."""
    with uow:
        profile = _require_profile(uow, user_id)
        for i, symptom in enumerate(symptoms):
            _check_date(profile, symptom.date, today)
            report_id = None if client_id is None else f"{client_id}#{i}"
            uow.histories.add_symptom(user_id, symptom, report_id)
        try:
            uow.commit()
        except Conflict as clash:
            stored = None
            if client_id is not None and symptoms:
                stored = uow.histories.symptom_report(user_id, f"{client_id}#0")
            if stored is None:
                raise
            if stored != symptoms[0]:
                message = f"a different report was already stored with id {client_id}"
                raise Conflict(message) from clash
            return False
        return True


def put_checkin(uow: UnitOfWork, user_id: str, checkin: m.CheckIn, today: date) -> None:
    with uow:
        _check_date(_require_profile(uow, user_id), checkin.date, today)
        uow.histories.put_checkin(user_id, checkin)
        uow.commit()


@dataclass(frozen=True)
class LoggedSet:
    id: str
    date: date
    exercise: str
    variant: str
    set: m.SetLog


def log_set(
    uow: UnitOfWork, user_id: str, logged: LoggedSet, today: date
) -> tuple[LoggedSet, bool]:
    """Store a set once: the same id again returns it (created False); other content: Conflict.

    Insert first and look only on a clash: a retry is rare, and this saves a query on
    every first try (the hot path of a session in the gym)."""
    with uow:
        _check_date(_require_profile(uow, user_id), logged.date, today)
        uow.histories.add_set(
            user_id, logged.id, logged.date, logged.exercise, logged.variant, logged.set
        )
        try:
            uow.commit()
            return logged, True
        except Conflict:  # this id is stored already (a retry, or a concurrent twin)
            existing = uow.histories.get_set(user_id, logged.id)
            if existing is None:
                raise
        stored = LoggedSet(
            existing.id,
            existing.date,
            existing.exercise,
            existing.variant,
            set_log(existing),
        )
        if existing.user_id != user_id or stored != logged:
            raise Conflict(f"a different set was already stored with id {logged.id}")
        return stored, False


def export(uow: UnitOfWork, user_id: str, as_of: date) -> m.Scenario:
    """Her history up to `as_of` as a scenario; `as_of` from the birth to ten years after."""
    with uow:
        return _history(uow, user_id, as_of)


def _history(uow: UnitOfWork, user_id: str, as_of: date) -> m.Scenario:
    profile = _require_profile(uow, user_id)
    last = profile.delivery_date + timedelta(days=MAX_PROGRAM_DAYS)
    if not profile.delivery_date <= as_of <= last:
        raise InvalidInput(
            "as_of",
            as_of.isoformat(),
            f"a date from the birth ({profile.delivery_date}) to {last}",
        )
    scenario = uow.histories.scenario(user_id, as_of)
    assert scenario is not None
    return scenario


def today_for(uow: UnitOfWork, user_id: str, as_of: date) -> m.Decision:
    """SPEC 3.7's decision for her, from her stored history up to `as_of`: the one kept
    for that day while nothing was written since (comeback.decisions), else a replay."""
    with uow:
        kept = uow.decisions.get(user_id)
        if decisions.fresh(kept, as_of):
            assert kept is not None and kept.decision is not None
            return decisions.decode(kept.decision)
        return _replay(uow, user_id, as_of, kept)[0]


def today_json(uow: UnitOfWork, user_id: str, as_of: date) -> str:
    """`today_for` as SPEC 3.7's JSON text: the kept text itself, not parsed (the hot path
    of GET /me/today)."""
    with uow:
        kept = uow.decisions.get(user_id)
        if decisions.fresh(kept, as_of):
            assert kept is not None and kept.decision is not None
            return kept.decision
        return _replay(uow, user_id, as_of, kept)[2]


def _replay(
    uow: UnitOfWork, user_id: str, as_of: date, kept: Kept | None
) -> tuple[m.Decision, decisions.Facts, str]:
    """Decide from her history and keep the result against the version read before."""
    scenario = _history(uow, user_id, as_of)
    decision, facts = decide(scenario), decisions.facts_of(scenario)
    text = decisions.encode(decision)
    if decisions.should_store(kept, as_of):
        uow.decisions.store(
            user_id,
            kept.version if kept else None,
            as_of,
            decisions.ENGINE,
            text,
            decisions.encode_facts(facts),
        )
        uow.commit()
    return decision, facts, text


@dataclass(frozen=True)
class ClientDay:
    """One client of a clinician for a day: her decision (None: no plan yet) and facts."""

    client_id: str
    display_name: str
    last_active: date | None
    decision: m.Decision | None
    facts: decisions.Facts


def client_days(uow: UnitOfWork, clinician_id: str, today: date) -> list[ClientDay]:
    """Every client linked to her, by name, with her decision for `today`: one query for
    all whose decisions are kept, a replay (kept afterwards) for the others."""
    found = []
    with uow:
        for row in uow.decisions.clients(clinician_id):
            kept = row.kept
            if decisions.fresh(kept, today):
                assert kept is not None and kept.decision is not None
                decision: m.Decision | None = decisions.decode(kept.decision)
                facts = decisions.decode_facts(kept.facts)
            else:
                try:
                    decision, facts, _ = _replay(uow, row.id, today, kept)
                except (Conflict, InvalidInput):  # no profile yet, or a birth after today
                    decision, facts = None, decisions.Facts(False, 0)
            found.append(ClientDay(row.id, row.display_name, row.last_active, decision, facts))
    return found


def import_history(uow: UnitOfWork, user_id: str, scenario: m.Scenario, now: datetime) -> None:
    """Replace her stored history with a scenario's; its clearances count as hers (self)."""
    if scenario.overrides:
        raise InvalidInput(
            "overrides",
            f"{len(scenario.overrides)} override(s)",
            "none: only a clinician records overrides",
        )
    with uow:
        uow.histories.clear(user_id)
        uow.histories.put_profile(user_id, scenario.profile)
        for c in scenario.clearances:
            uow.histories.add_clearance(user_id, replace(c, entered_by="self"))
        for a in scenario.assessments:
            uow.histories.add_assessment(user_id, a)
        for symptom in scenario.symptoms:
            uow.histories.add_symptom(user_id, symptom)
        for checkin in scenario.checkins:
            uow.histories.put_checkin(user_id, checkin)
        for session in scenario.sessions:
            for entry in session.exercises:
                for logged in entry.sets:
                    uow.histories.add_set(
                        user_id,
                        str(uuid.uuid4()),
                        session.date,
                        entry.exercise,
                        entry.variant,
                        logged,
                    )
        uow.care.audit(user_id, user_id, now, "import", {"as_of": scenario.as_of.isoformat()})
        uow.commit()


def put_settings(uow: UnitOfWork, user_id: str, values: dict[str, str]) -> dict[str, str]:
    with uow:
        uow.histories.put_settings(user_id, values)
        uow.commit()
    return values


# ---- clinicians ---------------------------------------------------------------------------


def create_invite(uow: UnitOfWork, clinician_id: str, now: datetime) -> str:
    code = secrets.token_urlsafe(9)
    with uow:
        uow.care.add_invite(code, clinician_id, now)
        uow.commit()
    return code


def accept_invite(uow: UnitOfWork, mother_id: str, code: str, now: datetime) -> Account:
    with uow:
        invite = uow.care.invite(code)
        clinician = uow.users.get(invite.clinician_id) if invite else None
        if clinician is None:
            raise NotFound("no clinician has this invitation code; check it with her")
        uow.care.link(mother_id, clinician.id, now)
        uow.care.audit(mother_id, mother_id, now, "share", {"clinician_id": clinician.id})
        uow.commit()
        return _account(clinician)


def my_clinicians(uow: UnitOfWork, mother_id: str) -> list[Account]:
    """The clinicians she shares her data with."""
    with uow:
        return [_account(row) for row in uow.care.clinicians(mother_id)]


def settings_of(uow: UnitOfWork, user_id: str) -> dict[str, str] | None:
    """Her saved settings in the shape PUT /me/settings takes; None before she saves any."""
    with uow:
        row = uow.histories.settings(user_id)
        if row is None:
            return None
        return {
            "units": row.units,
            "country": row.country,
            "time_zone": row.time_zone,
            "quiet_from": row.quiet_from,
            "quiet_to": row.quiet_to,
        }


def revoke(uow: UnitOfWork, mother_id: str, clinician_id: str, now: datetime) -> None:
    with uow:
        if not uow.care.unlink(mother_id, clinician_id):
            raise NotFound("you do not share your data with this clinician")
        uow.care.audit(mother_id, mother_id, now, "revoke", {"clinician_id": clinician_id})
        uow.commit()


def _client(uow: UnitOfWork, clinician_id: str, client_id: str) -> UserRow:
    row = uow.users.get(client_id)
    if row is None or not uow.care.is_linked(client_id, clinician_id):
        raise NotFound("no such client")
    return row


@dataclass(frozen=True)
class ClientSummary:
    client_id: str
    display_name: str
    phase: str | None
    triage_level: str | None
    gate_open: bool
    last_active: date | None


def clients(uow: UnitOfWork, clinician_id: str, today: date) -> list[ClientSummary]:
    found = []
    for c in client_days(uow, clinician_id, today):
        d, last = c.decision, c.last_active
        if d is None:  # no profile yet, or a birth date after today
            found.append(ClientSummary(c.client_id, c.display_name, None, None, False, last))
        else:
            found.append(
                ClientSummary(
                    c.client_id, c.display_name, d.phase, d.triage.level, d.gate.open, last
                )
            )
    return found


def client_today(uow: UnitOfWork, clinician_id: str, client_id: str, as_of: date) -> m.Decision:
    with uow:
        _client(uow, clinician_id, client_id)
    return today_for(uow, client_id, as_of)


def clinician_clearance(
    uow: UnitOfWork,
    clinician_id: str,
    client_id: str,
    on: date,
    by: str,
    kind: str,
    today: date,
    now: datetime,
) -> None:
    clearance = m.Clearance(on, by, kind, "clinician")  # type: ignore[arg-type]
    with uow:  # the link is checked in the transaction that writes (no revoke in between)
        _client(uow, clinician_id, client_id)
        _store_clearance(uow, client_id, clearance, clinician_id, today, now)
        uow.commit()


def clinician_override(
    uow: UnitOfWork,
    clinician_id: str,
    client_id: str,
    on: date,
    phase: str,
    reason: str,
    today: date,
    now: datetime,
) -> None:
    """Record an override; the same rules as a scenario's (SPEC 3.1) are checked first."""
    with uow:
        _client(uow, clinician_id, client_id)
        clinician = uow.users.get(clinician_id)
        assert clinician is not None
        profile = _require_profile(uow, client_id)
        _check_date(profile, on, today)
        scenario = uow.histories.scenario(client_id, on)
        assert scenario is not None
        if phase != "foundation" and not any(c.date <= on for c in scenario.clearances):
            raise InvalidInput(
                "date", on.isoformat(), f"a clearance recorded on or before an override to {phase}"
            )
        floor = STRENGTH_FLOOR_DAYS[profile.delivery]
        if phase == "strengthening" and (on - profile.delivery_date).days < floor:
            raise InvalidInput(
                "date",
                on.isoformat(),
                f"an override to strengthening at least {floor // 7} weeks after the birth",
            )
        uow.histories.add_override(client_id, m.Override(on, phase, clinician.display_name, reason))  # type: ignore[arg-type]
        uow.care.audit(
            client_id,
            clinician_id,
            now,
            "override",
            {"date": on.isoformat(), "phase": phase, "reason": reason},
        )
        uow.commit()


def audit_trail(uow: UnitOfWork, clinician_id: str, client_id: str) -> list[dict[str, object]]:
    """Her audit trail as her clinician may read it: whom else she shares with is hers alone
    (share and revoke entries about other clinicians are left out)."""
    with uow:
        _client(uow, clinician_id, client_id)
        return [
            {"at": r.at, "actor_id": r.actor_id, "action": r.action, "detail": r.detail}
            for r in uow.care.audit_trail(client_id)
            if r.action not in ("share", "revoke")
            or (r.detail or {}).get("clinician_id") == clinician_id
        ]
