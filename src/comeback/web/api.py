"""The JSON API of SPEC 5 under /api/v1: each handler parses, calls one service, maps.

No query lives here and no permission check is pasted twice: roles come from deps.py, and
every clinician service checks the link to the client itself.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import TypeAdapter

from comeback import services
from comeback.domain import decide
from comeback.domain.progress import Progress, progress
from comeback.errors import InvalidInput, Unauthorized
from comeback.exports import Table, to_csv
from comeback.scenario import (
    AssessmentIn,
    ProfileIn,
    assessment_to_domain,
    assessment_to_json,
    checkin_to_domain,
    checkin_to_json,
    decision_to_json,
    parse_scenario_data,
    profile_to_domain,
    profile_to_json,
    scenario_to_json,
    set_to_domain,
    symptom_to_domain,
)
from comeback.web import schemas as s
from comeback.web.deps import (
    SESSION_COOKIE,
    Clinician,
    ClockDep,
    CurrentUser,
    Mother,
    SettingsDep,
    TokenDep,
    UowDep,
    local_today,
    server_today,
    set_session_cookie,
)
from comeback.web.throttle import LoginThrottle

router = APIRouter(prefix="/api/v1")
PROGRESS = TypeAdapter(Progress)
AsOf = date | None


def _decision(decision: Any) -> JSONResponse:
    return JSONResponse(decision_to_json(decision))


# ---- accounts ---------------------------------------------------------------------------


@router.post("/auth/register", status_code=201, response_model=s.AccountPublic, tags=["auth"])
def register(body: s.RegisterCreate, uow: UowDep, clock: ClockDep) -> s.AccountPublic:
    account = services.register(
        uow, body.email, body.password, body.role, body.display_name, clock()
    )
    return s.AccountPublic(id=account.id, email=account.email, role=account.role)


@router.post("/auth/token", response_model=s.TokenPublic, tags=["auth"])
def token(body: s.TokenCreate, request: Request, uow: UowDep, clock: ClockDep) -> s.TokenPublic:
    throttle: LoginThrottle = request.app.state.throttle
    throttle.check(body.email, clock())
    try:
        access = services.login(uow, body.email, body.password, clock())
    except Unauthorized:
        throttle.failed(body.email, clock())
        raise
    throttle.succeeded(body.email)
    return s.TokenPublic(access_token=access)


@router.post("/auth/session", status_code=204, tags=["auth"])
def session_login(
    body: s.TokenCreate, request: Request, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    """Log in for the pages: the token goes in an HttpOnly, SameSite=Lax session cookie."""
    access = token(body, request, uow, clock).access_token
    response = Response(status_code=204)
    set_session_cookie(request, response, access)
    return response


@router.post("/auth/logout", status_code=204, tags=["auth"])
def logout(uow: UowDep, token: TokenDep, _: CurrentUser) -> Response:
    """End this token (401 if it is not a valid one, like every other call)."""
    services.logout(uow, token)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    return response


# ---- the mother -------------------------------------------------------------------------


@router.put("/me/profile", tags=["me"])
def put_profile(body: ProfileIn, me: Mother, uow: UowDep) -> dict[str, Any]:
    return profile_to_json(services.put_profile(uow, me.id, profile_to_domain(body)))


@router.post("/me/clearances", status_code=201, tags=["me"])
def add_clearance(
    body: s.ClearanceCreate, me: Mother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> dict[str, Any]:
    from comeback.domain.model import Clearance

    today = local_today(settings, clock, me)
    clearance = Clearance(body.date, body.by, body.kind or "general", "self")
    services.add_clearance(uow, me.id, clearance, me.id, today, clock())
    return {
        "date": body.date.isoformat(),
        "by": body.by,
        "kind": clearance.kind,
        "entered_by": "self",
    }


@router.post("/me/assessments", status_code=201, tags=["me"])
def add_assessment(
    body: Annotated[AssessmentIn, Body()],
    me: Mother,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> dict[str, Any]:
    today = local_today(settings, clock, me)
    assessment = assessment_to_domain(body)
    services.add_assessment(uow, me.id, assessment, today)
    return assessment_to_json(assessment)


@router.post("/me/symptoms", status_code=201, tags=["me"])
def add_symptom(
    body: s.SymptomCreate, me: Mother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> dict[str, Any]:
    today = local_today(settings, clock, me)
    triage = services.add_symptom(uow, me.id, symptom_to_domain(body), today, body.id)
    return {
        "triage": {
            "level": triage.level,
            "urgent": triage.urgent,
            "reasons": list(triage.reasons),
            "advice": triage.advice,
        }
    }


@router.put("/me/checkins/{on}", tags=["me"])
def put_checkin(
    on: date, body: s.CheckInCreate, me: Mother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> dict[str, Any]:
    if body.date is not None and body.date != on:
        raise InvalidInput(
            "date", body.date.isoformat(), f"no date in the body, or the path's ({on})"
        )
    today = local_today(settings, clock, me)
    checkin = checkin_to_domain(body, on)
    services.put_checkin(uow, me.id, checkin, today)
    return checkin_to_json(checkin)


@router.post("/me/sets", status_code=201, response_model=s.SetPublic, tags=["me"])
def log_set(
    body: s.SetCreate,
    me: Mother,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    response: Response,
) -> s.SetPublic:
    today = local_today(settings, clock, me)
    logged = services.LoggedSet(
        str(body.id), body.date, body.exercise, body.variant, set_to_domain(body)
    )
    stored, created = services.log_set(uow, me.id, logged, today)
    if not created:
        response.status_code = 200
    t = stored.set
    return s.SetPublic(
        id=stored.id,
        date=stored.date,
        exercise=stored.exercise,
        variant=stored.variant,
        reps=t.reps,
        load_kg=t.load_kg,
        band=t.band,
        rir=t.rir,
        form=t.form,
        felt_in=t.felt_in,
    )


@router.get("/me/today", tags=["me"])
def today(
    me: Mother, uow: UowDep, settings: SettingsDep, clock: ClockDep, as_of: AsOf = None
) -> Response:
    day = as_of or local_today(settings, clock, me)
    return Response(services.today_json(uow, me.id, day), media_type="application/json")


@router.get("/me/export", tags=["me"])
def export(
    me: Mother, uow: UowDep, settings: SettingsDep, clock: ClockDep, as_of: AsOf = None
) -> JSONResponse:
    day = as_of or local_today(settings, clock, me)
    return JSONResponse(scenario_to_json(services.export(uow, me.id, day)))


@router.get("/me/export.csv", tags=["me"], response_class=PlainTextResponse)
def export_csv(
    me: Mother,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    table: Table = "sets",
    as_of: AsOf = None,
) -> PlainTextResponse:
    """One table of her history as CSV (sets, checkins, symptoms, assessments, clearances)."""
    day = as_of or local_today(settings, clock, me)
    text = to_csv(services.export(uow, me.id, day), table)
    disposition = f'attachment; filename="comeback-{table}-{day.isoformat()}.csv"'
    return PlainTextResponse(
        text, media_type="text/csv", headers={"Content-Disposition": disposition}
    )


@router.get("/me/progress", tags=["me"])
def my_progress(
    me: Mother, uow: UowDep, settings: SettingsDep, clock: ClockDep, as_of: AsOf = None
) -> JSONResponse:
    """The series the progress page and the report draw: loads, volume, phases, symptoms, food."""
    day = as_of or local_today(settings, clock, me)
    return JSONResponse(
        PROGRESS.dump_python(progress(services.export(uow, me.id, day)), mode="json")
    )


@router.post("/me/import", status_code=201, tags=["me"])
def import_history(
    body: Annotated[dict[str, Any], Body()], me: Mother, uow: UowDep, clock: ClockDep
) -> dict[str, Any]:
    scenario = parse_scenario_data(body)
    services.import_history(uow, me.id, scenario, clock())
    return {"imported": True, "as_of": scenario.as_of.isoformat()}


@router.put("/me/settings", tags=["me"])
def put_settings(body: s.SettingsPut, me: Mother, uow: UowDep) -> dict[str, Any]:
    services.put_settings(
        uow,
        me.id,
        body.stored(),
    )
    return body.model_dump(mode="json", by_alias=True)


@router.delete("/me", status_code=204, tags=["me"])
def delete_me(me: Mother, uow: UowDep) -> Response:
    services.delete_account(uow, me.id)
    return Response(status_code=204)


@router.post("/me/clinicians", status_code=201, response_model=s.ClinicianPublic, tags=["me"])
def share(body: s.InviteAccept, me: Mother, uow: UowDep, clock: ClockDep) -> s.ClinicianPublic:
    clinician = services.accept_invite(uow, me.id, body.invite_code, clock())
    return s.ClinicianPublic(clinician_id=clinician.id, display_name=clinician.display_name)


@router.delete("/me/clinicians/{clinician_id}", status_code=204, tags=["me"])
def unshare(clinician_id: str, me: Mother, uow: UowDep, clock: ClockDep) -> Response:
    services.revoke(uow, me.id, clinician_id, clock())
    return Response(status_code=204)


# ---- the clinician ----------------------------------------------------------------------


@router.post(
    "/clinician/invites", status_code=201, response_model=s.InvitePublic, tags=["clinician"]
)
def invite(me: Clinician, uow: UowDep, clock: ClockDep) -> s.InvitePublic:
    return s.InvitePublic(invite_code=services.create_invite(uow, me.id, clock()))


@router.get("/clinician/clients", response_model=s.ClientsPublic, tags=["clinician"])
def clients(me: Clinician, uow: UowDep, settings: SettingsDep, clock: ClockDep) -> s.ClientsPublic:
    found = services.clients(uow, me.id, server_today(settings, clock))
    data = [s.ClientPublic(**vars(c)) for c in found]
    return s.ClientsPublic(data=data, count=len(data))


@router.get("/clinician/clients/{client_id}/today", tags=["clinician"])
def client_today(
    client_id: str,
    me: Clinician,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    as_of: AsOf = None,
) -> JSONResponse:
    return _decision(
        services.client_today(uow, me.id, client_id, as_of or server_today(settings, clock))
    )


@router.post("/clinician/clients/{client_id}/clearances", status_code=201, tags=["clinician"])
def client_clearance(
    client_id: str,
    body: s.ClearanceCreate,
    me: Clinician,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> dict[str, Any]:
    kind = body.kind or "general"
    services.clinician_clearance(
        uow, me.id, client_id, body.date, body.by, kind, server_today(settings, clock), clock()
    )
    return {"date": body.date.isoformat(), "by": body.by, "kind": kind, "entered_by": "clinician"}


@router.post("/clinician/clients/{client_id}/overrides", status_code=201, tags=["clinician"])
def client_override(
    client_id: str,
    body: s.OverrideCreate,
    me: Clinician,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> dict[str, Any]:
    services.clinician_override(
        uow,
        me.id,
        client_id,
        body.date,
        body.phase,
        body.reason,
        server_today(settings, clock),
        clock(),
    )
    return {
        "date": body.date.isoformat(),
        "phase": body.phase,
        "by": me.display_name,
        "reason": body.reason,
    }


@router.get(
    "/clinician/clients/{client_id}/audit", response_model=s.AuditListPublic, tags=["clinician"]
)
def client_audit(client_id: str, me: Clinician, uow: UowDep) -> s.AuditListPublic:
    rows = services.audit_trail(uow, me.id, client_id)
    data = [s.AuditPublic.model_validate(r) for r in rows]
    return s.AuditListPublic(data=data, count=len(data))


# ---- no account ---------------------------------------------------------------------------


@router.post("/simulate", tags=["engine"])
def simulate(body: Annotated[Any, Body()]) -> JSONResponse:
    """SPEC 3's decision for a scenario; nothing is stored."""
    return _decision(decide(parse_scenario_data(body)))
