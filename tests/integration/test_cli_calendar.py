"""`comeback calendar` over a real SQLite file: a parseable .ics for the demo mother."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import cli_database, run  # noqa: F401 (cli_database: autouse)
from icalendar import Calendar

from comeback import demo
from comeback.cli import main


def test_calendar_writes_a_parseable_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "demo")
    path = tmp_path / "plan.ics"
    code, out, err = run(
        capsys, "calendar", "--email", demo.MOTHER_EMAIL, "--out", str(path), "--days", "7"
    )
    assert code == 0, err
    cal = Calendar.from_ical(path.read_bytes())
    cal.validate()
    events = cal.walk("VEVENT")
    assert f"Wrote {len(events)} reminders for the next 7 days" in " ".join(out.split())
    days = {e.start.date() for e in events}
    assert len(days) == 7
    assert sum("Pelvic-floor practice" in str(e["SUMMARY"]) for e in events) == 7 * 3


def test_calendar_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit):
        main(["demo"])
    capsysbinary.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["calendar", "--email", demo.MOTHER_EMAIL, "--days", "1"])
    out = capsysbinary.readouterr().out
    assert (done.value.code or 0) == 0
    assert out.startswith(b"BEGIN:VCALENDAR") and Calendar.from_ical(out).walk("VEVENT")


def test_calendar_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "calendar", "--email", "nobody@example.org")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    run(capsys, "demo")
    code, _, err = run(capsys, "calendar", "--email", demo.MOTHER_EMAIL, "--days", "0")
    assert code == 2 and "--days" in err and "1 to 92" in err
