"""`comeback report`: her printable progress report as a PDF (or HTML) file.

The same service as the web download, over the database of COMEBACK_DATABASE_URL; a Rich
progress bar while the pages are drawn.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from comeback import services
from comeback.cli_data import _mother_id, _uow
from comeback.errors import InvalidInput, NotFound
from comeback.settings import Settings


def register(app: typer.Typer) -> None:
    """Add `comeback report` to the main command."""

    @app.command("report")
    def report_command(
        email: Annotated[str, typer.Option(help="Her account's email.")],
        out: Annotated[Path, typer.Option(help="File to write: report.pdf (or .html).")],
        start: Annotated[
            str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: the birth).")
        ] = None,
        end: Annotated[
            str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (default: today).")
        ] = None,
        html: Annotated[
            bool, typer.Option("--html", help="Write HTML instead of PDF (also for *.html).")
        ] = False,
    ) -> None:
        """Write her progress report for a period: phases, strength, sessions, symptoms,
        self-checks, protein and water, clearances and overrides."""
        if not out.parent.is_dir():
            raise InvalidInput("--out", json.dumps(str(out)), "a file in a folder that exists")
        from comeback.reports import service as reports  # matplotlib: only when asked for

        fmt: reports.Format = "html" if html or out.suffix.lower() in (".html", ".htm") else "pdf"
        settings = Settings()
        uow = _uow(settings)
        user_id = _mother_id(uow, email)
        saved = services.settings_of(uow, user_id) or {}
        with uow:
            row = uow.users.get(user_id)
            if row is None:
                raise NotFound(f"no mother's account with the email {email}")
            account = services.Account(row.id, row.email, row.role, row.display_name)
        zone = ZoneInfo(saved.get("time_zone") or settings.default_time_zone)
        today = datetime.now(zone).date()
        period = reports.parse_period(start, end, today, ("--from", "--to"))
        prepared = reports.for_mother(uow, account, period, today, to_name="--to")
        console = Console(stderr=True)
        with Progress(
            TextColumn("Drawing the report"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("report", total=len(prepared.blocks))
            rendered = prepared.render(fmt, on_block=lambda: bar.advance(task))
        out.write_bytes(rendered.data)
        pages = f"{rendered.pages} pages, " if fmt == "pdf" else ""
        Console().print(f"Wrote {out} ({pages}{len(rendered.data) // 1024} KB): {prepared.title}.")
