"""Benchmark of the calendar feed: planning and rendering her .ics, as a fetch does it.

Run from the repository root:

    .venv/bin/python benchmarks/bench_calendar.py

For the demo mother (10 weeks, breastfeeding, Europe/London, quiet 22:00-07:00) it times,
with time.perf_counter after a warm-up: the plan alone (comeback.domain.reminders.plan),
and plan + iCalendar build + serialisation (what GET /calendar/{token}.ics does after its
two queries and the engine's decision), for 7, 28 and 92 days. It prints the median and
95th percentile in ms, the events and the size of the file. A benchmark, not a test.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources

from comeback.calendar_feed import FeedPrefs, build, owner_key, to_ics
from comeback.domain import decide
from comeback.domain.reminders import plan
from comeback.scenario import parse_scenario

REPEATS = 30


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> None:
    text = (resources.files("comeback.data") / "demo_10_weeks.json").read_text("utf-8")
    scenario = parse_scenario(text)
    decision = decide(scenario)
    prefs = FeedPrefs("Europe/London")
    now = datetime(2026, 3, 16, 9, tzinfo=UTC)
    key = owner_key("bench")
    print(f"demo mother, phase {decision.phase}, as_of {decision.as_of}, {REPEATS} runs each")
    print("| days | plan median ms | feed median ms | feed p95 ms | events | bytes |")
    print("|---|---|---|---|---|---|")
    for days in (7, 28, 92):
        plan_ms, _ = timed(lambda d=days: plan(scenario, decision, prefs.quiet, d))
        feed_ms, feed_p95 = timed(
            lambda d=days: to_ics(build(scenario, decision, prefs, now, key, d))
        )
        body = to_ics(build(scenario, decision, prefs, now, key, days))
        events = body.count(b"BEGIN:VEVENT")
        row = (
            days,
            f"{plan_ms:.2f}",
            f"{feed_ms:.1f}",
            f"{feed_p95:.1f}",
            events,
            f"{len(body):,}",
        )
        print("| " + " | ".join(str(x) for x in row) + " |")


if __name__ == "__main__":
    main()
