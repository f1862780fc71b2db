"""Every scenario in cases/ with its .expect.json: the shared examples and our own.

Each runs in-process through the whole contract (strict parsing, engine, JSON out); a few
also run through the real `comeback simulate` command, as outside checkers do.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from builders import decide_json
from expectations import check

from comeback.errors import InvalidInput
from comeback.scenario import parse_scenario

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name[: -len(".expect.json")] for p in CASES.glob("*.expect.json"))


def _load(name: str) -> tuple[str, dict]:
    return (CASES / f"{name}.json").read_text(), json.loads(
        (CASES / f"{name}.expect.json").read_text()
    )


@pytest.mark.parametrize("name", NAMES)
def test_case_meets_its_expectations(name: str) -> None:
    text, expect = _load(name)
    if expect.get("error"):
        with pytest.raises(InvalidInput) as err:
            parse_scenario(text)
        assert expect.get("error_mentions", "").lower() in str(err.value).lower()
        return
    decision = decide_json(json.loads(text))
    assert check(decision, expect) == []


@pytest.mark.parametrize("name", ["p03_split_squat_double_progression", "p05_bad_symptom_code"])
def test_case_through_the_command(name: str) -> None:
    _, expect = _load(name)
    run = subprocess.run(
        [sys.executable, "-m", "comeback.cli", "simulate", str(CASES / f"{name}.json")],
        capture_output=True,
        text=True,
    )
    if expect.get("error"):
        assert run.returncode == 2
        assert len(run.stderr.strip().splitlines()) == 1
        assert "traceback" not in run.stderr.lower()
    else:
        assert run.returncode == 0, run.stderr
        assert check(json.loads(run.stdout), expect) == []
