"""Landing, registration, login and logout pages."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from comeback import services
from comeback.errors import Unauthorized
from comeback.web.deps import SESSION_COOKIE, ClockDep, UowDep, set_session_cookie
from comeback.web.pages.common import MaybeAccount, home_of, read_form, redirect, validate
from comeback.web.templating import render
from comeback.web.throttle import LoginThrottle, TooManyAttempts

router = APIRouter()

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class RegisterForm(BaseModel):
    display_name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=320, pattern=EMAIL)
    password: str = Field(min_length=8, max_length=200)
    role: Literal["mother", "clinician"] = "mother"


def _safe_next(value: str | None) -> str | None:
    """Only a path on this site (never //host or a scheme): no open redirect."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return None


@router.get("/")
def landing(request: Request, account: MaybeAccount) -> Response:
    if account is not None:
        return redirect(home_of(account))
    return render(request, "landing.html")


@router.get("/register")
def register_page(request: Request, account: MaybeAccount) -> Response:
    if account is not None:
        return redirect(home_of(account))
    role = "clinician" if request.query_params.get("role") == "clinician" else "mother"
    return render(request, "register.html", values={"role": role}, errors={})


@router.post("/register")
async def register(request: Request, uow: UowDep, clock: ClockDep) -> Response:
    data = await read_form(request)
    form, errors = validate(RegisterForm, data)
    if form is None:
        if "email" in errors:
            errors["email"] = "Enter an email address like name@example.com"
        if "password" in errors:
            errors["password"] = "Use at least 8 characters"
        if "display_name" in errors:
            errors["display_name"] = "Enter the name you want to be called"
        data.pop("password", None)
        return render(request, "register.html", 422, values=data, errors=errors)
    services.register(uow, form.email, form.password, form.role, form.display_name, clock())
    try:
        token = services.login(uow, form.email, form.password, clock())
    except Unauthorized:
        # The email had an account already: say nothing more than the login page would.
        return redirect("/login?notice=registered")
    response = redirect("/onboarding" if form.role == "mother" else "/desk")
    set_session_cookie(request, response, token)
    return response


@router.get("/login")
def login_page(request: Request, account: MaybeAccount) -> Response:
    if account is not None:
        return redirect(home_of(account))
    notice = (
        "If this email already had an account, log in with its password."
        if request.query_params.get("notice") == "registered"
        else None
    )
    values = {"next": _safe_next(request.query_params.get("next")) or ""}
    return render(request, "login.html", values=values, errors={}, notice=notice)


@router.post("/login")
async def login(request: Request, uow: UowDep, clock: ClockDep) -> Response:
    data = await read_form(request)
    email, password = data.get("email", "")[:320], data.get("password", "")[:200]
    throttle: LoginThrottle = request.app.state.throttle
    values = {"email": email, "next": _safe_next(data.get("next")) or ""}
    try:
        throttle.check(email, clock())
        token = services.login(uow, email, password, clock())
    except TooManyAttempts as e:
        return render(
            request, "login.html", 429, values=values, errors={"email": str(e)}, notice=None
        )
    except Unauthorized:
        throttle.failed(email, clock())
        errors = {"email": "Email or password is wrong"}
        return render(request, "login.html", 401, values=values, errors=errors, notice=None)
    throttle.succeeded(email)
    account = services.account_for_token(uow, token)
    assert account is not None
    response = redirect(values["next"] or home_of(account))
    set_session_cookie(request, response, token)
    return response


@router.post("/logout")
async def logout(request: Request, uow: UowDep) -> Response:
    await read_form(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        services.logout(uow, token)
    response = redirect("/")
    response.delete_cookie(SESSION_COOKIE)
    return response
