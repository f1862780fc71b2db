"""Phases, gates, pauses, triage, overrides and referrals (SPEC 3.3 and 3.4), one rule a test.

Every expected value is worked out by hand from the SPEC, never copied from the engine.
The shared timeline (days after the delivery on day 0, a vaginal birth unless a test says
otherwise): foundation sessions on days 15-36, a clearance and ready assessments on day 42
(six weeks), so activation from day 43; activation sessions on days 46-61, so strengthening
from day 62 (6 activation sessions by then, the first 16 days back, past the 8-week floor
of day 56).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from builders import (
    activation_sessions,
    clearance,
    day,
    decide_json,
    entry,
    foundation_sessions,
    ready_assessments,
    scenario,
    session,
    symptom,
    today_of,
)

from comeback.errors import InvalidInput
from comeback.scenario import parse_scenario_data

FOUNDATION_DAYS = [15, 18, 21, 24, 27, 30, 33, 36]
ACTIVATION_DAYS = [46, 49, 52, 55, 58, 61]

INTO_ACTIVATION = {
    "medical_clearance",
    "foundation_practised",
    "pelvic_floor_ready",
    "core_ready",
    "symptom_free",
}
INTO_STRENGTHENING = {
    "weeks_since_birth",
    "activation_practised",
    "glutes_firing",
    "activation_targets",
    "form_good",
    "symptom_free",
}
DATED_LISTS = ("clearances", "overrides", "assessments", "symptoms", "checkins", "sessions")


# --- local helpers -------------------------------------------------------------------------


def at(doc: dict[str, Any], as_of: int) -> dict[str, Any]:
    """The same story seen on day `as_of`: what she had logged by then (nothing later)."""
    seen = copy.deepcopy(doc)
    seen["as_of"] = day(as_of)
    for key in DATED_LISTS:
        seen[key] = [item for item in seen.get(key, []) if item["date"] <= seen["as_of"]]
    return seen


def history(
    *,
    foundation_days: list[int] | None = None,
    activation: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """The shared timeline (as_of 200; cut it with `at`); `fields` replace whole lists."""
    sessions = foundation_sessions(FOUNDATION_DAYS if foundation_days is None else foundation_days)
    sessions += activation_sessions(ACTIVATION_DAYS) if activation is None else activation
    doc = scenario(
        as_of=200,
        clearances=[clearance(42)],
        assessments=ready_assessments(42),
        sessions=sessions,
    )
    doc.update(fields)
    return doc


def run(doc: dict[str, Any], as_of: int) -> dict[str, Any]:
    """The decision on day `as_of`; every gate code it shows must come with its sentence."""
    decision = decide_json(at(doc, as_of))
    gate = decision["gate"]
    for code in gate["met"] + gate["unmet"]:
        why = gate["why"].get(code)
        assert isinstance(why, str) and why.strip(), f"gate.why lacks a sentence for {code}"
    return decision


def phase(doc: dict[str, Any], as_of: int) -> str:
    return run(doc, as_of)["phase"]


def status(decision: dict[str, Any], code: str) -> str | None:
    """'met', 'unmet' or None (not listed) for a gate code."""
    gate = decision["gate"]
    met, unmet = code in gate["met"], f"not_{code}" in gate["unmet"]
    assert not (met and unmet), f"{code} is both met and unmet"
    return "met" if met else "unmet" if unmet else None


def listed_codes(decision: dict[str, Any]) -> set[str]:
    gate = decision["gate"]
    return set(gate["met"]) | {code.removeprefix("not_") for code in gate["unmet"]}


def override(on: int, to: str) -> dict[str, Any]:
    return {"date": day(on), "phase": to, "by": "pelvic health physio", "reason": "reviewed"}


def diastasis(on: int, gap: float, depth: str, doming: bool) -> dict[str, Any]:
    return {
        "date": day(on),
        "kind": "diastasis",
        "gap_finger_widths": gap,
        "depth": depth,
        "doming": doming,
    }


def pelvic_floor(on: int, holds: int, flicks: int) -> dict[str, Any]:
    return {
        "date": day(on),
        "kind": "pelvic_floor",
        "max_hold_s": 10,
        "holds_10s": holds,
        "quick_flicks": flicks,
    }


def felt(felts: list[str | None], reps: int, form: str = "good") -> list[dict[str, Any]]:
    return [
        {"reps": reps, "form": form, **({"felt_in": where} if where else {})} for where in felts
    ]


def act_session(
    on: int,
    bridge: list[str | None] | None = None,
    clam: list[str | None] | None = None,
    bird: list[str | None] | None = None,
    side: list[str | None] | None = None,
    bridge_reps: int = 20,
    bridge_form: str = "good",
) -> dict[str, Any]:
    """An activation session; each list says where each set was felt (None: not said)."""
    g3: list[str | None] = ["glutes"] * 3
    exercises = [
        {
            "exercise": "glute_bridge",
            "variant": "bodyweight",
            "sets": felt(g3 if bridge is None else bridge, bridge_reps, bridge_form),
        },
        {"exercise": "clam_shell", "variant": "bodyweight", "sets": felt(clam or g3, 20)},
        {"exercise": "bird_dog", "variant": "standard", "sets": felt(bird or g3, 10)},
    ]
    if side:
        exercises.append(
            {"exercise": "side_lying_abduction", "variant": "standard", "sets": felt(side, 20)}
        )
    return {"date": day(on), "exercises": exercises}


def strengthening_gate(activation: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """The gate out of activation seen on day 61 (so for day 62), with these activation days."""
    decision = run(history(activation=activation, **fields), 61)
    assert decision["phase"] == "activation"
    assert decision["gate"]["next_phase"] == "strengthening"
    return decision


def pause_doc(*symptoms: dict[str, Any], clearances: list[dict[str, Any]] | None = None):
    """In activation since day 43 (activation sessions on 46 and 49), then symptoms."""
    return history(
        activation=activation_sessions([46, 49]),
        symptoms=list(symptoms),
        clearances=[clearance(42), *(clearances or [])],
    )


# --- gate into activation --------------------------------------------------------------------


def test_activation_gate_lists_exactly_its_codes_and_opens_when_all_hold() -> None:
    decision = run(history(), 42)
    assert decision["phase"] == "foundation"
    assert decision["gate"]["next_phase"] == "activation"
    assert set(decision["gate"]["met"]) == INTO_ACTIVATION
    assert decision["gate"]["unmet"] == []


def test_no_activation_without_clearance() -> None:
    doc = history(clearances=[])
    decision = run(doc, 70)
    assert decision["phase"] == "foundation"
    assert decision["gate"]["unmet"] == ["not_medical_clearance"]
    assert set(decision["gate"]["met"]) == INTO_ACTIVATION - {"medical_clearance"}


def test_clearance_counts_only_from_the_day_after_it() -> None:
    doc = history()
    # Day 42 is judged on data before day 42: the clearance of day 42 is not yet there.
    assert phase(doc, 42) == "foundation"
    assert status(run(doc, 42), "medical_clearance") == "met"  # the gate is for day 43
    assert phase(doc, 43) == "activation"


def test_clinician_entered_clearance_before_six_weeks_counts() -> None:
    doc = history(
        foundation_days=[10, 13, 16, 19, 22, 25],
        clearances=[clearance(30, entered_by="clinician")],
        assessments=ready_assessments(28),
    )
    assert phase(doc, 30) == "foundation"
    assert status(run(doc, 30), "medical_clearance") == "met"
    assert phase(doc, 31) == "activation"


def test_self_entered_clearance_before_six_weeks_is_not_trusted() -> None:
    doc = history(
        foundation_days=[10, 13, 16, 19, 22, 25],
        clearances=[clearance(41, entered_by="self")],
        assessments=ready_assessments(28),
    )
    # Day 41 is one day short of six weeks: never trusted, however long ago it was entered.
    decision = run(doc, 60)
    assert decision["phase"] == "foundation"
    assert status(decision, "medical_clearance") == "unmet"


def test_pelvic_health_review_not_listed_without_severe_tear() -> None:
    for as_of in (30, 42, 43):
        assert "pelvic_health_review" not in listed_codes(run(history(), as_of))
    assert listed_codes(run(history(clearances=[]), 50)) == INTO_ACTIVATION


def test_pelvic_health_review_after_severe_tear_needs_a_pelvic_health_clearance() -> None:
    doc = history()
    doc["profile"]["severe_perineal_tear"] = True
    decision = run(doc, 49)
    assert decision["phase"] == "foundation"
    assert status(decision, "medical_clearance") == "met"
    assert status(decision, "pelvic_health_review") == "unmet"
    assert listed_codes(decision) == INTO_ACTIVATION | {"pelvic_health_review"}

    doc["clearances"] = [clearance(42), clearance(50, kind="pelvic_health")]
    assert phase(doc, 50) == "foundation"
    assert status(run(doc, 50), "pelvic_health_review") == "met"
    assert phase(doc, 51) == "activation"


def test_pelvic_health_clearance_is_also_a_medical_clearance() -> None:
    doc = history(clearances=[clearance(42, kind="pelvic_health")])
    doc["profile"]["severe_perineal_tear"] = True
    decision = run(doc, 42)
    assert status(decision, "medical_clearance") == "met"
    assert status(decision, "pelvic_health_review") == "met"
    assert phase(doc, 43) == "activation"


def test_foundation_practised_needs_six_sessions_on_six_dates() -> None:
    five = run(history(foundation_days=[15, 18, 21, 24, 27], activation=[]), 70)
    assert five["phase"] == "foundation"
    assert status(five, "foundation_practised") == "unmet"
    # Sessions that share a date are one session: six entries on three dates are 3 sessions.
    three = run(history(foundation_days=[15, 15, 18, 18, 21, 21], activation=[]), 70)
    assert status(three, "foundation_practised") == "unmet"
    six = history(foundation_days=[15, 18, 21, 24, 27, 30], activation=[])
    assert phase(six, 43) == "activation"


def test_foundation_practised_needs_the_first_session_fourteen_days_back() -> None:
    doc = history(foundation_days=[30, 31, 32, 33, 34, 35])
    # Day evaluated D needs the first session (day 30) on or before D - 14: D >= 44.
    assert status(run(doc, 42), "foundation_practised") == "unmet"  # for day 43
    assert phase(doc, 43) == "foundation"
    assert status(run(doc, 43), "foundation_practised") == "met"  # for day 44
    assert phase(doc, 44) == "activation"


@pytest.mark.parametrize(
    ("holds", "flicks", "expected"),
    [(8, 10, "met"), (12, 15, "met"), (7, 10, "unmet"), (8, 9, "unmet"), (0, 0, "unmet")],
)
def test_pelvic_floor_ready_needs_eight_holds_and_ten_flicks(
    holds: int, flicks: int, expected: str
) -> None:
    doc = history(assessments=[diastasis(42, 1.5, "firm", False), pelvic_floor(42, holds, flicks)])
    decision = run(doc, 42)
    assert status(decision, "pelvic_floor_ready") == expected
    assert phase(doc, 43) == ("activation" if expected == "met" else "foundation")


def test_pelvic_floor_ready_reads_the_latest_check_and_none_is_unmet() -> None:
    got_worse = history(
        assessments=[
            diastasis(40, 1.5, "firm", False),
            pelvic_floor(38, 10, 12),
            pelvic_floor(40, 6, 12),
        ]
    )
    assert status(run(got_worse, 42), "pelvic_floor_ready") == "unmet"
    got_better = history(
        assessments=[
            diastasis(40, 1.5, "firm", False),
            pelvic_floor(38, 6, 12),
            pelvic_floor(40, 10, 12),
        ]
    )
    assert status(run(got_better, 42), "pelvic_floor_ready") == "met"
    none = history(assessments=[diastasis(40, 1.5, "firm", False)])
    decision = run(none, 60)
    assert decision["phase"] == "foundation"
    assert status(decision, "pelvic_floor_ready") == "unmet"


@pytest.mark.parametrize(
    ("gap", "depth", "doming", "expected"),
    [
        (1.5, "firm", False, "met"),
        (2.5, "firm", False, "met"),  # a wide but firm gap is fine
        (2.0, "soft", False, "met"),  # soft, but not more than 2 finger widths
        (2.5, "soft", False, "unmet"),
        (1.0, "firm", True, "unmet"),  # doming alone fails
    ],
)
def test_core_ready_fails_on_doming_or_a_wide_soft_gap(
    gap: float, depth: str, doming: bool, expected: str
) -> None:
    doc = history(assessments=[diastasis(42, gap, depth, doming), pelvic_floor(42, 8, 10)])
    assert status(run(doc, 42), "core_ready") == expected
    assert phase(doc, 43) == ("activation" if expected == "met" else "foundation")


def test_core_ready_reads_the_latest_check_and_none_is_unmet() -> None:
    doc = history(
        assessments=[
            diastasis(35, 1.0, "firm", False),
            diastasis(40, 3.0, "soft", False),
            pelvic_floor(40, 8, 10),
        ]
    )
    assert status(run(doc, 42), "core_ready") == "unmet"
    none = run(history(assessments=[pelvic_floor(40, 8, 10)]), 60)
    assert none["phase"] == "foundation"
    assert status(none, "core_ready") == "unmet"


def test_symptom_free_blocks_activation_on_a_modify_symptom_during_exercise() -> None:
    # The gate seen on day 42 is for day 43: the 14 days before it are days 29-42.
    inside = history(symptoms=[symptom(29, "urine_leak", "exercise", exercise="pelvic_tilt")])
    assert status(run(inside, 42), "symptom_free") == "unmet"
    assert phase(inside, 43) == "foundation"
    outside = history(symptoms=[symptom(28, "urine_leak", "exercise", exercise="pelvic_tilt")])
    assert status(run(outside, 42), "symptom_free") == "met"
    assert phase(outside, 43) == "activation"


def test_daily_life_leak_does_not_block_activation() -> None:
    doc = history(symptoms=[symptom(40, "urine_leak", "daily_life")])
    assert status(run(doc, 42), "symptom_free") == "met"
    assert phase(doc, 43) == "activation"


def test_cleared_stop_symptom_keeps_the_activation_gate_shut_for_fourteen_days() -> None:
    # Dizziness on day 35 pauses her until the clearance of day 42 (which also clears her
    # for activation); a stop symptom in the 14 days before D keeps symptom_free unmet
    # until D - 14 > 35, so activation starts on day 50.
    doc = history(
        foundation_days=[15, 18, 21, 24, 27, 30, 33],
        symptoms=[symptom(35, "dizziness")],
    )
    assert phase(doc, 41) == "paused"
    assert phase(doc, 42) == "foundation"
    decision = run(doc, 43)
    assert decision["phase"] == "foundation"
    assert status(decision, "symptom_free") == "unmet"
    assert status(run(doc, 49), "symptom_free") == "met"
    assert phase(doc, 49) == "foundation"
    assert phase(doc, 50) == "activation"


# --- gate into strengthening -----------------------------------------------------------------


def test_strengthening_gate_lists_exactly_its_codes_and_opens_the_next_day() -> None:
    decision = strengthening_gate(activation_sessions(ACTIVATION_DAYS))
    assert set(decision["gate"]["met"]) == INTO_STRENGTHENING
    assert decision["gate"]["unmet"] == []
    assert phase(history(), 62) == "strengthening"


def _early_start(delivery: str = "vaginal") -> dict[str, Any]:
    """Cleared by a clinician on day 20; activation from day 21, 6 sessions by day 32."""
    doc = history(
        foundation_days=[2, 4, 6, 8, 10, 12],
        clearances=[clearance(20, entered_by="clinician")],
        assessments=ready_assessments(20),
        activation=activation_sessions([22, 24, 26, 28, 30, 32]),
    )
    doc["profile"]["delivery"] = delivery
    return doc


def test_weeks_since_birth_is_eight_weeks_after_a_vaginal_birth() -> None:
    doc = _early_start()
    assert phase(doc, 21) == "activation"
    before = run(doc, 54)  # for day 55
    assert status(before, "weeks_since_birth") == "unmet"
    assert set(before["gate"]["met"]) == INTO_STRENGTHENING - {"weeks_since_birth"}
    assert status(run(doc, 55), "weeks_since_birth") == "met"  # for day 56
    assert phase(doc, 55) == "activation"
    assert phase(doc, 56) == "strengthening"


def test_weeks_since_birth_is_twelve_weeks_after_a_caesarean() -> None:
    doc = _early_start("caesarean")
    assert status(run(doc, 70), "weeks_since_birth") == "unmet"
    assert status(run(doc, 82), "weeks_since_birth") == "unmet"  # for day 83
    assert status(run(doc, 83), "weeks_since_birth") == "met"  # for day 84
    assert phase(doc, 83) == "activation"
    assert phase(doc, 84) == "strengthening"


def test_activation_practised_needs_six_activation_sessions() -> None:
    decision = strengthening_gate(activation_sessions([46, 49, 52, 55, 58]))
    assert status(decision, "activation_practised") == "unmet"
    assert phase(history(activation=activation_sessions([46, 49, 52, 55, 58])), 90) == (
        "activation"
    )


def test_activation_practised_needs_the_first_session_fourteen_days_back() -> None:
    doc = history(activation=activation_sessions([50, 51, 52, 53, 54, 55]))
    # The first activation session (day 50) must be on or before D - 14: D >= 64.
    assert status(run(doc, 62), "activation_practised") == "unmet"  # for day 63
    assert phase(doc, 63) == "activation"
    assert status(run(doc, 63), "activation_practised") == "met"  # for day 64
    assert phase(doc, 64) == "strengthening"


def test_glutes_firing_needs_eighty_percent_of_bridge_clam_and_side_lying_sets() -> None:
    early = [act_session(d) for d in (46, 49, 52)]
    # Last 3 sessions: per session 3 + 3 bridge/clam sets in the glutes and 4 side-lying
    # sets, 2 of them felt in the quads: 24 of 30 = 80 %.
    at_80 = [act_session(d, side=["glutes", "glutes", "quads", "quads"]) for d in (55, 58, 61)]
    assert status(strengthening_gate(early + at_80), "glutes_firing") == "met"
    # One more side-lying set in the quads: 23 of 30, below 80 %.
    below = [*at_80[:2], act_session(61, side=["glutes", "quads", "quads", "quads"])]
    assert status(strengthening_gate(early + below), "glutes_firing") == "unmet"


def test_glutes_firing_fails_on_any_set_felt_in_the_low_back() -> None:
    early = [act_session(d) for d in (46, 49, 52, 55, 58)]
    last = act_session(61, clam=["glutes", "glutes", "low_back"])  # 17 of 18 in the glutes
    assert status(strengthening_gate([*early, last]), "glutes_firing") == "unmet"


def test_glutes_firing_ignores_bird_dog() -> None:
    sessions = [act_session(d, bird=["low_back"] * 3) for d in ACTIVATION_DAYS]
    decision = strengthening_gate(sessions)
    assert status(decision, "glutes_firing") == "met"
    assert decision["gate"]["unmet"] == []


def test_glutes_firing_set_without_felt_in_is_not_glutes() -> None:
    early = [act_session(d) for d in (46, 49, 52)]
    last = [act_session(d, bridge=[None, None, None]) for d in (55, 58, 61)]  # 9 of 18
    assert status(strengthening_gate(early + last), "glutes_firing") == "unmet"


def test_glutes_firing_reads_only_the_last_three_activation_sessions() -> None:
    early = [act_session(d, bridge=["hamstrings"] * 3, clam=["other"] * 3) for d in (46, 49, 52)]
    last = [act_session(d) for d in (55, 58, 61)]
    assert status(strengthening_gate(early + last), "glutes_firing") == "met"


def test_glutes_firing_without_such_sets_is_unmet() -> None:
    only_bird_dog = [
        session(d, entry("bird_dog", "standard", 3, 10, felt_in="glutes")) for d in ACTIVATION_DAYS
    ]
    decision = strengthening_gate(only_bird_dog)
    assert status(decision, "glutes_firing") == "unmet"
    assert status(decision, "activation_practised") == "met"


def test_activation_targets_read_the_latest_session_with_each_exercise() -> None:
    early = [act_session(d, bridge_reps=15) for d in (46, 49, 52, 55, 58)]
    # The latest session has 3 x 20 bridges: the earlier 15s no longer matter.
    assert status(strengthening_gate([*early, act_session(61)]), "activation_targets") == "met"
    # Latest bridge below 20 reps: unmet.
    short = [act_session(d) for d in (46, 49, 52, 55, 58)] + [act_session(61, bridge_reps=19)]
    assert status(strengthening_gate(short), "activation_targets") == "unmet"
    # The latest session lacks the bird-dog: its latest is day 58 (3 x 10): still met.
    no_bird = session(
        61,
        entry("glute_bridge", "bodyweight", 3, 20, felt_in="glutes"),
        entry("clam_shell", "bodyweight", 3, 20, felt_in="glutes"),
    )
    plain = [act_session(d) for d in (46, 49, 52, 55, 58)]
    assert status(strengthening_gate([*plain, no_bird]), "activation_targets") == "met"


def test_activation_targets_need_three_bird_dog_sets_of_ten() -> None:
    two_sets = session(
        61,
        entry("glute_bridge", "bodyweight", 3, 20, felt_in="glutes"),
        entry("clam_shell", "bodyweight", 3, 20, felt_in="glutes"),
        entry("bird_dog", "standard", 2, 10, felt_in="glutes"),
    )
    plain = [act_session(d) for d in (46, 49, 52, 55, 58)]
    assert status(strengthening_gate([*plain, two_sets]), "activation_targets") == "unmet"


def test_activation_targets_need_every_set_with_good_form() -> None:
    plain = [act_session(d) for d in (46, 49, 52, 55, 58)]
    decision = strengthening_gate([*plain, act_session(61, bridge_form="ok")])
    assert status(decision, "activation_targets") == "unmet"
    assert status(decision, "form_good") == "met"  # 'ok' is not 'poor'


def test_form_good_fails_on_a_poor_set_in_the_last_three_sessions() -> None:
    def with_poor_on(poor_day: int) -> list[dict[str, Any]]:
        return [
            act_session(d, bridge_form="poor" if d == poor_day else "good") for d in ACTIVATION_DAYS
        ]

    assert status(strengthening_gate(with_poor_on(55)), "form_good") == "unmet"  # 3rd last
    assert status(strengthening_gate(with_poor_on(52)), "form_good") == "met"  # 4th last


def test_form_good_counts_sessions_of_any_kind() -> None:
    poor_breathing = session(60, entry("breathing_360", "standard", 1, 10, form="poor"))
    decision = strengthening_gate([*activation_sessions(ACTIVATION_DAYS), poor_breathing])
    assert status(decision, "form_good") == "unmet"


def test_symptom_free_blocks_strengthening_on_a_modify_symptom_during_exercise() -> None:
    # Seen on day 61 the gate is for day 62: the 14 days before it are days 48-61.
    def pain_on(d: int) -> dict[str, Any]:
        return symptom(d, "back_pain", "exercise", exercise="glute_bridge", severity=2)

    inside = strengthening_gate(activation_sessions(ACTIVATION_DAYS), symptoms=[pain_on(48)])
    assert status(inside, "symptom_free") == "unmet"
    outside = strengthening_gate(activation_sessions(ACTIVATION_DAYS), symptoms=[pain_on(47)])
    assert status(outside, "symptom_free") == "met"
    leak = symptom(55, "urine_leak", "daily_life")
    daily = strengthening_gate(activation_sessions(ACTIVATION_DAYS), symptoms=[leak])
    assert status(daily, "symptom_free") == "met"


# --- decision.gate and the replay ------------------------------------------------------------


def test_gate_is_empty_in_strengthening() -> None:
    decision = run(history(), 70)
    assert decision["phase"] == "strengthening"
    assert decision["gate"]["next_phase"] is None
    assert decision["gate"]["met"] == []
    assert decision["gate"]["unmet"] == []


def test_gate_is_empty_while_paused() -> None:
    decision = run(pause_doc(symptom(50, "dizziness")), 52)
    assert decision["phase"] == "paused"
    assert decision["gate"]["next_phase"] is None
    assert decision["gate"]["met"] == []
    assert decision["gate"]["unmet"] == []


def test_gate_why_has_a_sentence_for_every_met_and_unmet_code() -> None:
    # A mix of met and unmet codes in both gates (run() checks every sentence is there).
    foundation = run(history(clearances=[], foundation_days=[15, 18]), 30)
    assert foundation["gate"]["met"] and foundation["gate"]["unmet"]
    assert set(foundation["gate"]["why"]) >= set(foundation["gate"]["met"]) | set(
        foundation["gate"]["unmet"]
    )
    activation = run(history(activation=activation_sessions([46, 49])), 55)
    assert activation["gate"]["met"] and activation["gate"]["unmet"]
    assert set(activation["gate"]["why"]) >= set(activation["gate"]["met"]) | set(
        activation["gate"]["unmet"]
    )


def test_each_phase_starts_the_day_after_its_gate_opens() -> None:
    doc = history()
    assert [phase(doc, d) for d in (42, 43, 61, 62, 63)] == [
        "foundation",
        "activation",
        "activation",
        "strengthening",
        "strengthening",
    ]


def test_phase_advances_one_step_at_a_time() -> None:
    # Activation work logged on foundation days counts as foundation sessions only: once
    # activation opens on day 43 she must do activation sessions before strengthening.
    doc = history(foundation_days=[], activation=activation_sessions(FOUNDATION_DAYS))
    assert phase(doc, 42) == "foundation"
    assert phase(doc, 43) == "activation"
    decision = run(doc, 90)
    assert decision["phase"] == "activation"
    assert status(decision, "activation_practised") == "unmet"
    assert status(decision, "glutes_firing") == "unmet"


def test_phase_is_kept_when_a_gate_condition_later_fails() -> None:
    doc = history(
        activation=activation_sessions([46, 49]),
        assessments=[*ready_assessments(42), diastasis(47, 3.0, "soft", True)],
        symptoms=[symptom(48, "doming", "exercise", exercise="glute_bridge")],
    )
    assert phase(doc, 55) == "activation"


# --- pauses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["heavy_bleeding", "thoughts_of_self_harm", "chest_pain", "calf_pain_swelling"]
)
def test_urgent_code_pauses_from_its_day_with_no_exercises(code: str) -> None:
    doc = pause_doc(symptom(50, code))
    assert phase(doc, 49) == "activation"
    decision = run(doc, 50)
    assert decision["phase"] == "paused"
    assert decision["triage"]["level"] == "stop"
    assert decision["triage"]["urgent"] is True
    assert decision["triage"]["reasons"] == [code]
    assert decision["today"]["rest_day"] is True
    assert decision["today"]["exercises"] == []
    assert all(p["action"] == "hold" for p in decision["progression"])


def test_heavy_bleeding_advice_defines_the_sign() -> None:
    advice = run(pause_doc(symptom(50, "heavy_bleeding")), 50)["triage"]["advice"].lower()
    assert "pad" in advice and "hour" in advice


def test_urgent_pause_is_cleared_only_by_a_later_clinician_clearance() -> None:
    cleared = pause_doc(
        symptom(50, "heavy_bleeding"), clearances=[clearance(52, entered_by="clinician")]
    )
    assert phase(cleared, 51) == "paused"
    decision = run(cleared, 52)
    assert decision["phase"] == "activation"
    assert decision["triage"]["urgent"] is False
    assert decision["triage"]["level"] == "modify"  # a cleared stop symptom in the window
    assert decision["triage"]["reasons"] == ["heavy_bleeding"]


def test_self_entered_clearance_does_not_clear_an_urgent_code() -> None:
    doc = pause_doc(
        symptom(50, "thoughts_of_self_harm"),
        clearances=[clearance(52, entered_by="self"), clearance(53, kind="pelvic_health")],
    )
    decision = run(doc, 60)
    assert decision["phase"] == "paused"
    assert decision["triage"]["urgent"] is True


def test_clearance_on_the_same_day_does_not_clear_a_stop_symptom() -> None:
    urgent = pause_doc(
        symptom(50, "heavy_bleeding"), clearances=[clearance(50, entered_by="clinician")]
    )
    assert phase(urgent, 55) == "paused"
    other = pause_doc(symptom(50, "dizziness"), clearances=[clearance(50, entered_by="clinician")])
    assert phase(other, 55) == "paused"


@pytest.mark.parametrize("code", ["vaginal_heaviness_bulge", "faecal_incontinence"])
def test_pelvic_floor_code_pause_keeps_breathing_and_pelvic_floor_hold(code: str) -> None:
    decision = run(pause_doc(symptom(50, code)), 50)
    assert decision["phase"] == "paused"
    assert decision["triage"]["level"] == "stop"
    assert decision["triage"]["urgent"] is False
    assert decision["triage"]["reasons"] == [code]
    assert decision["today"]["rest_day"] is True
    today = today_of(decision)
    assert set(today) == {"breathing_360", "pelvic_floor_hold"}
    assert today["breathing_360"]["sets"] == 1
    assert today["pelvic_floor_hold"]["sets"] == 1


def test_pelvic_floor_pause_needs_a_pelvic_health_clearance() -> None:
    general = pause_doc(
        symptom(50, "vaginal_heaviness_bulge"),
        clearances=[clearance(52, entered_by="clinician")],
    )
    assert phase(general, 60) == "paused"
    pelvic = pause_doc(
        symptom(50, "vaginal_heaviness_bulge"), clearances=[clearance(52, kind="pelvic_health")]
    )
    assert phase(pelvic, 51) == "paused"
    assert phase(pelvic, 52) == "activation"


def test_pelvic_floor_exercises_only_when_every_uncleared_stop_code_is_pelvic_floor() -> None:
    doc = pause_doc(
        symptom(50, "vaginal_heaviness_bulge"),
        symptom(50, "dizziness"),
        clearances=[clearance(52)],  # clears the dizziness only
    )
    both = run(doc, 51)
    assert both["phase"] == "paused"
    assert both["today"]["exercises"] == []
    assert set(both["triage"]["reasons"]) == {"vaginal_heaviness_bulge", "dizziness"}
    pelvic_only = run(doc, 52)
    assert pelvic_only["phase"] == "paused"
    assert set(today_of(pelvic_only)) == {"breathing_360", "pelvic_floor_hold"}
    assert pelvic_only["triage"]["reasons"] == ["vaginal_heaviness_bulge"]


@pytest.mark.parametrize(
    "code", ["dizziness", "wound_problem", "offensive_discharge", "abdominal_bulge_hernia"]
)
def test_other_stop_code_pauses_and_is_cleared_by_any_later_clearance(code: str) -> None:
    doc = pause_doc(symptom(50, code), clearances=[clearance(53)])  # general, self-entered
    paused = run(doc, 50)
    assert paused["phase"] == "paused"
    assert paused["triage"]["urgent"] is False
    assert paused["triage"]["reasons"] == [code]
    assert paused["today"]["exercises"] == []
    assert phase(doc, 52) == "paused"
    assert phase(doc, 53) == "activation"


@pytest.mark.parametrize("code", ["pelvic_pain", "back_pain"])
@pytest.mark.parametrize(
    ("severity", "expected_phase", "level"),
    [
        (0, "activation", "ok"),
        (1, "activation", "modify"),
        (4, "activation", "modify"),
        (5, "paused", "stop"),
        (9, "paused", "stop"),
    ],
)
def test_pain_severity_zero_is_nothing_one_to_four_modify_five_up_stop(
    code: str, severity: int, expected_phase: str, level: str
) -> None:
    decision = run(pause_doc(symptom(50, code, severity=severity)), 50)
    assert decision["phase"] == expected_phase
    assert decision["triage"]["level"] == level
    assert decision["triage"]["reasons"] == ([] if severity == 0 else [code])
    assert decision["triage"]["urgent"] is False


def test_after_clearance_she_is_back_in_the_phase_she_held() -> None:
    foundation = history(symptoms=[symptom(30, "wound_problem")], clearances=[clearance(32)])
    foundation["sessions"] = [s for s in foundation["sessions"] if s["date"] <= day(20)]
    assert phase(foundation, 31) == "paused"
    assert phase(foundation, 32) == "foundation"
    strengthening = history(symptoms=[symptom(64, "dizziness")], clearances=[clearance(42)])
    strengthening["clearances"].append(clearance(66))
    assert phase(strengthening, 65) == "paused"
    assert phase(strengthening, 66) == "strengthening"


def test_triage_is_modify_for_fourteen_days_after_a_cleared_stop_symptom() -> None:
    doc = pause_doc(symptom(50, "dizziness"), clearances=[clearance(51)])
    last_day = run(doc, 63)  # window 50-63
    assert last_day["phase"] == "activation"
    assert last_day["triage"]["level"] == "modify"
    assert last_day["triage"]["reasons"] == ["dizziness"]
    after = run(doc, 64)  # window 51-64
    assert after["triage"]["level"] == "ok"
    assert after["triage"]["reasons"] == []


def test_every_progression_action_is_hold_with_reason_paused_while_paused() -> None:
    # In strengthening with breathing_360 and pelvic_floor_hold logged (foundation sessions),
    # a pelvic-floor code prescribes both: each has its action, and it is a hold.
    doc = history(symptoms=[symptom(64, "faecal_incontinence")])
    decision = run(doc, 65)
    assert decision["phase"] == "paused"
    actions = {p["exercise"]: p for p in decision["progression"]}
    assert set(actions) == {"breathing_360", "pelvic_floor_hold"}
    for action in actions.values():
        assert action["action"] == "hold"
        assert "paused" in action["reasons"]


# --- triage ----------------------------------------------------------------------------------


def test_triage_window_is_as_of_minus_thirteen_to_as_of() -> None:
    thirteen = run(history(symptoms=[symptom(57, "bleeding_returns")]), 70)
    assert thirteen["triage"]["level"] == "modify"
    assert thirteen["triage"]["reasons"] == ["bleeding_returns"]
    fourteen = run(history(symptoms=[symptom(56, "bleeding_returns")]), 70)
    assert fourteen["triage"]["level"] == "ok"
    assert fourteen["triage"]["reasons"] == []


def test_triage_reasons_list_every_modify_code_in_the_window() -> None:
    doc = history(
        symptoms=[
            symptom(60, "urine_leak"),
            symptom(64, "doming", "exercise", exercise="glute_bridge"),
            symptom(68, "pelvic_pain", severity=3),
            symptom(50, "bleeding_returns"),  # out of the window
        ]
    )
    decision = run(doc, 70)
    assert decision["triage"]["level"] == "modify"
    assert sorted(decision["triage"]["reasons"]) == ["doming", "pelvic_pain", "urine_leak"]


# --- overrides -------------------------------------------------------------------------------


def test_override_sets_the_phase_from_its_date() -> None:
    doc = history(foundation_days=[], overrides=[override(45, "activation")])
    assert phase(doc, 44) == "foundation"  # no foundation work: the gate is shut
    assert phase(doc, 45) == "activation"


def test_override_may_skip_a_phase() -> None:
    doc = history(foundation_days=[], activation=[], overrides=[override(56, "strengthening")])
    assert phase(doc, 55) == "foundation"
    assert phase(doc, 56) == "strengthening"


def test_last_override_on_a_date_in_file_order_wins() -> None:
    base = {"foundation_days": [], "activation": []}
    first = history(**base, overrides=[override(60, "strengthening"), override(60, "activation")])
    assert phase(first, 60) == "activation"
    second = history(**base, overrides=[override(60, "activation"), override(60, "strengthening")])
    assert phase(second, 60) == "strengthening"


def test_override_back_to_foundation_restarts_the_practised_count() -> None:
    # Strengthening from day 62; sent back to foundation on day 63. Six new foundation
    # sessions on days 64-74: the first must be 14 days back, so activation from day 78.
    sent_back = history(overrides=[override(63, "foundation")])
    sent_back["sessions"] += foundation_sessions([64, 66, 68, 70, 72, 74])
    assert phase(sent_back, 62) == "strengthening"
    assert phase(sent_back, 63) == "foundation"
    decision = run(sent_back, 77)
    assert decision["phase"] == "foundation"
    assert status(decision, "foundation_practised") == "met"  # for day 78
    assert status(run(sent_back, 76), "foundation_practised") == "unmet"  # for day 77
    assert phase(sent_back, 78) == "activation"

    five_only = history(overrides=[override(63, "foundation")])
    five_only["sessions"] += foundation_sessions([64, 66, 68, 70, 72])
    decision = run(five_only, 100)
    assert decision["phase"] == "foundation"
    assert status(decision, "foundation_practised") == "unmet"


def test_override_during_a_pause_sets_the_phase_she_resumes_in() -> None:
    doc = pause_doc(symptom(50, "dizziness"), clearances=[clearance(60)])
    doc["overrides"] = [override(58, "strengthening")]
    assert phase(doc, 58) == "paused"  # an override cannot end a pause
    assert phase(doc, 59) == "paused"
    assert phase(doc, 60) == "strengthening"


def test_override_to_activation_before_any_clearance_is_invalid() -> None:
    doc = at(history(overrides=[override(30, "activation")]), 70)
    with pytest.raises(InvalidInput) as err:
        parse_scenario_data(doc)
    assert "overrides[0].date" in str(err.value)
    no_clearance = at(history(clearances=[], overrides=[override(50, "strengthening")]), 70)
    with pytest.raises(InvalidInput) as err:
        parse_scenario_data(no_clearance)
    assert "overrides[0].date" in str(err.value)
    # Back to foundation needs no clearance.
    assert phase(history(clearances=[], overrides=[override(30, "foundation")]), 40) == (
        "foundation"
    )


def test_override_to_strengthening_before_the_weeks_floor_is_invalid() -> None:
    early = at(history(overrides=[override(55, "strengthening")]), 70)
    with pytest.raises(InvalidInput) as err:
        parse_scenario_data(early)
    assert "overrides[0].date" in str(err.value)
    assert phase(history(overrides=[override(56, "strengthening")]), 56) == "strengthening"
    caesarean = at(history(overrides=[override(83, "strengthening")]), 90)
    caesarean["profile"]["delivery"] = "caesarean"
    with pytest.raises(InvalidInput) as err:
        parse_scenario_data(caesarean)
    assert "overrides[0].date" in str(err.value)


# --- referrals -------------------------------------------------------------------------------


def _referred_to(decision: dict[str, Any]) -> set[str]:
    for referral in decision["referrals"]:
        assert isinstance(referral["why"], str) and referral["why"].strip()
    return {referral["to"] for referral in decision["referrals"]}


@pytest.mark.parametrize("code", ["urine_leak", "doming"])
def test_pelvic_health_referral_after_three_days_of_leaks_or_doming(code: str) -> None:
    # The 14 days up to day 70 are days 57-70.
    three = history(symptoms=[symptom(d, code) for d in (57, 63, 70)])
    assert "pelvic_health_physio" in _referred_to(run(three, 70))
    two_days = history(symptoms=[symptom(d, code) for d in (57, 63, 63)])
    assert "pelvic_health_physio" not in _referred_to(run(two_days, 70))
    one_out = history(symptoms=[symptom(d, code) for d in (56, 63, 70)])
    assert "pelvic_health_physio" not in _referred_to(run(one_out, 70))


def test_pelvic_health_referral_for_any_pelvic_floor_code() -> None:
    cleared = pause_doc(
        symptom(50, "faecal_incontinence"), clearances=[clearance(51, kind="pelvic_health")]
    )
    in_window = run(cleared, 55)
    assert in_window["phase"] == "activation"
    assert "pelvic_health_physio" in _referred_to(in_window)
    assert "pelvic_health_physio" not in _referred_to(run(cleared, 64))  # window 51-64
    still_pausing = pause_doc(symptom(50, "vaginal_heaviness_bulge"))
    decision = run(still_pausing, 80)
    assert decision["phase"] == "paused"
    assert "pelvic_health_physio" in _referred_to(decision)


def test_mood_referral_reads_the_latest_checkin_and_never_pauses() -> None:
    def with_checkins(*checkins: dict[str, Any]) -> dict[str, Any]:
        return history(activation=activation_sessions([46, 49]), checkins=list(checkins))

    down = run(with_checkins({"date": day(53), "felt_down": True}), 55)  # as_of - 2
    assert "gp_or_health_visitor" in _referred_to(down)
    assert down["phase"] == "activation"
    assert down["triage"]["level"] == "ok"
    assert down["today"]["exercises"] != []
    no_interest = run(with_checkins({"date": day(55), "little_interest": True}), 55)
    assert "gp_or_health_visitor" in _referred_to(no_interest)
    assert no_interest["phase"] == "activation"
    too_old = run(with_checkins({"date": day(52), "felt_down": True}), 55)  # as_of - 3
    assert "gp_or_health_visitor" not in _referred_to(too_old)
    better_since = with_checkins(
        {"date": day(53), "felt_down": True},
        {"date": day(55), "felt_down": False, "little_interest": False},
    )
    assert "gp_or_health_visitor" not in _referred_to(run(better_since, 55))


# --- edges of the same rules -----------------------------------------------------------------


def test_severity_matters_only_for_pain_codes() -> None:
    dizzy = run(pause_doc(symptom(50, "dizziness", severity=0)), 50)
    assert dizzy["phase"] == "paused"
    leak = run(pause_doc(symptom(50, "urine_leak", severity=0)), 50)
    assert leak["phase"] == "activation"
    assert leak["triage"]["level"] == "modify"
    assert leak["triage"]["reasons"] == ["urine_leak"]


def test_pain_severity_zero_during_exercise_does_not_block_a_gate() -> None:
    doc = history(
        symptoms=[symptom(40, "back_pain", "exercise", exercise="pelvic_tilt", severity=0)]
    )
    assert status(run(doc, 42), "symptom_free") == "met"
    assert phase(doc, 43) == "activation"


def test_triage_stays_stop_while_paused_however_old_the_symptom() -> None:
    decision = run(pause_doc(symptom(50, "wound_problem")), 90)
    assert decision["phase"] == "paused"
    assert decision["triage"]["level"] == "stop"
    assert decision["triage"]["reasons"] == ["wound_problem"]


def test_triage_reasons_while_paused_are_the_uncleared_stop_codes_only() -> None:
    doc = pause_doc(
        symptom(49, "urine_leak", "exercise", exercise="glute_bridge"),
        symptom(50, "abdominal_bulge_hernia"),
    )
    decision = run(doc, 51)
    assert decision["triage"]["level"] == "stop"
    assert decision["triage"]["reasons"] == ["abdominal_bulge_hernia"]


def test_clinician_clearance_of_either_kind_clears_an_urgent_code() -> None:
    doc = pause_doc(
        symptom(50, "fever"),
        clearances=[clearance(52, kind="pelvic_health", entered_by="clinician")],
    )
    assert phase(doc, 51) == "paused"
    decision = run(doc, 52)
    assert decision["phase"] == "activation"
    assert decision["triage"]["urgent"] is False


def test_any_clearance_even_an_early_self_entered_one_clears_an_other_stop_code() -> None:
    # Day 25 is before six weeks: not a medical clearance, but it clears the dizziness.
    doc = history(
        foundation_days=[15, 18],
        activation=[],
        symptoms=[symptom(20, "dizziness")],
        clearances=[clearance(25, entered_by="self")],
    )
    assert phase(doc, 24) == "paused"
    decision = run(doc, 25)
    assert decision["phase"] == "foundation"
    assert status(decision, "medical_clearance") == "unmet"


def test_pause_ends_only_when_its_last_stop_symptom_is_cleared() -> None:
    doc = pause_doc(
        symptom(50, "dizziness"),
        symptom(52, "wound_problem"),  # on the day of the clearance: not cleared by it
        clearances=[clearance(52), clearance(55)],
    )
    assert phase(doc, 52) == "paused"
    assert run(doc, 52)["triage"]["reasons"] == ["wound_problem"]
    assert phase(doc, 54) == "paused"
    assert phase(doc, 55) == "activation"


def test_urgent_is_false_when_only_a_non_urgent_code_pauses_her() -> None:
    doc = pause_doc(
        symptom(50, "severe_headache"),
        symptom(54, "dizziness"),
        clearances=[clearance(52, entered_by="clinician")],
    )
    decision = run(doc, 55)
    assert decision["phase"] == "paused"
    assert decision["triage"]["urgent"] is False
    assert decision["triage"]["reasons"] == ["dizziness"]


def test_gates_are_checked_again_only_from_the_day_after_a_pause_ends() -> None:
    # A clinician cleared her on day 15; foundation_practised holds from day 22 (first
    # session on day 8), but the dizziness of day 20 pauses her in foundation until the
    # clearance of day 40. On the data before day 40 every activation condition holds.
    doc = history(
        foundation_days=[8, 10, 12, 14, 16, 18],
        activation=[],
        assessments=ready_assessments(18),
        symptoms=[symptom(20, "dizziness")],
        clearances=[clearance(15, entered_by="clinician"), clearance(40)],
    )
    assert phase(doc, 19) == "foundation"
    assert phase(doc, 39) == "paused"
    assert phase(doc, 40) == "foundation"
    assert phase(doc, 41) == "activation"


def test_sessions_on_paused_days_are_not_foundation_sessions() -> None:
    # Foundation days 15, 18, 21, then paused 22-29, sessions on 24 and 27 while paused,
    # then 33 and 36: five foundation sessions, so the gate stays shut.
    doc = history(
        foundation_days=[15, 18, 21, 24, 27, 33, 36],
        activation=[],
        symptoms=[symptom(22, "dizziness")],
        clearances=[clearance(30), clearance(42)],
    )
    decision = run(doc, 60)
    assert decision["phase"] == "foundation"
    assert status(decision, "foundation_practised") == "unmet"


def test_override_to_activation_restarts_the_activation_count() -> None:
    # In strengthening from day 62, sent back to activation on day 63: six new activation
    # sessions on days 64-74, the first 14 days back, so strengthening again from day 78.
    doc = history(overrides=[override(63, "activation")])
    doc["sessions"] += activation_sessions([64, 66, 68, 70, 72, 74])
    assert phase(doc, 63) == "activation"
    assert status(run(doc, 76), "activation_practised") == "unmet"  # for day 77
    assert phase(doc, 77) == "activation"
    assert phase(doc, 78) == "strengthening"


def test_override_on_the_day_of_the_clearance_is_valid() -> None:
    doc = history(foundation_days=[], overrides=[override(42, "activation")])
    assert phase(doc, 42) == "activation"


def test_the_phase_of_a_day_is_decided_from_data_dated_before_it() -> None:
    # The pelvic-floor check that meets the bar is dated day 43: day 43 stays in foundation.
    late_check = history(
        assessments=[diastasis(40, 1.5, "firm", False), pelvic_floor(43, 8, 10)],
    )
    assert phase(late_check, 43) == "foundation"
    assert phase(late_check, 44) == "activation"
    # A leak during exercise on day 43 cannot take back a gate opened on the data before it.
    leak = history(symptoms=[symptom(43, "urine_leak", "exercise", exercise="pelvic_tilt")])
    assert phase(leak, 43) == "activation"
