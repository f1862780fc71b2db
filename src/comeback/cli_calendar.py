"""`comeback calendar`: a mother's plan as an iCalendar file (the same feed as her link).

    comeback calendar --email ann@example.org --out plan.ics [--days 28]

Her time zone and quiet hours come from her settings (the server's default zone and
22:00-07:00 before she saves any); the plan starts on her local today.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from icalendar import Calendar
from rich.console import Console

from comeback import calendar_service
from comeback.cli_data import _mother_id, _now, _uow
from comeback.domain.reminders import FEED_DAYS_DEFAULT, FEED_DAYS_MAX
from comeback.errors import InvalidInput
from comeback.settings import Settings


def register(app: typer.Typer) -> None:
    """Add `calendar` to the main `comeback` command."""

    @app.command("calendar")
    def calendar_command(
        email: Annotated[str, typer.Option(help="Her account's email.")],
        out: Annotated[
            Path | None, typer.Option(help="The .ics file to write (default stdout).")
        ] = None,
        days: Annotated[
            int, typer.Option(help=f"How many days ahead, 1-{FEED_DAYS_MAX}.")
        ] = FEED_DAYS_DEFAULT,
    ) -> None:
        """Write a mother's reminders (sessions, pelvic-floor practice, water) as .ics."""
        if not 1 <= days <= FEED_DAYS_MAX:
            raise InvalidInput(
                "--days", json.dumps(days), f"a whole number from 1 to {FEED_DAYS_MAX}"
            )
        settings = Settings()
        uow = _uow(settings)
        body = calendar_service.calendar_for(
            uow, _mother_id(uow, email), _now(), settings.default_time_zone, days
        )
        if out is None:
            sys.stdout.buffer.write(body)
            return
        try:
            out.write_bytes(body)
        except OSError as e:
            raise InvalidInput(
                "--out", json.dumps(str(out)), f"a file you can write ({e.strerror})"
            ) from None
        events = len(Calendar.from_ical(body).walk("VEVENT"))
        Console().print(
            f"Wrote {events} reminders for the next {days} days to {out}. "
            "Open it with your calendar app to add them."
        )
