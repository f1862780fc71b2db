"""Each mother's decision, kept until her data changes, so `GET /me/today` does not replay
her whole history on every request (issue 6).

The decision for a day is a pure function of her history up to that day and of the engine
(the domain's code and the packaged catalogue). So a kept decision is valid while three
things hold: it is for the same `as_of`, nothing was written to her history since (every
write bumps a version in its own transaction, see persistence/decision_cache.py), and it
was computed by this engine (`ENGINE`, a hash of the domain's source and data files: an
upgrade invalidates every kept decision on its own). Otherwise the caller replays, and
keeps the new decision against the version it read before replaying.

Beside the decision it keeps the few facts the clinician's desk needs from the same
history (a clearance to confirm, the recent sessions), so the desk reads every client in
one query once their decisions are kept.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

from pydantic import TypeAdapter

from comeback.domain import model as m
from comeback.domain.attention import unconfirmed_clearances
from comeback.persistence.decision_cache import Kept
from comeback.scenario import decision_to_json

RECENT_DAYS = 14  # SPEC 4 (product rule): the logs and adherence a clinician reads first

_DECISION = TypeAdapter(m.Decision)


def _engine_key() -> str:
    """A hash of everything a decision depends on besides her history: the domain's code
    and the packaged data it reads (catalogue, signs)."""
    digest = hashlib.sha256()
    for package in ("comeback.domain", "comeback.data"):
        files = sorted(
            (f for f in resources.files(package).iterdir() if f.name.endswith((".py", ".toml"))),
            key=lambda f: f.name,
        )
        for f in files:
            digest.update(f.name.encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:32]


ENGINE = _engine_key()


@dataclass(frozen=True)
class Facts:
    """What the desk shows about her besides the decision, for the same day."""

    pending_clearance: bool  # a clearance she entered herself, not yet confirmed
    recent_sessions: int  # sessions in the RECENT_DAYS up to the day


def facts_of(scenario: m.Scenario) -> Facts:
    start = scenario.as_of - timedelta(days=RECENT_DAYS - 1)
    return Facts(
        pending_clearance=bool(unconfirmed_clearances(scenario.clearances)),
        recent_sessions=sum(1 for s in scenario.sessions if start <= s.date <= scenario.as_of),
    )


def fresh(kept: Kept | None, as_of: date) -> bool:
    """A kept decision answers for `as_of`: same day, same engine, no write since."""
    return (
        kept is not None
        and kept.decision is not None
        and kept.as_of == as_of
        and kept.engine == ENGINE
    )


def should_store(kept: Kept | None, as_of: date) -> bool:
    """Keep a new decision unless a fresher one for a later day is kept (a look at a past
    day does not push out today's)."""
    return not (
        kept is not None
        and kept.decision is not None
        and kept.engine == ENGINE
        and kept.as_of is not None
        and kept.as_of > as_of
    )


def encode(decision: m.Decision) -> str:
    """SPEC 3.7's JSON text, byte for byte as the API's JSONResponse would send it."""
    return json.dumps(
        decision_to_json(decision), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )


def decode(text: str) -> m.Decision:
    """The decision back from its JSON text, parsed and validated by pydantic-core in one
    pass. The contract's key `from` is the model's `from_`; `"from":` can only be that key
    (a quote inside a JSON string is escaped), and no other key of a decision is `from`."""
    return _DECISION.validate_json(text.replace('"from":', '"from_":'))


def encode_facts(facts: Facts) -> dict[str, Any]:
    return {"pending_clearance": facts.pending_clearance, "recent_sessions": facts.recent_sessions}


def decode_facts(data: dict[str, Any] | None) -> Facts:
    data = data or {}
    return Facts(bool(data.get("pending_clearance")), int(data.get("recent_sessions") or 0))
