"""API bodies and answers (SPEC 5): `XCreate` in, `XPublic` out, lists as `{data, count}`.

The scenario's own models (comeback.scenario) are reused wherever SPEC 5 says "one scenario
X", so a symptom is validated the same way in a file and in a request.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from comeback.domain.catalogue import load_catalogue
from comeback.domain.safety import PAIN_CODES
from comeback.scenario import CheckInIn, Day, SetIn, SymptomIn, _catalogue_id


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class RegisterCreate(_Body):
    email: str = Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    password: str = Field(min_length=8, max_length=200)
    role: Literal["mother", "clinician"]
    display_name: str = Field(min_length=1, max_length=200)


class AccountPublic(BaseModel):
    id: str
    email: str
    role: str


class TokenCreate(_Body):
    email: str = Field(max_length=320)
    password: str = Field(max_length=200)


class TokenPublic(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"


class ClearanceCreate(_Body):
    date: Day
    by: str = Field(min_length=1, max_length=500, pattern=r"\S")  # SPEC 1: by whom
    kind: Literal["general", "pelvic_health"] | None = None


class SymptomCreate(SymptomIn):
    # Optional client-made id (issue 7): a report sent again with the same id is stored once.
    id: str | None = Field(default=None, min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$")

    @model_validator(mode="after")
    def _needs(self) -> SymptomCreate:
        if self.during == "exercise" and self.exercise is None:
            raise PydanticCustomError("missing", "exercise is required when during is 'exercise'")
        if self.code in PAIN_CODES and self.severity is None:
            raise PydanticCustomError(
                "missing", "severity (0-10) is required for {code}", {"code": self.code}
            )
        return self


class CheckInCreate(CheckInIn):
    """A check-in without its date: the date is in the path."""

    date: Day | None = None  # type: ignore[assignment]


class SetCreate(SetIn):
    id: uuid.UUID
    date: Day
    exercise: str
    variant: str

    @field_validator("id", mode="before")
    @classmethod
    def _uuid_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return uuid.UUID(value)
            except ValueError:
                raise PydanticCustomError("uuid", "expected a UUID made by the client") from None
        return value

    @field_validator("exercise")
    @classmethod
    def _exercise(cls, value: str) -> str:
        return _catalogue_id(value)

    @model_validator(mode="after")
    def _ladder(self) -> SetCreate:
        ex = load_catalogue()[self.exercise]
        ids = [v.id for v in ex.variants]
        if self.variant not in ids:
            raise PydanticCustomError(
                "variant", "variant must be one of: {ids}", {"ids": ", ".join(ids)}
            )
        load = ex.variant(self.variant).load
        if (load in ("dumbbell", "barbell")) != (self.load_kg is not None):
            raise PydanticCustomError(
                "load_kg", "load_kg is required on dumbbell and barbell variants, absent otherwise"
            )
        if (load == "band") != (self.band is not None):
            raise PydanticCustomError(
                "band", "band is required on banded variants, absent otherwise"
            )
        return self


class SetPublic(BaseModel):
    id: str
    date: date
    exercise: str
    variant: str
    reps: int
    load_kg: float | None
    band: str | None
    rir: int | None
    form: str
    felt_in: str | None


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class QuietHours(_Body):
    from_: str = Field(alias="from", pattern=_HHMM.pattern)
    to: str = Field(pattern=_HHMM.pattern)


class SettingsPut(_Body):
    units: Literal["metric", "imperial"]
    country: str = Field(pattern=r"^[A-Z]{2}$")
    time_zone: str
    quiet_hours: QuietHours

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if value not in available_timezones():
            raise PydanticCustomError(
                "time_zone", "expected an IANA time zone such as Europe/London"
            )
        return value

    def stored(self) -> dict[str, str]:
        """The row's values (services.put_settings), from the API, onboarding or settings."""
        return {
            "units": self.units,
            "country": self.country,
            "time_zone": self.time_zone,
            "quiet_from": self.quiet_hours.from_,
            "quiet_to": self.quiet_hours.to,
        }


class InviteAccept(_Body):
    invite_code: str = Field(min_length=1, max_length=64)


class InvitePublic(BaseModel):
    invite_code: str


class ClinicianPublic(BaseModel):
    clinician_id: str
    display_name: str


class ClientPublic(BaseModel):
    client_id: str
    display_name: str
    phase: str | None
    triage_level: str | None
    gate_open: bool
    last_active: date | None


class ClientsPublic(BaseModel):
    data: list[ClientPublic]
    count: int


class OverrideCreate(_Body):
    date: Day
    phase: Literal["foundation", "activation", "strengthening"]
    reason: str = Field(min_length=1, max_length=2000, pattern=r"\S")


class AuditPublic(BaseModel):
    at: datetime
    actor_id: str
    action: str
    detail: dict[str, Any]


class AuditListPublic(BaseModel):
    data: list[AuditPublic]
    count: int
