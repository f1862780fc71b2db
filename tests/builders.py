"""Builders for scenario documents (SPEC 3.1 JSON as dicts), so tests state only what matters.

A test starts from `scenario()` (a mother 10 weeks after a vaginal birth, nothing logged)
and adds what its rule needs; `decide_json(doc)` runs the whole contract (validation, engine,
JSON out), exactly as `comeback simulate` does.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from comeback.domain import decide
from comeback.scenario import decision_to_json, parse_scenario_data

DELIVERY = date(2026, 1, 5)


def day(n: int) -> str:
    """The date `n` days after the default delivery date, as YYYY-MM-DD."""
    return (DELIVERY + timedelta(days=n)).isoformat()


def scenario(as_of: int = 70, **overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "as_of": day(as_of),
        "profile": {
            "delivery_date": DELIVERY.isoformat(),
            "delivery": "vaginal",
            "severe_perineal_tear": False,
            "body_mass_kg": 68.0,
            "breastfeeding": "exclusive",
            "training_background": "some",
        },
        "clearances": [],
        "overrides": [],
        "assessments": [],
        "symptoms": [],
        "checkins": [],
        "sessions": [],
    }
    doc.update(overrides)
    return doc


def sets(n: int, reps: int, form: str = "good", **extra: Any) -> list[dict[str, Any]]:
    return [{"reps": reps, "form": form, **extra} for _ in range(n)]


def entry(exercise: str, variant: str, n: int, reps: int, **extra: Any) -> dict[str, Any]:
    return {"exercise": exercise, "variant": variant, "sets": sets(n, reps, **extra)}


def session(on: int, *entries: dict[str, Any]) -> dict[str, Any]:
    return {"date": day(on), "exercises": list(entries)}


def clearance(on: int, kind: str = "general", entered_by: str = "self") -> dict[str, Any]:
    return {"date": day(on), "by": "GP", "kind": kind, "entered_by": entered_by}


def symptom(on: int, code: str, during: str = "daily_life", **extra: Any) -> dict[str, Any]:
    return {"date": day(on), "code": code, "during": during, **extra}


def ready_assessments(on: int = 42) -> list[dict[str, Any]]:
    """A diastasis and a pelvic-floor check that both meet the activation gate's bar."""
    return [
        {
            "date": day(on),
            "kind": "diastasis",
            "gap_finger_widths": 1.5,
            "depth": "firm",
            "doming": False,
        },
        {
            "date": day(on),
            "kind": "pelvic_floor",
            "max_hold_s": 10,
            "holds_10s": 8,
            "quick_flicks": 10,
        },
    ]


def foundation_sessions(days: list[int]) -> list[dict[str, Any]]:
    return [
        session(
            d,
            entry("breathing_360", "standard", 1, 10),
            entry("pelvic_floor_hold", "standard", 2, 8),
            entry("pelvic_tilt", "standard", 2, 15),
        )
        for d in days
    ]


def activation_sessions(days: list[int], felt_in: str = "glutes") -> list[dict[str, Any]]:
    return [
        session(
            d,
            entry("glute_bridge", "bodyweight", 3, 20, felt_in=felt_in),
            entry("clam_shell", "bodyweight", 3, 20, felt_in=felt_in),
            entry("bird_dog", "standard", 3, 10, felt_in=felt_in),
        )
        for d in days
    ]


def strengthening_history() -> dict[str, Any]:
    """Cleared at 6 weeks (day 42), activation from day 43, strengthening from day 62."""
    return scenario(
        as_of=63,
        clearances=[clearance(42)],
        assessments=ready_assessments(42),
        sessions=foundation_sessions([15, 18, 21, 24, 27, 30, 33, 36])
        + activation_sessions([46, 49, 52, 55, 58, 61]),
    )


def decide_json(doc: dict[str, Any]) -> dict[str, Any]:
    return decision_to_json(decide(parse_scenario_data(doc)))


def today_of(decision: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["exercise"]: e for e in decision["today"]["exercises"]}


def action_of(decision: dict[str, Any], exercise: str) -> dict[str, Any]:
    return next(p for p in decision["progression"] if p["exercise"] == exercise)
