"""`comeback worker` (the background jobs, issue 6) and the generator behind
`comeback demo --mothers N --months M`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from comeback import generator, jobs
from comeback.persistence import make_engine, session_factory, upgrade
from comeback.settings import Settings


def generate(mothers: int, months: int) -> None:
    """Insert `mothers` generated mothers with `months` of history, with a progress bar."""
    settings = Settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    out = Console()
    columns = (
        TextColumn("Generating mothers"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=out) as bar:
        task = bar.add_task("mothers", total=mothers)
        done = generator.generate(
            engine,
            mothers,
            months,
            datetime.now(UTC).date(),
            progress=lambda n: bar.advance(task, n),
        )
    engine.dispose()
    out.print(
        f"{done.mothers} mothers with about {months} months of history each and "
        f"{done.clinicians} clinicians: {done.rows:,} rows in {done.seconds:.1f} s."
    )
    out.print(
        f"Log in as {done.mother_email(0)} (to {done.mother_email(done.mothers - 1)}) or "
        f"{done.clinician_email(0)}; every generated account's password is "
        f"[bold]{generator.PASSWORD}[/bold]."
    )


def register(app: typer.Typer) -> None:
    @app.command()
    def worker(
        once: Annotated[bool, typer.Option("--once", help="Stop when the queue is empty.")] = False,
    ) -> None:
        """Run background jobs (data exports, digests, calendars) from the PostgreSQL queue."""
        settings = Settings()
        out = Console()
        if not settings.database_url.startswith("postgresql"):
            out.print(
                "On SQLite there is no queue: each job runs when it is asked for, inside "
                "`comeback serve`. Nothing to do here."
            )
            return
        upgrade(settings.database_url)
        engine = make_engine(settings.database_url)
        out.print(
            "Worker started: running queued jobs"
            + (" until the queue is empty." if once else "; Ctrl+C stops it.")
        )
        jobs.run_worker(settings.database_url, session_factory(engine), wait=not once)
        engine.dispose()
