"""Axes helpers shared by the report's charts: fixed date ticks, the house style, her units,
and counting the points a line really holds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.lines import Line2D

from comeback.reports.content import Period
from comeback.web.charts import KG_TO_LB, MUTED

Units = Literal["metric", "imperial"]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_TICKS = 8


def date_ticks(period: Period) -> list[date]:
    """Month starts over two months and more, else Mondays, else days: at most MAX_TICKS.
    (Fixed ticks: matplotlib's automatic date locator was a third of the rendering time.)"""
    if period.days > 60:
        months = []
        d = date(period.start.year, period.start.month, 1)
        while d <= period.end:
            if d >= period.start:
                months.append(d)
            d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        return months[:: -(-len(months) // MAX_TICKS)] if months else [period.start]
    if period.days > 14:
        first = period.start + timedelta(days=-period.start.weekday() % 7)
        mondays = [first + timedelta(weeks=i) for i in range((period.end - first).days // 7 + 1)]
        return mondays[:: -(-len(mondays) // MAX_TICKS)]
    days = [period.start + timedelta(days=i) for i in range(period.days)]
    return days[:: -(-len(days) // MAX_TICKS)]


def _tick_label(d: date, ticks: list[date]) -> str:
    monthly = len(ticks) > 1 and all(t.day == 1 for t in ticks)
    text = MONTHS[d.month - 1] if monthly else f"{d.day} {MONTHS[d.month - 1]}"
    return f"{text} {d.year}" if d == ticks[0] or (monthly and d.month == 1) else text


def style(ax: Axes, period: Period | None = None) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=7, colors=MUTED)
    ax.grid(axis="y", color="#e4e1ea", linewidth=0.6)
    ax.set_axisbelow(True)
    if period is not None:
        ax.set_xlim(x_of(period.start) - 0.5, x_of(period.end) + 0.5)
        ticks = date_ticks(period)
        ax.set_xticks([x_of(d) for d in ticks], [_tick_label(d, ticks) for d in ticks])


def x_of(d: date) -> float:
    return float(date2num(d))  # type: ignore[no-untyped-call]


def drawn(lines: Sequence[Line2D]) -> int:
    """Points a line really holds (read back from the artist, not from the input)."""
    total = 0
    for line in lines:
        xs: Sequence[float] = line.get_xdata()  # type: ignore[assignment]
        total += len(xs)
    return total


def load_factor(units: Units) -> float:
    return KG_TO_LB if units == "imperial" else 1.0


def load_unit(units: Units) -> str:
    return "lb" if units == "imperial" else "kg"
