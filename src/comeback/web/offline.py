"""Installable and offline (issue 7): the manifest, the service worker, the triage table.

A mother logging sets at 5 a.m. in a basement gym must never lose one to a bad signal. The
service worker (static/sw.js, served from `/sw.js` so its scope is the whole site) keeps the
pages she last loaded; static/offline.js keeps what she logs offline in IndexedDB and sends
it when the network returns, through the same forms and their idempotent client-made ids.

Offline, the page decides whether a report is a stop sign from `/triage.json`: that table
is *computed* here from the engine's own functions (`comeback.domain.safety.severity_of`,
`comeback.web.pages.safety.check_symptoms`), never written a second time in JavaScript.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from comeback.domain import model as m
from comeback.domain.safety import PAIN_CODES, PAIN_STOP_SEVERITY, SYMPTOM_CODES, is_stop
from comeback.domain.safety import severity_of as engine_severity
from comeback.web import signs
from comeback.web.csrf import csrf_token, set_csrf_cookie
from comeback.web.pages.safety import RANK, check_symptoms

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static"
SEVERITIES = range(0, 11)  # SPEC 3.3: pain severity is an integer 0-10
THEME = "#6b2f7a"  # the brand colour of app.css (--brand)
BACKGROUND = "#fbf9f7"  # app.css --bg
# The ten-second check's answers when she says "no" to everything (no symptom at all).
CHECK_BASELINE = {"leak": "no", "heaviness": "no", "doming": "no", "bleeding": "none", "pain": "0"}
CHECK_CHOICES = {
    "leak": ("yes", "no"),
    "heaviness": ("yes", "no"),
    "doming": ("yes", "no"),
    "bleeding": ("none", "light", "returned", "heavy"),
}


def level_of(code: str, severity: int) -> str | None:
    """The engine's level for one report (severity 0 for codes that take none)."""
    return engine_severity(m.Symptom(date.min, code, "daily_life", None, severity))


def _check_table() -> dict[str, dict[str, list[list[Any]]]]:
    """Each answer of the ten-second check, alone, as the reports the server makes of it."""

    def reports(answers: dict[str, str]) -> list[list[Any]]:
        found, errors = check_symptoms({**CHECK_BASELINE, **answers}, date.min)
        assert not errors, errors
        return [[s.code, s.severity] for s in found]

    table: dict[str, dict[str, list[list[Any]]]] = {
        name: {value: reports({name: value}) for value in values}
        for name, values in CHECK_CHOICES.items()
    }
    table["pain"] = {
        f"{n}|{where}": reports({"pain": str(n), "pain_where": where})
        for n in SEVERITIES
        for where in PAIN_CODES
    }
    return table


@cache
def triage_table() -> dict[str, Any]:
    """The engine's symptom table as data for the page's offline triage (GET /triage.json).

    `levels[code][severity]` is the engine's level for that report (null: no symptom);
    `stop_levels` are the levels that stop training (the stop screen); `rank` orders levels
    from the most serious; `check` maps each answer of the ten-second check to reports.
    """
    levels = {code: [level_of(code, n) for n in SEVERITIES] for code in SYMPTOM_CODES}
    stops = {
        level_of(code, n)
        for code in SYMPTOM_CODES
        for n in SEVERITIES
        if is_stop(m.Symptom(date.min, code, "daily_life", None, n))
    }
    return {
        "levels": levels,
        "stop_levels": sorted(s for s in stops if s is not None),
        "rank": [level for level, _ in sorted(RANK.items(), key=lambda kv: kv[1]) if level],
        "pain_codes": list(PAIN_CODES),
        "pain_stop_severity": PAIN_STOP_SEVERITY,
        "labels": {code: signs.sign(code).label for code in SYMPTOM_CODES},
        "check": _check_table(),
    }


def manifest() -> dict[str, Any]:
    """The web app manifest: what Chromium needs to offer 'Install' / 'Add to home screen'."""
    icon = "/static/icon"
    return {
        "id": "/today",
        "name": "Comeback: postpartum recovery",
        "short_name": "Comeback",
        "description": "Glute and core recovery after birth, one safe session a day.",
        "lang": "en",
        "start_url": "/today",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": BACKGROUND,
        "theme_color": THEME,
        "icons": [
            {"src": f"{icon}.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            {"src": f"{icon}-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": f"{icon}-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": f"{icon}-maskable-512.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


@cache
def service_worker() -> tuple[str, str]:
    """sw.js with its version filled in: a hash of everything it caches by version, so a new
    app.js, offline.js, app.css or triage table installs a new worker and drops old copies."""
    digest = hashlib.sha256()
    for name in ("sw.js", "app.js", "offline.js", "app.css", "icon.svg"):
        digest.update((STATIC / name).read_bytes())
    digest.update(json.dumps(triage_table(), sort_keys=True).encode())
    version = digest.hexdigest()[:12]
    source = (STATIC / "sw.js").read_text().replace("__VERSION__", version)
    return source, version


@router.get("/manifest.webmanifest")
def manifest_file() -> Response:
    return JSONResponse(
        manifest(),
        media_type="application/manifest+json",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/sw.js")
def sw_file() -> Response:
    """The worker itself is never cached by HTTP, so an update reaches phones at once."""
    source, version = service_worker()
    return Response(
        source,
        media_type="text/javascript",
        headers={
            "Cache-Control": "no-cache",
            "Service-Worker-Allowed": "/",
            "ETag": f'"{version}"',
        },
    )


@router.get("/triage.json")
def triage_file() -> Response:
    return JSONResponse(triage_table(), headers={"Cache-Control": "no-cache"})


@router.get("/offline/csrf")
def fresh_csrf(request: Request) -> Response:
    """A CSRF token for the phone's replay of forms kept offline (its cookie may be gone
    after a restart). Another site cannot read this answer (same-origin policy)."""
    token, is_new = csrf_token(request)
    response = JSONResponse({"csrf_token": token}, headers={"Cache-Control": "no-store"})
    if is_new:
        set_csrf_cookie(request, response, token)
    return response
