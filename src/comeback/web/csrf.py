"""CSRF protection for the pages: a double-submit token.

A random token lives in a cookie (SameSite=Strict, so no other site's page sends it) and in a
hidden field of every form; a POST whose field does not match its cookie is refused before
anything is read or stored. This works for logged-out forms too (login, register), where
there is no session to bind a token to. The session cookie itself is SameSite=Lax as well.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from fastapi.responses import Response

CSRF_COOKIE = "comeback_csrf"
CSRF_FIELD = "csrf_token"


class CsrfRejected(Exception):
    """A form came without the token its page was given (403)."""


def csrf_token(request: Request) -> tuple[str, bool]:
    """The request's token, and whether it is new (then the response must set it)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and 20 <= len(existing) <= 100:
        return existing, False
    cached = getattr(request.state, "new_csrf", None)
    if cached:
        return cached, True
    token = secrets.token_urlsafe(32)
    request.state.new_csrf = token
    return token, True


def set_csrf_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.secure_cookies or request.url.scheme == "https",
    )


def check_csrf(request: Request, submitted: object) -> None:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not (
        isinstance(submitted, str)
        and cookie
        and hmac.compare_digest(cookie.encode(), submitted.encode())
    ):
        raise CsrfRejected("this form has expired or did not come from Comeback: reload the page")
