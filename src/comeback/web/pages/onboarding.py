"""Onboarding: her birth and body, her units and country, the self-checks, her clearance.

Everything on the form is checked before anything is stored, so a mistake in the clearance
date never leaves a half-saved profile behind.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from comeback import services
from comeback.domain import model as m
from comeback.domain.phases import MAX_PROGRAM_DAYS
from comeback.scenario import ClearanceIn, ProfileIn, profile_to_domain
from comeback.web.deps import ClockDep, SettingsDep, UowDep, local_today
from comeback.web.pages.common import PageMother, read_form, redirect, validate
from comeback.web.pages.forms import drop_none, from_kg, mass_unit, number, text, to_kg, yes_no
from comeback.web.schemas import SettingsPut
from comeback.web.templating import render

router = APIRouter()

FIELD_OF = {"body_mass_kg": "body_mass"}
MESSAGES = {
    "delivery_date": "Enter the date your baby was born",
    "delivery": "Choose how your baby was born",
    "severe_perineal_tear": "Answer yes or no",
    "body_mass": "Enter your weight as a number (30 to 250 kg, 66 to 550 lb)",
    "breastfeeding": "Choose how you feed your baby",
    "training_background": "Choose how active you were before pregnancy",
    "units": "Choose kg or lb",
    "country": "Choose your country",
    "time_zone": "Enter a time zone such as Europe/London",
    "clearance_date": "Enter the date of your check",
    "clearance_by": "Enter who checked you (for example your GP or midwife)",
}


def _values_from(profile: m.Profile | None, saved: dict[str, str] | None) -> dict[str, str]:
    values: dict[str, str] = {"units": "metric", "country": "GB", "had_check": "no"}
    if saved:
        values.update({k: saved[k] for k in ("units", "country", "time_zone")})
    if profile:
        values.update(
            delivery_date=profile.delivery_date.isoformat(),
            delivery=profile.delivery,
            severe_perineal_tear="yes" if profile.severe_perineal_tear else "no",
            body_mass=from_kg(profile.body_mass_kg, values["units"]),
            breastfeeding=profile.breastfeeding,
            training_background=profile.training_background,
        )
    return values


def _page(
    request: Request,
    me: services.Account,
    values: dict[str, str],
    errors: dict[str, str],
    status: int,
    today: date,
    zone_default: str = "",
) -> Response:
    return render(
        request,
        "onboarding.html",
        status,
        account=me,
        values=values,
        errors=errors,
        today=today.isoformat(),
        mass_unit=mass_unit(values.get("units")),
        zone_default=zone_default,
    )


@router.get("/onboarding")
def onboarding_page(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    saved = services.settings_of(uow, me.id)
    values = _values_from(services.profile_of(uow, me.id), saved)
    # No saved zone yet: the server's default, which the page's script replaces with the
    # phone's own zone (without JavaScript the default stands and can be edited).
    zone_default = "" if saved else settings.default_time_zone
    values.setdefault("time_zone", settings.default_time_zone)
    return _page(request, me, values, {}, 200, local_today(settings, clock, me), zone_default)


@router.post("/onboarding")
async def onboarding(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    data = await read_form(request)
    today = local_today(settings, clock, me)
    units = data["units"] if data.get("units") in ("metric", "imperial") else "metric"
    profile_doc: dict[str, Any] = drop_none(
        {
            "delivery_date": text(data.get("delivery_date")),
            "delivery": text(data.get("delivery")),
            "severe_perineal_tear": yes_no(data.get("severe_perineal_tear")),
            "body_mass_kg": to_kg(number(data.get("body_mass")), units),
            "breastfeeding": text(data.get("breastfeeding")),
            "training_background": text(data.get("training_background")),
        }
    )
    profile_in, errors = validate(ProfileIn, profile_doc)
    errors = {FIELD_OF.get(k, k): MESSAGES.get(FIELD_OF.get(k, k), v) for k, v in errors.items()}
    if profile_in is not None:
        born = profile_in.delivery_date
        if born > today:
            errors["delivery_date"] = "The birth date cannot be after today"
        elif (today - born).days > MAX_PROGRAM_DAYS:
            errors["delivery_date"] = "Comeback follows the first ten years after a birth"
    settings_in, settings_errors = validate(
        SettingsPut,
        {
            "units": data.get("units", ""),
            "country": data.get("country", ""),
            "time_zone": data.get("time_zone", ""),
            "quiet_hours": {"from": "22:00", "to": "07:00"},
        },
    )
    errors.update({k: MESSAGES.get(k, v) for k, v in settings_errors.items()})
    clearance_in = None
    if data.get("had_check") == "yes":
        clearance_in, clearance_errors = validate(
            ClearanceIn,
            drop_none(
                {
                    "date": text(data.get("clearance_date")),
                    "by": text(data.get("clearance_by")),
                    "kind": text(data.get("clearance_kind")) or "general",
                }
            ),
        )
        for k in clearance_errors:
            errors[f"clearance_{k}"] = MESSAGES.get(f"clearance_{k}", clearance_errors[k])
        if (
            clearance_in is not None
            and profile_in is not None
            and not profile_in.delivery_date <= clearance_in.date <= today
        ):
            errors["clearance_date"] = "The check must be between the birth and today"
    if errors or profile_in is None or settings_in is None:
        data["units"] = units
        return _page(request, me, data, errors, 422, today)

    services.put_profile(uow, me.id, profile_to_domain(profile_in))
    services.put_settings(
        uow,
        me.id,
        settings_in.stored(),
    )
    if clearance_in is not None:
        c = clearance_in
        clearance = m.Clearance(c.date, c.by, c.kind or "general", "self")
        services.add_clearance(uow, me.id, clearance, me.id, today, clock())
    return redirect("/today?welcome=1")
