"""`comeback today`, `log`, `export --fhir`, `import --csv`, `digest` over a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comeback import demo
from comeback.cli import main
from comeback.fhir_export import validate


@pytest.fixture(autouse=True)
def _database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMEBACK_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


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
