"""Symptom levels and what clears a stop (SPEC 3.3)."""

from __future__ import annotations

from datetime import date

import pytest

from comeback.domain.model import Clearance, Symptom
from comeback.domain.safety import SYMPTOM_CODES, clears, severity_of, stop_episodes, triage

D = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("code", "severity", "level"),
    [
        ("heavy_bleeding", None, "urgent"),
        ("thoughts_of_harming_baby", None, "urgent"),
        ("faecal_incontinence", None, "pelvic_floor"),
        ("vaginal_heaviness_bulge", None, "pelvic_floor"),
        ("dizziness", None, "stop"),
        ("abdominal_bulge_hernia", None, "stop"),
        ("pelvic_pain", 5, "stop"),
        ("back_pain", 9, "stop"),
        ("pelvic_pain", 4, "modify"),
        ("back_pain", 1, "modify"),
        ("pelvic_pain", 0, None),
        ("urine_leak", None, "modify"),
        ("bleeding_returns", None, "modify"),
    ],
)
def test_each_code_sets_its_level(code: str, severity: int | None, level: str | None) -> None:
    assert severity_of(Symptom(D, code, "daily_life", severity=severity)) == level


def test_every_code_has_a_level() -> None:
    for code in SYMPTOM_CODES:
        assert severity_of(Symptom(D, code, "daily_life", severity=7)) is not None


@pytest.mark.parametrize(
    ("code", "clearance", "cleared"),
    [
        ("heavy_bleeding", Clearance(date(2026, 3, 2), "me"), False),
        ("heavy_bleeding", Clearance(date(2026, 3, 2), "GP", entered_by="clinician"), True),
        ("heavy_bleeding", Clearance(D, "GP", entered_by="clinician"), False),
        ("faecal_incontinence", Clearance(date(2026, 3, 2), "GP", entered_by="clinician"), False),
        ("faecal_incontinence", Clearance(date(2026, 3, 2), "physio", kind="pelvic_health"), True),
        ("dizziness", Clearance(date(2026, 3, 2), "me"), True),
        ("dizziness", Clearance(date(2026, 2, 28), "me"), False),
    ],
)
def test_a_stop_is_cleared_only_by_a_later_clearance_of_its_kind(
    code: str, clearance: Clearance, cleared: bool
) -> None:
    assert clears(clearance, Symptom(D, code, "daily_life")) is cleared


def test_urgent_triage_defines_the_sign_and_says_whom_to_call() -> None:
    s = (Symptom(D, "heavy_bleeding", "daily_life"),)
    t = triage(D, s, stop_episodes(s, ()))
    assert (t.level, t.urgent, t.reasons) == ("stop", True, ("heavy_bleeding",))
    assert "emergency" in t.advice and "soaking a pad within an hour" in t.advice
