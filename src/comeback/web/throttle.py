"""Login throttling: after a few failed logins for one email, wait before trying again.

Keyed by the email given (known or not, so it reveals nothing), hashed: no store holds the
address. The failures live where every app process sees them, so a guesser gains nothing by
spreading attempts over the processes behind a load balancer:

- `DatabaseThrottle`: a row per failure (persistence/login_failures.py), the default;
- `RedisThrottle`: a sorted set per email, when `COMEBACK_REDIS_URL` is set;
- `MemoryThrottle`: this process only, for a single process or a test.

`make_throttle(settings, engine)` picks one; the routes see only the `LoginThrottle` surface.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict, deque
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from comeback.errors import ComebackError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from comeback.settings import Settings

REDIS_PREFIX = "comeback:login-failures:"


class TooManyAttempts(ComebackError):
    """Too many failed logins for this email: wait, then try again."""


class LoginThrottle(Protocol):
    def check(self, email: str, now: datetime) -> None:
        """Raise TooManyAttempts if this email has had too many failures in the window."""

    def failed(self, email: str, now: datetime) -> None:
        """Count one failed login for this email."""

    def succeeded(self, email: str) -> None:
        """Forget this email's failures (she got in)."""


def throttle_key(email: str) -> str:
    """The key a failure is stored under: a SHA-256 of the email as she would type it."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def refuse_if(count: int, attempts: int, window: timedelta) -> None:
    """The rule every store applies: `attempts` failures within the window mean wait."""
    if count >= attempts:
        minutes = max(1, int(window.total_seconds() // 60))
        raise TooManyAttempts(f"too many failed logins: wait {minutes} minutes and try again")


class MemoryThrottle:
    """This process's memory only: each process behind a load balancer would count alone."""

    def __init__(self, attempts: int, window_s: int) -> None:
        self.attempts = attempts
        self.window = timedelta(seconds=window_s)
        self._failures: dict[str, deque[datetime]] = defaultdict(deque)

    def _recent(self, email: str, now: datetime) -> deque[datetime]:
        failures = self._failures[throttle_key(email)]
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def check(self, email: str, now: datetime) -> None:
        refuse_if(len(self._recent(email, now)), self.attempts, self.window)

    def failed(self, email: str, now: datetime) -> None:
        self._recent(email, now).append(now)

    def succeeded(self, email: str) -> None:
        self._failures.pop(throttle_key(email), None)


class DatabaseThrottle:
    """A row per failure in the database every process shares."""

    def __init__(self, engine: Engine, attempts: int, window_s: int) -> None:
        from comeback.persistence.login_failures import LoginFailures

        self.store = LoginFailures(engine)
        self.attempts = attempts
        self.window = timedelta(seconds=window_s)

    def check(self, email: str, now: datetime) -> None:
        count = self.store.count_since(throttle_key(email), now - self.window)
        refuse_if(count, self.attempts, self.window)

    def failed(self, email: str, now: datetime) -> None:
        self.store.add(throttle_key(email), now, prune_before=now - self.window)

    def succeeded(self, email: str) -> None:
        self.store.clear(throttle_key(email))


class RedisThrottle:
    """A sorted set per email (score: the failure's time), expiring with its window."""

    def __init__(self, client: Any, attempts: int, window_s: int) -> None:
        self.client = client
        self.attempts = attempts
        self.window = timedelta(seconds=window_s)

    def _key(self, email: str) -> str:
        return REDIS_PREFIX + throttle_key(email)

    def check(self, email: str, now: datetime) -> None:
        since = (now - self.window).timestamp()
        refuse_if(
            int(self.client.zcount(self._key(email), since, "+inf")), self.attempts, self.window
        )

    def failed(self, email: str, now: datetime) -> None:
        key, at = self._key(email), now.timestamp()
        with self.client.pipeline() as pipe:
            pipe.zadd(key, {f"{at}:{uuid.uuid4().hex}": at})
            pipe.zremrangebyscore(key, "-inf", f"({(now - self.window).timestamp()}")
            pipe.expire(key, int(self.window.total_seconds()) + 1)
            pipe.execute()

    def succeeded(self, email: str) -> None:
        self.client.delete(self._key(email))


def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def make_throttle(settings: Settings, engine: Engine) -> LoginThrottle:
    """Redis when COMEBACK_REDIS_URL is set, else the database every process shares."""
    attempts, window_s = settings.login_attempts_per_window, settings.login_window_s
    if settings.redis_url:
        return RedisThrottle(redis_client(settings.redis_url), attempts, window_s)
    return DatabaseThrottle(engine, attempts, window_s)
