"""The clinician's desk: her clients by what needs her first, and one client's whole picture.

Two use cases over a unit of work, like services.py, whose functions they reuse: the link
check (a clinician reaches only her own clients; anything else is NotFound, never a hint),
the export of a history as a scenario, and the audit trail. The order of the desk is the
domain's (comeback.domain.attention); nothing here decides anything about her training.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from comeback import services
from comeback.decisions import RECENT_DAYS  # SPEC 4: the days a clinician reads first
from comeback.domain import decide
from comeback.domain import model as m
from comeback.domain.attention import (
    Attention,
    ClientFacts,
    attention,
    sort_key,
    unconfirmed_clearances,
)
from comeback.domain.progress import Progress, progress
from comeback.domain.safety import Severity, severity_of, stop_episodes
from comeback.errors import Conflict, InvalidInput, NotFound
from comeback.persistence.uow import UnitOfWork

Dated = TypeVar("Dated", m.Clearance, m.Override, m.Assessment)


@dataclass(frozen=True)
class DeskRow:
    client_id: str
    name: str
    attention: Attention
    phase: str | None  # None: no plan yet
    triage_level: str | None
    next_phase: str | None  # the gate out of her phase (None: paused, strengthening, no plan)
    gate_open: bool
    unmet: tuple[str, ...]  # the gate's unmet codes, e.g. "not_medical_clearance"
    last_active: date | None
    weeks_postpartum: float | None
    sessions_recent: int  # sessions in the RECENT_DAYS up to today


@dataclass(frozen=True)
class SymptomView:
    symptom: m.Symptom
    level: Severity | None  # urgent, pelvic_floor, stop, modify (None: pain of 0)
    cleared_on: date | None  # for a stop symptom: the clearance's date that ended it


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str  # "you", her name, another clinician's name, or "a deleted account"
    action: str
    detail: dict[str, object]
    words: str


@dataclass(frozen=True)
class ClientView:
    client_id: str
    name: str
    today: date
    attention: Attention
    last_active: date | None
    decision: m.Decision | None  # None: no plan yet (no profile, or a birth after today)
    profile: m.Profile | None
    recent_sessions: tuple[m.Session, ...]  # the RECENT_DAYS up to today, newest first
    symptoms: tuple[SymptomView, ...]  # newest first
    assessments: tuple[m.Assessment, ...]  # newest first
    clearances: tuple[m.Clearance, ...]  # newest first
    unconfirmed: tuple[m.Clearance, ...]  # those she entered herself, not yet confirmed
    overrides: tuple[m.Override, ...]  # newest first
    progress: Progress | None
    audit: tuple[AuditEntry, ...]  # oldest first, as recorded


def _scenario(uow: UnitOfWork, client_id: str, today: date) -> m.Scenario | None:
    """Her history up to today; None while she has no plan (no profile, or not born yet)."""
    try:
        return services.export(uow, client_id, today)
    except (Conflict, InvalidInput):
        return None


def _facts(
    name: str, scenario: m.Scenario | None, last: date | None, today: date
) -> tuple[ClientFacts, m.Decision | None]:
    decision = decide(scenario) if scenario is not None else None
    pending = scenario is not None and bool(unconfirmed_clearances(scenario.clearances))
    return ClientFacts(name, decision, pending, last, today), decision


def _recent(scenario: m.Scenario, today: date) -> tuple[m.Session, ...]:
    start = today - timedelta(days=RECENT_DAYS - 1)
    return tuple(sorted((s for s in scenario.sessions if s.date >= start), key=lambda s: s.date))


def _newest(items: Sequence[Dated]) -> tuple[Dated, ...]:
    """Newest date first; of one date, the last recorded first."""
    return tuple(sorted(reversed(items), key=lambda x: x.date, reverse=True))


def desk(uow: UnitOfWork, clinician_id: str, today: date) -> list[DeskRow]:
    """Each client linked to her, sorted by attention (domain.attention.sort_key); her
    decisions kept for today are read in one query (services.client_days)."""
    rows: list[tuple[tuple[int, int, int, str, str], DeskRow]] = []
    for c in services.client_days(uow, clinician_id, today):
        d = c.decision
        facts = ClientFacts(c.display_name, d, c.facts.pending_clearance, c.last_active, today)
        row = DeskRow(
            client_id=c.client_id,
            name=c.display_name,
            attention=attention(facts),
            phase=d.phase if d else None,
            triage_level=d.triage.level if d else None,
            next_phase=d.gate.next_phase if d else None,
            gate_open=d.gate.open if d else False,
            unmet=d.gate.unmet if d else (),
            last_active=c.last_active,
            weeks_postpartum=d.weeks_postpartum if d else None,
            sessions_recent=c.facts.recent_sessions,
        )
        rows.append((sort_key(facts), row))
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def _audit_words(viewer_id: str, action: str, detail: dict[str, object]) -> str:
    """One audit entry in words; unknown actions show their details as they are."""
    get = detail.get

    def clinician(user_id: object) -> str:
        # Whom else she shares with is hers to tell: another clinician stays unnamed.
        return "you" if user_id == viewer_id else "another clinician"

    match action:
        case "clearance":
            kind = "pelvic-health" if get("kind") == "pelvic_health" else "general"
            who = "a clinician" if get("entered_by") == "clinician" else "her"
            return (
                f"Recorded a {kind} clearance dated {get('date')} by {get('by')} (entered by {who})"
            )
        case "override":
            return f"Set the phase to {get('phase')} from {get('date')}. Reason: {get('reason')}"
        case "share":
            return f"Shared her data with {clinician(get('clinician_id'))}"
        case "revoke":
            return f"Stopped sharing her data with {clinician(get('clinician_id'))}"
        case "import":
            return f"Replaced her history with an imported file (up to {get('as_of')})"
    details = ", ".join(f"{k}: {v}" for k, v in detail.items())
    return f"{action.replace('_', ' ').capitalize()}" + (f" ({details})" if details else "")


def _audit(uow: UnitOfWork, clinician_id: str, client_id: str) -> tuple[AuditEntry, ...]:
    trail = services.audit_trail(uow, clinician_id, client_id)  # NotFound unless linked
    with uow:
        names: dict[str, str] = {}
        entries = []
        for r in trail:
            actor_id = str(r["actor_id"])
            if actor_id not in names:
                user = uow.users.get(actor_id)
                names[actor_id] = user.display_name if user else "a deleted account"
            detail = r["detail"] if isinstance(r["detail"], dict) else {}
            action, at = str(r["action"]), r["at"]
            assert isinstance(at, datetime)
            at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)  # stored in UTC
            entries.append(
                AuditEntry(
                    at=at,
                    actor="you" if actor_id == clinician_id else names[actor_id],
                    action=action,
                    detail=detail,
                    words=_audit_words(clinician_id, action, detail),
                )
            )
        return tuple(entries)


def client_page(uow: UnitOfWork, clinician_id: str, client_id: str, today: date) -> ClientView:
    """Everything her clinician reads on one page: her decision for `today`, her recent logs,
    symptoms with their level, checks, clearances, overrides, trends and the audit trail."""
    audit = _audit(uow, clinician_id, client_id)  # checks the link first
    with uow:
        row = uow.users.get(client_id)
        if row is None:  # deleted between the two reads
            raise NotFound("no such client")
        name, last = row.display_name, uow.histories.last_active(client_id)
    scenario = _scenario(uow, client_id, today)
    facts, decision = _facts(name, scenario, last, today)
    if scenario is None:
        return ClientView(
            client_id=client_id,
            name=name,
            today=today,
            attention=attention(facts),
            last_active=last,
            decision=None,
            profile=None,
            recent_sessions=(),
            symptoms=(),
            assessments=(),
            clearances=(),
            unconfirmed=(),
            overrides=(),
            progress=None,
            audit=audit,
        )
    episodes = stop_episodes(scenario.symptoms, scenario.clearances)
    cleared = {e.symptom: e.cleared_on for e in episodes}
    return ClientView(
        client_id=client_id,
        name=name,
        today=today,
        attention=attention(facts),
        last_active=last,
        decision=decision,
        profile=scenario.profile,
        recent_sessions=tuple(reversed(_recent(scenario, today))),
        symptoms=tuple(
            SymptomView(s, severity_of(s), cleared.get(s))
            for s in sorted(scenario.symptoms, key=lambda s: s.date, reverse=True)
        ),
        assessments=_newest(scenario.assessments),
        clearances=_newest(scenario.clearances),
        unconfirmed=unconfirmed_clearances(scenario.clearances),
        overrides=_newest(scenario.overrides),
        progress=progress(scenario),
        audit=audit,
    )
