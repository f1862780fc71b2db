"""`/healthz` and `/readyz` for load balancers and orchestrators (JSON, no credentials).

`/healthz`: the process answers (no database call, so a slow database does not get every
process restarted). `/readyz`: this process can serve: its database answers, the schema is at
the migrations' head, and Redis answers when one is configured; 503 naming what is not.
"""

from __future__ import annotations

from typing import Any

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from comeback import __version__
from comeback.persistence.database import alembic_config
from comeback.web.throttle import RedisThrottle

router = APIRouter(tags=["operations"])


def migration_heads(url: str) -> frozenset[str]:
    """The revisions the packaged migrations end at (read from files, once at start-up)."""
    return frozenset(ScriptDirectory.from_config(alembic_config(url)).get_heads())


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    state = request.app.state
    checks: dict[str, Any] = {"database": "ok", "migrations": "ok"}
    try:
        with state.engine.connect() as conn:
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
        if current != state.migration_heads:
            checks["migrations"] = (
                f"schema at {sorted(current) or 'nothing'}, code expects "
                f"{sorted(state.migration_heads)}: run `comeback db upgrade`"
            )
    except Exception as e:  # any driver error means: not ready
        checks["database"] = f"unreachable ({type(e).__name__})"
        checks["migrations"] = "unknown"
    if isinstance(state.throttle, RedisThrottle):
        try:
            state.throttle.client.ping()
            checks["redis"] = "ok"
        except Exception as e:
            checks["redis"] = f"unreachable ({type(e).__name__})"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )
