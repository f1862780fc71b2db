"""The progress report over HTTP: her download from the progress page, a linked clinician's
from the client page, and `GET /api/v1/me/report.pdf`.

`from` and `to` are YYYY-MM-DD (default: the birth, and today); a bad one answers 422 naming
the field. Each handler parses, calls one report service, and sends the bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from comeback.services import Account
from comeback.web.deps import ClockDep, Mother, SettingsDep, UowDep, local_today, server_today
from comeback.web.pages.common import PageClinician, PageMother

if TYPE_CHECKING:
    from comeback.reports.service import Prepared

router = APIRouter(include_in_schema=False)
Format = Literal["pdf", "html"]
api_router = APIRouter(prefix="/api/v1", tags=["me"])

From = Annotated[str | None, Query(alias="from", description="First day, YYYY-MM-DD.")]
To = Annotated[str | None, Query(alias="to", description="Last day, YYYY-MM-DD.")]
MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def _send(prepared: Prepared, fmt: Format) -> Response:
    rendered = prepared.render(fmt)
    disposition = "attachment" if fmt == "pdf" else "inline"
    return Response(
        rendered.data,
        media_type=MEDIA[fmt],
        headers={
            "Content-Disposition": f'{disposition}; filename="{prepared.filename}.{fmt}"',
            "Cache-Control": "private, no-store",  # health data: never in a shared cache
        },
    )


def _mine(
    me: Account,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    start: str | None,
    end: str | None,
    fmt: Format,
) -> Response:
    from comeback.reports import service as reports  # matplotlib loads on the first report

    today = local_today(settings, clock, me)
    period = reports.parse_period(start, end, today)
    return _send(reports.for_mother(uow, me, period, today), fmt)


@router.get("/progress/report.pdf")
def my_report_pdf(
    me: PageMother,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    start: From = None,
    end: To = None,
) -> Response:
    return _mine(me, uow, settings, clock, start, end, "pdf")


@router.get("/progress/report")
def my_report_html(
    me: PageMother,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    start: From = None,
    end: To = None,
) -> Response:
    return _mine(me, uow, settings, clock, start, end, "html")


def _client(
    client_id: str,
    me: Account,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    start: str | None,
    end: str | None,
    fmt: Format,
) -> Response:
    from comeback.reports import service as reports

    today = server_today(settings, clock)
    period = reports.parse_period(start, end, today)
    return _send(reports.for_client(uow, me.id, client_id, period, today), fmt)


@router.get("/desk/clients/{client_id}/report.pdf")
def client_report_pdf(
    client_id: str,
    me: PageClinician,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    start: From = None,
    end: To = None,
) -> Response:
    return _client(client_id, me, uow, settings, clock, start, end, "pdf")


@router.get("/desk/clients/{client_id}/report")
def client_report_html(
    client_id: str,
    me: PageClinician,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    start: From = None,
    end: To = None,
) -> Response:
    return _client(client_id, me, uow, settings, clock, start, end, "html")


@api_router.get(
    "/me/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The report as PDF."}},
)
def api_report_pdf(
    me: Mother,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    start: From = None,
    end: To = None,
) -> Response:
    """Her progress report for `from` to `to` as an A4 PDF (charts as vector graphics)."""
    return _mine(me, uow, settings, clock, start, end, "pdf")
