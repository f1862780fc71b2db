"""The report as an A4 PDF: matplotlib's PDF backend, vector charts, extractable text.

Blocks flow down the page and move to the next one when they do not fit (a heading keeps
with what follows it; a long table repeats its header). Text is TrueType (`pdf.fonttype`
42), so it can be selected, searched and read aloud. No pyplot: figures are created and
closed here, so a web worker keeps no global figure state.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from comeback.reports.document import Block, Chart, Heading, Para, Table
from comeback.web.charts import INK, MUTED

A4_IN = (8.27, 11.69)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 0.75, 0.75, 0.85
TEXT_W = A4_IN[0] - 2 * MARGIN_X
CHAR_EM = 0.55  # DejaVu Sans: an average character is about 0.55 em wide (for wrapping)
RC: dict[Any, Any] = {
    "pdf.fonttype": 42,  # TrueType: text extractable and searchable
    "svg.fonttype": "none",  # SVG text stays text
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "hatch.color": "white",
}
# Ligatures (fi, fl) would embed a second subset of each font (matplotlib files glyphs of
# several characters apart): each subset costs about a quarter of a second of fontTools.
NO_LIGATURES = ("-liga",)
RENDER_LOCK = threading.Lock()  # rcParams are process-wide: one render at a time


@dataclass
class Rendered:
    data: bytes
    pages: int
    points: dict[str, int] = field(default_factory=dict)  # chart series -> points drawn


def _wrap(text: str, width_in: float, size: float) -> list[str]:
    chars = max(8, int(width_in * 72 / (size * CHAR_EM)))
    return textwrap.wrap(text, chars, break_long_words=True) or [""]


def _line_h(size: float) -> float:
    return size * 1.4 / 72


class _Pages:
    """A cursor down A4 pages: `y` is inches from the top of the current page."""

    def __init__(self) -> None:
        self.figures: list[MplFigure] = []
        self.points: dict[str, int] = {}
        self._new()

    def _new(self) -> None:
        self.fig = MplFigure(figsize=A4_IN)
        self.figures.append(self.fig)
        self.y = MARGIN_TOP

    def room(self) -> float:
        return A4_IN[1] - MARGIN_BOTTOM - self.y

    def need(self, height: float) -> None:
        if height > self.room() and self.y > MARGIN_TOP:
            self._new()

    def text(self, x: float, line: str, size: float, bold: bool = False, colour: str = INK) -> None:
        self.fig.text(
            x / A4_IN[0],
            1 - self.y / A4_IN[1],
            line,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            color=colour,
            va="top",
            ha="left",
        )

    def heading(self, block: Heading) -> None:
        size = 16 if block.level == 0 else 12
        before = 0.0 if block.level == 0 or self.y == MARGIN_TOP else 0.18
        self.need(before + _line_h(size) + 1.2)  # keep with what follows
        self.y += before if self.y > MARGIN_TOP else 0
        self.text(MARGIN_X, block.text, size, bold=True)
        self.y += _line_h(size) + 0.06

    def para(self, block: Para) -> None:
        size = 8 if block.muted else 9
        for line in _wrap(block.text, TEXT_W, size):
            self.need(_line_h(size))
            self.text(MARGIN_X, line, size, colour=MUTED if block.muted else INK)
            self.y += _line_h(size)
        self.y += 0.06

    def _row(self, cells: tuple[str, ...], widths: tuple[float, ...]) -> list[list[str]]:
        return [_wrap(c, TEXT_W * w - 0.08, 8) for c, w in zip(cells, widths, strict=True)]

    def _draw_row(self, wrapped: list[list[str]], widths: tuple[float, ...], bold: bool) -> None:
        x = MARGIN_X
        top = self.y
        for lines, w in zip(wrapped, widths, strict=True):
            self.y = top
            for line in lines:
                self.text(x, line, 8, bold=bold)
                self.y += _line_h(8)
            x += TEXT_W * w
        self.y = top + max(len(lines) for lines in wrapped) * _line_h(8) + 0.03

    def _rule(self) -> None:
        y = 1 - (self.y - 0.01) / A4_IN[1]
        self.fig.add_artist(
            Line2D([MARGIN_X / A4_IN[0], 1 - MARGIN_X / A4_IN[0]], [y, y], color="#d9d6e0", lw=0.6)
        )

    def table(self, block: Table) -> None:
        has_header = any(block.header)
        header = self._row(block.header, block.widths) if has_header else None

        def head() -> None:
            if header is not None:
                self._draw_row(header, block.widths, True)
                self._rule()
                self.y += 0.03

        rows = [self._row(r, block.widths) for r in block.rows]
        first_h = max(len(c) for c in rows[0]) * _line_h(8) if rows else 0
        self.need((_line_h(8) + 0.06 if header else 0) + first_h)
        head()
        for wrapped in rows:
            height = max(len(c) for c in wrapped) * _line_h(8) + 0.03
            if height > self.room():
                self._new()
                head()
            self._draw_row(wrapped, block.widths, False)
        self.y += 0.1

    def chart(self, block: Chart) -> None:
        f = block.figure
        title_h = _line_h(9) + 0.04
        self.need(title_h + f.height_in)
        self.text(MARGIN_X, f.title, 9, bold=True)
        self.y += title_h
        left, bottom, width, height = f.plot_box(TEXT_W)
        box_bottom = A4_IN[1] - (self.y + f.height_in)  # inches from the page's foot
        ax = self.fig.add_axes(
            (
                (MARGIN_X + left) / A4_IN[0],
                (box_bottom + bottom) / A4_IN[1],
                width / A4_IN[0],
                height / A4_IN[1],
            )
        )
        ax.set_gid(f.key)
        self.points.update(f.draw(ax))
        self.y += f.height_in + 0.1

    def add(self, block: Block) -> None:
        match block:
            case Heading():
                self.heading(block)
            case Para():
                self.para(block)
            case Table():
                self.table(block)
            case Chart():
                self.chart(block)

    def footers(self, footer: str) -> None:
        n = len(self.figures)
        for i, fig in enumerate(self.figures, start=1):
            fig.text(
                MARGIN_X / A4_IN[0],
                0.45 / A4_IN[1],
                f"{footer} · page {i} of {n}",
                fontsize=7,
                color=MUTED,
                va="bottom",
            )


def render_pdf(
    blocks: list[Block],
    title: str,
    footer: str,
    on_block: Callable[[], None] | None = None,
) -> Rendered:
    """The blocks as an A4 PDF. `on_block` is called after each block (a progress bar)."""
    with RENDER_LOCK, matplotlib.rc_context(RC):
        pages = _Pages()
        for block in blocks:
            pages.add(block)
            if on_block is not None:
                on_block()
        pages.footers(footer)
        for fig in pages.figures:
            for text in fig.findobj(Text):
                text.set_fontfeatures(NO_LIGATURES)
        out = io.BytesIO()
        metadata = {
            "Title": title,
            "Creator": "Comeback",
            "Subject": "Postpartum recovery progress report (not medical advice)",
        }
        with PdfPages(out, metadata=metadata) as pdf:
            for fig in pages.figures:
                pdf.savefig(fig)
        return Rendered(out.getvalue(), len(pages.figures), pages.points)
