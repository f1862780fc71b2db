"""Request dependencies as Annotated aliases: the unit of work, the clock, who is asking.

Those that do no I/O are `async def`, so FastAPI runs them on the event loop instead of
hopping to a worker thread for each (several hops per request were most of the cost of
logging a set); the ones that query the database stay sync and run in the threadpool.

Credentials are a bearer token (API) or the session cookie (pages); either resolves to one
account, and the role aliases answer 403 for the wrong role, in one place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from comeback import services
from comeback.errors import Forbidden, Unauthorized
from comeback.persistence.uow import UnitOfWork
from comeback.settings import Settings

SESSION_COOKIE = "comeback_session"
_bearer = HTTPBearer(auto_error=False)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    """The session cookie for pages: HttpOnly, SameSite=Lax, Secure over HTTPS, 30 days."""
    settings: Settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies or request.url.scheme == "https",
        max_age=60 * 60 * 24 * 30,
    )


async def get_uow(request: Request) -> UnitOfWork:
    return UnitOfWork(request.app.state.sessions)


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def get_clock(request: Request) -> Callable[[], datetime]:
    return request.app.state.clock  # type: ignore[no-any-return]


UowDep = Annotated[UnitOfWork, Depends(get_uow)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ClockDep = Annotated[Callable[[], datetime], Depends(get_clock)]


async def credentials_token(
    request: Request, bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str:
    if bearer is not None and bearer.scheme.lower() == "bearer":
        return bearer.credentials
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return cookie
    raise Unauthorized("log in first: send Authorization: Bearer TOKEN")


TokenDep = Annotated[str, Depends(credentials_token)]


def current_account(uow: UowDep, token: TokenDep) -> services.Account:
    account = services.account_for_token(uow, token)
    if account is None:
        raise Unauthorized("this token is not valid (expired or logged out): log in again")
    return account


CurrentUser = Annotated[services.Account, Depends(current_account)]


def _role(role: str) -> Callable[[services.Account], Awaitable[services.Account]]:
    async def check(account: CurrentUser) -> services.Account:
        if account.role != role:
            raise Forbidden(f"this needs a {role} account")
        return account

    return check


Mother = Annotated[services.Account, Depends(_role("mother"))]
Clinician = Annotated[services.Account, Depends(_role("clinician"))]


def local_today(
    settings: Settings, clock: Callable[[], datetime], account: services.Account
) -> date:
    """Her local date, from her time zone setting (the server's default otherwise)."""
    zone = account.time_zone or settings.default_time_zone
    return clock().astimezone(ZoneInfo(zone)).date()


def server_today(settings: Settings, clock: Callable[[], datetime]) -> date:
    """The date in the server's default time zone: a clinician's pages and endpoints use it,
    so the desk and the API agree on what "today" is."""
    return clock().astimezone(ZoneInfo(settings.default_time_zone)).date()
