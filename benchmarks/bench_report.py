"""Benchmark of the printable report: how long content, PDF and HTML take as her history grows.

Run from the repository root:

    .venv/bin/python benchmarks/bench_report.py            # 1, 3 and 6 months, 5 runs each
    .venv/bin/python benchmarks/bench_report.py --quick    # one run each (a smoke run)

The histories are the engine benchmark's (`bench_engine.build_history`). For each length it
times, after one warm-up, `build_report` (pure content from the progress series), the layout
in words, `render_pdf` and `render_html`, and prints the median, the PDF's pages and size and
the number of charts. Times are CPU time (`time.process_time`), so a busy machine does not
inflate them; wall time on an idle core is about the same (rendering is single-threaded).
Target: a six-month report as PDF in under 3 s of CPU. This is a
benchmark, not a test: it always exits 0 and states the target and the verdict.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench_engine import build_history

from comeback.domain import decide
from comeback.reports.content import build_report
from comeback.reports.document import Chart, blocks, title_of
from comeback.reports.html import render_html
from comeback.reports.pdf import render_pdf
from comeback.scenario import parse_scenario_data

MONTHS = (1, 3, 6)
TARGET_S = 3.0
TARGET = "target: a six-month report as PDF in under 3 s of CPU"


def _median(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median CPU seconds of this process (the machine may be shared: wall time would count
    other processes' turns), after one warm-up run (fonts, caches)."""
    result = fn()
    times = []
    for _ in range(runs):
        t = time.process_time()
        result = fn()
        times.append(time.process_time() - t)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one timed run per measurement")
    args = parser.parse_args()
    runs = 1 if args.quick else 5
    print(f"Python {platform.python_version()} on {platform.machine()}, {runs} run(s) each")
    print("CPU time, median")
    print("| months | content ms | layout ms | PDF s | HTML s | pages | PDF KB | charts |")
    print("|-------:|-----------:|----------:|------:|-------:|------:|-------:|-------:|")
    six_pdf = None
    for months in MONTHS:
        s = parse_scenario_data(build_history(months))
        d = decide(s)
        t_content, report = _median(
            lambda s=s, d=d: build_report(s, d, s.profile.delivery_date), runs
        )
        t_layout, laid = _median(lambda r=report, s=s: blocks(r, "Bench", "metric", s.as_of), runs)
        title = title_of(report)
        t_pdf, pdf = _median(lambda b=laid, t=title: render_pdf(b, t, "bench"), runs)
        t_html, _ = _median(lambda b=laid, t=title: render_html(b, t, "bench"), runs)
        charts = sum(1 for b in laid if isinstance(b, Chart))
        print(
            f"| {months:>6} | {t_content * 1000:>10.1f} | {t_layout * 1000:>9.1f} | "
            f"{t_pdf:>5.2f} | {t_html:>6.2f} | {pdf.pages:>5} | {len(pdf.data) // 1024:>6} | "
            f"{charts:>6} |"
        )
        if months == 6:
            six_pdf = t_pdf
    verdict = "met" if six_pdf is not None and six_pdf < TARGET_S else "NOT met"
    print(f"{TARGET}: {verdict} ({six_pdf:.2f} s)")


if __name__ == "__main__":
    main()
