"""Use cases of her calendar feed: make, rotate and revoke its secret link; render it.

The link carries a random token; only its hash is stored (like login tokens), so a leaked
database does not leak working links, and the link can be shown to her only when it is
made. Rotating replaces the token (the old link answers 404); revoking deletes it.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from comeback import services
from comeback.calendar_feed import FeedPrefs, build, owner_key, to_ics
from comeback.domain import decide
from comeback.domain.reminders import FEED_DAYS_DEFAULT, Units
from comeback.errors import NotFound
from comeback.persistence.uow import UnitOfWork

DEFAULT_QUIET_FROM = "22:00"  # the settings page's defaults before she saves any
DEFAULT_QUIET_TO = "07:00"


def create_feed(uow: UnitOfWork, user_id: str, now: datetime) -> str:
    """A new secret token for her feed; any earlier link stops working at once."""
    token = secrets.token_urlsafe(32)
    with uow:
        uow.calendar_feeds.put(user_id, services._token_hash(token), now)
        uow.commit()
    return token


def revoke_feed(uow: UnitOfWork, user_id: str) -> None:
    with uow:
        if not uow.calendar_feeds.drop(user_id):
            raise NotFound("you have no calendar link to turn off")
        uow.commit()


def feed_created(uow: UnitOfWork, user_id: str) -> datetime | None:
    """When her current link was made, or None without one."""
    with uow:
        return uow.calendar_feeds.created(user_id)


def feed_owner(uow: UnitOfWork, token: str) -> str | None:
    """The mother whose current link carries this token (None: unknown, rotated, revoked)."""
    with uow:
        return uow.calendar_feeds.owner(services._token_hash(token))


def prefs_of(uow: UnitOfWork, user_id: str, default_zone: str) -> FeedPrefs:
    saved = services.settings_of(uow, user_id)
    if saved is None:
        return FeedPrefs(default_zone, DEFAULT_QUIET_FROM, DEFAULT_QUIET_TO)
    units: Units = "imperial" if saved["units"] == "imperial" else "metric"
    return FeedPrefs(saved["time_zone"], saved["quiet_from"], saved["quiet_to"], units)


def calendar_for(
    uow: UnitOfWork,
    user_id: str,
    now: datetime,
    default_zone: str,
    days: int = FEED_DAYS_DEFAULT,
) -> bytes:
    """Her feed as .ics bytes, planned from her local today in her zone."""
    prefs = prefs_of(uow, user_id, default_zone)
    today = now.astimezone(ZoneInfo(prefs.time_zone)).date()
    scenario = services.export(uow, user_id, today)
    return to_ics(build(scenario, decide(scenario), prefs, now, owner_key(user_id), days))
