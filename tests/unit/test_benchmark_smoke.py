"""The engine benchmark still runs: `benchmarks/bench_engine.py --quick` prints its table.

No timing assertions: the performance target lives in the benchmark's printout, not in tests.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "bench_engine.py"


def test_benchmark_quick_prints_a_row_per_history_length() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    months = {int(m) for m in re.findall(r"^\|\s*(\d+)\s*\|", done.stdout, flags=re.MULTILINE)}
    assert months == {1, 3, 6, 12, 24}, done.stdout + done.stderr
    assert "target: under 5 ms median for 6 months" in done.stdout
