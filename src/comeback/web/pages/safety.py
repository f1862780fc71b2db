"""'Something feels wrong', the stop screens and the ten-second check.

A report is stored first and the screen follows from the engine's triage after it, so what
she sees is exactly what the API and the clinician see. A stop sign gets its own screen:
the sign in plain words, what to do now, the numbers for her country, and a large-text
version to show the person with her.
"""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from comeback import services
from comeback.domain import model as m
from comeback.domain.catalogue import load_catalogue
from comeback.domain.safety import PAIN_STOP_SEVERITY, SYMPTOM_CODES, severity_of
from comeback.errors import Conflict, NotFound
from comeback.web import signs
from comeback.web.deps import ClockDep, SettingsDep, UowDep, local_today
from comeback.web.pages.common import PageMother, parse_day, read_form, redirect
from comeback.web.templating import render

router = APIRouter()

# Order of how much a sign needs attention, for "which screen first" after a check.
RANK = {"urgent": 0, "pelvic_floor": 1, "stop": 2, "modify": 3, None: 4}


def client_id(data: dict[str, str]) -> str | None:
    """The form's client-made id (a fresh UUID per render), so a report sent again (a double
    tap, or the phone replaying what it kept offline) is stored once; None if absent."""
    try:
        return str(uuid.UUID(data.get("id", "")))
    except ValueError:
        return None


def reported_on(data: dict[str, str], today: date) -> date:
    """The day she reported it: a report kept offline carries its own day, else today."""
    return min(parse_day(data.get("date")) or today, today)


def _after(found: list[m.Symptom]) -> Response:
    """The stop screen of the most serious stop sign, or today with a note."""
    ranked = sorted(found, key=lambda s: RANK[severity_of(s)])
    if ranked and severity_of(ranked[0]) in ("urgent", "pelvic_floor", "stop"):
        return redirect(f"/stop/{ranked[0].code}")
    if ranked:
        return redirect(f"/today?noted={ranked[0].code}")
    return redirect("/today?checked=1")


@router.get("/wrong")
def wrong_page(request: Request, me: PageMother, uow: UowDep) -> Response:
    exercises = sorted((e.id, e.name) for e in load_catalogue().exercises.values())
    return render(
        request,
        "wrong.html",
        account=me,
        groups=signs.signs_by_group(),
        values={"id": str(uuid.uuid4())},
        errors={},
        exercises=exercises,
    )


@router.post("/wrong")
async def wrong(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    data = await read_form(request)
    today = local_today(settings, clock, me)
    errors: dict[str, str] = {}
    code = data.get("code", "")
    if code not in SYMPTOM_CODES:
        errors["code"] = "Choose what you feel"
    during: m.During = "exercise" if data.get("during") == "exercise" else "daily_life"
    catalogue = load_catalogue().exercises
    exercise = data.get("exercise") or None
    if during == "exercise" and exercise not in catalogue:
        errors["exercise"] = "Choose the exercise you were doing"
    severity = None
    if code in ("pelvic_pain", "back_pain"):
        raw = data.get("severity", "")
        if not raw.isdigit() or not 1 <= int(raw) <= 10:
            errors["severity"] = "Choose how bad the pain is, 1 to 10"
        else:
            severity = int(raw)
    if errors:
        exercises = sorted((e.id, e.name) for e in catalogue.values())
        return render(
            request,
            "wrong.html",
            422,
            account=me,
            groups=signs.signs_by_group(),
            values=data,
            errors=errors,
            exercises=exercises,
        )
    on = reported_on(data, today)
    symptom = m.Symptom(on, code, during, exercise if during == "exercise" else None, severity)
    try:
        services.add_symptoms(uow, me.id, [symptom], today, client_id(data))
    except Conflict:
        return redirect("/onboarding")
    return _after([symptom])


@router.get("/stop/{code}")
def stop_screen(code: str, request: Request, me: PageMother, uow: UowDep) -> Response:
    if code not in SYMPTOM_CODES:
        raise NotFound("no such sign")
    contacts = signs.contacts(me.country)
    sign = signs.sign(code)
    return render(
        request,
        "stop.html",
        account=me,
        sign=signs.filled(sign, contacts),
        calls=signs.calls(sign, contacts),
        contacts=contacts,
        stops=severity_of(m.Symptom(date.min, code, "daily_life", None, 10)) != "modify",
        partner=request.query_params.get("partner") == "1",
    )


def check_symptoms(data: dict[str, str], today: date) -> tuple[list[m.Symptom], dict[str, str]]:
    """The ten-second check's answers as symptom reports (nothing for 'no')."""
    errors: dict[str, str] = {}
    found: list[m.Symptom] = []
    for name in ("leak", "heaviness", "doming"):
        if data.get(name) not in ("yes", "no"):
            errors[name] = "Answer yes or no"
    if data.get("bleeding") not in ("none", "light", "returned", "heavy"):
        errors["bleeding"] = "Choose one"
    pain = data.get("pain", "0")
    if not pain.isdigit() or int(pain) > 10:
        errors["pain"] = "Choose a number from 0 to 10"
    elif int(pain) > 0 and data.get("pain_where") not in ("pelvic_pain", "back_pain"):
        errors["pain_where"] = "Choose where it hurts"
    if errors:
        return [], errors
    during: m.During = "exercise" if data.get("when") == "after" else "daily_life"

    def add(code: str, severity: int | None = None) -> None:
        found.append(m.Symptom(today, code, during, None, severity))

    if data["leak"] == "yes":
        add("urine_leak")
    if data["heaviness"] == "yes":
        add("vaginal_heaviness_bulge")
    if data["doming"] == "yes":
        add("doming")
    if data["bleeding"] == "heavy":
        add("heavy_bleeding")
    elif data["bleeding"] == "returned":
        add("bleeding_returns")
    if int(pain) > 0:
        add(data["pain_where"], int(pain))
    return found, errors


@router.get("/check")
def check_page(request: Request, me: PageMother) -> Response:
    when = request.query_params.get("when", "morning")
    return render(
        request,
        "check.html",
        account=me,
        values={"when": when, "pain": "0", "id": str(uuid.uuid4())},
        errors={},
        pain_stop=PAIN_STOP_SEVERITY,
    )


@router.post("/check")
async def check(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    data = await read_form(request)
    today = local_today(settings, clock, me)
    found, errors = check_symptoms(data, reported_on(data, today))
    if errors:
        return render(
            request,
            "check.html",
            422,
            account=me,
            values=data,
            errors=errors,
            pain_stop=PAIN_STOP_SEVERITY,
        )
    try:
        services.add_symptoms(uow, me.id, found, today, client_id(data))
    except Conflict:
        return redirect("/onboarding")
    return _after(found)
