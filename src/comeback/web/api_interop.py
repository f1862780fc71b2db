"""Interoperability endpoints under /api/v1: her observations as FHIR, her weekly digest choice.

Kept apart from api.py (SPEC 5's stable minimum): these are additions, each a parse, one
service call and a map, like the rest of the API.
"""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from comeback import csv_io, digests, services
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


@router.get(
    "/me/export.csv.zip", tags=["me"], responses={200: {"content": {"application/zip": {}}}}
)
def export_csv_zip(
    me: Mother, uow: UowDep, settings: SettingsDep, clock: ClockDep, as_of: date | None = None
) -> Response:
    """Every table of her history as CSV, in one .zip (`comeback import --csv` reads it)."""
    day = as_of or local_today(settings, clock, me)
    data = csv_io.zipped(services.export(uow, me.id, day))
    disposition = f'attachment; filename="comeback-csv-{day.isoformat()}.zip"'
    return Response(
        data, media_type="application/zip", headers={"Content-Disposition": disposition}
    )


class DigestPut(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    weekly: bool


class DigestPublic(BaseModel):
    weekly: bool


@router.get("/me/digest", response_model=DigestPublic, tags=["me"])
def get_digest(me: Mother, uow: UowDep) -> DigestPublic:
    """Whether she gets the weekly email digest (off until she turns it on)."""
    return DigestPublic(weekly=digests.digest_of(uow, me.id))


@router.put("/me/digest", response_model=DigestPublic, tags=["me"])
def put_digest(body: DigestPut, me: Mother, uow: UowDep) -> DigestPublic:
    """Turn the weekly email digest on or off (SPEC 5's settings body stays as it is)."""
    return DigestPublic(weekly=digests.set_digest(uow, me.id, body.weekly))
