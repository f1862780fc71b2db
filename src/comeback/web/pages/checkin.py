"""The daily check-in: sleep, stress, water, protein per meal, posture, mood.

Streaks count what she did, never what she missed: "5 of the last 7 days", no broken
chains. The mood questions are the Whooley questions (NICE CG192); a yes is never a pause,
it brings a referral to her GP or health visitor (SPEC 3.3).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from comeback import services
from comeback.domain import decide
from comeback.domain import model as m
from comeback.errors import Conflict
from comeback.scenario import CheckInIn, checkin_to_domain
from comeback.web.deps import ClockDep, SettingsDep, UowDep, local_today
from comeback.web.pages.common import PageMother, parse_day, read_form, redirect, validate
from comeback.web.pages.forms import (
    ML_PER_FL_OZ,
    drop_none,
    number,
    water_text,
    yes_no,
)
from comeback.web.templating import render

router = APIRouter()

MEALS = 5  # fields for protein per meal; SPEC 3.6 asks for protein at every meal
WATER_STEPS_ML = (250, 500)  # quick-add buttons (a glass, a bottle)
BOOLS = ("carried_baby_one_side", "hunched_feeding", "felt_down", "little_interest")
WORDS = {
    "sleep_h": "Enter hours of sleep, 0 to 24",
    "stress": "Choose a stress level from 1 to 5",
    "water_ml": "Enter how much you drank",
    "protein_g_by_meal": "Enter grams of protein as numbers, 0 to 300",
}


def _values(c: m.CheckIn | None, units: str | None) -> dict[str, str]:
    if c is None:
        return {}
    values = {
        "sleep_h": "" if c.sleep_h is None else f"{c.sleep_h:g}",
        "stress": "" if c.stress is None else str(c.stress),
        "water": "" if c.water_ml is None else _water_in_units(c.water_ml, units),
    }
    for i, grams in enumerate(c.protein_g_by_meal or ()):
        values[f"meal{i + 1}"] = f"{grams:g}"
    for name in BOOLS:
        answer = getattr(c, name)
        values[name] = "" if answer is None else ("yes" if answer else "no")
    return values


def _water_in_units(ml: float, units: str | None) -> str:
    return f"{ml / ML_PER_FL_OZ:.0f}" if units == "imperial" else f"{ml:.0f}"


def _water_ml(value: Any, units: str | None) -> Any:
    if units == "imperial" and isinstance(value, int | float):
        return round(value * ML_PER_FL_OZ)
    return value


def _page(
    request: Request,
    me: services.Account,
    scenario: m.Scenario,
    day: date,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    decision = decide(scenario)
    last7 = {day - timedelta(days=i) for i in range(7)}
    checked = sorted(c.date for c in scenario.checkins if c.date in last7)
    meals_hit = sum(
        1
        for c in scenario.checkins
        if c.date in last7
        for g in (c.protein_g_by_meal or ())
        if g >= decision.targets.protein_g_per_meal
    )
    return render(
        request,
        "checkin.html",
        status,
        account=me,
        day=day,
        values=values,
        errors=errors,
        targets=decision.targets,
        habits=decision.habits,
        meals=MEALS,
        water_steps=WATER_STEPS_ML,
        water_unit="fl oz" if me.units == "imperial" else "ml",
        water_target=water_text(decision.targets.water_ml_day, me.units),
        days_checked=len(checked),
        meals_hit=meals_hit,
    )


@router.get("/checkin")
def checkin_page(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    today = local_today(settings, clock, me)
    day = parse_day(request.query_params.get("date")) or today
    day = min(day, today)
    try:
        scenario = services.export(uow, me.id, today)
    except Conflict:
        return redirect("/onboarding")
    stored = next((c for c in scenario.checkins if c.date == day), None)
    return _page(request, me, scenario, day, _values(stored, me.units), {})


@router.post("/checkin")
async def checkin(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    data = await read_form(request)
    today = local_today(settings, clock, me)
    day = parse_day(data.get("date")) or today
    water = number(data.get("water"))
    add = number(data.get("add_water"))
    if isinstance(add, int) and add in WATER_STEPS_ML:
        water = (water if isinstance(water, int | float) else 0) + (
            round(add / ML_PER_FL_OZ) if me.units == "imperial" else add
        )
        data["water"] = f"{water:g}"
    meals = [number(data.get(f"meal{i + 1}")) for i in range(MEALS)]
    doc: dict[str, Any] = drop_none(
        {
            "sleep_h": number(data.get("sleep_h")),
            "stress": number(data.get("stress")),
            "water_ml": _water_ml(water, me.units),
            "protein_g_by_meal": [g for g in meals if g is not None] or None,
            **{name: yes_no(data.get(name)) for name in BOOLS},
        }
    )
    checkin_in, errors = validate(CheckInIn, {"date": day.isoformat(), **doc})
    errors = {k: WORDS.get(k, "Answer yes or no") for k in errors}
    if "water_ml" in errors:
        errors["water"] = errors.pop("water_ml")
    if "protein_g_by_meal" in errors:
        errors["meal1"] = errors.pop("protein_g_by_meal")
    try:
        scenario = services.export(uow, me.id, today)
    except Conflict:
        return redirect("/onboarding")
    if not scenario.profile.delivery_date <= day <= today:
        errors["date"] = "Choose a day between the birth and today"
    if errors or checkin_in is None:
        return _page(request, me, scenario, day, data, errors, 422)
    services.put_checkin(uow, me.id, checkin_to_domain(checkin_in), today)
    return redirect(f"/checkin?date={day.isoformat()}&saved=1")
