"""Jinja2 pages: one environment, one `render` that every page handler calls.

Every page gets the same frame (base.html): who is logged in, the CSRF token for its forms,
the "something feels wrong" button and the not-medical-advice line. Autoescape is on for
everything; charts arrive as markup built by code that escapes its own text (charts.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from comeback.web.csrf import csrf_token, set_csrf_cookie

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(
    request: Request,
    name: str,
    status_code: int = 200,
    account: Any = None,
    **context: Any,
) -> HTMLResponse:
    """Render a page; a form page gets a fresh CSRF cookie if it has none."""
    token, is_new = csrf_token(request)
    html = env.get_template(name).render(
        request=request, account=account, csrf=token, path=request.url.path, **context
    )
    response = HTMLResponse(html, status_code=status_code)
    if is_new:
        set_csrf_cookie(request, response, token)
    return response
