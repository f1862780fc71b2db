"""Backup and restore of the whole database, for `comeback backup` and `comeback restore`.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) copies a consistent
snapshot page by page while the app keeps serving, into a single self-contained file that
is checked (`PRAGMA integrity_check`) before it is kept. Restore copies such a file into the
database of COMEBACK_DATABASE_URL the same way, then brings it to the current schema.

PostgreSQL: the server's own tools, `pg_dump --format=custom` and `pg_restore`, run with the
password in PGPASSWORD (never on a command line that `ps` shows).

A restore goes only into an empty database (no rows in any table: a fresh file, or one the
app has only migrated) unless the operator says `--force`, which replaces everything in it.
Backups hold health data: encrypt them at rest and limit who can read them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, table
from sqlalchemy.engine import URL, make_url

from comeback.errors import ComebackError, InvalidInput
from comeback.persistence.database import make_engine, upgrade

VERSION_TABLE = "alembic_version"


class BackupFailed(ComebackError):
    """A backup or restore could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class Command:
    """A PostgreSQL client command: its arguments (no password) and extra environment."""

    argv: tuple[str, ...]
    env: dict[str, str]

    def shown(self) -> str:
        return " ".join(self.argv)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise InvalidInput("COMEBACK_DATABASE_URL", url, "a SQLite database in a file")
    return Path(database)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL libpq tools take (no driver name, no password) and the password's env."""
    parsed = make_url(url)
    env = {"PGPASSWORD": parsed.password} if parsed.password else {}
    plain = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return plain.render_as_string(hide_password=False), env


def pg_dump_command(url: str, out: Path) -> Command:
    conninfo, env = _libpq(url)
    return Command(
        ("pg_dump", "--format=custom", "--no-owner", f"--file={out}", f"--dbname={conninfo}"), env
    )


def pg_restore_command(url: str, file: Path) -> Command:
    conninfo, env = _libpq(url)
    return Command(
        (
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={conninfo}",
            str(file),
        ),
        env,
    )


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in each table of the database (the schema's version table left out)."""
    names = [n for n in inspect(engine).get_table_names() if n != VERSION_TABLE]
    with engine.connect() as conn:
        return {
            n: int(conn.execute(select(func.count()).select_from(table(n))).scalar_one())
            for n in names
        }


def is_empty(url: str) -> bool:
    """True when the database holds no rows: a missing SQLite file, or only empty tables."""
    if is_sqlite(url) and not sqlite_path(url).exists():
        return True
    engine = make_engine(url)
    try:
        return not any(row_counts(engine).values())
    finally:
        engine.dispose()


def backup(url: str, out: Path, force: bool = False) -> str:
    """Write a backup of the database at `url` to `out`; what was done, in words."""
    if out.exists() and not force:
        raise InvalidInput("--out", str(out), "a file that does not exist yet (or --force)")
    if is_sqlite(url):
        return _backup_sqlite(sqlite_path(url), out)
    command = pg_dump_command(url, out)
    _run(command, "pg_dump")
    return f"PostgreSQL backup written with {command.argv[0]} (custom format) to {out}"


def restore(file: Path, url: str, force: bool = False) -> str:
    """Restore the backup `file` into the database at `url` (empty unless `force`)."""
    if not file.is_file():
        raise InvalidInput("FILE", str(file), "a backup file that exists")
    if not force and not is_empty(url):
        raise BackupFailed(
            "the target database is not empty: restore into a new, empty database, "
            "or add --force to replace everything in it"
        )
    if is_sqlite(url):
        _restore_sqlite(file, sqlite_path(url))
    else:
        _run(pg_restore_command(url, file), "pg_restore")
    upgrade(url)
    return f"Restored {file} into the database; it is at the current schema."


def _check(db: sqlite3.Connection, what: str) -> None:
    try:
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        has_schema = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
            (VERSION_TABLE,),
        ).fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise InvalidInput("FILE", what, f"a Comeback SQLite backup ({e})") from None
    if verdict != "ok":
        raise BackupFailed(f"{what} is damaged (integrity check: {verdict})")
    if not has_schema:
        raise InvalidInput("FILE", what, "a Comeback SQLite backup (it has no schema version)")


def _backup_sqlite(source: Path, out: Path) -> str:
    if not source.is_file():
        raise BackupFailed(f"there is no database at {source}: nothing to back up")
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        with dst:
            src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        _check(dst, str(out))
    finally:
        src.close()
        dst.close()
    partial.replace(out)
    return f"SQLite backup of {source} written to {out}"


def _restore_sqlite(file: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        _check(src, str(file))
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(target, timeout=30)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _run(command: Command, tool: str) -> None:
    if shutil.which(tool) is None:
        raise BackupFailed(
            f"{tool} was not found: install the PostgreSQL client tools (same major version "
            f"as the server), or run it yourself: {command.shown()}"
        )
    done = subprocess.run(
        command.argv, env={**os.environ, **command.env}, capture_output=True, text=True
    )
    if done.returncode != 0:
        lines = " ".join(done.stderr.split())[:500]
        raise BackupFailed(f"{tool} failed (exit {done.returncode}): {lines}")
