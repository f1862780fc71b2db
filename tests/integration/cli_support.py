"""The `comeback` command in-process over a SQLite file of the test's own (CLI test files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from comeback.cli import main


@pytest.fixture(autouse=True)
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Autouse in every module that imports it: the command's database is a fresh file."""
    monkeypatch.setenv("COMEBACK_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `comeback ARGS...`; its exit status, stdout and stderr."""
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err
