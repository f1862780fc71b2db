"""The `comeback` command: JSON out, explanations for people, one-line errors with status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comeback.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "src" / "comeback" / "data" / "demo_10_weeks.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_simulate_prints_the_decision_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "simulate", str(DEMO))
    decision = json.loads(out)
    assert code == 0
    assert set(decision) >= {"as_of", "phase", "triage", "gate", "today", "progression", "targets"}
    assert decision["phase"] == "activation"


def test_simulate_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", DEMO.open())
    code, out, _ = run(capsys, "simulate", "-")
    assert code == 0 and json.loads(out)["as_of"] == "2026-03-16"


def test_explain_speaks_to_a_person(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "simulate", "--explain", str(DEMO))
    assert code == 0
    assert "Phase: activation" in out
    assert "Before strengthening" in out
    assert "not medical advice" in out


@pytest.mark.parametrize("which", ["scenario", "decision"])
def test_schema_prints_json_schema(capsys: pytest.CaptureFixture[str], which: str) -> None:
    code, out, _ = run(capsys, "schema", which)
    schema = json.loads(out)
    assert code == 0 and schema["type"] == "object"
    if which == "decision":
        progression = schema["$defs"]["Progression"]
        assert "from" in progression["properties"] and "from_" not in progression["properties"]
        assert "from" in progression["required"]


def test_catalogue_lists_every_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalogue")
    assert code == 0
    for ex in ("breathing_360", "hip_thrust", "split_squat"):
        assert ex in out


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (("simulate", "/no/such/file.json"), "FILE"),
        (("simulate",), "usage"),
        (("simulate", "--bogus", "x"), "usage"),
        (("schema", "everything"), "usage"),
        (("frobnicate",), "usage"),
    ],
)
def test_bad_usage_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], mentions: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert mentions.lower() in err.lower()


def test_malformed_json_is_reported_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"as_of": "2026-01-01",\n  "profile": }')
    code, _, err = run(capsys, "simulate", str(bad))
    assert code == 2 and "line 2" in err and "valid JSON" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "simulate" in out
