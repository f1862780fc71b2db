"""Her calendar link over the in-memory unit of work: made, rotated, revoked, hashed, erased."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fakes import FakeUnitOfWork
from icalendar import Calendar

from comeback import calendar_service as cs
from comeback import services
from comeback.domain import model as m
from comeback.errors import Conflict, NotFound

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
PROFILE = m.Profile(date(2026, 1, 5), "vaginal", 68.0, "exclusive")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def _mother(uow: FakeUnitOfWork, email: str = "ann@example.org") -> str:
    account = services.register(uow, email, "a long secret", "mother", "Ann", NOW)
    services.put_profile(uow, account.id, PROFILE)
    return account.id


def test_a_link_finds_her_and_only_its_hash_is_stored(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    token = cs.create_feed(uow, ann, NOW)
    assert cs.feed_owner(uow, token) == ann
    assert cs.feed_created(uow, ann) == NOW
    stored_hash, _ = uow.committed.calendar_feeds[ann]
    assert token not in stored_hash and len(stored_hash) == 64


def test_rotating_ends_the_old_link(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    old = cs.create_feed(uow, ann, NOW)
    new = cs.create_feed(uow, ann, NOW)
    assert old != new
    assert cs.feed_owner(uow, old) is None
    assert cs.feed_owner(uow, new) == ann


def test_revoking_ends_the_link_and_twice_says_there_is_none(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    token = cs.create_feed(uow, ann, NOW)
    cs.revoke_feed(uow, ann)
    assert cs.feed_owner(uow, token) is None
    assert cs.feed_created(uow, ann) is None
    with pytest.raises(NotFound, match="no calendar link"):
        cs.revoke_feed(uow, ann)


def test_another_mothers_revoke_leaves_hers_working(uow: FakeUnitOfWork) -> None:
    ann, zoe = _mother(uow), _mother(uow, "zoe@example.org")
    token = cs.create_feed(uow, ann, NOW)
    with pytest.raises(NotFound):
        cs.revoke_feed(uow, zoe)
    assert cs.feed_owner(uow, token) == ann


def test_erasing_her_account_erases_her_link(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    token = cs.create_feed(uow, ann, NOW)
    services.delete_account(uow, ann)
    assert cs.feed_owner(uow, token) is None


def test_the_feed_uses_her_zone_and_quiet_hours(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    services.put_settings(
        uow,
        ann,
        {
            "units": "metric",
            "country": "US",
            "time_zone": "America/New_York",
            "quiet_from": "21:00",
            "quiet_to": "08:30",
        },
    )
    cal = Calendar.from_ical(cs.calendar_for(uow, ann, NOW, "UTC", days=2))
    events = list(cal.walk("VEVENT"))
    assert {e["DTSTART"].params["TZID"] for e in events} == {"America/New_York"}
    starts = sorted(e.start.time() for e in events)
    assert starts[0].hour * 60 + starts[0].minute >= 8 * 60 + 30  # 08:00 moved to 08:30
    assert min(e.start.date() for e in events) == date(2026, 3, 16)  # her local today


def test_without_settings_the_server_zone_and_default_quiet_hours(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow)
    prefs = cs.prefs_of(uow, ann, "Europe/Paris")
    assert (prefs.time_zone, prefs.quiet_from, prefs.quiet_to) == ("Europe/Paris", "22:00", "07:00")


def test_no_feed_before_her_profile(uow: FakeUnitOfWork) -> None:
    account = services.register(uow, "new@example.org", "a long secret", "mother", "N", NOW)
    with pytest.raises(Conflict, match="profile"):
        cs.calendar_for(uow, account.id, NOW, "UTC")
