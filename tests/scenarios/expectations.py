"""The expectation checker of the shared scenario suite, copied so the tests run without it.

Copied from ../shared/tools/check_scenarios.py (the project-wide checker) so that the test
command passes on a machine without ../shared; .ci/run also runs the original against
../shared/scenarios, which may gain cases. Keep this copy in step with the original.
"""

# ruff: noqa
# mypy: ignore-errors
from __future__ import annotations


UP = {"increase_load", "increase_reps", "advance_variant"}


def _today(decision: dict) -> dict[str, dict]:
    return {e["exercise"]: e for e in decision.get("today", {}).get("exercises", [])}


def check(decision: dict, exp: dict) -> list[str]:
    bad: list[str] = []
    today = _today(decision)

    def need(cond: bool, what: str) -> None:
        if not cond:
            bad.append(what)

    if "phase" in exp:
        need(
            decision.get("phase") == exp["phase"],
            f"phase {decision.get('phase')!r} != {exp['phase']!r}",
        )
    if "phase_not" in exp:
        need(decision.get("phase") != exp["phase_not"], f"phase must not be {exp['phase_not']!r}")
    triage = decision.get("triage", {})
    if "triage_level" in exp:
        need(
            triage.get("level") == exp["triage_level"],
            f"triage level {triage.get('level')!r} != {exp['triage_level']!r}",
        )
    for key, path in (
        ("triage_reasons_include", ("triage", "reasons")),
        ("gate_unmet_include", ("gate", "unmet")),
        ("gate_met_include", ("gate", "met")),
        ("adjustments_include", ("today", "adjustments")),
    ):
        got = set(decision.get(path[0], {}).get(path[1], []) or [])
        for code in exp.get(key, []):
            need(code in got, f"{'.'.join(path)} lacks {code!r} (has {sorted(got)})")
    if "today_empty" in exp:
        need(
            (len(today) == 0) == exp["today_empty"],
            f"today has {len(today)} exercises, expected empty={exp['today_empty']}",
        )
    if "rest_day" in exp:
        got = decision.get("today", {}).get("rest_day")
        need(got == exp["rest_day"], f"today.rest_day {got!r} != {exp['rest_day']!r}")
    if "triage_urgent" in exp:
        need(
            triage.get("urgent") == exp["triage_urgent"],
            f"triage.urgent {triage.get('urgent')!r} != {exp['triage_urgent']!r}",
        )
    refs = {r.get("to") for r in decision.get("referrals", []) or []}
    for to in exp.get("referrals_include", []):
        need(to in refs, f"referrals lack {to!r} (have {sorted(r for r in refs if r)})")
    habit_codes = {h.get("code") for h in decision.get("habits", []) or []}
    for code in exp.get("habits_include", []):
        need(
            code in habit_codes,
            f"habits lack {code!r} (have {sorted(c for c in habit_codes if c)})",
        )
    if exp.get("today_includes_any"):
        need(
            any(x in today for x in exp["today_includes_any"]),
            f"today lacks all of {exp['today_includes_any']} (has {sorted(today)})",
        )
    for x in exp.get("today_includes_all", []):
        need(x in today, f"today lacks {x!r} (has {sorted(today)})")
    for x in exp.get("today_excludes", []):
        need(x not in today, f"today must not prescribe {x!r}")
    for x, v in exp.get("today_variant", {}).items():
        need(
            today.get(x, {}).get("variant") == v,
            f"{x} variant {today.get(x, {}).get('variant')!r} != {v!r}",
        )
    for x, (lo, hi) in exp.get("today_load_range", {}).items():
        load = today.get(x, {}).get("load_kg")
        ok = load is not None and (lo is None or load > lo) and (hi is None or load <= hi)
        need(ok, f"{x} load {load!r} not in ({lo}, {hi}]")
    for x, n in exp.get("today_sets", {}).items():
        need(today.get(x, {}).get("sets") == n, f"{x} sets {today.get(x, {}).get('sets')!r} != {n}")
    actions = {p["exercise"]: p["action"] for p in decision.get("progression", [])}
    for x, allowed in exp.get("progression_action_in", {}).items():
        need(actions.get(x) in allowed, f"{x} action {actions.get(x)!r} not in {allowed}")
    if exp.get("no_progression_up"):
        ups = sorted(x for x, a in actions.items() if a in UP)
        need(not ups, f"progresses {ups} although it must not")
    targets = decision.get("targets", {})
    for key, (lo, hi) in exp.get("targets_range", {}).items():
        v = targets.get(key)
        need(v is not None and lo <= v <= hi, f"targets.{key} {v!r} not in [{lo}, {hi}]")
    if "weeks_postpartum_range" in exp:
        lo, hi = exp["weeks_postpartum_range"]
        v = decision.get("weeks_postpartum")
        need(v is not None and lo <= v <= hi, f"weeks_postpartum {v!r} not in [{lo}, {hi}]")
    return bad
