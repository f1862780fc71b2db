"""`comeback backup` and `comeback restore`: the whole database to a file and back.

SQLite through its online backup API (safe while the app serves); PostgreSQL through
pg_dump / pg_restore. Both read the database from COMEBACK_DATABASE_URL. See docs/deployment.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from comeback import backup
from comeback.settings import Settings


def register(app: typer.Typer) -> None:
    """Add the backup and restore commands to the main `comeback` command."""

    @app.command("backup")
    def backup_command(
        out: Annotated[Path, typer.Option("--out", help="The backup file to write.")],
        force: Annotated[
            bool, typer.Option("--force", help="Overwrite --out if it exists.")
        ] = False,
    ) -> None:
        """Back up the whole database to one file (it holds health data: keep it safe)."""
        Console(stderr=True).print(backup.backup(Settings().database_url, out, force))

    @app.command("restore")
    def restore_command(
        file: Annotated[Path, typer.Argument(help="A file written by `comeback backup`.")],
        force: Annotated[
            bool,
            typer.Option("--force", help="Replace everything in a database that is not empty."),
        ] = False,
    ) -> None:
        """Restore a backup into the database (an empty one, unless --force). Stop the app first."""
        Console(stderr=True).print(backup.restore(file, Settings().database_url, force))
