"""Today: the phase and what is left before the next one, the session as cards, logging.

Logging a set is one tap: the form comes filled with the prescription, each render carries
a fresh client-made id, so a double tap or a re-sent form stores the set once (SPEC 5's
idempotent POST /me/sets, through the same service).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from comeback import services
from comeback.domain import decide
from comeback.domain import model as m
from comeback.domain.catalogue import Exercise, load_catalogue
from comeback.domain.phases import CLEARANCE_MIN_DAYS
from comeback.domain.prescription import CAP_WORDS
from comeback.errors import Conflict, InvalidInput
from comeback.scenario import SetIn, set_to_domain
from comeback.web.deps import ClockDep, SettingsDep, UowDep, local_today
from comeback.web.learn import LESSON_FOR
from comeback.web.pages.common import PageMother, parse_day, read_form, redirect, validate
from comeback.web.pages.forms import drop_none, from_kg, mass_unit, number, text, to_kg
from comeback.web.templating import render

router = APIRouter()

PHASE_WORDS = {
    "foundation": "Foundation: deep core and pelvic floor",
    "activation": "Activation: waking up your glutes",
    "strengthening": "Strengthening: getting strong",
    "paused": "Paused: training is on hold",
}
# Rest between sets, by phase. SPEC 3.5 (product rule): low-load phases rest briefly, the
# loaded strength work of the strengthening phase about 90 s (NSCA hypertrophy/endurance range).
REST_S = {"foundation": 30, "activation": 45, "strengthening": 90, "paused": 0}
FELT = [
    ("glutes", "Glutes"),
    ("hamstrings", "Back of thighs"),
    ("low_back", "Low back"),
    ("quads", "Front of thighs"),
    ("other", "Somewhere else"),
]
FORM = [("good", "Good"), ("ok", "OK"), ("poor", "Poor")]


@dataclass(frozen=True)
class Card:
    """One prescribed exercise as the page shows it: the engine's plan plus catalogue words."""

    item: m.Prescribed
    exercise: Exercise
    variant_name: str
    reps_text: str
    load_text: str
    done: tuple[m.SetLog, ...]
    form_values: dict[str, str]


def _reps_text(item: m.Prescribed, exercise: Exercise) -> str:
    reps = item.reps if isinstance(item.reps, int) else f"{item.reps[0]}-{item.reps[1]}"
    side = " each side" if exercise.per_side else ""
    hold = f", hold {item.hold_s} s" if item.hold_s else ""
    return f"{item.sets} × {reps} {exercise.unit}{side}{hold}"


def _load_text(item: m.Prescribed, units: str | None) -> str:
    if item.load_kg:
        return f"{from_kg(item.load_kg, units)} {mass_unit(units)}"
    if item.band:
        return f"{item.band} band"
    return "body weight"


def cards(decision: m.Decision, scenario: m.Scenario, units: str | None) -> list[Card]:
    catalogue = load_catalogue()
    today = next((s for s in scenario.sessions if s.date == decision.as_of), None)
    found = []
    for item in decision.today.exercises:
        exercise = catalogue.exercises[item.exercise]
        done = tuple(
            s
            for entry in (today.exercises if today else ())
            if entry.exercise == item.exercise
            for s in entry.sets
        )
        low = item.reps if isinstance(item.reps, int) else item.reps[0]
        found.append(
            Card(
                item,
                exercise,
                exercise.variant(item.variant).name,
                _reps_text(item, exercise),
                _load_text(item, units),
                done,
                {
                    "id": str(uuid.uuid4()),
                    "reps": str(low),
                    "load": from_kg(item.load_kg, units),
                    "band": item.band or "",
                    "form": "good",
                },
            )
        )
    return found


def _view(request: Request, me: services.Account, uow: Any, today: date, **extra: Any) -> Response:
    try:
        scenario = services.export(uow, me.id, today)
    except Conflict:
        return redirect("/onboarding")
    decision = decide(scenario)
    yesterday = today - timedelta(days=1)
    trained_yesterday = any(s.date == yesterday for s in scenario.sessions)
    six_weeks = scenario.profile.delivery_date + timedelta(days=CLEARANCE_MIN_DAYS)
    return render(
        request,
        "today.html",
        extra.pop("status", 200),
        account=me,
        d=decision,
        cards=cards(decision, scenario, me.units),
        phase_words=PHASE_WORDS,
        cap_words=CAP_WORDS,
        rest_s=REST_S[decision.phase],
        felt=FELT,
        forms=FORM,
        units=me.units,
        mass_unit=mass_unit(me.units),
        cleared=bool(scenario.clearances),
        lesson_for=LESSON_FOR,
        six_weeks=six_weeks,
        trained_yesterday=trained_yesterday,
        errors=extra.pop("errors", {}),
        failed=extra.pop("failed", None),
        query=request.query_params,
        **extra,
    )


@router.get("/today")
def today_page(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    return _view(request, me, uow, local_today(settings, clock, me))


@router.post("/today/sets")
async def log_set(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    data = await read_form(request)
    today = local_today(settings, clock, me)
    exercise = data.get("exercise", "")
    set_doc = drop_none(
        {
            "reps": number(data.get("reps")),
            "load_kg": to_kg(number(data.get("load")), me.units),
            "band": text(data.get("band")),
            "rir": number(data.get("rir")),
            "form": text(data.get("form")),
            "felt_in": text(data.get("felt_in")),
        }
    )
    set_in, errors = validate(SetIn, set_doc)
    words = {
        "reps": "Enter how many reps you did (0 to 200)",
        "load_kg": f"Enter the weight in {mass_unit(me.units)} (or leave it empty)",
        "form": "Choose how your form felt",
        "felt_in": "Choose where you felt it",
        "band": "Choose a band",
        "rir": "Enter reps left in the tank, 0 to 10",
    }
    errors = {("load" if k == "load_kg" else k): words.get(k, v) for k, v in errors.items()}
    known = load_catalogue().exercises.get(exercise)
    if known is None or data.get("variant") not in {v.id for v in known.variants}:
        errors["form"] = "This exercise is not in today's plan: reload the page"
    try:
        set_id = str(uuid.UUID(data.get("id", "")))
    except ValueError:
        errors["form"] = "This form is out of date: reload the page and log the set again"
        set_id = ""
    if set_in is not None and not errors:
        try:
            on = min(parse_day(data.get("date")) or today, today)  # kept offline: its own day
            logged = services.LoggedSet(
                set_id, on, exercise, data.get("variant", ""), set_to_domain(set_in)
            )
            services.log_set(uow, me.id, logged, today)
        except InvalidInput as e:
            errors["reps"] = f"This set could not be saved: expected {e.expected}"
        else:
            return redirect(f"/today?logged={exercise}#card-{exercise}")
    return _view(request, me, uow, today, status=422, errors=errors, failed=(exercise, data))


@router.get("/today/follow/{exercise}")
def follow_along(
    exercise: str,
    request: Request,
    me: PageMother,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    """Timed holds and counted reps with big numbers and beeps, screen kept awake."""
    today = local_today(settings, clock, me)
    try:
        scenario = services.export(uow, me.id, today)
    except Conflict:
        return redirect("/onboarding")
    decision = decide(scenario)
    found = [c for c in cards(decision, scenario, me.units) if c.item.exercise == exercise]
    if not found:
        return redirect("/today")
    return render(
        request,
        "follow.html",
        account=me,
        card=found[0],
        felt=FELT,
        forms=FORM,
        mass_unit=mass_unit(me.units),
        tempo=found[0].exercise.tempo,
    )
