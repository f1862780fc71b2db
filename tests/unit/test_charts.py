"""The server-drawn SVG charts: point counts, units, text alternatives, escaping, size, shape.

The six-month history is the engine benchmark's (`benchmarks/bench_engine.py`), run through
the same `progress(...)` the page and the printed report use.
"""

from __future__ import annotations

import importlib
import re
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comeback.domain.model import BANDS
from comeback.domain.progress import (
    ExercisePoint,
    NutritionPoint,
    PhaseSpan,
    Progress,
    SymptomPoint,
    WeekPoint,
    progress,
)
from comeback.scenario import parse_scenario_data
from comeback.web import charts
from comeback.web.charts import (
    MAX_MARKS,
    Chart,
    load_chart,
    nutrition_chart,
    phase_timeline,
    series_point_count,
    symptom_timeline,
    weekly_volume_chart,
)

ROOT = Path(__file__).resolve().parents[2]
NS = "{http://www.w3.org/2000/svg}"
D0 = date(2026, 2, 3)
BUDGET = 8 * 1024


# ------------------------------------------------------------------------------------------
# Fixtures and helpers


def _bench_history(months: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        bench = importlib.import_module("bench_engine")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    doc: dict[str, Any] = bench.build_history(months)
    return doc


@pytest.fixture(scope="module")
def six_months() -> tuple[Progress, date, date]:
    scenario = parse_scenario_data(_bench_history(6))
    return progress(scenario), scenario.profile.delivery_date, scenario.as_of


def _all_charts(p: Progress, start: date, end: date) -> list[Chart]:
    out = [load_chart(ex_id.replace("_", " "), pts) for ex_id, pts in sorted(p.exercises.items())]
    out += [
        load_chart(ex_id.replace("_", " "), pts, unit="lb", id_prefix=f"lb-{ex_id}")
        for ex_id, pts in sorted(p.exercises.items())
    ]
    out += [
        weekly_volume_chart(p.weeks),
        phase_timeline(p.phases, start, end),
        symptom_timeline(p.symptoms, start, end),
        nutrition_chart(p.nutrition, "protein"),
        nutrition_chart(p.nutrition, "water"),
        nutrition_chart(p.nutrition, "water", unit="imperial"),
    ]
    return out


def _root(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def _plotted(chart: Chart) -> ET.Element:
    groups = [n for n in _root(chart).iter() if "data-points" in n.attrib]
    assert len(groups) == 1, chart.svg
    return groups[0]


def _drawn_marks(chart: Chart) -> int:
    """Count the marks in the plotted group from the markup itself, not from `data-points`:
    one `<rect>` per phase span, otherwise one subpath (`M`) per mark; a connecting line
    (`stroke-linejoin`) is not a mark."""
    group = _plotted(chart)
    rects = group.findall(f"{NS}rect")
    if rects:
        return len(rects)
    return sum(
        p.attrib["d"].count("M")
        for p in group.findall(f"{NS}path")
        if "stroke-linejoin" not in p.attrib
    )


def _ex(
    day: int, load: float | None = None, band: str | None = None, reps: int = 30
) -> ExercisePoint:
    return ExercisePoint(D0 + timedelta(days=day), "v", load, band, 3, reps, (load or 0.0) * reps)


def _texts(chart: Chart) -> list[str]:
    return [t.text or "" for t in _root(chart).iter(f"{NS}text")]


# ------------------------------------------------------------------------------------------
# Point counts


def test_point_counts_equal_series_lengths(six_months: tuple[Progress, date, date]) -> None:
    p, start, end = six_months
    for ex_id, pts in p.exercises.items():
        chart = load_chart(ex_id, pts)
        assert series_point_count(chart.svg) == len(pts) == _drawn_marks(chart), ex_id
    weekly = weekly_volume_chart(p.weeks)
    assert series_point_count(weekly.svg) == len(p.weeks) == _drawn_marks(weekly)
    phases = phase_timeline(p.phases, start, end)
    assert series_point_count(phases.svg) == len(p.phases) == _drawn_marks(phases)
    symptoms = symptom_timeline(p.symptoms, start, end)
    assert series_point_count(symptoms.svg) == len(p.symptoms) == _drawn_marks(symptoms)
    for what in ("protein", "water"):
        chart = nutrition_chart(p.nutrition, what)
        value = "protein_g" if what == "protein" else "water_ml"
        logged = sum(1 for n in p.nutrition if getattr(n, value) is not None)
        assert series_point_count(chart.svg) == logged == _drawn_marks(chart), what


def test_days_without_a_log_are_gaps_and_the_summary_counts_them() -> None:
    pts = [
        NutritionPoint(D0 + timedelta(days=i), None if i % 3 == 0 else 90.0, 100, None, 3000)
        for i in range(30)
    ]
    chart = nutrition_chart(pts, "protein")
    assert series_point_count(chart.svg) == 20 == _drawn_marks(chart)
    assert "logged on 20 of 30 days" in chart.summary
    assert "reached on 0 of them" in chart.summary


def test_long_series_are_drawn_per_week_and_the_summary_says_so() -> None:
    pts = [_ex(i, load=10.0 + i / 10) for i in range(MAX_MARKS + 50)]
    chart = load_chart("Hip thrust", pts)
    weeks = len({p.date - timedelta(days=p.date.weekday()) for p in pts})
    assert series_point_count(chart.svg) == weeks == _drawn_marks(chart)
    assert f"over {len(pts)} sessions" in chart.summary
    assert f"Drawn as the highest of each week ({weeks} weeks)." in chart.summary
    assert f"to {round(10.0 + (len(pts) - 1) / 10, 1)} kg" in chart.summary  # the real last


def test_a_year_of_daily_nutrition_is_weekly_averages_under_budget() -> None:
    scenario = parse_scenario_data(_bench_history(12))
    p = progress(scenario)
    assert len(p.nutrition) > MAX_MARKS
    chart = nutrition_chart(p.nutrition, "water", unit="imperial")
    assert "Drawn as weekly averages" in chart.summary
    assert f"logged on {len(p.nutrition)} of" in chart.summary
    assert len(chart.svg.encode()) < BUDGET
    assert series_point_count(chart.svg) == _drawn_marks(chart) < MAX_MARKS


# ------------------------------------------------------------------------------------------
# Units and summaries


def test_summary_states_first_and_last_values_with_dates() -> None:
    loads = [None, 2.0, 4.0, 4.0, 5.0, 6.0, 7.5, 8.0, 9.0, 10.0, 10.0, 11.0, 12.0, 12.5]
    pts = [_ex(i * 3, load=v) for i, v in enumerate(loads)]
    assert pts[-1].date == date(2026, 3, 14)
    pts[-1] = ExercisePoint(date(2026, 3, 16), "v", 12.5, None, 3, 30, 375.0)
    chart = load_chart("Hip thrust", pts)
    assert chart.summary == (
        "Hip thrust: top load rose from 0 kg (bodyweight) on 3 Feb to 12.5 kg on 16 Mar "
        "over 14 sessions."
    )


def test_pounds_are_converted_in_labels_and_summary() -> None:
    pts = [_ex(0, load=10.0), _ex(7, load=12.5)]
    lb = load_chart("Hip thrust", pts, unit="lb")
    assert (
        lb.summary
        == "Hip thrust: top load rose from 22 lb on 3 Feb to 27.6 lb on 10 Feb over 2 sessions."
    )
    texts = _texts(lb)
    assert "lb" in texts and "kg" not in texts
    assert "30" in texts  # the axis reaches past 27.6 lb, in pounds
    kg = load_chart("Hip thrust", pts)
    assert "kg" in _texts(kg) and "15" in _texts(kg)
    with pytest.raises(ValueError):
        load_chart("Hip thrust", pts, unit="stone")


def test_water_in_fluid_ounces_when_imperial() -> None:
    pts = [
        NutritionPoint(D0, 80.0, 100, 2957.35, 3100),
        NutritionPoint(D0 + timedelta(days=1), 80.0, 100, 3200.0, 3100),
    ]
    oz = nutrition_chart(pts, "water", unit="imperial")
    assert "100 fl oz on 3 Feb" in oz.summary
    assert "108.2 fl oz on 4 Feb" in oz.summary
    assert "(target 104.8 fl oz)" in oz.summary
    assert "reached on 1 of them" in oz.summary
    assert "ml" not in oz.summary
    assert "fl oz" in _texts(oz)
    ml = nutrition_chart(pts, "water")
    assert "2957 ml on 3 Feb" in ml.summary and "(target 3100 ml)" in ml.summary
    protein = nutrition_chart(pts, "protein", unit="imperial")  # grams stay grams
    assert "(target 100 g)" in protein.summary


def test_reps_are_drawn_when_she_never_used_a_load() -> None:
    pts = [_ex(0, reps=30), _ex(2, reps=36), _ex(4, reps=45)]
    chart = load_chart("Glute bridge", pts)
    assert chart.summary == (
        "Glute bridge: reps per session rose from 30 on 3 Feb to 45 on 7 Feb over 3 sessions. "
        "No load was used, so reps are shown."
    )
    assert "reps" in _texts(chart)


def test_bands_are_steps_named_on_the_axis() -> None:
    pts = [_ex(0), _ex(2, band="light"), _ex(4, band="medium"), _ex(6, band="heavy")]
    chart = load_chart("Clam shell", pts)
    assert {"none", *BANDS} <= set(_texts(chart))
    assert "band went from no band on 3 Feb to heavy on 9 Feb over 4 sessions" in chart.summary
    line = _plotted(chart).find(f"{NS}path")
    assert line is not None and re.fullmatch(r"M[\d.]+ [\d.]+(H[\d.]+V[\d.]+)+", line.attrib["d"])


def test_weekly_volume_summary_and_gaps() -> None:
    weeks = [
        WeekPoint(date(2026, 1, 12), 4, 36, 300),
        WeekPoint(date(2026, 1, 19), 5, 45, 400),
        WeekPoint(date(2026, 2, 2), 3, 27, 250),  # the week of 26 Jan had no session
    ]
    chart = weekly_volume_chart(weeks)
    assert series_point_count(chart.svg) == 3
    assert "36 sets (4 sessions) in the first week" in chart.summary
    assert "27 sets (3 sessions) in the last" in chart.summary
    assert "most 45 sets in the week of 19 Jan" in chart.summary
    assert "12 sessions in all" in chart.summary
    assert "1 week without a session" in chart.summary


def test_phase_timeline_names_gate_dates_and_hatches_pauses() -> None:
    d = date(2026, 1, 5)
    spans = [
        PhaseSpan("foundation", d, date(2026, 2, 16)),
        PhaseSpan("paused", date(2026, 2, 17), date(2026, 2, 20)),
        PhaseSpan("activation", date(2026, 2, 21), date(2026, 3, 5)),
        PhaseSpan("strengthening", date(2026, 3, 6), date(2026, 7, 7)),
    ]
    chart = phase_timeline(spans, d, date(2026, 7, 7))
    texts = _texts(chart)
    for gate in ("17 Feb", "21 Feb", "6 Mar"):
        assert gate in texts
        assert gate in chart.summary
    assert "Paused: 17 Feb to 20 Feb" in texts
    paused = [r for r in _plotted(chart).iter(f"{NS}rect") if "url(#" in r.attrib["fill"]]
    assert len(paused) == 1
    clipped = phase_timeline(spans, date(2026, 3, 1), date(2026, 3, 31))
    assert series_point_count(clipped.svg) == 2
    assert "activation from 1 Mar to 5 Mar" in clipped.summary


def test_many_phase_spans_keep_a_short_legend() -> None:
    d = date(2026, 1, 5)
    spans = [
        PhaseSpan(
            "paused" if i % 2 else "activation",
            d + timedelta(days=3 * i),
            d + timedelta(days=3 * i + 2),
        )
        for i in range(20)
    ]
    chart = phase_timeline(spans, d, d + timedelta(days=59))
    assert series_point_count(chart.svg) == 20
    assert "Paused: 10 times, 30 days" in _texts(chart)
    assert len(chart.svg.encode()) < BUDGET


def test_symptom_summary_words_levels_and_outside_reports() -> None:
    pts = [
        SymptomPoint(date(2026, 3, 5), "back_pain", "modify"),
        SymptomPoint(date(2026, 3, 9), "heavy_bleeding", "urgent"),
        SymptomPoint(date(2026, 3, 12), "pelvic_pain", None),
        SymptomPoint(date(2026, 6, 1), "urine_leak", "modify"),
    ]
    chart = symptom_timeline(pts, date(2026, 3, 1), date(2026, 4, 1))
    assert series_point_count(chart.svg) == 3
    assert "3 reports (1 stop including 1 urgent; 1 modify; 1 no change)" in chart.summary
    assert "Back pain on 5 Mar (modify); heavy bleeding on 9 Mar (stop)" in chart.summary
    assert "1 report outside this period not shown." in chart.summary


def test_dates_carry_the_year_when_the_chart_spans_two_years() -> None:
    pts = [_ex(0, load=5.0), _ex(400, load=20.0)]
    chart = load_chart("Hip thrust", pts)
    assert "from 5 kg on 3 Feb 2026 to 20 kg on 10 Mar 2027" in chart.summary
    assert "3 Feb 2026" in _texts(chart)


# ------------------------------------------------------------------------------------------
# Safety of the markup


def test_every_text_is_escaped() -> None:
    name = '<script>alert("x")</script> & Co\x00'
    chart = load_chart(name, [_ex(0, load=5.0), _ex(3, load=6.0)])
    assert "<script" not in chart.svg
    assert "&lt;script&gt;" in chart.svg
    root = _root(chart)
    title = root.find(f"{NS}title")
    assert title is not None and title.text == '<script>alert("x")</script> & Co progress'
    assert not list(root.iter("script")) and not list(root.iter(f"{NS}script"))
    empty = load_chart(name, [])
    assert "<script" not in empty.svg
    ET.fromstring(empty.svg)


@pytest.mark.parametrize(
    ("chart", "summary"),
    [
        (load_chart("Hip thrust", []), "Hip thrust progress: no data yet."),
        (weekly_volume_chart([]), "Sets per week: no data yet."),
        (phase_timeline([], D0, D0 + timedelta(days=30)), "Program phases: no data yet."),
        (
            symptom_timeline([], D0, D0 + timedelta(days=30)),
            "Symptoms reported: none from 3 Feb to 5 Mar.",
        ),
        (nutrition_chart([], "protein"), "Protein per day (g): no data yet."),
        (
            nutrition_chart([NutritionPoint(D0, None, 100, None, 3000)], "water"),
            "Water per day (ml): nothing logged yet.",
        ),
    ],
)
def test_empty_series_give_a_small_chart_that_says_so(chart: Chart, summary: str) -> None:
    root = _root(chart)
    assert chart.summary == summary
    assert series_point_count(chart.svg) == 0
    desc = root.find(f"{NS}desc")
    assert desc is not None and desc.text == summary
    assert len(chart.svg.encode()) < 1024
    texts = _texts(chart)
    assert len(texts) == 1 and texts[0].startswith("No ")


def test_single_point_charts_draw_one_mark() -> None:
    one = load_chart("Hip thrust", [_ex(0, load=6.0)])
    assert series_point_count(one.svg) == 1 == _drawn_marks(one)
    assert one.summary == "Hip thrust: top load 6 kg on 3 Feb (1 session)."
    same_day = phase_timeline([PhaseSpan("foundation", D0, D0)], D0, D0)
    assert series_point_count(same_day.svg) == 1


# ------------------------------------------------------------------------------------------
# Size, validity, accessibility, determinism


def test_six_month_charts_are_valid_small_and_deterministic(
    six_months: tuple[Progress, date, date],
) -> None:
    p, start, end = six_months
    first = _all_charts(p, start, end)
    again = _all_charts(p, start, end)
    assert [c.svg for c in first] == [c.svg for c in again]
    assert [c.summary for c in first] == [c.summary for c in again]
    for chart in first:
        size = len(chart.svg.encode())
        assert size < BUDGET, (size, chart.summary)
        _root(chart)


def test_accessible_structure(six_months: tuple[Progress, date, date]) -> None:
    p, start, end = six_months
    allowed_fill = {None, charts.INK, charts.MUTED}
    ids: list[str] = []
    for chart in _all_charts(p, start, end):
        root = _root(chart)
        assert root.attrib["role"] == "img" and root.attrib["class"] == "chart"
        assert "width" not in root.attrib and "height" not in root.attrib
        _, _, w, _ = (float(v) for v in root.attrib["viewBox"].split())
        assert 320 <= w <= 600
        title_id, desc_id = root.attrib["aria-labelledby"].split()
        by_id = {n.attrib["id"]: n for n in root.iter() if "id" in n.attrib}
        assert by_id[title_id].tag == f"{NS}title"
        assert by_id[desc_id].tag == f"{NS}desc"
        assert by_id[desc_id].text == chart.summary
        assert root.attrib["fill"] == charts.INK
        assert float(root.attrib["font-size"]) >= 11
        for node in root.iter():
            assert float(node.attrib.get("font-size", 12)) >= 11
        in_band = {t for g in root.iter() if "data-points" in g.attrib for t in g.iter(f"{NS}text")}
        for text in root.iter(f"{NS}text"):
            # white text only sits on the dark phase band (contrast above 6.5:1)
            assert text.attrib.get("fill") in allowed_fill or text in in_band
        assert "<script" not in chart.svg and "http" not in chart.svg.replace(
            'xmlns="http://www.w3.org/2000/svg"', ""
        )
        assert "href" not in chart.svg
        ids += list(by_id)
    assert len(ids) == len(set(ids))


def test_ids_are_unique_per_title_and_can_be_set() -> None:
    a = load_chart("Hip thrust", [_ex(0, load=5.0)])
    b = load_chart("Hip-thrust", [_ex(0, load=5.0)])
    c = load_chart("臀桥", [_ex(0, load=5.0)])
    titles = [_root(x).attrib["aria-labelledby"] for x in (a, b, c)]
    assert len(set(titles)) == 3
    d = load_chart("Hip thrust", [_ex(0, load=5.0)], id_prefix="report-ht")
    assert _root(d).attrib["aria-labelledby"] == "report-ht-t report-ht-d"


def test_stop_and_modify_differ_in_shape_not_only_colour() -> None:
    pts = [
        SymptomPoint(D0, "back_pain", "stop"),
        SymptomPoint(D0 + timedelta(days=5), "urine_leak", "modify"),
        SymptomPoint(D0 + timedelta(days=9), "pelvic_pain", None),
    ]
    chart = symptom_timeline(pts, D0, D0 + timedelta(days=14))
    paths = {
        p.attrib.get("fill")
        if p.attrib.get("fill") not in (None, "none")
        else p.attrib["stroke"]: p
        for p in _plotted(chart).iter(f"{NS}path")
    }
    stop, modify, ok = paths[charts.STOP], paths[charts.MODIFY], paths[charts.OK]
    # stop: a closed triangle; modify: a square (square caps); no change: a dot (round caps)
    assert re.fullmatch(r"(M[\d.]+ [\d.]+l6 11h-12z)+", stop.attrib["d"])
    assert modify.attrib["stroke-linecap"] == "square"
    assert ok.attrib["stroke-linecap"] == "round"
    assert {"Stop", "Modify", "Noted"} <= set(_texts(chart))  # and each lane is labelled
    lanes = {
        name: float(re.findall(r"M[\d.]+ ([\d.]+)", node.attrib["d"])[0])
        for name, node in (("stop", stop), ("modify", modify), ("ok", ok))
    }
    assert len(set(lanes.values())) == 3


def test_chart_renders_itself_in_jinja() -> None:
    from jinja2 import Environment

    chart = load_chart("A & B", [_ex(0, load=5.0)])
    page = Environment(autoescape=True).from_string("<figure>{{ c }}</figure>")
    assert page.render(c=chart) == f"<figure>{chart.svg}</figure>"


# ------------------------------------------------------------------------------------------
# Property: any series gives valid XML with as many marks as points

_days = st.integers(min_value=0, max_value=400)
_exercise_points = st.lists(
    st.builds(
        _ex,
        _days,
        st.one_of(st.none(), st.floats(min_value=0, max_value=400, allow_nan=False)),
        st.one_of(st.none(), st.sampled_from(BANDS)),
        st.integers(min_value=0, max_value=200),
    ),
    max_size=40,
    unique_by=lambda p: p.date,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(max_size=30), points=_exercise_points, unit=st.sampled_from(["kg", "lb"]))
def test_any_exercise_series_is_valid_xml(
    name: str, points: list[ExercisePoint], unit: str
) -> None:
    chart = load_chart(name, points, unit=unit)
    ET.fromstring(chart.svg)
    assert series_point_count(chart.svg) == len(points) == _drawn_marks(chart)
    assert chart == load_chart(name, points, unit=unit)


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(
        st.builds(
            SymptomPoint,
            st.builds(lambda n: D0 + timedelta(days=n), st.integers(0, 60)),
            st.sampled_from(["back_pain", "urine_leak", "x<y>&z", "heavy_bleeding"]),
            st.sampled_from([None, "ok", "modify", "stop", "urgent", "pelvic_floor"]),
        ),
        max_size=40,
    )
)
def test_any_symptom_series_is_valid_xml(points: list[SymptomPoint]) -> None:
    chart = symptom_timeline(points, D0, D0 + timedelta(days=60))
    ET.fromstring(chart.svg)
    assert series_point_count(chart.svg) == len(points) == _drawn_marks(chart)
    assert f"{len(points)} report" in chart.summary or not points


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(min_value=0, max_value=500, allow_nan=False)),
            st.one_of(st.none(), st.floats(min_value=0, max_value=9000, allow_nan=False)),
        ),
        max_size=60,
    ),
    what=st.sampled_from(["protein", "water"]),
    unit=st.sampled_from(["metric", "imperial"]),
)
def test_any_nutrition_series_is_valid_xml(
    values: list[tuple[float | None, float | None]],
    what: Literal["protein", "water"],
    unit: str,
) -> None:
    pts = [
        NutritionPoint(D0 + timedelta(days=i), protein, 100, water, 3000)
        for i, (protein, water) in enumerate(values)
    ]
    chart = nutrition_chart(pts, what, unit=unit)
    ET.fromstring(chart.svg)
    logged = sum(1 for v in values if v[0 if what == "protein" else 1] is not None)
    assert series_point_count(chart.svg) == logged == _drawn_marks(chart)


def test_a_changing_target_is_a_step_and_the_summary_gives_both() -> None:
    pts = [
        NutritionPoint(D0 + timedelta(days=i), 110.0, 100 if i < 5 else 120, None, 3000)
        for i in range(10)
    ]
    chart = nutrition_chart(pts, "protein")
    assert "(target 100 g at first, 120 g now)" in chart.summary
    assert "reached on 5 of them" in chart.summary
    target = [p for p in _root(chart).iter(f"{NS}path") if "stroke-dasharray" in p.attrib]
    assert len(target) == 1 and target[0].attrib["d"].count("V") == 1
    assert "- - target 120 g" in _texts(chart)


@pytest.mark.parametrize("load", [0.0, 5e-324, 1e-7, 0.04, 1.0, 399.99])
def test_tiny_and_zero_values_draw_a_readable_axis(load: float) -> None:
    chart = load_chart("Hip thrust", [_ex(0, load=load), _ex(1, load=load)])
    labels = [t for t in _texts(chart) if re.fullmatch(r"[\d.]+", t)]
    assert 3 <= len(labels) <= 6
    assert len(labels) == len(set(labels))  # no two ticks print the same number
