"""`comeback serve`, `db upgrade`, `demo`, `example`, `export`, `import`, `admin create`.

The same service functions as the HTTP API, over the database of COMEBACK_DATABASE_URL
(a SQLite file in the user's data directory unless an operator says otherwise).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from comeback import csv_io, demo, fhir_export, services
from comeback.errors import InvalidInput, NotFound
from comeback.persistence import UnitOfWork, make_engine, session_factory, upgrade
from comeback.scenario import scenario_to_json
from comeback.settings import Settings

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
admin_app = typer.Typer(help="Administrator accounts.", no_args_is_help=True)


def _uow(settings: Settings) -> UnitOfWork:
    upgrade(settings.database_url)
    return UnitOfWork(session_factory(make_engine(settings.database_url)))


def _now() -> datetime:
    return datetime.now(UTC)


def _mother_id(uow: UnitOfWork, email: str) -> str:
    with uow:
        row = uow.users.by_email(email.strip().lower())
        if row is None or row.role != "mother":
            raise NotFound(f"no mother's account with the email {email}")
        return row.id


def _shown_url(url: str) -> str:
    """The database URL without its password, fit for a terminal."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the latest schema (the app also does this when it starts)."""
    settings = Settings()
    upgrade(settings.database_url)
    Console().print(f"Database is up to date: {_shown_url(settings.database_url)}")


def register(app: typer.Typer) -> None:
    """Add the data and server commands to the main `comeback` command."""
    app.add_typer(db_app, name="db")
    app.add_typer(admin_app, name="admin")

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    ) -> None:
        """Serve the HTTP API (and its OpenAPI docs at /docs) with uvicorn."""
        import uvicorn

        from comeback.web import requestlog

        settings = Settings()
        upgrade(settings.database_url)
        requestlog.configure(settings.log_format, settings.log_level)
        banner = (
            f"Comeback on http://{host}:{port}/ (API docs at /docs), data in "
            f"{_shown_url(settings.database_url)}. Ctrl+C stops it."
        )
        if settings.log_format == "json":
            logging.getLogger("comeback").info(banner)  # stdout stays empty: JSON lines only
        else:
            Console().print(banner)
        uvicorn.run(
            "comeback.web.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=requestlog.logging_config(settings.log_format, settings.log_level),
            access_log=False,
            # A worker still starting after this long is killed and restarted: starting one
            # (imports, migrations check) takes several seconds on a busy two-core machine.
            timeout_worker_healthcheck=30,
        )

    @app.command("demo")
    def demo_command(
        mothers: Annotated[
            int, typer.Option(min=0, help="Generate this many mothers instead (issue 6).")
        ] = 0,
        months: Annotated[int, typer.Option(min=1, max=24, help="Their months of history.")] = 6,
    ) -> None:
        """Seed a demo mother (10 weeks after the birth) and her physio; print how to log in.
        With --mothers N: generate N mothers with --months M of plausible history each."""
        if mothers:
            from comeback import cli_scale

            return cli_scale.generate(mothers, months)
        from comeback.cli_interop import steps

        with steps("Seeding the demo", demo.SEED_STEPS) as advance:
            demo.seed(_uow(Settings()), _now(), advance)
        out = Console()
        out.print(
            "Demo ready. Log in with (password for both: [bold]" + demo.PASSWORD + "[/bold]):"
        )
        out.print(f"  mother:    {demo.MOTHER_EMAIL}")
        out.print(f"  clinician: {demo.CLINICIAN_EMAIL}")

    @app.command()
    def example() -> None:
        """Print the demo mother's history as a scenario file (SPEC 3.1) to try `simulate` on."""
        sys.stdout.write(
            resources.files("comeback.data").joinpath("demo_10_weeks.json").read_text("utf-8")
        )

    @app.command("export")
    def export_command(
        email: Annotated[str, typer.Option(help="Her account's email.")],
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="YYYY-MM-DD (default today).")
        ] = None,
        out: Annotated[Path | None, typer.Option(help="File to write (default stdout).")] = None,
        fhir: Annotated[
            bool, typer.Option("--fhir", help="Her observations as a FHIR R4 Bundle instead.")
        ] = False,
        csv: Annotated[
            bool,
            typer.Option("--csv", help="Every table as CSV into --out (a folder or a .zip)."),
        ] = False,
    ) -> None:
        """Export a mother's history as a scenario (SPEC 3.1), or as FHIR with --fhir."""
        try:
            day = date.fromisoformat(as_of) if as_of else _now().date()
        except ValueError:
            raise InvalidInput("--as-of", json.dumps(as_of), "a date as YYYY-MM-DD") from None
        uow = _uow(Settings())
        mother = _mother_id(uow, email)
        history = services.export(uow, mother, day)
        if csv:
            if out is None:
                raise InvalidInput("--out", "nothing", "a folder or a .zip path with --csv")
            names = csv_io.write(history, out)
            Console(stderr=True).print(f"Wrote {len(names)} tables to {out}.")
            return
        doc = fhir_export.bundle(history, mother) if fhir else scenario_to_json(history)
        text = json.dumps(doc, indent=1)
        if out is None:
            sys.stdout.write(text + "\n")
        else:
            out.write_text(text + "\n")

    @app.command("import")
    def import_command(
        file: Annotated[Path, typer.Argument(help="Scenario file (SPEC 3.1).")],
        email: Annotated[str, typer.Option(help="Her account's email.")],
        csv: Annotated[
            bool,
            typer.Option("--csv", help="FILE is a folder or .zip of `comeback export --csv`."),
        ] = False,
    ) -> None:
        """Replace a mother's stored history with a scenario file (overrides are refused)."""
        from comeback.cli_interop import read_history, steps

        with steps("Importing", 3) as advance:
            scenario = read_history(file, csv)
            advance(f"{len(scenario.sessions)} sessions checked")
            uow = _uow(Settings())
            mother = _mother_id(uow, email)
            advance("her account found")
            services.import_history(uow, mother, scenario, _now())
        Console().print(f"Imported {len(scenario.sessions)} sessions for {email}.")


@admin_app.command("create")
def admin_create(
    email: Annotated[str, typer.Argument(help="The administrator's email.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "Administrator",
) -> None:
    """Create an administrator (password from COMEBACK_ADMIN_PASSWORD or a prompt)."""
    password = os.environ.get("COMEBACK_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    if len(password) < 8:
        raise InvalidInput("password", "(hidden)", "at least 8 characters")
    uow = _uow(Settings())
    with uow:
        if uow.users.by_email(email.strip().lower()) is not None:
            raise InvalidInput("email", json.dumps(email), "an email no account uses yet")
    services.register(uow, email, password, "admin", name, _now())
    Console().print(f"Administrator {email} created.")
