"""What every page handler shares: who is logged in (from the session cookie), reading a
form (CSRF first), turning validation errors into messages beside their fields."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ValidationError

from comeback import services
from comeback.errors import InvalidInput
from comeback.web.csrf import CSRF_FIELD, check_csrf
from comeback.web.deps import SESSION_COOKIE, UowDep

M = TypeVar("M", bound=BaseModel)


class LoginRequired(Exception):
    """No valid session cookie: the app answers with a redirect to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class WrongRole(Exception):
    """A mother on a clinician page or the reverse: sent to her own home page."""

    def __init__(self, home: str) -> None:
        super().__init__(home)
        self.home = home


def home_of(account: services.Account) -> str:
    return {"mother": "/today", "clinician": "/desk"}.get(account.role, "/settings")


def optional_account(request: Request, uow: UowDep) -> services.Account | None:
    token = request.cookies.get(SESSION_COOKIE)
    return services.account_for_token(uow, token) if token else None


MaybeAccount = Annotated[services.Account | None, Depends(optional_account)]


async def page_account(request: Request, account: MaybeAccount) -> services.Account:
    if account is None:
        raise LoginRequired(request.url.path)
    return account


PageAccount = Annotated[services.Account, Depends(page_account)]


def _role(role: str) -> Callable[[services.Account], Awaitable[services.Account]]:
    async def check(account: PageAccount) -> services.Account:
        if account.role != role:
            raise WrongRole(home_of(account))
        return account

    return check


PageMother = Annotated[services.Account, Depends(_role("mother"))]
PageClinician = Annotated[services.Account, Depends(_role("clinician"))]


def redirect(url: str) -> RedirectResponse:
    """303 See Other: after a POST the browser GETs the next page (no re-post on reload)."""
    return RedirectResponse(url, status_code=303)


def login_url(next_path: str) -> str:
    return f"/login?next={quote(next_path)}"


async def read_form(request: Request) -> dict[str, str]:
    """The posted fields as text, after the CSRF check (nothing is read before it)."""
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    return {k: v for k, v in form.multi_items() if isinstance(v, str) and k != CSRF_FIELD}


def field_errors(error: ValidationError) -> dict[str, str]:
    """First message per field, in plain words, keyed by the form field's name."""
    errors: dict[str, str] = {}
    for e in error.errors():
        loc = [str(p) for p in e.get("loc", ())]
        name = loc[0] if loc else "form"
        message = str(e.get("msg", "invalid"))
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        errors.setdefault(name, message)
    return errors


def validate(model: type[M], data: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    try:
        return model.model_validate(data), {}
    except ValidationError as e:
        return None, field_errors(e)


def invalid_input_errors(
    error: InvalidInput, fields: dict[str, str] | None = None
) -> dict[str, str]:
    """A service's InvalidInput (named by the contract's path) as a message on a form field."""
    name = (fields or {}).get(error.path, error.path.split(".")[-1].split("[")[0])
    return {name: f"expected {error.expected}"}


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
