"""Settings, calendar part: make or rotate her secret calendar link, or turn it off.

Only a hash of the link's token is stored, so the page shows the link once, right after it
is made (the answer to the POST, not a redirect); afterwards it says since when one is on.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from comeback import calendar_service
from comeback.web.calendar import feed_urls
from comeback.web.deps import ClockDep, SettingsDep, UowDep
from comeback.web.pages.account import settings_page_for
from comeback.web.pages.common import PageMother, read_form, redirect

router = APIRouter()


@router.post("/settings/calendar")
async def make_link(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    await read_form(request)
    links = feed_urls(request, calendar_service.create_feed(uow, me.id, clock()))
    return settings_page_for(
        request, me, uow, settings, calendar_url=links.url, calendar_webcal=links.webcal_url
    )


@router.post("/settings/calendar/off")
async def turn_off(request: Request, me: PageMother, uow: UowDep) -> Response:
    await read_form(request)
    if calendar_service.feed_created(uow, me.id) is not None:
        calendar_service.revoke_feed(uow, me.id)
    return redirect("/settings?saved=calendar_off")
