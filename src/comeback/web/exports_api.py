"""Her data export as a background job (issue 6): ask with POST, then GET until ready."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response

from comeback import data_exports
from comeback.web.deps import ClockDep, Mother, SettingsDep, UowDep, local_today

router = APIRouter(prefix="/api/v1")


@router.post("/me/exports", status_code=202, tags=["me"])
def request_export(
    request: Request,
    response: Response,
    me: Mother,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Queue an export of her history (SPEC 3.1 JSON); its URL is in Location."""
    day = as_of or local_today(settings, clock, me)
    export_id = data_exports.request(uow, request.app.state.queue, me.id, day, clock())
    response.headers["Location"] = f"/api/v1/me/exports/{export_id}"
    return {"id": export_id, "as_of": day.isoformat()}


@router.get("/me/exports/{export_id}", tags=["me"])
def get_export(export_id: str, me: Mother, uow: UowDep) -> dict[str, Any]:
    """Pending, ready (with her history in `scenario`) or failed."""
    found = data_exports.fetch(uow, me.id, export_id)
    return {
        "id": found.id,
        "as_of": found.as_of.isoformat(),
        "status": found.status,
        "scenario": found.body,
    }
