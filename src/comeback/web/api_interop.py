"""Interoperability endpoints under /api/v1: her observations as FHIR, her weekly digest choice.

Kept apart from api.py (SPEC 5's stable minimum): these are additions, each a parse, one
service call and a map, like the rest of the API.
"""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter
from fastapi.responses import Response

from comeback import services
from comeback.fhir_export import MEDIA_TYPE, bundle
from comeback.web.deps import ClockDep, Mother, SettingsDep, UowDep, local_today

router = APIRouter(prefix="/api/v1")


@router.get(
    "/me/export.fhir.json",
    tags=["me"],
    responses={200: {"content": {MEDIA_TYPE: {}}, "description": "A FHIR R4 Bundle"}},
)
def export_fhir(
    me: Mother, uow: UowDep, settings: SettingsDep, clock: ClockDep, as_of: date | None = None
) -> Response:
    """Her observations (body mass, assessments, symptoms, check-ins) as a FHIR R4 Bundle."""
    day = as_of or local_today(settings, clock, me)
    doc = bundle(services.export(uow, me.id, day), me.id)
    disposition = f'attachment; filename="comeback-fhir-{day.isoformat()}.json"'
    return Response(
        json.dumps(doc, ensure_ascii=False),
        media_type=MEDIA_TYPE,
        headers={"Content-Disposition": disposition},
    )
