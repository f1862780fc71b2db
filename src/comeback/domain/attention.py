"""What needs her clinician's attention first: one rank per client, in words and in a code.

A physio with fifty clients reads the desk from the top, so the order is the order of need
(SPEC 2 and 4: "clients by flag and readiness"): an urgent sign, then a stop, a referral, a
modify, a clearance the mother entered herself that no clinician has confirmed, a gate that
opens tomorrow, a client who has gone quiet or not started, and last everyone on track. The
first rule that holds sets the rank; ties go to the most recent activity, then to the name.

Example: a mother paused by dizziness (rank 1) sits above a mother with a referral for
repeated leaks (rank 2), whatever their names or activity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from comeback.domain.model import Clearance, Decision

INACTIVE_DAYS = 7  # SPEC 4 (product rule): a week without a logged set is worth a call

RANKS: dict[str, int] = {
    "urgent": 0,
    "stop": 1,
    "referral": 2,
    "modify": 3,
    "confirm_clearance": 4,
    "ready": 5,
    "inactive": 6,
    "not_started": 6,  # as quiet as an inactive client: both need a nudge, not an alarm
    "on_track": 7,
}

REFERRAL_WORDS: dict[str, str] = {
    "pelvic_health_physio": "pelvic-health physio",
    "gp_or_health_visitor": "GP or health visitor (mood)",
}


@dataclass(frozen=True)
class ClientFacts:
    """What the desk knows of one client on `today`.

    `decision` is None while she has no plan yet (no profile, or a birth after `today`).
    `self_entered_clearance_pending` is `self_clearance_pending(her clearances)`.
    `last_active` is the date of her latest logged set (None: never).
    """

    name: str
    decision: Decision | None
    self_entered_clearance_pending: bool
    last_active: date | None
    today: date


@dataclass(frozen=True)
class Attention:
    rank: int  # 0 first; see RANKS
    code: str  # a key of RANKS
    words: str  # for the clinician, short: "Urgent sign: heavy bleeding"


def _codes(codes: Sequence[str]) -> str:
    return ", ".join(c.replace("_", " ") for c in codes) or "a stop symptom"


def _confirms(by_clinician: Clearance, hers: Clearance) -> bool:
    """A clinician's clearance dated on or after hers, of her kind or pelvic-health
    (a pelvic-health clearance is a clearance everywhere, SPEC 3.4)."""
    return (
        by_clinician.entered_by == "clinician"
        and by_clinician.date >= hers.date
        and by_clinician.kind in (hers.kind, "pelvic_health")
    )


def unconfirmed_clearances(clearances: Sequence[Clearance]) -> tuple[Clearance, ...]:
    """The clearances she entered herself that no clinician's clearance confirms yet.

    Confirming means a clearance entered by a clinician, dated on or after hers, of the same
    kind or of kind `pelvic_health`. A clearance she enters may end a pause or open her gate
    (SPEC 3.3, 3.4), so her clinician sees each one until she has recorded her own.

    Example: she enters "GP, general, 2026-02-17"; a clinician's "general, 2026-02-17"
    confirms it, a clinician's "general, 2026-02-10" does not.
    """
    return tuple(
        c
        for c in clearances
        if c.entered_by == "self" and not any(_confirms(o, c) for o in clearances)
    )


def self_clearance_pending(clearances: Sequence[Clearance]) -> bool:
    """True while some clearance she entered herself is unconfirmed (see above)."""
    return bool(unconfirmed_clearances(clearances))


def _inactive_days(facts: ClientFacts) -> int | None:
    """Days since her last set when that is INACTIVE_DAYS or more; -1 when she never logged."""
    if facts.last_active is None:
        return -1
    days = (facts.today - facts.last_active).days
    return days if days >= INACTIVE_DAYS else None


def attention(facts: ClientFacts) -> Attention:
    """The first rule that holds, in the order of RANKS.

    Example: triage `modify` for a leak, with her gate to activation open, is `modify`
    (rank 3): the leak comes before the readiness.
    """

    def found(code: str, words: str) -> Attention:
        return Attention(RANKS[code], code, words)

    d = facts.decision
    if d is None:
        return found("not_started", "Not started: no plan yet")
    if d.triage.urgent:
        return found("urgent", f"Urgent sign: {_codes(d.triage.reasons)}")
    if d.phase == "paused" or d.triage.level == "stop":
        return found("stop", f"Stopped: {_codes(d.triage.reasons)}")
    if d.referrals:
        to = ", ".join(REFERRAL_WORDS.get(r.to, r.to.replace("_", " ")) for r in d.referrals)
        return found("referral", f"Referral: {to}")
    if d.triage.level == "modify":
        return found("modify", f"Modify: {_codes(d.triage.reasons)}")
    if facts.self_entered_clearance_pending:
        return found("confirm_clearance", "Clearance she entered herself: confirm it")
    if d.gate.open and d.gate.next_phase is not None:
        return found("ready", f"Ready for {d.gate.next_phase}")
    inactive = _inactive_days(facts)
    if inactive is not None:
        words = "No set logged yet" if inactive < 0 else f"No set for {inactive} days"
        return found("inactive", words)
    return found("on_track", "On track")


def sort_key(facts: ClientFacts) -> tuple[int, int, int, str, str]:
    """Rank first; then the most recent activity (never active last); then the name."""
    rank = attention(facts).rank
    last = facts.last_active
    recent = (0, -last.toordinal()) if last is not None else (1, 0)
    return (rank, *recent, facts.name.casefold(), facts.name)
