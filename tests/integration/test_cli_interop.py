"""`comeback today`, `log`, `export --fhir`, `import --csv`, `digest` over a real SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_support import cli_database, run  # noqa: F401 (cli_database: autouse)

from comeback import csv_io, demo, services
from comeback.fhir_export import validate
from comeback.persistence import UnitOfWork, make_engine, session_factory
from comeback.settings import Settings


@pytest.fixture
def seeded(capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "demo")[0] == 0
    return demo.MOTHER_EMAIL


def test_export_fhir_prints_a_valid_bundle(capsys: pytest.CaptureFixture[str], seeded: str) -> None:
    code, out, _ = run(capsys, "export", "--email", seeded, "--fhir")
    assert code == 0
    bundle = validate(json.loads(out))
    assert bundle.type == "collection"
    assert any(
        e.resource.__resource_type__ == "Observation"
        and e.resource.code.coding[0].code == "29463-7"
        for e in bundle.entry
    )


def _fresh_mother(email: str) -> None:
    settings = Settings()
    uow = UnitOfWork(session_factory(make_engine(settings.database_url)))
    services.register(uow, email, "a long enough secret", "mother", "Cat", datetime.now(UTC))


def test_csv_export_reimports_into_a_fresh_account_identically(
    capsys: pytest.CaptureFixture[str], seeded: str, tmp_path: Path
) -> None:
    first = tmp_path / "first.zip"
    assert run(capsys, "export", "--email", seeded, "--csv", "--out", str(first))[0] == 0
    _fresh_mother("cat@example.org")
    code, out, err = run(capsys, "import", str(first), "--email", "cat@example.org", "--csv")
    assert code == 0, err
    assert "Imported 18 sessions" in out
    again = tmp_path / "again"
    assert run(capsys, "export", "--email", "cat@example.org", "--csv", "--out", str(again))[0] == 0
    assert csv_io.read(again) == csv_io.read(first)
    assert len(csv_io.read(again)) == 7


def test_csv_export_needs_somewhere_to_write(
    capsys: pytest.CaptureFixture[str], seeded: str
) -> None:
    code, out, err = run(capsys, "export", "--email", seeded, "--csv")
    assert code == 2 and out == "" and "--out" in err


def test_today_prints_her_session_as_a_table(
    capsys: pytest.CaptureFixture[str], seeded: str
) -> None:
    code, out, _ = run(capsys, "today", "--email", seeded)
    assert code == 0
    assert "Phase: activation" in out
    assert "Today's session" in out and "glute_bridge" in out
    assert "Safety: MODIFY" in out  # the demo's leak two weeks back
    assert "Not medical advice" in out or "not medical advice" in out.lower()


def test_log_stores_one_set_and_shows_it(capsys: pytest.CaptureFixture[str], seeded: str) -> None:
    _, before, _ = run(capsys, "export", "--email", seeded)
    code, out, err = run(
        capsys,
        "log",
        "--email",
        seeded,
        "--exercise",
        "clam_shell",
        "--reps",
        "17",
        "--rir",
        "2",
        "--felt-in",
        "glutes",
    )
    assert code == 0, err
    assert "clam_shell" in out and "bodyweight" in out and "17" in out
    _, after, _ = run(capsys, "export", "--email", seeded)
    last = json.loads(after)["sessions"][-1]
    assert len(json.loads(after)["sessions"]) >= len(json.loads(before)["sessions"])
    assert last["exercises"][-1] == {
        "exercise": "clam_shell",
        "variant": "bodyweight",
        "sets": [{"reps": 17, "rir": 2, "form": "good", "felt_in": "glutes"}],
    }


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--exercise", "clam_shel", "--reps", "10"), "--exercise"),
        (("--exercise", "clam_shell", "--reps", "500"), "--reps"),
        (("--exercise", "clam_shell", "--reps", "10", "--form", "great"), "--form"),
        (("--exercise", "hip_thrust", "--variant", "dumbbell", "--reps", "10"), "--load-kg"),
        (("--exercise", "clam_shell", "--reps", "10", "--band", "heavy"), "--band"),
        (("--exercise", "clam_shell", "--reps", "10", "--date", "yesterday"), "--date"),
        (("--exercise", "clam_shell", "--reps", "10", "--date", "2020-01-01"), "date"),
    ],
)
def test_a_bad_set_is_one_line_naming_the_option(
    capsys: pytest.CaptureFixture[str], seeded: str, args: tuple[str, ...], named: str
) -> None:
    code, out, err = run(capsys, "log", "--email", seeded, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and named in err


def test_demo_and_import_show_progress_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "demo")
    assert code == 0 and "Seeding the demo: done" in err and "Seeding" not in out
    path = tmp_path / "history.json"
    path.write_text(run(capsys, "example")[1])
    code, out, err = run(capsys, "import", str(path), "--email", demo.MOTHER_EMAIL)
    assert code == 0 and "Importing: done" in err and "Imported 18 sessions" in out
