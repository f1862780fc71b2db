"""Login throttling: after a few failed logins for one email, wait before trying again.

Keyed by the email given (known or not, so it reveals nothing), in this process's memory:
behind a load balancer each process throttles on its own, which still caps guessing.
"""

from __future__ import annotations

from collections import defaultdict, deque
from datetime import datetime, timedelta

from comeback.errors import ComebackError


class TooManyAttempts(ComebackError):
    """Too many failed logins for this email: wait, then try again."""


class LoginThrottle:
    def __init__(self, attempts: int, window_s: int) -> None:
        self.attempts = attempts
        self.window = timedelta(seconds=window_s)
        self._failures: dict[str, deque[datetime]] = defaultdict(deque)

    def _recent(self, email: str, now: datetime) -> deque[datetime]:
        failures = self._failures[email.strip().lower()]
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def check(self, email: str, now: datetime) -> None:
        if len(self._recent(email, now)) >= self.attempts:
            minutes = max(1, int(self.window.total_seconds() // 60))
            raise TooManyAttempts(f"too many failed logins: wait {minutes} minutes and try again")

    def failed(self, email: str, now: datetime) -> None:
        self._recent(email, now).append(now)

    def succeeded(self, email: str) -> None:
        self._failures.pop(email.strip().lower(), None)
