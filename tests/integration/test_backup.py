"""`comeback backup` then `comeback restore` into an empty database gives back the same
data: every mother's export and every row of every table, on SQLite (online backup API, with
the app's connections open) and on PostgreSQL (pg_dump / pg_restore). A restore refuses a
database that is not empty unless told `--force`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import _pg_database
from sqlalchemy import Engine, inspect, select, table, text

from comeback import backup, demo, services
from comeback.cli import main
from comeback.persistence import UnitOfWork, make_engine, session_factory, upgrade
from comeback.persistence.tables import UserRow
from comeback.scenario import parse_scenario_data, scenario_to_json
from comeback.settings import Settings
from comeback.web.throttle import make_throttle

NOW = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


@pytest.fixture
def empty_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same kind as `database_url`."""
    if database_url.startswith("sqlite"):
        (tmp_path / "restored").mkdir()
        yield f"sqlite:///{tmp_path / 'restored' / 'comeback.db'}"
    else:
        yield from _pg_database()


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, *args: str
) -> tuple[int, str]:
    monkeypatch.setenv("COMEBACK_DATABASE_URL", url)
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out + err


def _seed(url: str) -> Engine:
    """The demo pair, a second mother with her own history, and a failed login row."""
    upgrade(url)
    engine = make_engine(url)
    uow = UnitOfWork(session_factory(engine))
    demo.seed(uow, NOW)
    other = services.register(uow, "bea@example.org", "a long enough secret", "mother", "Bea", NOW)
    history = demo.demo_history(NOW.date())
    history["profile"]["body_mass_kg"] = 81.5
    services.import_history(uow, other.id, parse_scenario_data(history), NOW)
    make_throttle(Settings(database_url=url), engine).failed("who@example.org", NOW)
    return engine


def _exports(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    uow = UnitOfWork(session_factory(engine))
    with uow:
        mothers = uow.session.scalars(select(UserRow.id).where(UserRow.role == "mother")).all()
    exported = {
        mid: scenario_to_json(services.export(uow, mid, NOW.date())) for mid in sorted(mothers)
    }
    engine.dispose()
    return exported


def _rows(url: str) -> dict[str, list[tuple[str, ...]]]:
    engine = make_engine(url)
    names = sorted(n for n in inspect(engine).get_table_names() if n != "alembic_version")
    with engine.connect() as conn:
        dump = {
            n: sorted(
                tuple(map(str, row))
                for row in conn.execute(select(text("*")).select_from(table(n)))
            )
            for n in names
        }
    engine.dispose()
    return dump


def test_backup_then_restore_into_an_empty_database_gives_identical_exports(
    database_url: str,
    empty_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = _seed(database_url)  # its connections stay open during the backup
    file = tmp_path / "comeback.backup"
    code, said = run(capsys, monkeypatch, database_url, "backup", "--out", str(file))
    engine.dispose()
    assert code == 0, said
    assert file.stat().st_size > 0

    assert backup.is_empty(empty_url)
    code, said = run(capsys, monkeypatch, empty_url, "restore", str(file))
    assert code == 0, said

    before, after = _exports(database_url), _exports(empty_url)
    assert len(before) == 2
    assert all(doc["sessions"] for doc in before.values())
    assert after == before
    rows_before = _rows(database_url)
    assert rows_before["users"] and rows_before["sets"] and rows_before["login_failures"]
    assert _rows(empty_url) == rows_before


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(
    database_url: str,
    empty_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _seed(database_url).dispose()
    file = tmp_path / "comeback.backup"
    assert run(capsys, monkeypatch, database_url, "backup", "--out", str(file))[0] == 0

    upgrade(empty_url)  # migrated but empty, as a fresh app leaves it: still a valid target
    engine = make_engine(empty_url)
    services.register(
        UnitOfWork(session_factory(engine)),
        "someone@example.org",
        "a long enough secret",
        "mother",
        "Someone",
        NOW,
    )
    engine.dispose()
    code, said = run(capsys, monkeypatch, empty_url, "restore", str(file))
    assert code == 2
    assert said.startswith("error: the target database is not empty") and "--force" in said
    assert said.count("\n") == 1
    assert [row[1] for row in _rows(empty_url)["users"]] == ["someone@example.org"]  # untouched

    code, said = run(capsys, monkeypatch, empty_url, "restore", str(file), "--force")
    assert code == 0, said
    assert _exports(empty_url) == _exports(database_url)


def test_restore_into_a_migrated_empty_database(
    database_url: str,
    empty_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _seed(database_url).dispose()
    file = tmp_path / "comeback.backup"
    assert run(capsys, monkeypatch, database_url, "backup", "--out", str(file))[0] == 0
    upgrade(empty_url)
    assert backup.is_empty(empty_url)
    code, said = run(capsys, monkeypatch, empty_url, "restore", str(file))
    assert code == 0, said
    assert _rows(empty_url) == _rows(database_url)


def test_backup_will_not_overwrite_a_file_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'src.db'}"
    _seed(url).dispose()
    file = tmp_path / "taken.backup"
    file.write_text("something else")
    code, said = run(capsys, monkeypatch, url, "backup", "--out", str(file))
    assert code == 2 and "--out" in said and "--force" in said
    assert file.read_text() == "something else"
    assert run(capsys, monkeypatch, url, "backup", "--out", str(file), "--force")[0] == 0
    assert file.read_bytes().startswith(b"SQLite format 3\x00")


def test_restore_rejects_a_file_that_is_not_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'target.db'}"
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database at all, just some words that go on for a while\n" * 20)
    code, said = run(capsys, monkeypatch, url, "restore", str(junk))
    assert code == 2 and "a Comeback SQLite backup" in said
    code, said = run(capsys, monkeypatch, url, "restore", str(tmp_path / "missing.backup"))
    assert code == 2 and "a backup file that exists" in said
    assert not (tmp_path / "target.db").exists()


def test_pg_commands_keep_the_password_off_the_command_line() -> None:
    url = "postgresql+psycopg://comeback:s3cret@db.internal:5433/comeback?sslmode=require"
    dump = backup.pg_dump_command(url, Path("/backups/c.dump"))
    restore = backup.pg_restore_command(url, Path("/backups/c.dump"))
    for command in (dump, restore):
        assert "s3cret" not in command.shown()
        assert command.env == {"PGPASSWORD": "s3cret"}
        assert "--dbname=postgresql://comeback@db.internal:5433/comeback?sslmode=require" in (
            command.argv
        )
    assert dump.argv[:2] == ("pg_dump", "--format=custom")
    assert "--single-transaction" in restore.argv and restore.argv[-1] == "/backups/c.dump"


def test_a_missing_pg_tool_names_the_command_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup.shutil, "which", lambda _: None)
    with pytest.raises(backup.BackupFailed, match=r"pg_dump was not found.*pg_dump --format"):
        backup.backup("postgresql+psycopg://c@h/db", Path("/nonexistent/x.dump"))
