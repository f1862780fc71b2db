"""The rendered report: the PDF opens (pypdf), is A4 with vector charts and extractable text
naming every phase, gate date and logged exercise; each chart drew as many points as its
series holds; the HTML report says the same and draws the same points.

The history is the engine benchmark's (`benchmarks/bench_engine.py`): four months with
foundation, activation and loaded strengthening work, check-ins and self-checks.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from matplotlib.figure import Figure
from pypdf import PdfReader

from comeback.domain import decide
from comeback.domain.catalogue import load_catalogue
from comeback.domain.model import Scenario
from comeback.domain.progress import Progress, progress
from comeback.reports.axes import MAX_TICKS, date_ticks
from comeback.reports.content import Period, Report, build_report
from comeback.reports.document import Chart, blocks, day, title_of
from comeback.reports.html import render_html
from comeback.reports.pdf import Rendered, render_pdf
from comeback.scenario import parse_scenario_data
from comeback.web import charts

ROOT = Path(__file__).resolve().parents[2]
A4_PT = (595.0, 842.0)


def _bench_history(months: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        bench = importlib.import_module("bench_engine")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    doc: dict[str, Any] = bench.build_history(months)
    doc["symptoms"].append(
        {"date": doc["as_of"], "code": "back_pain", "during": "daily_life", "severity": 6}
    )
    return doc


@pytest.fixture(scope="module")
def made() -> tuple[Scenario, Progress, Report, list[Any]]:
    s = parse_scenario_data(_bench_history(4))
    report = build_report(s, decide(s), s.profile.delivery_date)
    return s, progress(s), report, blocks(report, "Maya", "metric", s.as_of)


@pytest.fixture(scope="module")
def pdf(made: tuple[Scenario, Progress, Report, list[Any]]) -> tuple[Rendered, str]:
    _, _, report, laid_out = made
    rendered = render_pdf(laid_out, title_of(report), "Comeback progress report")
    reader = PdfReader(io.BytesIO(rendered.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return rendered, " ".join(text.split())


def test_the_pdf_opens_on_a4_pages_with_its_title(pdf: tuple[Rendered, str]) -> None:
    rendered, text = pdf
    reader = PdfReader(io.BytesIO(rendered.data))
    assert len(reader.pages) == rendered.pages >= 4
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4_PT
    assert reader.metadata is not None and reader.metadata.title.startswith("Progress report")
    assert f"page {rendered.pages} of {rendered.pages}" in text
    assert "not medical advice" in text


def test_the_charts_are_vector_graphics_not_pictures(pdf: tuple[Rendered, str]) -> None:
    reader = PdfReader(io.BytesIO(pdf[0].data))
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        kinds = {xobjects[k].get_object().get("/Subtype") for k in xobjects}
        assert "/Image" not in kinds


def test_the_text_has_the_phase_timeline_and_its_gate_dates(
    made: tuple[Scenario, Progress, Report, list[Any]], pdf: tuple[Rendered, str]
) -> None:
    _, series, report, _ = made
    text = pdf[1]
    phases = ["foundation", "activation", "strengthening", "paused"]  # back pain 6/10 at the end
    assert [s.phase for s in series.phases] == phases
    for span in series.phases:
        assert f"{span.phase.capitalize()} {day(span.start)} {day(span.end)}" in text
    assert [t.cause for t in report.transitions] == [
        "gate opened",
        "gate opened",
        "paused after a symptom that stops training",
    ]
    for t in report.transitions:
        assert f"{day(t.date)} {t.before.capitalize()} {t.after.capitalize()} {t.cause}" in text


def test_the_text_names_every_exercise_she_logged(
    made: tuple[Scenario, Progress, Report, list[Any]], pdf: tuple[Rendered, str]
) -> None:
    s, _, _, _ = made
    catalogue = load_catalogue()
    logged = {e.exercise for session in s.sessions for e in session.exercises}
    assert len(logged) >= 12
    squashed = pdf[1].replace(" ", "")  # a long cell may wrap inside a name
    for ex_id in logged:
        assert catalogue[ex_id].name.replace(" ", "") in squashed
        assert f"({ex_id})" in squashed
    assert "Epley: load x (1 + reps / 30)" in pdf[1]


def test_each_chart_draws_as_many_points_as_its_series(
    made: tuple[Scenario, Progress, Report, list[Any]], pdf: tuple[Rendered, str]
) -> None:
    s, series, report, _ = made
    points = pdf[0].points
    for ex_id, pts in series.exercises.items():
        assert points[f"load:{ex_id}"] == len(pts), ex_id
        loaded = [d for d in pts if any((x.load_kg or 0) > 0 for x in _working(s, ex_id, d.date))]
        if any(p.top_load_kg is not None for p in pts):
            assert points[f"e1rm:{ex_id}"] == len(loaded) > 0, ex_id
    assert points["volume"] == len(series.weeks)
    assert points["phases"] == len(series.phases)
    assert points["symptoms"] == len(series.symptoms) == len(s.symptoms)
    assert points["protein"] == sum(1 for n in series.nutrition if n.protein_g is not None)
    assert points["water"] == sum(1 for n in series.nutrition if n.water_ml is not None)
    weeks = (s.as_of - s.profile.delivery_date).days // 7
    assert weeks <= points["adherence"] <= weeks + 2
    assert points["diastasis"] == len(report.diastasis) > 0
    assert points["pelvic_floor_holds"] == points["pelvic_floor_flicks"] == len(report.pelvic_floor)


def _working(s: Scenario, ex_id: str, on: Any) -> tuple[Any, ...]:
    entries = [e for x in s.sessions if x.date == on for e in x.exercises if e.exercise == ex_id]
    return entries[-1].sets


def test_a_shorter_period_draws_only_its_own_points(
    made: tuple[Scenario, Progress, Report, list[Any]],
) -> None:
    s, series, _, _ = made
    start = s.as_of - timedelta(days=27)
    report = build_report(s, decide(s), start)
    laid_out = [b for b in blocks(report, "Maya", "metric", s.as_of) if isinstance(b, Chart)]
    points: dict[str, int] = {}
    for b in laid_out:
        points.update(b.figure.draw(Figure().add_subplot()))
    thrusts = [p for p in series.exercises["hip_thrust"] if p.date >= start]
    assert points["load:hip_thrust"] == len(thrusts) > 0
    assert points["protein"] == sum(
        1 for n in series.nutrition if n.date >= start and n.protein_g is not None
    )
    assert "load:heel_slide" not in points  # logged only in the first weeks


def test_pounds_when_she_chose_imperial(
    made: tuple[Scenario, Progress, Report, list[Any]],
) -> None:
    _, _, report, _ = made
    laid_out = blocks(report, "Maya", "imperial", report.period.end)
    text = " ".join(str(b) for b in laid_out)
    assert " lb" in text and "fl oz" in text and " kg " not in text


def test_the_html_report_says_the_same_and_draws_the_same_points(
    made: tuple[Scenario, Progress, Report, list[Any]], pdf: tuple[Rendered, str]
) -> None:
    _, series, report, laid_out = made
    rendered = render_html(laid_out, title_of(report), "Comeback progress report")
    html = rendered.data.decode()
    assert rendered.points == pdf[0].points
    charts = sum(1 for b in laid_out if isinstance(b, Chart))
    assert html.count("<svg ") == charts
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "two charts share an id"
    assert "<script" not in html
    for span in series.phases:
        assert day(span.start) in html
    assert "Hip thrust" in html and "Epley" in html


def test_the_report_draws_what_the_progress_page_draws(
    made: tuple[Scenario, Progress, Report, list[Any]],
) -> None:
    """The page's 12-week view and the report for the same 12 weeks: every chart the same
    number of marks (the page counts its own in `data-points`)."""
    s, series, _, _ = made
    start = s.as_of - timedelta(days=83)
    page = {
        f"load:{ex}": charts.series_point_count(
            charts.load_chart(ex, [p for p in pts if p.date >= start]).svg
        )
        for ex, pts in series.exercises.items()
        if any(p.date >= start for p in pts)
    }
    page["volume"] = charts.series_point_count(
        charts.weekly_volume_chart(
            [w for w in series.weeks if w.week_start >= start - timedelta(days=6)]
        ).svg
    )
    page["phases"] = charts.series_point_count(
        charts.phase_timeline(series.phases, start, s.as_of).svg
    )
    page["symptoms"] = charts.series_point_count(
        charts.symptom_timeline([x for x in series.symptoms if x.date >= start], start, s.as_of).svg
    )
    for what in ("protein", "water"):
        page[what] = charts.series_point_count(
            charts.nutrition_chart([n for n in series.nutrition if n.date >= start], what).svg  # type: ignore[arg-type]
        )
    report = build_report(s, decide(s), start)
    drawn: dict[str, int] = {}
    for b in blocks(report, "Maya", "metric", s.as_of):
        if isinstance(b, Chart):
            drawn.update(b.figure.draw(Figure().add_subplot()))
    assert {k: drawn[k] for k in page} == page


@pytest.mark.parametrize("days", [1, 10, 15, 45, 61, 200, 800])
def test_date_ticks_stay_in_the_period_and_few(days: int) -> None:
    start = date(2026, 1, 7)
    period = Period(start, start + timedelta(days=days - 1))
    ticks = date_ticks(period)
    assert 1 <= len(ticks) <= MAX_TICKS
    assert all(period.start <= t <= period.end for t in ticks)
    assert ticks == sorted(set(ticks))
