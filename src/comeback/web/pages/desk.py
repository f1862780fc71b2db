"""The clinician's desk: her clients by what needs her, one client's page, and its two forms.

Each handler reads (CSRF first), validates, calls one service and renders or redirects. A
form that fails comes back with 422, the message beside its field and what she typed kept;
nothing is stored unless all of it is valid. A client who is not hers is NotFound (404).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from comeback import desk, services
from comeback.domain.catalogue import load_catalogue
from comeback.domain.model import SetLog
from comeback.errors import Conflict, InvalidInput
from comeback.web.deps import ClockDep, SettingsDep, UowDep, server_today
from comeback.web.pages.common import (
    PageClinician,
    invalid_input_errors,
    read_form,
    redirect,
    validate,
)
from comeback.web.templating import render

router = APIRouter()

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SAVED = {
    "clearance": "Clearance recorded. It counts from the day after its date.",
    "override": "Override recorded, with your reason, in the audit trail below.",
}
LABELS = {  # the desk's tally, in the order of need (domain.attention.RANKS)
    "urgent": "urgent",
    "stop": "stopped",
    "referral": "referral",
    "modify": "modify",
    "confirm_clearance": "clearance to confirm",
    "ready": "ready for the next phase",
    "inactive": "inactive",
    "not_started": "not started",
    "on_track": "on track",
}
PILL_CLASS = {  # colour doubles the words, never replaces them
    "urgent": "level-stop",
    "stop": "level-stop",
    "referral": "level-modify",
    "modify": "level-modify",
    "confirm_clearance": "level-modify",
    "ready": "level-ok",
    "inactive": "muted",
    "not_started": "muted",
    "on_track": "level-ok",
}
PHASE_OPTIONS = [
    ("", "Choose a phase"),
    ("foundation", "Foundation"),
    ("activation", "Activation"),
    ("strengthening", "Strengthening"),
]
KIND_OPTIONS = [
    ("general", "General (for example the six-week check)"),
    ("pelvic_health", "Pelvic health (a pelvic-health physio's review)"),
]


def _day(value: Any) -> date:
    if not isinstance(value, str) or not _ISO_DAY.match(value.strip()):
        raise ValueError("a date")
    return date.fromisoformat(value.strip())


class _Form(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")


class ClearanceForm(_Form):
    clearance_date: date
    clearance_by: str = Field(min_length=1, max_length=500)
    clearance_kind: Literal["general", "pelvic_health"] = "general"

    _date = field_validator("clearance_date", mode="before")(_day)


class OverrideForm(_Form):
    override_date: date
    override_phase: Literal["foundation", "activation", "strengthening"]
    override_reason: str = Field(min_length=1, max_length=2000)

    _date = field_validator("override_date", mode="before")(_day)


NO_PROFILE = "She has not set up her profile (birth date) yet: record this once she has"
FormT = TypeVar("FormT", bound=_Form)
MESSAGES = {
    "clearance_date": "Enter the date of the clearance, for example {today}",
    "clearance_by": "Enter who gave the clearance, for example GP or pelvic-health physio",
    "clearance_kind": "Choose the kind of clearance",
    "override_date": "Enter the date the phase starts, for example {today}",
    "override_phase": "Choose the phase she moves to",
    "override_reason": "Enter your reason: it is kept in her audit trail",
}


def _refused(error: InvalidInput, fields: dict[str, str]) -> dict[str, str]:
    """A service's refusal beside the form field it names, with what it needs."""
    return {
        name: f"{error.got} does not work here: expected {error.expected}"
        for name in invalid_input_errors(error, fields)
    }


def _messages(errors: dict[str, str], today: date) -> dict[str, str]:
    return {
        name: MESSAGES.get(name, message).format(today=today.isoformat())
        for name, message in errors.items()
    }


def _names() -> dict[str, Any]:
    """Catalogue names for the template: exercise_name(id), variant_name(id, variant)."""
    catalogue = load_catalogue()

    def exercise_name(exercise_id: str) -> str:
        return catalogue[exercise_id].name if exercise_id in catalogue else exercise_id

    def variant_name(exercise_id: str, variant_id: str) -> str:
        try:
            return catalogue[exercise_id].variant(variant_id).name
        except KeyError:
            return variant_id

    return {"exercise_name": exercise_name, "variant_name": variant_name, "runs": _runs}


def _runs(sets: Sequence[SetLog]) -> list[tuple[int, SetLog]]:
    """Equal sets in a row counted once: three of "19 reps, good form" read as 3 x that."""
    found: list[tuple[int, SetLog]] = []
    for one in sets:
        if found and found[-1][1] == one:
            found[-1] = (found[-1][0] + 1, one)
        else:
            found.append((1, one))
    return found


# ---- the list -----------------------------------------------------------------------------


def _index(
    request: Request,
    me: services.Account,
    uow: UowDep,
    today: date,
    status_code: int = 200,
    invite_code: str | None = None,
) -> Response:
    rows = desk.desk(uow, me.id, today)
    tally: dict[str, int] = {}
    for row in rows:
        tally[row.attention.code] = tally.get(row.attention.code, 0) + 1
    return render(
        request,
        "desk/index.html",
        status_code,
        account=me,
        rows=rows,
        tally=tally,
        labels=LABELS,
        pill_class=PILL_CLASS,
        today=today,
        invite_code=invite_code,
    )


@router.get("/desk")
def desk_page(
    request: Request, me: PageClinician, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    return _index(request, me, uow, server_today(settings, clock))


@router.post("/desk/invites")
async def invite(
    request: Request, me: PageClinician, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    """A new invitation code, shown once on the desk with the words to give her."""
    await read_form(request)
    code = services.create_invite(uow, me.id, clock())
    return _index(request, me, uow, server_today(settings, clock), invite_code=code)


# ---- one client ---------------------------------------------------------------------------


def _client(
    request: Request,
    me: services.Account,
    uow: UowDep,
    client_id: str,
    today: date,
    status_code: int = 200,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    view = desk.client_page(uow, me.id, client_id, today)
    defaults = {
        "clearance_date": today.isoformat(),
        "clearance_kind": "general",
        "override_date": today.isoformat(),
    }
    saved = SAVED.get(request.query_params.get("saved", "")) if status_code == 200 else None
    return render(
        request,
        "desk/client.html",
        status_code,
        account=me,
        view=view,
        d=view.decision,
        values={**defaults, **(values or {})},
        errors=errors or {},
        saved=saved,
        pill_class=PILL_CLASS,
        phase_options=PHASE_OPTIONS,
        kind_options=KIND_OPTIONS,
        **_names(),
    )


@router.get("/desk/clients/{client_id}")
def client_page(
    client_id: str,
    request: Request,
    me: PageClinician,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    return _client(request, me, uow, client_id, server_today(settings, clock))


async def _record(
    request: Request,
    me: services.Account,
    uow: UowDep,
    client_id: str,
    today: date,
    form_model: type[FormT],
    save: Callable[[FormT], None],
) -> Response:
    """Validate the form, then save it whole, or show it again with the errors beside it.

    The field names carry the form's prefix ("clearance_", "override_"): both forms share a
    page, and a service's refusal of `date` lands beside that form's own date field."""
    data = await read_form(request)
    prefix = form_model.__name__.removesuffix("Form").lower() + "_"
    form, errors = validate(form_model, data)
    if form is None:
        return _client(request, me, uow, client_id, today, 422, data, _messages(errors, today))
    try:
        save(form)
    except InvalidInput as e:
        fields = {name: prefix + name for name in ("date", "by", "kind", "phase", "reason")}
        return _client(request, me, uow, client_id, today, 422, data, _refused(e, fields))
    except Conflict:  # no profile yet: nothing to date it against
        errors = {prefix + "date": NO_PROFILE}
        return _client(request, me, uow, client_id, today, 409, data, errors)
    return redirect(f"/desk/clients/{client_id}?saved={prefix[:-1]}#saved")


@router.post("/desk/clients/{client_id}/clearances")
async def record_clearance(
    client_id: str,
    request: Request,
    me: PageClinician,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    today = server_today(settings, clock)

    def save(form: ClearanceForm) -> None:
        services.clinician_clearance(
            uow,
            me.id,
            client_id,
            form.clearance_date,
            form.clearance_by,
            form.clearance_kind,
            today,
            clock(),
        )

    return await _record(request, me, uow, client_id, today, ClearanceForm, save)


@router.post("/desk/clients/{client_id}/overrides")
async def record_override(
    client_id: str,
    request: Request,
    me: PageClinician,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    today = server_today(settings, clock)

    def save(form: OverrideForm) -> None:
        services.clinician_override(
            uow,
            me.id,
            client_id,
            form.override_date,
            form.override_phase,
            form.override_reason,
            today,
            clock(),
        )

    return await _record(request, me, uow, client_id, today, OverrideForm, save)
