"""The machine's Redis for the tests that need one (COMEBACK_TEST_REDIS_URL, default
redis://127.0.0.1:6379/0). Without a server those tests are skipped and say so plainly,
except in CI (CI=true), where a missing Redis is a failure, as for PostgreSQL."""

from __future__ import annotations

import os
from typing import Any

import pytest

from comeback.web.throttle import redis_client

REDIS_URL = os.environ.get("COMEBACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def require_redis() -> Any:
    """A client of the test Redis, or a skip (a failure in CI) naming what is missing."""
    client = redis_client(REDIS_URL)
    try:
        client.ping()
    except Exception as e:  # any connection error: say so plainly
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI and is not reachable at {REDIS_URL}: {e}")
        pytest.skip(f"Redis leg did not run: no server at {REDIS_URL} ({e})")
    return client
