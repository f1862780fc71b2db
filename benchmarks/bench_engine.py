"""Benchmark of the engine: how long `decide(scenario)` takes as her history grows.

Run from the repository root:

    .venv/bin/python benchmarks/bench_engine.py            # the full run (about 15-30 s)
    .venv/bin/python benchmarks/bench_engine.py --quick    # a few repetitions (the smoke test)

It builds realistic, deterministic histories (SPEC 3.1 documents, `random.Random(seed)`) of
1, 3, 6, 12 and 24 months after delivery: about 4 sessions and 7 check-ins a week;
foundation sessions first, a clearance at 6 weeks, assessments every 4 weeks that meet the
bar, activation sessions from about 7 weeks, strengthening sessions (a glute-bridge and
clam-shell warm-up, then hip thrusts with dumbbell then barbell loads rising, step-ups and
split squats) from about 10 weeks, and a couple of `modify` symptoms.

Each document is validated once with `parse_scenario_data`; then `decide(scenario)` alone
(the engine, no parsing) is timed with `time.perf_counter` after a warm-up, and so is the
full path a request takes (parse + decide + `decision_to_json`).

Target: under 5 ms median for 6 months, growing no worse than linearly. This is a
benchmark, not a test: it always exits 0 and states the target and the verdict in its output.
"""

from __future__ import annotations

import argparse
import gc
import math
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

from comeback.domain import decide
from comeback.scenario import decision_to_json, parse_scenario_data

MONTHS = (1, 3, 6, 12, 24)
SEED = 20260105
DELIVERY = date(2026, 1, 5)
TARGET_MONTHS = 6
TARGET_MS = 5.0
TARGET = "target: under 5 ms median for 6 months, growing no worse than linearly"

FIRST_SESSION_DAY = 5  # gentle foundation work from the first week
CLEARANCE_DAY = 42  # the 6-week check
ASSESSMENT_EVERY = 28  # a diastasis and a pelvic-floor self-check every 4 weeks
ACTIVATION_FROM = 49  # about 7 weeks
STRENGTHENING_FROM = 70  # 10 weeks
SESSIONS_PER_WEEK = 4

# (min runs, min seconds) per measurement: full and --quick.
FULL_DECIDE = (30, 2.0)
FULL_PATH = (30, 1.0)
QUICK_DECIDE = (5, 0.0)
QUICK_PATH = (3, 0.0)
WARMUP_RUNS = 3


def history_days(months: int) -> int:
    """Days from delivery to `as_of` for a history of `months` months."""
    return round(months * 365.25 / 12)


def _day(n: int) -> str:
    return (DELIVERY + timedelta(days=n)).isoformat()


def _sets(
    rng: random.Random,
    n: int,
    reps: int,
    *,
    load_kg: float | None = None,
    rir: bool = False,
    felt_in: str | None = None,
    ok_form: float = 0.05,
) -> list[dict[str, Any]]:
    out = []
    for _ in range(n):
        s: dict[str, Any] = {"reps": reps, "form": "ok" if rng.random() < ok_form else "good"}
        if load_kg is not None:
            s["load_kg"] = load_kg
        if rir:
            s["rir"] = rng.choice((2, 2, 3, 3, 4))
        if felt_in is not None:
            s["felt_in"] = felt_in
        out.append(s)
    return out


def _entry(exercise: str, variant: str, sets: list[dict[str, Any]]) -> dict[str, Any]:
    return {"exercise": exercise, "variant": variant, "sets": sets}


def foundation_session(rng: random.Random, i: int) -> list[dict[str, Any]]:
    """The i-th foundation session: breathing, pelvic floor, tilts, one core drill."""
    grow = i // 2
    drill = "heel_slide" if i < 6 else "toe_tap" if i < 12 else "dead_bug"
    return [
        _entry("breathing_360", "standard", _sets(rng, 1, 10)),
        _entry("pelvic_floor_hold", "standard", _sets(rng, 2, min(10, 6 + grow))),
        _entry("pelvic_floor_quick", "standard", _sets(rng, 2, min(15, 10 + grow))),
        _entry("pelvic_tilt", "standard", _sets(rng, 2, min(15, 10 + grow))),
        _entry(drill, "standard", _sets(rng, 2, min(12, 8 + i % 6), ok_form=0.15)),
    ]


def activation_session(rng: random.Random, j: int) -> list[dict[str, Any]]:
    """The j-th activation session: the primer, then the glute and trunk work, 3 sets each."""
    reps = min(20, 15 + j)

    def felt() -> str:
        return "glutes" if j >= 3 or rng.random() < 0.8 else "hamstrings"

    return [
        _entry("breathing_360", "standard", _sets(rng, 1, 10)),
        _entry("pelvic_floor_hold", "standard", _sets(rng, 1, 10)),
        _entry("glute_bridge", "bodyweight", _sets(rng, 3, reps, felt_in=felt(), ok_form=0)),
        _entry("clam_shell", "bodyweight", _sets(rng, 3, reps, felt_in=felt(), ok_form=0)),
        _entry("bird_dog", "standard", _sets(rng, 3, min(10, 8 + j // 2), ok_form=0)),
        _entry("side_lying_abduction", "standard", _sets(rng, 3, reps, felt_in=felt())),
    ]


def _hip_thrust(k: int) -> tuple[str, float]:
    """Dumbbell from 6 kg (+1 kg every 2 sessions) to 20 kg, then a barbell from 20 kg."""
    dumbbell = 6 + k // 2
    if dumbbell < 20:
        return "dumbbell", float(dumbbell)
    return "barbell", min(80.0, 20 + 2.5 * ((k - 28) // 3))


def _step_up(k: int) -> tuple[str, float | None]:
    if k < 12:
        return "low_box", None
    if k < 24:
        return "high_box", None
    return "loaded", float(min(16, 4 + (k - 24) // 4))


def _split_squat(k: int) -> tuple[str, float | None]:
    if k < 10:
        return "bodyweight", None
    loaded = 4 + (k - 10) // 3
    if loaded <= 12:
        return "loaded", float(loaded)
    if k < 50:
        return "rear_foot_elevated", None
    return "rear_foot_elevated_loaded", float(min(14, 4 + (k - 50) // 5))


def strengthening_session(rng: random.Random, k: int) -> list[dict[str, Any]]:
    """The k-th strengthening session: warm-up, then hip thrust, step-up, split squat."""

    def reps() -> int:
        return rng.choice((10, 11, 12, 12, 12))

    ht_variant, ht_load = _hip_thrust(k)
    su_variant, su_load = _step_up(k)
    ss_variant, ss_load = _split_squat(k)
    legs = rng.choice(("glutes", "glutes", "quads"))
    return [
        _entry("glute_bridge", "bodyweight", _sets(rng, 2, 20, felt_in="glutes", ok_form=0)),
        _entry("clam_shell", "bodyweight", _sets(rng, 2, 20, felt_in="glutes", ok_form=0)),
        _entry(
            "hip_thrust",
            ht_variant,
            _sets(rng, 3, reps(), load_kg=ht_load, rir=True, felt_in="glutes"),
        ),
        _entry(
            "step_up", su_variant, _sets(rng, 3, reps(), load_kg=su_load, rir=True, felt_in=legs)
        ),
        _entry(
            "split_squat",
            ss_variant,
            _sets(rng, 3, reps(), load_kg=ss_load, rir=True, felt_in=legs),
        ),
    ]


def _checkin(rng: random.Random, on: int) -> dict[str, Any]:
    return {
        "date": _day(on),
        "sleep_h": round(rng.uniform(4.0, 8.0), 1),
        "stress": rng.choice((1, 2, 2, 3, 3, 3, 4, 5)),
        "water_ml": rng.randrange(1500, 3600, 50),
        "protein_g_by_meal": [rng.randint(5, 40) for _ in range(rng.randint(2, 5))],
        "carried_baby_one_side": rng.random() < 0.4,
        "hunched_feeding": rng.random() < 0.3,
        "felt_down": rng.random() < 0.03,
        "little_interest": rng.random() < 0.02,
    }


def _assessments(on: int) -> list[dict[str, Any]]:
    """A diastasis and a pelvic-floor check that meet the activation gate's bar."""
    return [
        {
            "date": _day(on),
            "kind": "diastasis",
            "gap_finger_widths": 1.5,
            "depth": "firm",
            "doming": False,
        },
        {
            "date": _day(on),
            "kind": "pelvic_floor",
            "max_hold_s": 10 + min(20, on // 28),
            "holds_10s": 8 + min(4, on // 56),
            "quick_flicks": 10 + min(5, on // 56),
        },
    ]


def build_history(months: int, seed: int = SEED) -> dict[str, Any]:
    """A SPEC 3.1 scenario document for a mother `months` months after a vaginal birth."""
    rng = random.Random(seed + months)
    as_of = history_days(months)

    # Sessions before `as_of`, none the day before: `as_of` is a training day, not a rest day
    # (SPEC 3.5), so the whole prescription and progression are computed.
    session_days: list[int] = []
    for week_start in range(FIRST_SESSION_DAY, as_of, 7):
        picked = rng.sample(range(7), SESSIONS_PER_WEEK)
        session_days += sorted(week_start + d for d in picked if week_start + d < as_of - 1)

    sessions: list[dict[str, Any]] = []
    counts = {"foundation": 0, "activation": 0, "strengthening": 0}
    for d in session_days:
        if d < ACTIVATION_FROM:
            exercises = foundation_session(rng, counts["foundation"])
            counts["foundation"] += 1
        elif d < STRENGTHENING_FROM:
            exercises = activation_session(rng, counts["activation"])
            counts["activation"] += 1
        else:
            exercises = strengthening_session(rng, counts["strengthening"])
            counts["strengthening"] += 1
        sessions.append({"date": _day(d), "exercises": exercises})

    # A couple of `modify` symptoms: a leak during a session's exercise, and a mild back ache.
    leak_session = sessions[rng.randrange(len(sessions) // 2, len(sessions))]
    leak_exercise = rng.choice(leak_session["exercises"])["exercise"]
    symptoms = sorted(
        [
            {
                "date": leak_session["date"],
                "code": "urine_leak",
                "during": "exercise",
                "exercise": leak_exercise,
            },
            {
                "date": _day(rng.randint(7, as_of)),
                "code": "back_pain",
                "during": "daily_life",
                "severity": 2,
            },
        ],
        key=lambda s: s["date"],
    )

    assessments: list[dict[str, Any]] = []
    for on in range(ASSESSMENT_EVERY, as_of + 1, ASSESSMENT_EVERY):
        assessments += _assessments(on)

    return {
        "as_of": _day(as_of),
        "profile": {
            "delivery_date": DELIVERY.isoformat(),
            "delivery": "vaginal",
            "severe_perineal_tear": False,
            "body_mass_kg": 68.0,
            "breastfeeding": "exclusive",
            "training_background": "some",
            "equipment": {"dumbbell_step_kg": 1.0, "barbell_step_kg": 2.5},
        },
        "clearances": (
            [{"date": _day(CLEARANCE_DAY), "by": "GP", "kind": "general"}]
            if as_of >= CLEARANCE_DAY
            else []
        ),
        "overrides": [],
        "assessments": assessments,
        "symptoms": symptoms,
        "checkins": [_checkin(rng, on) for on in range(1, as_of + 1)],
        "sessions": sessions,
    }


def measure(fn: Callable[[], object], min_runs: int, min_seconds: float) -> list[float]:
    """Milliseconds per call: at least `min_runs` calls and at least `min_seconds` in all."""
    for _ in range(WARMUP_RUNS):
        fn()
    gc.collect()
    samples: list[float] = []
    total = 0.0
    while len(samples) < min_runs or total < min_seconds:
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        samples.append(elapsed * 1000)
        total += elapsed
    return samples


def p95(samples: list[float]) -> float:
    """The 95th percentile, nearest rank."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def full_path(doc: dict[str, Any]) -> dict[str, Any]:
    """What a request does: validate the document, decide, and render the JSON decision."""
    return decision_to_json(decide(parse_scenario_data(doc)))


def run(quick: bool) -> list[dict[str, Any]]:
    decide_runs, decide_secs = QUICK_DECIDE if quick else FULL_DECIDE
    path_runs, path_secs = QUICK_PATH if quick else FULL_PATH
    rows = []
    for months in MONTHS:
        doc = build_history(months)
        scenario = parse_scenario_data(doc)  # validated once; the engine is timed alone
        decision = decide(scenario)
        engine = measure(partial(decide, scenario), decide_runs, decide_secs)
        full = measure(partial(full_path, doc), path_runs, path_secs)
        rows.append(
            {
                "months": months,
                "sessions": len(doc["sessions"]),
                "checkins": len(doc["checkins"]),
                "phase": decision.phase,
                "runs": len(engine),
                "median": statistics.median(engine),
                "p95": p95(engine),
                "full": statistics.median(full),
            }
        )
    return rows


def report(rows: list[dict[str, Any]], quick: bool) -> str:
    base = rows[0]["median"]
    header = (
        "| months | sessions | check-ins | phase         | runs | decide median ms "
        "| decide p95 ms | full path median ms | x 1-month median | x / months |"
    )
    rule = "|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|"
    lines = [
        "Comeback engine benchmark: decide(scenario) on histories after delivery",
        f"python {platform.python_version()} on {platform.machine()}"
        + (" (--quick: few repetitions, timings are rough)" if quick else ""),
        TARGET,
        "",
        header,
        rule,
    ]
    for r in rows:
        ratio = r["median"] / base
        lines.append(
            f"| {r['months']:>6} | {r['sessions']:>8} | {r['checkins']:>9} | {r['phase']:<13} "
            f"| {r['runs']:>4} | {r['median']:>16.2f} | {r['p95']:>13.2f} "
            f"| {r['full']:>19.2f} | {ratio:>16.2f} | {ratio / r['months']:>10.2f} |"
        )
    target_row = next(r for r in rows if r["months"] == TARGET_MONTHS)
    worst = max(r["median"] / base / r["months"] for r in rows[1:])
    lines += [
        "",
        "decide = the engine alone on a validated scenario; full path = parse_scenario_data "
        "+ decide + decision_to_json.",
        "x / months = (median / 1-month median) / months: at or below about 1 means growth "
        "no worse than linear in the length of her history.",
        f"{TARGET_MONTHS}-month median {target_row['median']:.2f} ms: "
        + ("meets" if target_row["median"] < TARGET_MS else "MISSES")
        + f" the {TARGET_MS:g} ms target.",
        f"worst x / months {worst:.2f}: "
        + ("no worse than linear." if worst <= 1.1 else "WORSE than linear."),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke test)")
    args = parser.parse_args(argv)
    try:
        print(report(run(args.quick), args.quick))
    except Exception as e:  # a benchmark reports, it does not fail the build
        print(f"benchmark error: {type(e).__name__}: {e}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
