"""The report's content (pure): Epley's estimate, adherence, weekly volume, the period filter,
gate dates with their causes, and the period's checks (names the field it refuses)."""

from __future__ import annotations

import importlib
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from builders import (
    DELIVERY,
    activation_sessions,
    clearance,
    day,
    foundation_sessions,
    ready_assessments,
    scenario,
    session,
    symptom,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from comeback.domain import decide
from comeback.domain.model import Scenario
from comeback.domain.progress import progress
from comeback.errors import InvalidInput
from comeback.reports.content import Report, build_report, e1rm_epley
from comeback.reports.service import parse_period
from comeback.scenario import parse_scenario_data

ROOT = Path(__file__).resolve().parents[2]


def _report(doc: dict[str, Any], start: int = 0) -> Report:
    s = parse_scenario_data(doc)
    return build_report(s, decide(s), DELIVERY + timedelta(days=start))


def _override(on: int, phase: str) -> dict[str, Any]:
    return {"date": day(on), "phase": phase, "by": "Sam (physio)", "reason": "ready early"}


def _thrusts(on: int, *sets: tuple[float, int]) -> dict[str, Any]:
    return session(
        on,
        {
            "exercise": "hip_thrust",
            "variant": "dumbbell",
            "sets": [{"reps": r, "form": "good", "load_kg": kg} for kg, r in sets],
        },
    )


@pytest.mark.parametrize(
    ("load", "reps", "expected"),
    [(20.0, 10, 26.667), (100.0, 30, 200.0), (50.0, 1, 50.0), (0.0, 10, 0.0), (10.0, 0, 0.0)],
)
def test_epley_estimate_is_load_times_one_plus_reps_over_thirty(
    load: float, reps: int, expected: float
) -> None:
    assert e1rm_epley(load, reps) == pytest.approx(expected, abs=1e-3)


def test_estimated_1rm_is_the_best_working_set_of_each_session() -> None:
    doc = scenario(
        as_of=80,
        clearances=[clearance(42)],
        overrides=[_override(70, "strengthening")],
        sessions=[_thrusts(72, (10.0, 12), (12.0, 8)), _thrusts(75, (12.0, 12))],
    )
    (thrust,) = _report(doc, start=70).exercises
    assert thrust.kind == "load"
    # 10 x (1 + 12/30) = 14.0; 12 x (1 + 8/30) = 15.2; 12 x 1.4 = 16.8
    assert [p.e1rm_kg for p in thrust.points] == [15.2, 16.8]
    assert [p.point.top_load_kg for p in thrust.points] == [12.0, 12.0]


def test_an_exercise_without_a_load_has_no_estimate_and_draws_reps() -> None:
    doc = scenario(as_of=30, sessions=foundation_sessions([10, 13]))
    report = _report(doc)
    assert {e.exercise for e in report.exercises} == {
        "breathing_360",
        "pelvic_floor_hold",
        "pelvic_tilt",
    }
    assert all(e.kind == "reps" and not e.e1rm_points for e in report.exercises)


def test_every_foundation_day_offers_a_session() -> None:
    doc = scenario(as_of=13, sessions=foundation_sessions([7, 9, 11]))
    a = _report(doc, start=7).adherence
    assert (a.offered, a.done, a.done_on_offered) == (7, 3, 3)


def test_the_day_after_a_strengthening_session_is_a_rest_day_not_a_missed_one() -> None:
    # strengthening from day 70; sessions on days 70 and 72; days 70 to 74
    doc = scenario(
        as_of=74,
        clearances=[clearance(42)],
        overrides=[_override(70, "strengthening")],
        sessions=[_thrusts(70, (10.0, 10)), _thrusts(72, (10.0, 10))],
    )
    a = _report(doc, start=70).adherence
    # offered: 70 (done), 72 (done), 74 (not yet); 71 and 73 are rest days
    assert (a.offered, a.done, a.done_on_offered) == (3, 2, 2)
    assert a.share == pytest.approx(2 / 3)


def test_paused_days_offer_no_session() -> None:
    doc = scenario(
        as_of=20,
        symptoms=[symptom(15, "heavy_bleeding")],
        sessions=foundation_sessions([10, 12]),
    )
    report = _report(doc, start=10)
    assert [s.phase for s in report.phases] == ["foundation", "paused"]
    assert report.adherence.offered == 5  # days 10 to 14; paused from day 15
    assert report.transitions[-1].cause.startswith("paused")


def test_weekly_volume_is_the_progress_series_weeks_that_touch_the_period() -> None:
    doc = scenario(
        as_of=80,
        clearances=[clearance(42)],
        overrides=[_override(60, "strengthening")],
        sessions=[_thrusts(n, (10.0, 10), (10.0, 10)) for n in (61, 64, 68, 71, 75, 78)],
    )
    s = parse_scenario_data(doc)
    series = progress(s)
    report = build_report(s, decide(s), DELIVERY + timedelta(days=70))
    assert [v.week for v in report.volume] == [
        w for w in series.weeks if w.week_start >= DELIVERY + timedelta(days=64)
    ]
    assert all(v.load_volume_kg == 200.0 * v.week.sessions for v in report.volume)


def test_the_period_keeps_only_its_own_days() -> None:
    doc = scenario(
        as_of=70,
        clearances=[clearance(42)],
        assessments=ready_assessments(20) + ready_assessments(50),
        symptoms=[symptom(20, "urine_leak"), symptom(60, "back_pain", severity=2)],
        sessions=foundation_sessions([10, 13, 16, 19, 22, 25]) + activation_sessions([55, 58]),
    )
    report = _report(doc, start=50)
    assert report.period.start == DELIVERY + timedelta(days=50)
    assert all(
        report.period.start <= p.point.date <= report.period.end
        for e in report.exercises
        for p in e.points
    )
    assert "Pelvic tilt" in report.earlier_exercises  # only before the period
    assert [r.symptom.code for r in report.symptoms] == ["back_pain"]
    assert [r.level for r in report.symptoms] == ["modify"]
    assert [a.date for a in report.diastasis] == [DELIVERY + timedelta(days=50)]
    assert report.phases[0].start == report.period.start
    assert report.clearances[0].date == DELIVERY + timedelta(days=42)


def test_a_start_before_the_birth_starts_at_the_birth() -> None:
    doc = scenario(as_of=20, sessions=foundation_sessions([5]))
    assert _report(doc, start=-30).period.start == DELIVERY


def test_gate_dates_say_why_the_phase_changed() -> None:
    doc = scenario(
        as_of=90,
        clearances=[clearance(42)],
        assessments=ready_assessments(42),
        overrides=[_override(80, "strengthening")],
        sessions=foundation_sessions([15, 18, 21, 24, 27, 30, 33, 36]),
    )
    report = _report(doc)
    assert [(t.before, t.after) for t in report.transitions] == [
        ("foundation", "activation"),
        ("activation", "strengthening"),
    ]
    assert report.transitions[0].cause == "gate opened"
    assert report.transitions[1].date == DELIVERY + timedelta(days=80)
    assert report.transitions[1].cause == "override by Sam (physio): ready early"


def test_protein_and_water_are_counted_against_the_target() -> None:
    checkins = [
        {"date": day(60), "water_ml": 3200, "protein_g_by_meal": [30, 30, 30, 30]},
        {"date": day(61), "water_ml": 1000, "protein_g_by_meal": [10]},
        {"date": day(62), "sleep_h": 7.0},
    ]
    report = _report(scenario(as_of=62, checkins=checkins), start=60)
    assert (report.protein.logged, report.protein.met, report.protein.target) == (2, 1, 109)
    assert (report.water.logged, report.water.met, report.water.average) == (2, 1, 2100.0)


def test_the_decision_must_be_the_scenarios() -> None:
    s = parse_scenario_data(scenario(as_of=20))
    other = decide(parse_scenario_data(scenario(as_of=21)))
    with pytest.raises(ValueError, match="same as_of"):
        build_report(s, other, DELIVERY)


TODAY = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-02-30", None, "from"),
        ("yesterday", None, "from"),
        ("2026-3-1", None, "from"),
        (None, "2026-03-17", "to"),
        (None, "16/03/2026", "to"),
        ("2026-03-10", "2026-03-01", "from"),
    ],
)
def test_a_bad_period_names_its_field(start: str | None, end: str | None, field: str) -> None:
    with pytest.raises(InvalidInput) as e:
        parse_period(start, end, TODAY)
    assert e.value.path == field


def test_the_period_defaults_to_the_birth_and_today() -> None:
    p = parse_period(None, None, TODAY)
    assert (p.start, p.end) == (None, TODAY)
    p = parse_period("2026-03-01", "2026-03-16", TODAY, ("--from", "--to"))
    assert (p.start, p.end) == (date(2026, 3, 1), TODAY)


def _four_months() -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        bench = importlib.import_module("bench_engine")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    doc: dict[str, Any] = bench.build_history(4)
    return doc


FOUR_MONTHS = parse_scenario_data(_four_months())


def _up_to(s: Scenario, on: date) -> Scenario:
    """Her history as stored up to `on` (what services.export reads)."""
    fields = ("clearances", "overrides", "assessments", "symptoms", "checkins", "sessions")
    kept = {f: tuple(x for x in getattr(s, f) if x.date <= on) for f in fields}
    return replace(s, as_of=on, **kept)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 122), st.integers(0, 122))
def test_any_period_keeps_its_days_and_its_counts_add_up(a: int, b: int) -> None:
    start, end = sorted((a, b))
    s = _up_to(FOUR_MONTHS, DELIVERY + timedelta(days=end))
    report = build_report(s, decide(s), DELIVERY + timedelta(days=start))
    period = report.period
    assert sum((x.end - x.start).days + 1 for x in report.phases) == period.days
    a_ = report.adherence
    assert a_.done_on_offered <= min(a_.offered, a_.done)
    assert a_.done == sum(1 for d in {x.date for x in s.sessions} if d in period)
    assert sum(w.offered for w in a_.weeks) == a_.offered <= period.days
    series = progress(s)
    for ex in report.exercises:
        assert [p.point for p in ex.points] == [
            p for p in series.exercises[ex.exercise] if p.date in period
        ]
    assert all(r.symptom.date in period for r in report.symptoms)
    assert all(n.date in period for n in report.nutrition)
