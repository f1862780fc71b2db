"""Her calendar feed over HTTP: the secret link (no login) and the API to manage it.

`GET /calendar/{token}.ics` answers her feed to any calendar app that holds the link, with
no account; an unknown, rotated or revoked token is a 404 like any missing page. Under
/api/v1 she makes or rotates the link (`POST /me/calendar-feed`), turns it off
(`DELETE /me/calendar-feed`) and downloads the same feed with her login (`GET
/me/calendar.ics`). Feeds are health data: never cached by a shared cache.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from comeback import calendar_service
from comeback.domain.reminders import FEED_DAYS_DEFAULT, FEED_DAYS_MAX
from comeback.errors import NotFound
from comeback.web.deps import ClockDep, Mother, SettingsDep, UowDep

router = APIRouter()
api = APIRouter(prefix="/api/v1")
ICS_HEADERS = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}
Days = Annotated[int, Query(ge=1, le=FEED_DAYS_MAX, description="How many days ahead.")]


class CalendarFeedPublic(BaseModel):
    url: str
    webcal_url: str


def feed_urls(request: Request, token: str) -> CalendarFeedPublic:
    """Her link as https (to paste) and as webcal (a phone's calendar subscribes to it)."""
    url = str(request.url_for("calendar_feed", token=token))
    return CalendarFeedPublic(url=url, webcal_url="webcal://" + url.split("://", 1)[1])


def _ics(body: bytes, filename: str, disposition: str) -> Response:
    headers = {**ICS_HEADERS, "Content-Disposition": f'{disposition}; filename="{filename}"'}
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


@router.get("/calendar/{token}.ics", name="calendar_feed", include_in_schema=False)
def calendar_feed(
    token: str, uow: UowDep, settings: SettingsDep, clock: ClockDep, days: Days = FEED_DAYS_DEFAULT
) -> Response:
    owner = calendar_service.feed_owner(uow, token) if len(token) <= 128 else None
    if owner is None:
        raise NotFound("this calendar link does not work any more: get a new one in Settings")
    body = calendar_service.calendar_for(uow, owner, clock(), settings.default_time_zone, days)
    return _ics(body, "comeback.ics", "inline")


@api.post("/me/calendar-feed", status_code=201, tags=["me"])
def create_calendar_feed(
    request: Request, me: Mother, uow: UowDep, clock: ClockDep
) -> CalendarFeedPublic:
    """A new secret link to her feed (shown this once); any earlier link stops working."""
    return feed_urls(request, calendar_service.create_feed(uow, me.id, clock()))


@api.delete("/me/calendar-feed", status_code=204, tags=["me"])
def delete_calendar_feed(me: Mother, uow: UowDep) -> Response:
    """Turn her link off: calendars that subscribed get 404 from now on."""
    calendar_service.revoke_feed(uow, me.id)
    return Response(status_code=204)


@api.get(
    "/me/calendar.ics",
    tags=["me"],
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "An iCalendar file"}},
)
def download_calendar(
    me: Mother, uow: UowDep, settings: SettingsDep, clock: ClockDep, days: Days = FEED_DAYS_DEFAULT
) -> Response:
    """Her feed as a file, to import into a calendar once."""
    body = calendar_service.calendar_for(uow, me.id, clock(), settings.default_time_zone, days)
    return _ics(body, "comeback.ics", "attachment")
