"""Small, accessible SVG charts drawn on the server from the progress series.

Pure functions of `comeback.domain.progress` dataclasses, so the progress page and the printed
report draw the same marks. Each returns a `Chart`: `svg`, a complete inline `<svg>` element,
and `summary`, the same story in plain words (it is also the chart's `<desc>`), so every chart
has a text alternative.

The rules every chart follows:

- `viewBox` only, 360 user units wide (CSS: `.chart {width: 100%; height: auto}`), so text of
  12 units stays about 13 px on a phone; `class="chart"`, `role="img"`, `aria-labelledby`
  naming its `<title>` and `<desc>`, with ids from a deterministic slug of the title (or the
  caller's `id_prefix`), so two charts on a page never share an id.
- Text in #1d1b26 or #4f4b5c on white (contrast above 4.5:1), marks in #6b2f7a, modify in
  #8a4b00, stop in #a3161b, ok in #1f6b3a; levels differ by shape and by lane, not by colour
  only (WCAG 1.4.1).
- Every text is escaped; numbers are rounded to one decimal; no script, no external
  reference; the same input gives the same string.
- The plotted group carries `data-points="N"`, the number of marks drawn
  (`series_point_count`). Above `MAX_MARKS` a series is drawn per week and the summary says
  so: the count is never dropped silently. Six months of daily data stay under 8 KB.
- No data: a small chart saying "No data yet", never an exception.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from comeback.domain.model import BANDS
from comeback.domain.progress import (
    ExercisePoint,
    NutritionPoint,
    PhaseSpan,
    SymptomPoint,
    WeekPoint,
)
from comeback.domain.safety import WORDS

KG_TO_LB = 2.20462
ML_PER_FL_OZ = 29.5735  # US fluid ounce
MAX_MARKS = 200  # above this a series is drawn one mark per week

WIDTH = 360
LEFT, RIGHT = 44.0, 348.0  # the plot area, in user units
GATE_ROWS = 3  # rows of phase-change dates under the phase band
MAX_LEGEND_ROWS = 8  # more spans than this: the phase legend has a row per phase
LANE_LEFT = 60.0  # the symptom lanes: room for "Modify" and "Noted"
MIN_CEILING = 2.0  # the y axis reaches at least this (ticks 0, 0.5 .. 2)
STACK_STEP = 13.0  # symptom marks on the same day and level stack this far apart
TOP = 26.0
FONT = 12
INK = "#1d1b26"
MUTED = "#4f4b5c"
MARK = "#6b2f7a"
MODIFY = "#8a4b00"
STOP = "#a3161b"
OK = "#1f6b3a"
GRID = "#d9d6e0"  # gridlines only: decoration, never the only carrier of meaning
PHASE_FILL: dict[str, str] = {
    "foundation": "#6b2f7a",
    "activation": "#1f5f8b",
    "strengthening": "#1f6b3a",
    "paused": "#8a4b00",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STOP_LEVELS = frozenset({"stop", "urgent", "pelvic_floor"})

# Characters XML 1.0 forbids, even escaped: dropped from every text before it is escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Chart:
    svg: str
    summary: str

    def __html__(self) -> str:
        """Jinja renders `{{ chart }}` as the SVG: every text in it is already escaped."""
        return self.svg


def series_point_count(chart_svg: str) -> int:
    """The number of marks a chart drew, from the `data-points` of its plotted group."""
    root = ET.fromstring(chart_svg)
    for node in root.iter():
        if "data-points" in node.attrib:
            return int(node.attrib["data-points"])
    raise ValueError("no plotted group (data-points) in this chart")


# ----------------------------------------------------------------------------------------------
# Small helpers


def _esc(text: str) -> str:
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _n(value: float) -> str:
    """A number for the markup: one decimal at most, no trailing `.0`, no `-0`."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _num(value: float) -> str:
    """A number for people (summaries, labels): the same rounding as the markup."""
    return _n(value)


def _day(d: date, with_year: bool = False) -> str:
    text = f"{d.day} {MONTHS[d.month - 1]}"
    return f"{text} {d.year}" if with_year else text


def _years(*days: date) -> bool:
    """Whether dates need their year: the chart spans more than one calendar year."""
    return len({d.year for d in days}) > 1


def _slug(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:32].strip("-")
    digest = hashlib.sha1(
        title.encode("utf-8", "surrogatepass"), usedforsecurity=False
    ).hexdigest()[:6]
    return f"c-{words}-{digest}" if words else f"c-{digest}"


def _prefix(id_prefix: str | None, title: str) -> str:
    if id_prefix is None:
        return _slug(title)
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", id_prefix).strip("-")
    return cleaned if cleaned and cleaned[0].isalpha() else f"c-{cleaned or _slug(title)}"


def _week_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _nice_step(top: float, ticks: int = 4) -> float:
    """A step of 1, 2, 2.5 or 5 times a power of ten giving about `ticks` intervals."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10.0 ** _floor_log10(raw)
    for mult in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= mult * power:
            return mult * power
    return 10.0 * power


def _floor_log10(x: float) -> int:
    n = 0
    while x >= 10:
        x /= 10
        n += 1
    while x < 1:
        x *= 10
        n -= 1
    return n


def _y_scale(
    top_value: float, y_top: float, y_bottom: float
) -> tuple[Callable[[float], float], list[float]]:
    """A linear scale from 0 to a nice ceiling above `top_value` (at least MIN_CEILING, so a
    tiny or zero series still gets readable ticks), and its tick values: about five."""
    if not math.isfinite(top_value):
        raise ValueError(f"cannot draw {top_value!r}")
    top = max(top_value, MIN_CEILING)
    step = _nice_step(top)
    intervals = max(1, math.ceil(top / step - 1e-9))
    ticks = [round(i * step, 6) for i in range(intervals + 1)]
    ceiling = ticks[-1]

    def scale(v: float) -> float:
        return y_bottom - (y_bottom - y_top) * (v / ceiling)

    return scale, ticks


def _x_scale(
    first: date, last: date, pad: float = 0.0, left_edge: float = LEFT
) -> Callable[[date], float]:
    span = (last - first).days
    left, right = left_edge + pad, RIGHT - pad

    def scale(d: date) -> float:
        if span == 0:
            return (left + right) / 2
        return left + (right - left) * (d - first).days / span

    return scale


def _date_ticks(first: date, last: date, most: int = 5) -> list[date]:
    span = (last - first).days
    if span == 0:
        return [first]
    count = min(most, span + 1)
    return sorted({first + timedelta(days=round(span * i / (count - 1))) for i in range(count)})


def _text(x: float, y: float, text: str, anchor: str = "middle", fill: str = MUTED) -> str:
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    f = "" if fill == INK else f' fill="{fill}"'
    return f'<text x="{_n(x)}" y="{_n(y)}"{a}{f}>{_esc(text)}</text>'


def _x_axis(
    first: date,
    last: date,
    x: Callable[[date], float],
    y: float,
    left: float = LEFT,
    snap: Callable[[date], date] | None = None,
) -> str:
    """The baseline, and up to five dates under it (three when they carry their year)."""
    with_year = _years(first, last)
    ticks = _date_ticks(first, last, 3 if with_year else 5)
    if snap is not None:
        ticks = sorted({snap(d) for d in ticks})
    parts = [f'<path d="M{_n(left)} {_n(y)}H{_n(RIGHT)}" stroke="{MUTED}"/>']
    for i, d in enumerate(ticks):
        anchor = "middle"
        if len(ticks) > 1 and i == 0:
            anchor = "start"
        elif len(ticks) > 1 and i == len(ticks) - 1:
            anchor = "end"
        xx = x(d)
        tx = left if anchor == "start" else RIGHT if anchor == "end" else xx
        parts.append(f'<path d="M{_n(xx)} {_n(y)}v4" stroke="{MUTED}"/>')
        parts.append(_text(tx, y + 17, _day(d, with_year), anchor))
    return "".join(parts)


def _left_for(labels: Sequence[str]) -> float:
    """The plot's left edge: room for the longest y label (about 7 units a character)."""
    return max(LEFT, 12.0 + 7.0 * max((len(t) for t in labels), default=0))


def _y_axis(
    ticks: Sequence[float],
    y: Callable[[float], float],
    label: Callable[[float], str],
    left: float = LEFT,
) -> str:
    grid = "".join(f"M{_n(left)} {_n(y(t))}H{_n(RIGHT)}" for t in ticks[1:])
    parts = [f'<path d="{grid}" stroke="{GRID}"/>'] if grid else []
    parts += [_text(left - 5, y(t) + 4, label(t), "end") for t in ticks]
    return "".join(parts)


def _svg(prefix: str, title: str, summary: str, height: float, body: str, defs: str = "") -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" aria-labelledby="{prefix}-t {prefix}-d" '
        f'font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-size="{FONT}" '
        f'fill="{INK}">'
        f'<title id="{prefix}-t">{_esc(title)}</title><desc id="{prefix}-d">{_esc(summary)}</desc>'
    )
    return head + (f"<defs>{defs}</defs>" if defs else "") + body + "</svg>"


def _empty(title: str, id_prefix: str | None, what: str = "No data yet") -> Chart:
    summary = f"{title}: no data yet."
    body = (
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="58" rx="6" fill="none" stroke="{GRID}"/>'
        + _text(WIDTH / 2, 35, what, "middle", MUTED)
        + '<g data-points="0"/>'
    )
    return Chart(_svg(_prefix(id_prefix, title), title, summary, 60, body), summary)


def _marks_path(points: Sequence[tuple[float, float]]) -> str:
    """Zero-length segments: with round (or square) caps each is a dot (or square)."""
    return "".join(f"M{_n(px)} {_n(py)}h0" for px, py in points)


# ----------------------------------------------------------------------------------------------
# Load (or band, or reps) per session


def _load_kind(points: Sequence[ExercisePoint]) -> Literal["load", "band", "reps"]:
    if any(p.top_load_kg is not None for p in points):
        return "load"
    if any(p.top_band is not None for p in points):
        return "band"
    return "reps"


def _band_level(band: str | None) -> int:
    for i, name in enumerate(BANDS, start=1):
        if band == name:
            return i
    return 0


def _band_name(level: int) -> str:
    return "no band" if level == 0 else BANDS[level - 1]


def _weekly(
    rows: Sequence[tuple[date, float]], combine: Callable[[list[float]], float]
) -> list[tuple[date, float]]:
    weeks: dict[date, list[float]] = {}
    for d, v in rows:
        weeks.setdefault(_week_of(d), []).append(v)
    return [(w, combine(vs)) for w, vs in sorted(weeks.items())]


def load_chart(
    exercise_name: str,
    points: Sequence[ExercisePoint],
    unit: str = "kg",
    id_prefix: str | None = None,
) -> Chart:
    """Top load per session (line with dots); reps per session when she never used a load;
    band level steps when she only used bands. `unit` "lb" labels loads in pounds."""
    if unit not in ("kg", "lb"):
        raise ValueError(f"unit must be 'kg' or 'lb', not {unit!r}")
    title = f"{exercise_name} progress"
    if not points:
        return _empty(title, id_prefix)
    pts = sorted(points, key=lambda p: p.date)
    kind = _load_kind(pts)
    factor = KG_TO_LB if unit == "lb" else 1.0
    values: list[tuple[date, float]]
    if kind == "load":
        values = [(p.date, (p.top_load_kg or 0.0) * factor) for p in pts]
    elif kind == "band":
        values = [(p.date, float(_band_level(p.top_band))) for p in pts]
    else:
        values = [(p.date, float(p.reps)) for p in pts]

    aggregated = len(values) > MAX_MARKS
    drawn = _weekly(values, max) if aggregated else values
    first, last = pts[0].date, pts[-1].date
    with_year = _years(first, last)

    def show(v: float) -> str:
        if kind == "load":
            return f"{_num(v)} {unit}" + (" (bodyweight)" if v == 0 else "")
        if kind == "band":
            return _band_name(round(v))
        return _num(v)

    v0, v1 = values[0][1], values[-1][1]
    top_v = max(v for _, v in values)
    what = {"load": "top load", "band": "resistance band", "reps": "reps per session"}[kind]
    d0, d1 = _day(first, with_year), _day(last, with_year)
    if len(values) == 1:
        story = f"{what} {show(v0)} on {d0} (1 session)"
    elif all(v == v0 for _, v in values):
        story = f"{what} stayed at {show(v0)} from {d0} to {d1} over {len(values)} sessions"
    elif v0 == v1:
        story = f"{what} was {show(v0)} on {d0} and {show(v1)} on {d1}"
    else:
        verb = "went" if kind == "band" else "rose" if v1 > v0 else "fell"
        story = f"{what} {verb} from {show(v0)} on {d0} to {show(v1)} on {d1}"
    if len(values) > 1 and not all(v == v0 for _, v in values):
        story += f" over {len(values)} sessions"
        if top_v > max(v0, v1):
            peak_day = next(d for d, v in values if v == top_v)
            story += f", highest {show(top_v)} on {_day(peak_day, with_year)}"
    summary = f"{exercise_name}: {story}."
    if kind == "reps":
        summary += " No load was used, so reps are shown."
    if aggregated:
        best = "most" if kind == "reps" else "highest"
        summary += f" Drawn as the {best} of each week ({_plural(len(drawn), 'week')})."

    # geometry
    height = 178.0
    y_bottom = 146.0
    if kind == "band":
        levels = len(BANDS)
        names = ["none", *BANDS]
        left = _left_for(names)
        x = _x_scale(first, last, pad=6, left_edge=left)

        def band_y(v: float) -> float:
            return y_bottom - (y_bottom - TOP) * v / levels

        axis = _y_axis(
            [float(i) for i in range(levels + 1)], band_y, lambda v: names[round(v)], left
        )
        coords = [(x(d), band_y(v)) for d, v in drawn]
        line = f"M{_n(coords[0][0])} {_n(coords[0][1])}" + "".join(
            f"H{_n(cx)}V{_n(cy)}" for cx, cy in coords[1:]
        )
        unit_label = "band"
    else:
        y, ticks = _y_scale(top_v, TOP, y_bottom)
        left = _left_for([_num(t) for t in ticks])
        x = _x_scale(first, last, pad=6, left_edge=left)
        axis = _y_axis(ticks, y, _num, left)
        coords = [(x(d), y(v)) for d, v in drawn]
        line = f"M{_n(coords[0][0])} {_n(coords[0][1])}" + "".join(
            f"L{_n(cx)} {_n(cy)}" for cx, cy in coords[1:]
        )
        unit_label = unit if kind == "load" else "reps"
    body = (
        _text(4, 14, unit_label, "start")
        + axis
        + _x_axis(first, last, x, y_bottom, left)
        + f'<g data-points="{len(drawn)}" fill="none" stroke="{MARK}" stroke-linecap="round">'
        + (
            f'<path d="{line}" stroke-width="2" stroke-linejoin="round"/>'
            if len(coords) > 1
            else ""
        )
        + f'<path d="{_marks_path(coords)}" stroke-width="6"/>'
        + "</g>"
    )
    return Chart(_svg(_prefix(id_prefix, title), title, summary, height, body), summary)


# ----------------------------------------------------------------------------------------------
# Sets per week


def weekly_volume_chart(weeks: Sequence[WeekPoint], id_prefix: str | None = None) -> Chart:
    """Bars of working sets per week, on a week axis (a week without a session is a gap)."""
    title = "Sets per week"
    if not weeks:
        return _empty(title, id_prefix)
    ws = sorted(weeks, key=lambda w: w.week_start)
    first, last = _week_of(ws[0].week_start), _week_of(ws[-1].week_start)
    slots = (last - first).days // 7 + 1
    with_year = _years(first, last)
    slot = (RIGHT - LEFT) / slots
    bar = max(1.0, min(16.0, slot * 0.7))

    def x(d: date) -> float:
        return LEFT + slot * ((_week_of(d) - first).days // 7 + 0.5)

    y_bottom = 146.0
    top_v = max(w.sets for w in ws)
    y, ticks = _y_scale(float(max(top_v, 1)), TOP, y_bottom)
    bars = "".join(f"M{_n(x(w.week_start))} {_n(y_bottom)}V{_n(y(w.sets))}" for w in ws)

    sessions = sum(w.sessions for w in ws)
    most = max(ws, key=lambda w: w.sets)
    gaps = slots - len({_week_of(w.week_start) for w in ws})
    summary = (
        f"Sets per week: {_plural(len(ws), 'week')} with training from the week of "
        f"{_day(first, with_year)} to the week of {_day(last, with_year)}"
    )
    if len(ws) > 1:
        summary += (
            f"; {_plural(ws[0].sets, 'set')} ({_plural(ws[0].sessions, 'session')}) in the "
            f"first week and {_plural(ws[-1].sets, 'set')} ({_plural(ws[-1].sessions, 'session')})"
            f" in the last; most {_plural(most.sets, 'set')} in the week of "
            f"{_day(most.week_start, with_year)}"
        )
    else:
        summary += f"; {_plural(ws[0].sets, 'set')}"
    summary += f"; {_plural(sessions, 'session')} in all"
    if gaps:
        summary += f"; {_plural(gaps, 'week')} without a session"
    summary += "."

    body = (
        _text(4, 14, "sets", "start")
        + _y_axis(ticks, y, _num)
        + _x_axis(first, last, x, y_bottom, snap=_week_of)
        + f'<g data-points="{len(ws)}"><path d="{bars}" stroke="{MARK}" '
        f'stroke-width="{_n(bar)}"/></g>'
    )
    return Chart(_svg(_prefix(id_prefix, title), title, summary, 178, body), summary)


# ----------------------------------------------------------------------------------------------
# Phases


def _phase_word(phase: str) -> str:
    return phase.replace("_", " ")


def phase_timeline(
    spans: Sequence[PhaseSpan], start: date, end: date, id_prefix: str | None = None
) -> Chart:
    """A band coloured by phase (paused is hatched too), the gate dates under it, and a legend
    row per span naming the phase and its dates."""
    title = "Program phases"
    if end < start:
        start, end = end, start
    shown = [
        PhaseSpan(s.phase, max(s.start, start), min(s.end, end))
        for s in sorted(spans, key=lambda s: s.start)
        if s.end >= start and s.start <= end
    ]
    if not shown:
        return _empty(title, id_prefix)
    prefix = _prefix(id_prefix, title)
    with_year = _years(start, end)
    days = (end - start).days + 1

    def x(d: date) -> float:
        return LEFT - 36 + (RIGHT - LEFT + 36) * (d - start).days / days

    x_left = LEFT - 36
    band_top, band_h = 8.0, 26.0
    hatch_id = f"{prefix}-h"
    defs = (
        f'<pattern id="{hatch_id}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{PHASE_FILL["paused"]}"/>'
        f'<path d="M0 0V6" stroke="#fff" stroke-width="2"/></pattern>'
    )

    def fill(phase: str) -> str:
        return f"url(#{hatch_id})" if phase == "paused" else PHASE_FILL.get(phase, MUTED)

    segs = []
    for s in shown:
        x0, x1 = x(s.start), x(s.end + timedelta(days=1))
        segs.append(
            f'<rect x="{_n(x0)}" y="{_n(band_top)}" width="{_n(max(x1 - x0, 1))}" '
            f'height="{_n(band_h)}" fill="{fill(s.phase)}" stroke="#fff"/>'
        )
        name = _phase_word(s.phase)
        if s.phase != "paused" and (x1 - x0) > len(name) * 7 + 8:
            segs.append(_text((x0 + x1) / 2, band_top + 17, name, "middle", "#fff"))

    # the dates under the band: the first day, every phase change (the gates), the last day;
    # a label that would touch another moves down a row (up to GATE_ROWS rows)
    gates = [s.start for s in shown[1:]]
    axis_y = band_top + band_h
    ticks = [
        _text(x_left, axis_y + 16, _day(start, with_year), "start"),
        _text(RIGHT, axis_y + 16, _day(end, with_year), "end"),
    ]
    label_w = 44.0 if not with_year else 76.0
    taken: list[list[tuple[float, float]]] = [
        [(x_left, x_left + label_w), (RIGHT - label_w, RIGHT)]
    ]
    used_rows = 1
    for d in gates:
        gx = x(d)
        lo, hi = gx - label_w / 2, gx + label_w / 2
        anchor = "middle"
        if hi > RIGHT:
            lo, hi, anchor = gx - label_w, gx, "end"
        for row in range(GATE_ROWS):
            if row == len(taken):
                taken.append([])
            if all(hi + 2 < a or lo - 2 > b for a, b in taken[row]):
                taken[row].append((lo, hi))
                used_rows = max(used_rows, row + 1)
                ticks.append(f'<path d="M{_n(gx)} {_n(axis_y)}v{4 + row * 14}" stroke="{MUTED}"/>')
                ticks.append(_text(gx, axis_y + 16 + row * 14, _day(d, with_year), anchor))
                break
        else:  # no room: the tick alone; the date is in the legend and the summary
            ticks.append(f'<path d="M{_n(gx)} {_n(axis_y)}v4" stroke="{MUTED}"/>')

    # the legend: a row per span, or per phase when there are many spans
    legend_top = axis_y + 16 + used_rows * 14 + 14
    legend: list[tuple[str, str]]
    if len(shown) <= MAX_LEGEND_ROWS:
        legend = [
            (
                s.phase,
                f"{_phase_word(s.phase).capitalize()}: {_day(s.start, with_year)} to "
                f"{_day(s.end, with_year)}",
            )
            for s in shown
        ]
    else:
        per_phase: dict[str, list[PhaseSpan]] = {}
        for s in shown:
            per_phase.setdefault(s.phase, []).append(s)
        legend = [
            (
                phase,
                f"{_phase_word(phase).capitalize()}: {_plural(len(ss), 'time')}, "
                f"{_plural(sum((s.end - s.start).days + 1 for s in ss), 'day')}",
            )
            for phase, ss in per_phase.items()
        ]
    rows = []
    for i, (phase, words) in enumerate(legend):
        ly = legend_top + i * 18
        rows.append(
            f'<rect x="{_n(x_left)}" y="{_n(ly - 10)}" width="14" height="12" '
            f'fill="{fill(phase)}"/>'
        )
        rows.append(_text(x_left + 20, ly, words, "start", INK))
    height = legend_top + len(legend) * 18 - 8

    parts = [
        f"{_phase_word(s.phase)} from {_day(s.start, with_year)} to {_day(s.end, with_year)}"
        for s in shown
    ]
    summary = f"Program phases from {_day(start, with_year)} to {_day(end, with_year)}: "
    summary += "; ".join(parts) + "."
    if gates:
        summary += (
            " Phase changes: "
            + ", ".join(f"{_day(s.start, with_year)} ({_phase_word(s.phase)})" for s in shown[1:])
            + "."
        )

    body = (
        f'<g data-points="{len(shown)}">' + "".join(segs) + "</g>" + "".join(ticks) + "".join(rows)
    )
    return Chart(_svg(prefix, title, summary, height, body, defs), summary)


# ----------------------------------------------------------------------------------------------
# Symptoms

_LANES: tuple[tuple[str, str, str], ...] = (
    # lane, label, colour
    ("stop", "Stop", STOP),
    ("modify", "Modify", MODIFY),
    ("ok", "Noted", OK),
)


def _lane(level: str | None) -> str:
    if level in STOP_LEVELS:
        return "stop"
    if level == "modify":
        return "modify"
    return "ok"


def _symptom_words(code: str) -> str:
    return WORDS.get(code, code.replace("_", " "))


def symptom_timeline(
    points: Sequence[SymptomPoint], start: date, end: date, id_prefix: str | None = None
) -> Chart:
    """A mark per report on a time axis, one lane per level: stop as a triangle (red), modify
    as a square (amber), no change as a circle (green): shape, lane and colour all differ."""
    title = "Symptoms reported"
    if end < start:
        start, end = end, start
    pts = sorted(points, key=lambda p: (p.date, p.code))
    inside = [p for p in pts if start <= p.date <= end]
    outside = len(pts) - len(inside)
    if not inside:
        chart = _empty(title, id_prefix, "No symptoms reported")
        summary = f"Symptoms reported: none from {_day(start)} to {_day(end)}."
        if outside:
            summary = summary[:-1] + f" ({_plural(outside, 'report')} outside this period)."
        return Chart(chart.svg.replace(_esc(chart.summary), _esc(summary)), summary)
    with_year = _years(start, end)
    left = LANE_LEFT
    x = _x_scale(start, end, pad=6, left_edge=left)
    aggregated = len(inside) > MAX_MARKS

    # marks: (lane, day) -> how many reports that day; per week and lane above MAX_MARKS.
    # Reports on the same day and level stack up in their lane, which grows to fit them.
    counts: dict[tuple[str, date], int] = {}
    for p in inside:
        key = (_lane(p.level), _week_of(p.date) if aggregated else p.date)
        counts[key] = counts.get(key, 0) + 1
    stack = {
        lane: 1
        if aggregated
        else max((c for (ln, _), c in counts.items() if ln == lane), default=1)
        for lane, _, _ in _LANES
    }
    lane_y: dict[str, float] = {}
    edge = 12.0
    for lane, _, _ in _LANES:
        height = max(32.0, STACK_STEP * stack[lane] + 19)
        lane_y[lane] = edge + height / 2
        edge += height
    axis_y = edge

    lanes_markup = []
    marks_drawn = 0
    for lane, label, colour in _LANES:
        ly = lane_y[lane]
        lanes_markup.append(_text(4, ly + 4, label, "start", INK))
        coords: list[tuple[float, float]] = []
        for (ln, d), c in sorted(counts.items()):
            if ln != lane:
                continue
            cx = x(d + timedelta(days=3)) if aggregated else x(d)
            cx = min(max(cx, left + 6), RIGHT - 6)
            for k in range(1 if aggregated else c):
                coords.append((cx, ly + (k - (c - 1) / 2) * STACK_STEP))
        marks_drawn += len(coords)
        if not coords:
            continue
        if lane == "stop":
            tri = "".join(f"M{_n(cx)} {_n(cy - 6)}l6 11h-12z" for cx, cy in coords)
            lanes_markup.append(f'<path d="{tri}" fill="{colour}"/>')
        elif lane == "modify":
            lanes_markup.append(
                f'<path d="{_marks_path(coords)}" stroke="{colour}" stroke-width="10" '
                f'stroke-linecap="square"/>'
            )
        else:
            lanes_markup.append(
                f'<path d="{_marks_path(coords)}" stroke="{colour}" stroke-width="11" '
                f'stroke-linecap="round"/>'
            )
    grid = "".join(f"M{_n(left)} {_n(v)}H{_n(RIGHT)}" for v in lane_y.values())

    by_lane = {lane: sum(1 for p in inside if _lane(p.level) == lane) for lane, _, _ in _LANES}
    urgent = sum(1 for p in inside if p.level == "urgent")
    counts_text = []
    for lane, _, _ in _LANES:
        if by_lane[lane]:
            word = {"stop": "stop", "modify": "modify", "ok": "no change"}[lane]
            extra = f" including {urgent} urgent" if lane == "stop" and urgent else ""
            counts_text.append(f"{by_lane[lane]} {word}{extra}")
    summary = (
        f"Symptoms reported from {_day(start, with_year)} to {_day(end, with_year)}: "
        f"{_plural(len(inside), 'report')} ({'; '.join(counts_text)})."
    )
    recent = inside[-5:]
    listed = "; ".join(
        f"{_symptom_words(p.code)} on {_day(p.date, with_year)} "
        f"({ {'stop': 'stop', 'modify': 'modify', 'ok': 'no change'}[_lane(p.level)] })"
        for p in recent
    )
    summary += f" Latest: {listed}." if len(inside) > 5 else f" {listed[0].upper()}{listed[1:]}."
    if aggregated:
        summary += f" Drawn as one mark per week and level ({_plural(marks_drawn, 'mark')})."
    if outside:
        summary += f" {_plural(outside, 'report')} outside this period not shown."

    body = (
        f'<path d="{grid}" stroke="{GRID}"/>'
        + _x_axis(start, end, x, axis_y, left)
        + f'<g data-points="{marks_drawn}">'
        + "".join(lanes_markup)
        + "</g>"
    )
    return Chart(_svg(_prefix(id_prefix, title), title, summary, axis_y + 26, body), summary)


# ----------------------------------------------------------------------------------------------
# Nutrition


def nutrition_chart(
    points: Sequence[NutritionPoint],
    what: Literal["protein", "water"],
    unit: str = "metric",
    id_prefix: str | None = None,
) -> Chart:
    """Daily bars of protein (g) or water (ml, or US fl oz when `unit` is "imperial") against
    her daily target (a dashed line)."""
    if what not in ("protein", "water"):
        raise ValueError(f"what must be 'protein' or 'water', not {what!r}")
    if unit not in ("metric", "imperial"):
        raise ValueError(f"unit must be 'metric' or 'imperial', not {unit!r}")
    if what == "protein":
        factor, label = 1.0, "g"
    elif unit == "imperial":
        factor, label = 1 / ML_PER_FL_OZ, "fl oz"
    else:
        factor, label = 1.0, "ml"
    title = f"{what.capitalize()} per day ({label})"
    pts = sorted(points, key=lambda p: p.date)
    if not pts:
        return _empty(title, id_prefix)

    def value(p: NutritionPoint) -> float | None:
        v = p.protein_g if what == "protein" else p.water_ml
        return None if v is None else v * factor

    def target(p: NutritionPoint) -> float:
        return (p.protein_target_g if what == "protein" else p.water_target_ml) * factor

    logged = [(p.date, v, target(p)) for p in pts if (v := value(p)) is not None]
    first, last = pts[0].date, pts[-1].date
    with_year = _years(first, last)
    name = "Protein" if what == "protein" else "Water"
    if not logged:
        chart = _empty(title, id_prefix, f"No {what} logged yet")
        summary = f"{title}: nothing logged yet."
        return Chart(chart.svg.replace(_esc(chart.summary), _esc(summary)), summary)

    aggregated = len(logged) > MAX_MARKS
    if aggregated:
        weekly: dict[date, list[tuple[float, float]]] = {}
        for d, v, t in logged:
            weekly.setdefault(_week_of(d), []).append((v, t))
        drawn = [
            (w, statistics.fmean(v for v, _ in vt), statistics.fmean(t for _, t in vt))
            for w, vt in sorted(weekly.items())
        ]
        span_first, span_last = drawn[0][0], drawn[-1][0]
        slots = (span_last - span_first).days // 7 + 1
        step = 7
    else:
        drawn = logged
        span_first, span_last = first, last
        slots = (last - first).days + 1
        step = 1
    slot = (RIGHT - LEFT) / slots
    bar = max(0.8, min(14.0, slot * 0.7))

    def x(d: date) -> float:
        return LEFT + slot * ((d - span_first).days // step + 0.5)

    y_bottom = 146.0
    top_v = max(max(v for _, v, _ in drawn), max(t for _, _, t in drawn))
    y, ticks = _y_scale(top_v, TOP, y_bottom)
    bars = "".join(f"M{_n(x(d))} {_n(y_bottom)}V{_n(y(v))}" for d, v, _ in drawn)

    # the target as a step line that only turns where it changes
    tpath = f"M{_n(LEFT)} {_n(y(drawn[0][2]))}"
    current = round(drawn[0][2], 1)
    for d, _, t in drawn[1:]:
        if round(t, 1) != current:
            edge = x(d) - slot / 2
            tpath += f"H{_n(edge)}V{_n(y(t))}"
            current = round(t, 1)
    tpath += f"H{_n(RIGHT)}"
    last_target = drawn[-1][2]

    def amount(v: float) -> str:
        """Millilitres to the whole ml, grams and fluid ounces to one decimal."""
        return _num(round(v)) if label == "ml" else _num(v)

    met = sum(1 for _, v, t in logged if v >= t - 1e-9)
    days = (last - first).days + 1
    avg = statistics.fmean(v for _, v, _ in logged)
    d0, v0, t0 = logged[0]
    d1, v1, t1 = logged[-1]
    summary = (
        f"{name} per day ({label}): logged on {len(logged)} of {_plural(days, 'day')} from "
        f"{_day(first, with_year)} to {_day(last, with_year)}; the target was reached on "
        f"{met} of them"
    )
    if round(t0, 1) == round(t1, 1):
        summary += f" (target {amount(t1)} {label})"
    else:
        summary += f" (target {amount(t0)} {label} at first, {amount(t1)} {label} now)"
    summary += (
        f"; {amount(v0)} {label} on {_day(d0, with_year)}, {amount(v1)} {label} on "
        f"{_day(d1, with_year)}, {amount(avg)} {label} a day on average."
    )
    if aggregated:
        summary += f" Drawn as weekly averages ({_plural(len(drawn), 'week')})."

    body = (
        _text(4, 14, label, "start")
        + _text(RIGHT, 14, f"- - target {amount(last_target)} {label}", "end", INK)
        + _y_axis(ticks, y, _num)
        + _x_axis(span_first, span_last, x, y_bottom, snap=_week_of if aggregated else None)
        + f'<g data-points="{len(drawn)}"><path d="{bars}" stroke="{MARK}" '
        f'stroke-width="{_n(bar)}"/></g>'
        + f'<path d="{tpath}" fill="none" stroke="{INK}" stroke-width="2" '
        f'stroke-dasharray="6 4"/>'
    )
    return Chart(_svg(_prefix(id_prefix, title), title, summary, 178, body), summary)
