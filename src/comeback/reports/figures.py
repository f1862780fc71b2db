"""The report's charts, drawn with matplotlib on an Axes the caller provides.

The PDF places each Axes on an A4 page; the HTML report draws each on its own small figure and
saves it as SVG. Each function draws the progress page's series (same points, same rule for
what an exercise's chart shows: load, else band, else reps) and returns how many points it
drew per series, read back from the artists, so a test can compare them with the series.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from comeback.domain.model import BANDS
from comeback.domain.phases import (
    DIASTASIS_GAP_SOFT_MAX,
    PELVIC_FLOOR_FLICKS_READY,
    PELVIC_FLOOR_HOLDS_READY,
)
from comeback.reports.axes import Units, drawn, load_factor, load_unit, style, x_of
from comeback.reports.content import ExerciseProgress, Report, SymptomRow
from comeback.web.charts import MARK, ML_PER_FL_OZ, MODIFY, MUTED, OK, PHASE_FILL, STOP

Draw = Callable[[Axes], dict[str, int]]
E1RM_COLOUR = "#1f5f8b"
OFFERED = "#c9c2d6"
STOP_LEVELS = frozenset({"stop", "urgent", "pelvic_floor"})
LEGEND: dict[str, Any] = {  # above the plot, on the right: never over a mark
    "fontsize": 7,
    "frameon": False,
    "loc": "lower right",
    "bbox_to_anchor": (1.0, 1.0),
    "ncol": 3,
    "borderaxespad": 0.1,
}


LEFT_PAD_IN, RIGHT_PAD_IN = 0.55, 0.1  # room for the y labels; a little air on the right
LEGEND_BAND_IN = 0.2  # room above the plot for its legend


@dataclass(frozen=True)
class Figure:
    """One chart: a key (the test's handle), a title, its height in inches, how to draw it."""

    key: str
    title: str
    height_in: float
    draw: Draw

    def plot_box(self, width_in: float) -> tuple[float, float, float, float]:
        """(left, bottom, width, height) in inches of the plot inside a box of `width_in` by
        `height_in`: room under it for the dates (and the phase legend), above it for a legend."""
        bottom = 0.45 if self.key == "phases" else 0.3
        return (
            LEFT_PAD_IN,
            bottom,
            width_in - LEFT_PAD_IN - RIGHT_PAD_IN,
            self.height_in - bottom - LEGEND_BAND_IN,
        )


def phases(report: Report) -> Figure:
    def draw(ax: Axes) -> dict[str, int]:
        style(ax, report.period)
        ax.grid(False)
        for s in report.phases:
            bars = ax.broken_barh(
                [(x_of(s.start) - 0.5, (s.end - s.start).days + 1)],
                (0, 1),
                facecolors=PHASE_FILL.get(s.phase, MUTED),
                edgecolors="white",
                hatch="//" if s.phase == "paused" else None,
            )
            bars.set_gid(f"phase-{s.phase}")
        for t in report.transitions:
            if t.date in report.period:
                ax.axvline(x_of(t.date) - 0.5, color="#1d1b26", linewidth=0.8, linestyle="--")
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        shown = list(dict.fromkeys(s.phase for s in report.phases))
        ax.legend(
            handles=[
                Patch(facecolor=PHASE_FILL[p], hatch="//" if p == "paused" else None, label=p)
                for p in shown
            ],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.35),
            ncol=len(shown),
            fontsize=7,
            frameon=False,
        )
        return {"phases": len(ax.collections)}

    return Figure("phases", "Program phases (dashed: a phase change)", 1.25, draw)


def volume(report: Report) -> Figure:
    def draw(ax: Axes) -> dict[str, int]:
        style(ax, report.period)
        weeks = [v.week for v in report.volume]
        bars = ax.bar(
            [x_of(w.week_start) + 3 for w in weeks],
            [w.sets for w in weeks],
            width=5,
            color=MARK,
        )
        ax.set_ylabel("working sets", fontsize=7)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.set_xlim(
            min(x_of(report.period.start), x_of(weeks[0].week_start)) - 0.5,
            max(x_of(report.period.end), x_of(weeks[-1].week_start) + 6) + 0.5,
        )
        return {"volume": len(bars)}

    return Figure("volume", "Working sets per week (weeks start on Monday)", 1.8, draw)


def adherence(report: Report) -> Figure:
    def draw(ax: Axes) -> dict[str, int]:
        style(ax, report.period)
        weeks = report.adherence.weeks
        x = [x_of(w.week_start) + 3 for w in weeks]
        ax.bar(
            [v - 1.3 for v in x],
            [w.offered for w in weeks],
            width=2.6,
            color=OFFERED,
            label="days a session was offered",
        )
        done = ax.bar(
            [v + 1.3 for v in x],
            [w.done for w in weeks],
            width=2.6,
            color=MARK,
            label="days with a session",
        )
        ax.set_ylim(0, 7.5)
        ax.set_yticks(range(0, 8))
        ax.set_xlim(x_of(weeks[0].week_start) - 0.5, x_of(weeks[-1].week_start) + 6.5)
        ax.legend(**LEGEND)
        return {"adherence": len(done)}

    return Figure("adherence", "Sessions done and sessions offered, per week", 1.8, draw)


def exercise(report: Report, ex: ExerciseProgress, units: Units) -> Figure:
    factor, unit = load_factor(units), load_unit(units)

    def draw(ax: Axes) -> dict[str, int]:
        style(ax, report.period)
        days = [x_of(p.point.date) for p in ex.points]
        counts: dict[str, int] = {}
        if ex.kind == "load":
            (line,) = ax.plot(
                days,
                [(p.point.top_load_kg or 0.0) * factor for p in ex.points],
                marker="o",
                markersize=3,
                color=MARK,
                label="top load",
            )
            counts[f"load:{ex.exercise}"] = drawn([line])
            shown = ex.e1rm_points
            (est,) = ax.plot(
                [x_of(p.point.date) for p in shown],
                [(p.e1rm_kg or 0.0) * factor for p in shown],
                marker="s",
                markersize=3,
                linestyle="--",
                color=E1RM_COLOUR,
                label="estimated 1RM (Epley)",
            )
            counts[f"e1rm:{ex.exercise}"] = drawn([est])
            ax.set_ylabel(f"{unit} (0: no load)", fontsize=7)
            ax.set_ylim(bottom=0)
            ax.legend(**LEGEND)
        elif ex.kind == "band":
            levels = [
                BANDS.index(p.point.top_band) + 1 if p.point.top_band else 0 for p in ex.points
            ]
            (line,) = ax.plot(
                days, levels, drawstyle="steps-post", marker="o", markersize=3, color=MARK
            )
            counts[f"load:{ex.exercise}"] = drawn([line])
            ax.set_yticks(range(len(BANDS) + 1), ["none", *BANDS])
            ax.set_ylim(-0.3, len(BANDS) + 0.3)
        else:
            (line,) = ax.plot(
                days, [p.point.reps for p in ex.points], marker="o", markersize=3, color=MARK
            )
            counts[f"load:{ex.exercise}"] = drawn([line])
            ax.set_ylabel("reps per session", fontsize=7)
            ax.set_ylim(bottom=0)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        return counts

    what = {"load": f"top load and estimated 1RM ({unit})", "band": "band", "reps": "reps"}
    return Figure(f"exercise:{ex.exercise}", f"{ex.name}: {what[ex.kind]}", 1.55, draw)


_LANES = (("stop", "Stop", STOP, "^"), ("modify", "Modify", MODIFY, "s"), ("ok", "Noted", OK, "o"))


def _lane(row: SymptomRow) -> str:
    if row.level in STOP_LEVELS:
        return "stop"
    return "modify" if row.level == "modify" else "ok"


def symptoms(report: Report) -> Figure:
    def draw(ax: Axes) -> dict[str, int]:
        style(ax, report.period)
        ax.grid(False)
        total = 0
        for y, (lane, label, colour, marker) in enumerate(reversed(_LANES)):
            rows = [r for r in report.symptoms if _lane(r) == lane]
            seen: dict[date, int] = {}
            xs, ys = [], []
            for r in rows:
                k = seen.get(r.symptom.date, 0)
                seen[r.symptom.date] = k + 1
                xs.append(x_of(r.symptom.date))
                ys.append(y + 0.18 * k)
            if xs:
                (line,) = ax.plot(
                    xs, ys, linestyle="none", marker=marker, color=colour, markersize=6, label=label
                )
                total += drawn([line])
            ax.axhline(y, color="#e4e1ea", linewidth=0.6, zorder=0)
        ax.set_yticks(range(len(_LANES)), [label for _, label, _, _ in reversed(_LANES)])
        ax.set_ylim(-0.6, len(_LANES) - 0.2)
        return {"symptoms": total}

    return Figure("symptoms", "Symptoms reported, by triage level", 1.4, draw)


def diastasis(report: Report) -> Figure:
    def draw(ax: Axes) -> dict[str, int]:
        style(ax, report.period)
        rows = report.diastasis
        (line,) = ax.plot(
            [x_of(a.date) for a in rows],
            [a.gap_finger_widths for a in rows],
            marker="o",
            markersize=4,
            color=MARK,
            label="gap (finger widths)",
        )
        ax.axhline(
            DIASTASIS_GAP_SOFT_MAX,
            color=MUTED,
            linestyle=":",
            linewidth=1,
            label=f"{DIASTASIS_GAP_SOFT_MAX:g} widths: the bar with a soft midline",
        )
        for a in rows:  # depth and doming in words beside each check that is not firm and flat
            words = [w for w, on in (("soft", a.depth == "soft"), ("doming", a.doming)) if on]
            if words:
                ax.annotate(
                    ", ".join(words),
                    (x_of(a.date), a.gap_finger_widths),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                    color=MODIFY,
                )
        ax.set_ylim(0, max([4.0, *(a.gap_finger_widths + 1.0 for a in rows)]))
        ax.set_ylabel("finger widths", fontsize=7)
        ax.legend(**LEGEND)
        return {"diastasis": drawn([line])}

    return Figure(
        "diastasis",
        "Tummy gap (diastasis self-check; depth and doming noted on a point)",
        1.5,
        draw,
    )


def pelvic_floor(report: Report) -> Figure:
    def draw(ax: Axes) -> dict[str, int]:
        style(ax, report.period)
        rows = report.pelvic_floor
        x = [x_of(a.date) for a in rows]
        (holds,) = ax.plot(
            x,
            [a.holds_10s for a in rows],
            marker="o",
            markersize=4,
            color=MARK,
            label="10-second holds",
        )
        (flicks,) = ax.plot(
            x,
            [a.quick_flicks for a in rows],
            marker="s",
            markersize=4,
            color=E1RM_COLOUR,
            label="quick flicks",
        )
        ax.axhline(PELVIC_FLOOR_HOLDS_READY, color=MARK, linestyle=":", linewidth=1)
        ax.axhline(PELVIC_FLOOR_FLICKS_READY, color=E1RM_COLOUR, linestyle=":", linewidth=1)
        top = max([12, *(a.quick_flicks for a in rows), *(a.holds_10s for a in rows)])
        ax.set_ylim(0, top + 2)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.legend(**LEGEND)
        return {"pelvic_floor_holds": drawn([holds]), "pelvic_floor_flicks": drawn([flicks])}

    return Figure(
        "pelvic_floor",
        f"Pelvic floor self-check (dotted: the bar, {PELVIC_FLOOR_HOLDS_READY} holds and "
        f"{PELVIC_FLOOR_FLICKS_READY} flicks)",
        1.5,
        draw,
    )


def nutrition(report: Report, what: Literal["protein", "water"], units: Units) -> Figure:
    if what == "protein":
        factor, unit = 1.0, "g"
    else:
        factor, unit = (1 / ML_PER_FL_OZ, "fl oz") if units == "imperial" else (1.0, "ml")

    def draw(ax: Axes) -> dict[str, int]:
        style(ax, report.period)
        pts = report.nutrition
        logged = [
            (p.date, v)
            for p in pts
            if (v := p.protein_g if what == "protein" else p.water_ml) is not None
        ]
        bars = ax.bar(
            [x_of(d) for d, _ in logged],
            [v * factor for _, v in logged],
            width=0.7,
            color=MARK,
            label=f"{what} logged",
        )
        targets = [
            (p.protein_target_g if what == "protein" else p.water_target_ml) * factor for p in pts
        ]
        ax.step(
            [x_of(p.date) for p in pts],
            targets,
            where="mid",
            color="#1d1b26",
            linestyle="--",
            linewidth=1.2,
            label="daily target",
        )
        ax.set_ylabel(unit, fontsize=7)
        ax.legend(**LEGEND)
        return {what: len(bars)}

    title = "Protein per day (g)" if what == "protein" else f"Water from drinks per day ({unit})"
    return Figure(what, title, 1.6, draw)
