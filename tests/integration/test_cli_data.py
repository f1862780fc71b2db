"""The server-side commands over a real SQLite file: demo, export, import, db upgrade, admin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import cli_database, run  # noqa: F401 (cli_database: autouse)

from comeback import demo


def test_demo_seeds_a_mother_ten_weeks_after_the_birth(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0 and demo.MOTHER_EMAIL in out and demo.PASSWORD in out
    code, out, _ = run(capsys, "export", "--email", demo.MOTHER_EMAIL, "--as-of", "2026-11-25")
    history = json.loads(out)
    assert code == 0 and history["sessions"]


def test_demo_twice_starts_over(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "demo")
    run(capsys, "demo")
    _, out, _ = run(capsys, "export", "--email", demo.MOTHER_EMAIL)
    assert len(json.loads(out)["sessions"]) == len(demo.demo_history(demo.date.today())["sessions"])


def test_import_then_export_round_trips(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "demo")
    _, out, _ = run(capsys, "example")
    path = tmp_path / "history.json"
    path.write_text(out)
    code, _, _ = run(capsys, "import", str(path), "--email", demo.MOTHER_EMAIL)
    assert code == 0
    _, exported, _ = run(capsys, "export", "--email", demo.MOTHER_EMAIL, "--as-of", "2026-03-16")
    again = tmp_path / "again.json"
    run(
        capsys, "export", "--email", demo.MOTHER_EMAIL, "--as-of", "2026-03-16", "--out", str(again)
    )
    assert json.loads(exported) == json.loads(again.read_text())
    assert (
        json.loads(exported)["profile"]["delivery_date"]
        == json.loads(out)["profile"]["delivery_date"]
    )


def test_export_of_an_unknown_email_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--email", "nobody@example.org")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_db_upgrade_and_admin_create(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "db", "upgrade")[0] == 0
    monkeypatch.setenv("COMEBACK_ADMIN_PASSWORD", "a long admin secret")
    assert run(capsys, "admin", "create", "root@example.org")[0] == 0
    code, _, err = run(capsys, "admin", "create", "root@example.org")
    assert code == 2 and "email" in err
