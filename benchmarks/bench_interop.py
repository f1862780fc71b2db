"""Benchmark of the exports for a clinic: FHIR bundle and CSV tables, as her history grows.

Run from the repository root:

    .venv/bin/python benchmarks/bench_interop.py

Uses bench_engine's deterministic histories (1, 6 and 24 months). For each it times, with
`time.perf_counter` after a warm-up, the median of: building and validating the FHIR R4
bundle (fhir_export.bundle, which validates with the fhir.resources R4B models; the
validation alone is shown too), writing
every CSV table (csv_io.tables), and reading them back into a validated scenario
(csv_io.scenario_from). A benchmark, not a test: it prints numbers and always exits 0.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_engine import build_history

from comeback import csv_io
from comeback.fhir_export import bundle, validate
from comeback.scenario import parse_scenario_data

MONTHS = (1, 6, 24)


def median_ms(fn: Callable[[], object], runs: int = 15) -> float:
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    print(
        f"{'months':>6} {'observations':>12} {'sets':>6} {'fhir ms':>8} {'validate ms':>11} "
        f"{'csv out ms':>10} {'csv in ms':>9}"
    )
    for months in MONTHS:
        scenario = parse_scenario_data(build_history(months))
        files = csv_io.tables(scenario)
        observations = 1 + len(scenario.assessments) + len(scenario.symptoms)
        observations += len(scenario.checkins)
        sets = sum(len(e.sets) for s in scenario.sessions for e in s.exercises)
        fhir = median_ms(lambda s=scenario: bundle(s, "bench"))
        doc = bundle(scenario, "bench")
        check = median_ms(lambda d=doc: validate(d))
        out = median_ms(lambda s=scenario: csv_io.tables(s))
        back = median_ms(lambda f=files: csv_io.scenario_from(f))
        print(
            f"{months:>6} {observations:>12} {sets:>6} {fhir:>8.1f} {check:>11.1f} "
            f"{out:>10.1f} {back:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
