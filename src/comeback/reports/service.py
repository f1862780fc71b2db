"""Report use cases over a unit of work: her own report, and a linked clinician's copy.

Both load her history up to the period's end through `services` (the clinician's goes
through the same link check as every clinician service: not linked is NotFound), build the
content (pure), lay it out in her units and render it as PDF or HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from comeback import services
from comeback.domain import decide
from comeback.domain import model as m
from comeback.errors import InvalidInput, NotFound
from comeback.persistence.uow import UnitOfWork
from comeback.reports.axes import Units
from comeback.reports.content import build_report
from comeback.reports.document import Block, blocks, title_of
from comeback.reports.html import render_html
from comeback.reports.pdf import Rendered, render_pdf

Format = Literal["pdf", "html"]
FOOTER = "Comeback progress report · not medical advice"


@dataclass(frozen=True)
class Requested:
    """The period asked for, before her history is read (the birth is not known yet)."""

    start: date | None  # None: from the birth
    end: date


def _parse(value: str, field: str) -> date:
    try:
        if len(value.strip()) != 10:
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(field, json.dumps(value), "a date as YYYY-MM-DD") from None


def parse_period(
    start: str | None,
    end: str | None,
    today: date,
    names: tuple[str, str] = ("from", "to"),
) -> Requested:
    """The period asked for, checked: `end` defaults to today and may not pass it; `start`
    (default: the birth) may not come after `end`. Errors name the field as the caller does."""
    end_day = _parse(end, names[1]) if end else today
    if end_day > today:
        raise InvalidInput(names[1], json.dumps(end), f"a date up to today ({today})")
    start_day = _parse(start, names[0]) if start else None
    if start_day is not None and start_day > end_day:
        raise InvalidInput(
            names[0], json.dumps(start), f"a date on or before {names[1]} ({end_day})"
        )
    return Requested(start_day, end_day)


def _scenario(uow: UnitOfWork, user_id: str, end: date, to_name: str) -> m.Scenario:
    try:
        return services.export(uow, user_id, end)
    except InvalidInput as e:
        if e.path != "as_of":
            raise
        raise InvalidInput(to_name, json.dumps(end.isoformat()), e.expected) from None


def _units(uow: UnitOfWork, user_id: str) -> Units:
    saved = services.settings_of(uow, user_id) or {}
    return "imperial" if saved.get("units") == "imperial" else "metric"


@dataclass(frozen=True)
class Prepared:
    """A report laid out and ready to render: `blocks` tells a progress bar how far to go."""

    blocks: list[Block]
    title: str
    filename: str

    def render(self, fmt: Format, on_block: Callable[[], None] | None = None) -> Rendered:
        render = render_pdf if fmt == "pdf" else render_html
        return render(self.blocks, self.title, FOOTER, on_block)


def _prepare(
    scenario: m.Scenario, period: Requested, name: str, units: Units, today: date
) -> Prepared:
    report = build_report(
        scenario, decide(scenario), period.start or scenario.profile.delivery_date
    )
    start, end = report.period.start.isoformat(), report.period.end.isoformat()
    return Prepared(
        blocks(report, name, units, today),
        title_of(report),
        f"comeback-report-{start}-to-{end}",
    )


def for_mother(
    uow: UnitOfWork,
    account: services.Account,
    period: Requested,
    today: date,
    to_name: str = "to",
) -> Prepared:
    """Her own report (her name, her units)."""
    scenario = _scenario(uow, account.id, period.end, to_name)
    return _prepare(scenario, period, account.display_name, _units(uow, account.id), today)


def for_client(
    uow: UnitOfWork,
    clinician_id: str,
    client_id: str,
    period: Requested,
    today: date,
) -> Prepared:
    """A linked clinician's copy of her report; NotFound when she is not linked."""
    services.client_today(uow, clinician_id, client_id, today)  # the link check, first
    with uow:
        row = uow.users.get(client_id)
        if row is None:
            raise NotFound("no such client")
        name = row.display_name
    scenario = _scenario(uow, client_id, period.end, "to")
    return _prepare(scenario, period, name, _units(uow, client_id), today)
