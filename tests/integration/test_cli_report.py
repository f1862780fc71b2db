"""`comeback report` end to end over a real SQLite file: the demo mother's PDF and HTML."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli_support import cli_database, run  # noqa: F401 (cli_database: autouse)
from pypdf import PdfReader

from comeback import demo


def test_report_writes_a_pdf_of_her_whole_program(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "demo")
    out = tmp_path / "report.pdf"
    code, said, err = run(capsys, "report", "--email", demo.MOTHER_EMAIL, "--out", str(out))
    assert code == 0, err
    assert str(out) in said and "pages" in said
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) >= 3
    assert "Maya (demo)" in text
    for words in ("Foundation", "Activation", "gate opened", "Glute bridge", "Heel slide"):
        assert words in text
    assert "leaking wee" in text  # her one symptom, in words


def test_report_for_a_period_as_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "demo")
    _, exported, _ = run(capsys, "export", "--email", demo.MOTHER_EMAIL)
    history = json.loads(exported)
    last = history["sessions"][-1]["date"]
    out = tmp_path / "report.html"
    code, _, err = run(
        capsys,
        "report",
        "--email",
        demo.MOTHER_EMAIL,
        "--from",
        last,
        "--to",
        last,
        "--out",
        str(out),
    )
    assert code == 0, err
    html = out.read_text("utf-8")
    assert html.startswith("<!doctype html>") and "<svg " in html
    assert "Progress report" in html and "Glute bridge" in html
    assert "Logged only before this period: " in html  # the early foundation drills


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--from", "2026-02-30"), "--from"),
        (("--to", "2999-01-01"), "--to"),
        (("--from", "2026-03-10", "--to", "2026-03-01"), "--from"),
    ],
)
def test_a_bad_date_is_one_line_naming_the_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], field: str
) -> None:
    run(capsys, "demo")
    out = tmp_path / "report.pdf"
    code, said, err = run(capsys, "report", "--email", demo.MOTHER_EMAIL, "--out", str(out), *args)
    assert code == 2 and said == "" and len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: invalid input: {field}:")
    assert not out.exists()


def test_a_report_for_an_unknown_email_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "report", "--email", "nobody@example.org", "--out", str(tmp_path / "r.pdf")
    )
    assert code == 2 and "nobody@example.org" in err
