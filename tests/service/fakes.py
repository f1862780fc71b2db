"""An in-memory unit of work with the same surface as the SQL one, for fast service tests.

Writes go to a staging copy and become visible on commit, so a test can tell a service that
forgot to commit from one that did.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from comeback.domain import model as m
from comeback.errors import Conflict
from comeback.persistence.decision_cache import ClientRow, Kept
from comeback.persistence.repository import sessions_from_rows, set_row
from comeback.persistence.tables import (
    AuditRow,
    DigestRow,
    InviteRow,
    SetRow,
    SettingsRow,
    UserRow,
)


@dataclass
class _Data:
    users: dict[str, UserRow] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, m.Profile] = field(default_factory=dict)
    settings: dict[str, SettingsRow] = field(default_factory=dict)
    items: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    sets: dict[str, tuple[str, SetRow]] = field(default_factory=dict)
    invites: dict[str, InviteRow] = field(default_factory=dict)
    links: set[tuple[str, str]] = field(default_factory=set)
    audit: list[AuditRow] = field(default_factory=list)
    calendar_feeds: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    digests: dict[str, DigestRow] = field(default_factory=dict)
    symptom_ids: dict[tuple[str, str], m.Symptom] = field(default_factory=dict)  # client ids
    decisions: dict[str, Kept] = field(default_factory=dict)
    clashes: int = 0  # unique-key violations staged, raised at commit as the database would


class _Users:
    def __init__(self, d: _Data) -> None:
        self.d = d

    def add(self, row: UserRow) -> None:
        self.d.users[row.id] = row

    def get(self, user_id: str) -> UserRow | None:
        return self.d.users.get(user_id)

    def by_email(self, email: str) -> UserRow | None:
        return next((u for u in self.d.users.values() if u.email == email), None)

    def delete(self, user_id: str) -> None:
        self.d.users.pop(user_id, None)
        self.d.tokens = {t: u for t, u in self.d.tokens.items() if u != user_id}
        self.d.profiles.pop(user_id, None)
        self.d.items.pop(user_id, None)
        self.d.sets = {k: v for k, v in self.d.sets.items() if v[0] != user_id}
        self.d.links = {link for link in self.d.links if user_id not in link}
        self.d.audit = [a for a in self.d.audit if a.subject_id != user_id]
        self.d.calendar_feeds.pop(user_id, None)
        self.d.digests.pop(user_id, None)
        self.d.decisions.pop(user_id, None)

    def add_token(self, token_hash: str, user_id: str, at: datetime) -> None:
        self.d.tokens[token_hash] = user_id

    def user_for_token(self, token_hash: str) -> tuple[UserRow, SettingsRow | None] | None:
        user = self.d.users.get(self.d.tokens.get(token_hash, ""))
        return (user, self.d.settings.get(user.id)) if user else None

    def drop_token(self, token_hash: str) -> None:
        self.d.tokens.pop(token_hash, None)


class _Histories:
    def __init__(self, d: _Data) -> None:
        self.d = d
        self.touched: set[str] = set()

    def _list(self, user_id: str, kind: str) -> list[Any]:
        return self.d.items.setdefault(user_id, {}).setdefault(kind, [])

    def profile(self, user_id: str) -> m.Profile | None:
        return self.d.profiles.get(user_id)

    def put_profile(self, user_id: str, p: m.Profile) -> None:
        self.touched.add(user_id)
        self.d.profiles[user_id] = p

    def settings(self, user_id: str) -> SettingsRow | None:
        return self.d.settings.get(user_id)

    def put_settings(self, user_id: str, values: dict[str, str]) -> None:
        self.d.settings[user_id] = SettingsRow(user_id=user_id, **values)

    def add_clearance(self, user_id: str, c: m.Clearance) -> None:
        self.touched.add(user_id)
        self._list(user_id, "clearances").append(c)

    def add_override(self, user_id: str, o: m.Override) -> None:
        self.touched.add(user_id)
        self._list(user_id, "overrides").append(o)

    def add_assessment(self, user_id: str, a: m.Assessment) -> None:
        self.touched.add(user_id)
        self._list(user_id, "assessments").append(a)

    def add_symptom(self, user_id: str, x: m.Symptom, client_id: str | None = None) -> None:
        if client_id is not None:
            if (user_id, client_id) in self.d.symptom_ids:
                self.d.clashes += 1
                return
            self.d.symptom_ids[user_id, client_id] = x
        self.touched.add(user_id)
        self._list(user_id, "symptoms").append(x)

    def symptom_report(self, user_id: str, client_id: str) -> m.Symptom | None:
        return self.d.symptom_ids.get((user_id, client_id))

    def put_checkin(self, user_id: str, c: m.CheckIn) -> None:
        self.touched.add(user_id)
        checkins = [x for x in self._list(user_id, "checkins") if x.date != c.date]
        self.d.items[user_id]["checkins"] = [*checkins, c]

    def get_set(self, user_id: str, set_id: str) -> SetRow | None:
        found = self.d.sets.get(set_id)
        return found[1] if found else None

    def add_set(
        self, user_id: str, set_id: str, on: date, exercise: str, variant: str, s: m.SetLog
    ) -> None:
        self.touched.add(user_id)
        if set_id in self.d.sets:
            self.d.clashes += 1
            return
        row = set_row(user_id, set_id, on, exercise, variant, s)
        row.seq = len(self.d.sets) + 1
        self.d.sets[set_id] = (user_id, row)

    def clear(self, user_id: str) -> None:
        self.touched.add(user_id)
        self.d.items.pop(user_id, None)
        self.d.sets = {k: v for k, v in self.d.sets.items() if v[0] != user_id}

    def last_active(self, user_id: str) -> date | None:
        days = [r.date for owner, r in self.d.sets.values() if owner == user_id]
        return max(days) if days else None

    def scenario(self, user_id: str, as_of: date) -> m.Scenario | None:
        profile = self.d.profiles.get(user_id)
        if profile is None:
            return None

        def upto(kind: str) -> tuple[Any, ...]:
            return tuple(x for x in self._list(user_id, kind) if x.date <= as_of)

        rows = [r for owner, r in self.d.sets.values() if owner == user_id and r.date <= as_of]
        sessions = sessions_from_rows(rows)
        checkins = tuple(sorted(upto("checkins"), key=lambda c: c.date))
        return m.Scenario(
            as_of,
            profile,
            upto("clearances"),
            upto("overrides"),
            upto("assessments"),
            upto("symptoms"),
            checkins,
            sessions,
        )


class _Care:
    def __init__(self, d: _Data) -> None:
        self.d = d

    def add_invite(self, code: str, clinician_id: str, at: datetime) -> None:
        self.d.invites[code] = InviteRow(code=code, clinician_id=clinician_id, created_at=at)

    def invite(self, code: str) -> InviteRow | None:
        return self.d.invites.get(code)

    def link(self, mother_id: str, clinician_id: str, at: datetime) -> None:
        self.d.links.add((mother_id, clinician_id))

    def unlink(self, mother_id: str, clinician_id: str) -> bool:
        if (mother_id, clinician_id) in self.d.links:
            self.d.links.remove((mother_id, clinician_id))
            return True
        return False

    def is_linked(self, mother_id: str, clinician_id: str) -> bool:
        return (mother_id, clinician_id) in self.d.links

    def clinicians(self, mother_id: str) -> list[UserRow]:
        found = [self.d.users[c] for m_id, c in self.d.links if m_id == mother_id]
        return sorted(found, key=lambda u: u.display_name)

    def clients(self, clinician_id: str) -> list[UserRow]:
        return sorted(
            (self.d.users[m_] for m_, c in self.d.links if c == clinician_id),
            key=lambda u: u.display_name,
        )

    def audit(
        self, subject_id: str, actor_id: str, at: datetime, action: str, detail: dict[str, object]
    ) -> None:
        self.d.audit.append(
            AuditRow(subject_id=subject_id, actor_id=actor_id, at=at, action=action, detail=detail)
        )

    def audit_trail(self, subject_id: str) -> list[AuditRow]:
        return [a for a in self.d.audit if a.subject_id == subject_id]


class _CalendarFeeds:
    def __init__(self, d: _Data) -> None:
        self.d = d

    def put(self, user_id: str, token_hash: str, at: datetime) -> None:
        self.d.calendar_feeds[user_id] = (token_hash, at)

    def drop(self, user_id: str) -> bool:
        return self.d.calendar_feeds.pop(user_id, None) is not None

    def owner(self, token_hash: str) -> str | None:
        return next((u for u, (h, _) in self.d.calendar_feeds.items() if h == token_hash), None)

    def created(self, user_id: str) -> datetime | None:
        found = self.d.calendar_feeds.get(user_id)
        return found[1] if found else None


class _Digests:
    def __init__(self, d: _Data) -> None:
        self.d = d

    def get(self, user_id: str) -> DigestRow | None:
        return self.d.digests.get(user_id)

    def put(self, user_id: str, weekly: bool) -> None:
        row = self.d.digests.setdefault(user_id, DigestRow(user_id=user_id, last_week_end=None))
        row.weekly = weekly

    def mark_sent(self, user_id: str, week_end: date) -> None:
        row = self.d.digests.setdefault(user_id, DigestRow(user_id=user_id, weekly=True))
        row.last_week_end = week_end

    def subscribers(self) -> list[str]:
        return sorted(
            u
            for u, row in self.d.digests.items()
            if row.weekly and u in self.d.users and self.d.users[u].role == "mother"
        )


class _Decisions:
    """The decision cache (persistence/decision_cache.py), with the same version rules."""

    def __init__(self, d: _Data) -> None:
        self.d = d

    def get(self, user_id: str) -> Kept | None:
        return self.d.decisions.get(user_id)

    def bump(self, user_ids: set[str]) -> None:
        for user_id in user_ids:
            old = self.d.decisions.get(user_id)
            version = old.version + 1 if old else 1
            self.d.decisions[user_id] = Kept(version, None, None, None, None)

    def store(
        self,
        user_id: str,
        seen: int | None,
        as_of: date,
        engine: str,
        decision: str,
        facts: dict[str, Any],
    ) -> None:
        old = self.d.decisions.get(user_id)
        if (old is None and seen is None) or (old is not None and old.version == seen):
            self.d.decisions[user_id] = Kept(seen or 0, as_of, engine, decision, facts)

    def clients(self, clinician_id: str) -> list[ClientRow]:
        mothers = sorted(
            (self.d.users[m_] for m_, c in self.d.links if c == clinician_id),
            key=lambda u: (u.display_name, u.id),
        )
        return [
            ClientRow(
                u.id,
                u.display_name,
                _Histories(self.d).last_active(u.id),
                self.d.decisions.get(u.id),
            )
            for u in mothers
        ]


class FakeUnitOfWork:
    """Same surface as comeback.persistence.UnitOfWork; data lives in `self.committed`."""

    def __init__(self) -> None:
        self.committed = _Data()
        self.commits = 0

    def __enter__(self) -> FakeUnitOfWork:
        self._begin()
        return self

    def _begin(self) -> None:
        self._work = copy.deepcopy(self.committed)
        self.users = _Users(self._work)
        self.histories = _Histories(self._work)
        self.care = _Care(self._work)
        self.calendar_feeds = _CalendarFeeds(self._work)
        self.digests = _Digests(self._work)
        self.decisions = _Decisions(self._work)

    def __exit__(self, *exc: object) -> None:
        self._work = None  # type: ignore[assignment]

    def commit(self) -> None:
        if self.histories.touched:
            self.decisions.bump(self.histories.touched)
            self.histories.touched.clear()
        if self._work.clashes:
            self.rollback()
            raise Conflict("this clashes with what is already stored")
        self.committed = copy.deepcopy(self._work)
        self.commits += 1

    def rollback(self) -> None:
        self._begin()
