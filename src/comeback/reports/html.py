"""The report as one self-contained HTML page: the same blocks as the PDF, each chart drawn by
the same function on its own figure and inlined as SVG (text kept as text, ids unique per
chart and deterministic), with print styles so the browser's "Print" gives A4 pages too."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import matplotlib
from matplotlib.figure import Figure as MplFigure

from comeback.reports.document import Block, Chart, Heading, Para, Table
from comeback.reports.pdf import RC, RENDER_LOCK, Rendered
from comeback.web.templating import env

CHART_WIDTH_IN = 7.0
_SVG_START = re.compile(r"^.*?(<svg\b)", re.DOTALL)
_SVG_SIZE = re.compile(r'(<svg\b[^>]*?)\s(?:width|height)="[^"]*"')
_SVG_REF = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')  # an id, and what points at one


def _svg(block: Chart, points: dict[str, int]) -> str:
    f = block.figure
    fig = MplFigure(figsize=(CHART_WIDTH_IN, f.height_in))
    left, bottom, width, height = f.plot_box(CHART_WIDTH_IN)
    ax = fig.add_axes(
        (
            left / CHART_WIDTH_IN,
            bottom / f.height_in,
            width / CHART_WIDTH_IN,
            height / f.height_in,
        )
    )
    points.update(f.draw(ax))
    out = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": f.key}):
        fig.savefig(out, format="svg")
    svg = _SVG_START.sub(r"\1", out.getvalue(), count=1)
    while _SVG_SIZE.search(svg):
        svg = _SVG_SIZE.sub(r"\1", svg, count=1)
    prefix = "r-" + re.sub(r"[^A-Za-z0-9_-]+", "-", f.key)
    svg = _SVG_REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)  # unique per page
    label = f.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg class="report-chart" role="img" aria-label="{label}" ', 1)


def _view(block: Block, points: dict[str, int]) -> dict[str, Any]:
    match block:
        case Heading():
            return {"kind": "heading", "text": block.text, "level": block.level}
        case Para():
            return {"kind": "para", "text": block.text, "muted": block.muted}
        case Table():
            return {
                "kind": "table",
                "header": block.header if any(block.header) else None,
                "rows": block.rows,
            }
        case Chart():
            return {"kind": "chart", "title": block.figure.title, "svg": _svg(block, points)}


def render_html(
    blocks: list[Block],
    title: str,
    footer: str,
    on_block: Callable[[], None] | None = None,
) -> Rendered:
    """The blocks as a standalone HTML document (UTF-8 bytes)."""
    points: dict[str, int] = {}
    views = []
    with RENDER_LOCK, matplotlib.rc_context(RC):
        for block in blocks:
            views.append(_view(block, points))
            if on_block is not None:
                on_block()
    text = env.get_template("report.html").render(title=title, footer=footer, blocks=views)
    return Rendered(text.encode("utf-8"), 1, points)
