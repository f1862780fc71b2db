"""Settings: units, country, time zone and quiet hours; sharing with her physio; her data
(export and erase). Erasing asks her to type a word, so it is never one stray tap."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from comeback import calendar_service, digests, services
from comeback.errors import NotFound
from comeback.web.deps import SESSION_COOKIE, ClockDep, SettingsDep, UowDep
from comeback.web.pages.common import PageAccount, PageMother, read_form, redirect, validate
from comeback.web.schemas import SettingsPut
from comeback.web.templating import render

router = APIRouter()

COUNTRIES = [
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("US", "United States"),
    ("CA", "Canada"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("NL", "Netherlands"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("BE", "Belgium"),
    ("AT", "Austria"),
    ("SE", "Sweden"),
    ("DK", "Denmark"),
    ("FI", "Finland"),
    ("PT", "Portugal"),
    ("PL", "Poland"),
]
WORDS = {
    "units": "Choose kg or lb",
    "country": "Choose your country",
    "time_zone": "Enter a time zone such as Europe/London",
    "quiet_hours": "Enter times as HH:MM, for example 22:00",
}


def _page(
    request: Request,
    me: services.Account,
    uow: UowDep,
    settings: SettingsDep,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    **extra: object,
) -> Response:
    extra = {
        "saved": None,
        "share_error": None,
        "share_value": "",
        "delete_error": None,
        "calendar_url": None,
        "calendar_webcal": None,
        **extra,
    }
    if me.role != "mother":
        return render(
            request,
            "settings.html",
            status,
            account=me,
            values={},
            errors={},
            countries=COUNTRIES,
            clinicians=[],
            calendar_since=None,
            digest_weekly=False,
            **extra,
        )
    saved = services.settings_of(uow, me.id) or {
        "units": "metric",
        "country": "GB",
        "time_zone": settings.default_time_zone,
        "quiet_from": "22:00",
        "quiet_to": "07:00",
    }
    return render(
        request,
        "settings.html",
        status,
        account=me,
        values=values if values is not None else saved,
        errors=errors or {},
        countries=COUNTRIES,
        clinicians=services.my_clinicians(uow, me.id),
        calendar_since=calendar_service.feed_created(uow, me.id),
        digest_weekly=digests.digest_of(uow, me.id),
        **extra,
    )


def settings_page_for(
    request: Request, me: services.Account, uow: UowDep, settings: SettingsDep, **extra: object
) -> Response:
    """The settings page with extra values (the calendar link, just made)."""
    return _page(request, me, uow, settings, None, None, 200, **extra)


@router.get("/settings")
def settings_page(
    request: Request, me: PageAccount, uow: UowDep, settings: SettingsDep
) -> Response:
    saved = request.query_params.get("saved")
    return _page(request, me, uow, settings, saved=saved)


@router.post("/settings")
async def save_settings(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep
) -> Response:
    data = await read_form(request)
    body, errors = validate(
        SettingsPut,
        {
            "units": data.get("units", ""),
            "country": data.get("country", ""),
            "time_zone": data.get("time_zone", "").strip(),
            "quiet_hours": {"from": data.get("quiet_from", ""), "to": data.get("quiet_to", "")},
        },
    )
    if body is None:
        errors = {k: WORDS.get(k, v) for k, v in errors.items()}
        if "quiet_hours" in errors:
            errors["quiet_from"] = errors.pop("quiet_hours")
        return _page(request, me, uow, settings, data, errors, 422)
    services.put_settings(
        uow,
        me.id,
        body.stored(),
    )
    return redirect("/settings?saved=settings")


@router.post("/settings/digest")
async def save_digest(request: Request, me: PageMother, uow: UowDep) -> Response:
    """The weekly email digest: on when the box is ticked, off otherwise."""
    data = await read_form(request)
    digests.set_digest(uow, me.id, data.get("digest_weekly") == "on")
    return redirect("/settings?saved=digest")


@router.post("/settings/share")
async def share(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    data = await read_form(request)
    code = data.get("invite_code", "").strip()[:64]
    try:
        if not code:
            raise NotFound("enter the code your physio gave you")
        services.accept_invite(uow, me.id, code, clock())
    except NotFound as e:
        return _page(
            request,
            me,
            uow,
            settings,
            status=422,
            share_error=str(e).capitalize(),
            share_value=code,
        )
    return redirect("/settings?saved=shared")


@router.post("/settings/revoke/{clinician_id}")
async def revoke(
    clinician_id: str, request: Request, me: PageMother, uow: UowDep, clock: ClockDep
) -> Response:
    await read_form(request)
    services.revoke(uow, me.id, clinician_id, clock())
    return redirect("/settings?saved=revoked")


@router.post("/settings/delete")
async def delete(request: Request, me: PageAccount, uow: UowDep, settings: SettingsDep) -> Response:
    data = await read_form(request)
    if data.get("confirm", "").strip().upper() != "DELETE":
        return _page(request, me, uow, settings, status=422, delete_error="Type DELETE to confirm")
    services.delete_account(uow, me.id)
    response = redirect("/?deleted=1")
    response.delete_cookie(SESSION_COOKIE)
    return response
