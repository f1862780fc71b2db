"""Today's prescription and each exercise's progression (SPEC 3.5), targets and habits (3.6),
and the strict validation of the scenario (3.1), as whole scenarios through the contract.

Every expected number is worked out by hand from the SPEC, in the comment beside it. The
default mother (tests/builders.py) delivered on day 0 (2026-01-05), weighs 68 kg and
breastfeeds exclusively; `strengthening_history()` clears her on day 42, puts her in
activation from day 43 and in strengthening from day 62. Her lifts here are logged on
strengthening days 64 and 66 (two sessions, as the up rule needs) and `as_of` is day 68,
so neither a rest day (no session on day 67) nor a break (2 days) gets in the way.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

import pytest
from builders import (
    action_of,
    activation_sessions,
    clearance,
    day,
    decide_json,
    entry,
    foundation_sessions,
    ready_assessments,
    scenario,
    session,
    strengthening_history,
    symptom,
    today_of,
)

from comeback.errors import InvalidInput
from comeback.scenario import parse_scenario, parse_scenario_data

FOUNDATION_DAYS = [15, 18, 21, 24, 27, 30, 33, 36]
LIFT_DAYS = (64, 66)
AS_OF = 68
UP = {"increase_load", "advance_variant", "increase_reps"}


# --- local helpers -------------------------------------------------------------------------


def lift(
    exercise: str,
    variant: str,
    reps: int = 12,
    n: int = 3,
    *,
    load: float | None = None,
    band: str | None = None,
    form: str = "good",
    rir: int | None = 3,
    felt_in: str | None = "glutes",
) -> dict[str, Any]:
    """One exercise entry of `n` identical sets."""
    extra: dict[str, Any] = {"form": form}
    if rir is not None:
        extra["rir"] = rir
    if felt_in is not None:
        extra["felt_in"] = felt_in
    if load is not None:
        extra["load_kg"] = load
    if band is not None:
        extra["band"] = band
    return entry(exercise, variant, n, reps, **extra)


def with_sets(exercise: str, variant: str, *set_list: dict[str, Any]) -> dict[str, Any]:
    return {"exercise": exercise, "variant": variant, "sets": list(set_list)}


def a_set(reps: int, **extra: Any) -> dict[str, Any]:
    return {"reps": reps, "form": "good", "rir": 3, "felt_in": "glutes", **extra}


def twice(*entries: dict[str, Any], days: tuple[int, int] = LIFT_DAYS) -> list[dict[str, Any]]:
    """The same entries logged on two strengthening days."""
    return [session(d, *copy.deepcopy(list(entries))) for d in days]


def strong(
    as_of: int,
    sessions: Sequence[dict[str, Any]] = (),
    *,
    symptoms: Sequence[dict[str, Any]] = (),
    checkins: Sequence[dict[str, Any]] = (),
    assessments: Sequence[dict[str, Any]] = (),
    clearances: Sequence[dict[str, Any]] = (),
    equipment: dict[str, float] | None = None,
) -> dict[str, Any]:
    """`strengthening_history()` moved to `as_of`, with more items appended."""
    doc = strengthening_history()
    doc["as_of"] = day(as_of)
    doc["sessions"] += list(sessions)
    doc["symptoms"] += list(symptoms)
    doc["checkins"] += list(checkins)
    doc["assessments"] += list(assessments)
    doc["clearances"] += list(clearances)
    if equipment is not None:
        doc["profile"]["equipment"] = equipment
    return doc


def activation_doc(
    as_of: int, sessions: Sequence[dict[str, Any]] = (), **extra: Any
) -> dict[str, Any]:
    """Cleared on day 42 after 8 foundation sessions: activation from day 43."""
    return scenario(
        as_of=as_of,
        clearances=[clearance(42)],
        assessments=ready_assessments(42),
        sessions=foundation_sessions(FOUNDATION_DAYS) + list(sessions),
        **extra,
    )


def state(variant: str, load: float | None = None, band: str | None = None) -> dict[str, Any]:
    return {"variant": variant, "load_kg": load, "band": band}


def picked(d: dict[str, Any]) -> dict[str, Any]:
    return {"variant": d["variant"], "load_kg": d["load_kg"], "band": d["band"]}


def step_of(decision: dict[str, Any], exercise: str) -> tuple[str, dict, dict, list[str]]:
    p = action_of(decision, exercise)
    return p["action"], picked(p["from"]), picked(p["to"]), p["reasons"]


def leak_during(on: int, exercise: str, code: str = "urine_leak", **extra: Any) -> dict:
    return symptom(on, code, "exercise", exercise=exercise, **extra)


def logged(decision: dict[str, Any]) -> set[str]:
    return {p["exercise"] for p in decision["progression"]}


# --- today, per phase ----------------------------------------------------------------------


def test_foundation_today_is_the_inner_unit_two_sets_each() -> None:
    # No clearance: foundation. Nothing logged: heel_slide is the first of its three.
    d = decide_json(scenario(as_of=20))
    assert d["phase"] == "foundation"
    assert d["today"]["rest_day"] is False
    today = today_of(d)
    assert sorted(today) == sorted(
        ["breathing_360", "pelvic_floor_hold", "pelvic_floor_quick", "pelvic_tilt", "heel_slide"]
    )
    assert {x: e["sets"] for x, e in today.items()} == dict.fromkeys(today, 2)
    assert today["breathing_360"]["reps"] == [8, 10]
    assert today["pelvic_floor_hold"]["reps"] == [8, 10]
    assert today["pelvic_floor_hold"]["hold_s"] == 10
    assert today["pelvic_floor_quick"]["reps"] == [10, 15]
    assert today["pelvic_tilt"]["reps"] == [10, 15]
    assert today["heel_slide"]["reps"] == [8, 12]
    assert today["heel_slide"]["variant"] == "standard"
    assert d["progression"] == []  # never logged: no progression entry


def test_foundation_moves_from_heel_slide_to_toe_tap_after_two_top_sessions() -> None:
    top = entry("heel_slide", "standard", 2, 12)
    d = decide_json(scenario(as_of=15, sessions=[session(10, top), session(13, top)]))
    today = today_of(d)
    assert "toe_tap" in today and "heel_slide" not in today
    assert today["toe_tap"]["sets"] == 2
    assert "toe_tap" not in logged(d)  # never logged yet


def test_foundation_stays_on_heel_slide_until_every_set_tops_twice() -> None:
    one_short = with_sets(
        "heel_slide", "standard", {"reps": 12, "form": "good"}, {"reps": 11, "form": "good"}
    )
    sessions = [session(10, entry("heel_slide", "standard", 2, 12)), session(13, one_short)]
    today = today_of(decide_json(scenario(as_of=15, sessions=sessions)))
    assert "heel_slide" in today and "toe_tap" not in today


def test_foundation_moves_on_to_dead_bug_and_never_back() -> None:
    heel = entry("heel_slide", "standard", 2, 12)
    toe = entry("toe_tap", "standard", 2, 12)
    sessions = [session(3, heel), session(5, heel), session(7, toe), session(9, toe)]
    today = today_of(decide_json(scenario(as_of=11, sessions=sessions)))
    assert "dead_bug" in today and "toe_tap" not in today and "heel_slide" not in today

    # Moved on to toe_tap on day 9; a weak heel slide on day 11 does not send her back.
    sessions = [
        session(5, heel),
        session(8, heel),
        session(11, entry("heel_slide", "standard", 2, 8)),
    ]
    today = today_of(decide_json(scenario(as_of=13, sessions=sessions)))
    assert "toe_tap" in today and "heel_slide" not in today


def test_activation_today_is_a_one_set_primer_then_four_exercises_of_three_sets() -> None:
    d = decide_json(activation_doc(50))
    assert d["phase"] == "activation"
    exercises = d["today"]["exercises"]
    assert [e["exercise"] for e in exercises] == [
        "breathing_360",
        "pelvic_floor_hold",
        "glute_bridge",
        "clam_shell",
        "bird_dog",
        "side_lying_abduction",
    ]
    assert [e["sets"] for e in exercises] == [1, 1, 3, 3, 3, 3]
    today = today_of(d)
    assert today["pelvic_floor_hold"]["hold_s"] == 10
    assert today["glute_bridge"]["variant"] == "bodyweight"  # never logged: easiest
    assert today["glute_bridge"]["reps"] == [15, 20]
    assert today["bird_dog"]["reps"] == [8, 10]


def test_strengthening_today_is_a_two_set_warm_up_then_three_lifts_of_three_sets() -> None:
    d = decide_json(strengthening_history())
    assert d["phase"] == "strengthening"
    assert d["today"]["rest_day"] is False
    exercises = d["today"]["exercises"]
    assert [e["exercise"] for e in exercises] == [
        "glute_bridge",
        "clam_shell",
        "hip_thrust",
        "step_up",
        "split_squat",
    ]
    assert [e["sets"] for e in exercises] == [2, 2, 3, 3, 3]
    today = today_of(d)
    # never logged: the easiest variant at its start load, and no progression entry
    assert picked(today["hip_thrust"]) == state("bodyweight")
    assert picked(today["step_up"]) == state("low_box")
    assert picked(today["split_squat"]) == state("bodyweight")
    assert today["hip_thrust"]["reps"] == [8, 12]
    assert not logged(d) & {"hip_thrust", "step_up", "split_squat"}


def test_rest_day_after_a_session_on_a_strengthening_day_yesterday() -> None:
    d = decide_json(strong(65, [session(64, lift("hip_thrust", "bodyweight"))]))
    assert d["phase"] == "strengthening"
    assert d["today"]["rest_day"] is True
    assert [(e["exercise"], e["sets"]) for e in d["today"]["exercises"]] == [
        ("breathing_360", 1),
        ("pelvic_floor_hold", 1),
    ]
    assert "hip_thrust" not in logged(d)  # not prescribed today: no progression entry


def test_no_rest_day_after_a_session_on_an_activation_day() -> None:
    # Day 61 was an activation day; day 62 is her first strengthening day.
    doc = strengthening_history()
    doc["as_of"] = day(62)
    d = decide_json(doc)
    assert d["phase"] == "strengthening"
    assert d["today"]["rest_day"] is False
    assert "hip_thrust" in today_of(d)


# --- up: increase_load and advance_variant -------------------------------------------------


@pytest.mark.parametrize(
    ("exercise", "variant", "load", "to_load"),
    [
        ("hip_thrust", "dumbbell", 10.0, 11.0),  # 5 % = 0.5 kg -> 0 steps; one 1 kg step wins
        ("hip_thrust", "dumbbell", 19.0, 20.0),  # 0.95 kg -> 0 steps; one step
        ("step_up", "loaded", 30.0, 31.0),  # 1.5 kg -> rounded DOWN to 1 step
        ("step_up", "loaded", 46.0, 48.0),  # 2.3 kg -> 2 steps
        ("split_squat", "rear_foot_elevated_loaded", 40.0, 42.0),  # 2 kg -> 2 steps
        ("hip_thrust", "barbell", 40.0, 42.5),  # 2 kg -> 0 steps of 2.5; one step
        ("hip_thrust", "barbell", 60.0, 62.5),  # 3 kg -> 1 step of 2.5
        ("hip_thrust", "barbell", 100.0, 105.0),  # 5 kg -> 2 steps of 2.5
    ],
)
def test_top_of_dose_twice_increases_load_by_the_larger_of_a_step_and_five_percent(
    exercise: str, variant: str, load: float, to_load: float
) -> None:
    d = decide_json(strong(AS_OF, twice(lift(exercise, variant, load=load))))
    action, frm, to, reasons = step_of(d, exercise)
    assert action == "increase_load"
    assert frm == state(variant, load)
    assert to == state(variant, to_load)
    assert "top_of_dose_twice" in reasons
    assert picked(today_of(d)[exercise]) == to


@pytest.mark.parametrize(
    ("equipment", "variant", "load", "to_load"),
    [
        ({"dumbbell_step_kg": 2.0, "barbell_step_kg": 2.5}, "dumbbell", 10.0, 12.0),
        ({"dumbbell_step_kg": 0.5, "barbell_step_kg": 2.5}, "dumbbell", 10.0, 10.5),
        # 5 % of 16 = 0.8 kg -> 3 whole steps of 0.25 = 0.75 kg
        ({"dumbbell_step_kg": 0.25, "barbell_step_kg": 2.5}, "dumbbell", 16.0, 16.75),
        ({"dumbbell_step_kg": 1.0, "barbell_step_kg": 5.0}, "barbell", 40.0, 45.0),
        # 5 % of 100 = 5 kg -> 5 steps of 1 kg
        ({"dumbbell_step_kg": 1.0, "barbell_step_kg": 1.0}, "barbell", 100.0, 105.0),
    ],
)
def test_increase_load_uses_her_equipment_steps(
    equipment: dict[str, float], variant: str, load: float, to_load: float
) -> None:
    doc = strong(AS_OF, twice(lift("hip_thrust", variant, load=load)), equipment=equipment)
    d = decide_json(doc)
    assert step_of(d, "hip_thrust")[:3] == (
        "increase_load",
        state(variant, load),
        state(variant, to_load),
    )
    assert today_of(d)["hip_thrust"]["load_kg"] == to_load


@pytest.mark.parametrize(("band", "to_band"), [("light", "medium"), ("medium", "heavy")])
def test_banded_thrust_goes_one_band_up(band: str, to_band: str) -> None:
    d = decide_json(strong(AS_OF, twice(lift("hip_thrust", "banded", band=band))))
    action, frm, to, _ = step_of(d, "hip_thrust")
    assert (action, frm, to) == (
        "increase_load",
        state("banded", band=band),
        state("banded", band=to_band),
    )
    assert picked(today_of(d)["hip_thrust"]) == state("banded", band=to_band)


@pytest.mark.parametrize(
    ("exercise", "current", "nxt"),
    [
        # variants without load move on
        ("hip_thrust", state("bodyweight"), state("banded", band="light")),
        ("step_up", state("low_box"), state("high_box")),
        ("step_up", state("high_box"), state("loaded", 4.0)),
        ("split_squat", state("bodyweight"), state("loaded", 4.0)),
        ("split_squat", state("rear_foot_elevated"), state("rear_foot_elevated_loaded", 4.0)),
        # at (or past) the give-way load or band: the next variant at its start
        ("hip_thrust", state("banded", band="heavy"), state("dumbbell", 6.0)),
        ("hip_thrust", state("dumbbell", 20.0), state("barbell", 20.0)),
        ("hip_thrust", state("dumbbell", 21.0), state("barbell", 20.0)),
        ("split_squat", state("loaded", 12.0), state("rear_foot_elevated")),
    ],
)
def test_top_of_dose_twice_advances_variant_without_load_or_at_give_way(
    exercise: str, current: dict, nxt: dict
) -> None:
    e = lift(exercise, current["variant"], load=current["load_kg"], band=current["band"])
    d = decide_json(strong(AS_OF, twice(e)))
    action, frm, to, reasons = step_of(d, exercise)
    assert (action, frm, to) == ("advance_variant", current, nxt)
    assert "top_of_dose_twice" in reasons
    assert picked(today_of(d)[exercise]) == nxt


def test_hardest_variant_without_load_to_add_holds() -> None:
    bridge = lift("glute_bridge", "single_leg", 20)
    sessions = [*activation_sessions([46, 49]), session(52, bridge), session(55, bridge)]
    d = decide_json(activation_doc(57, sessions))
    assert d["phase"] == "activation"
    # bird_dog: 3 x 10 (top of 8-10) felt in the glutes on days 46 and 49; one variant
    assert step_of(d, "bird_dog")[0] == "hold"
    assert "hardest_variant" in step_of(d, "bird_dog")[3]
    action, frm, to, reasons = step_of(d, "glute_bridge")
    assert (action, frm, to) == ("hold", state("single_leg"), state("single_leg"))
    assert "hardest_variant" in reasons


# --- increase_reps and hold ----------------------------------------------------------------


def test_a_set_below_the_top_in_the_last_session_increases_reps() -> None:
    last = with_sets("hip_thrust", "dumbbell", *(a_set(r, load_kg=10.0) for r in (12, 12, 10)))
    sessions = [session(64, lift("hip_thrust", "dumbbell", load=10.0)), session(66, last)]
    d = decide_json(strong(AS_OF, sessions))
    action, frm, to, reasons = step_of(d, "hip_thrust")
    assert (action, frm, to) == ("increase_reps", state("dumbbell", 10.0), state("dumbbell", 10.0))
    assert "below_top_of_dose" in reasons
    assert today_of(d)["hip_thrust"]["reps"] == [8, 12]  # the dose; she aims higher


@pytest.mark.parametrize(
    "last",
    [
        lift("hip_thrust", "dumbbell", load=10.0, rir=1),  # top reached but rir 1
        lift("hip_thrust", "dumbbell", load=10.0, form="ok"),  # form not good
        lift("hip_thrust", "dumbbell", load=10.0, felt_in="hamstrings"),
        lift("hip_thrust", "dumbbell", load=10.0, felt_in=None),  # not felt in the glutes
        lift("hip_thrust", "dumbbell", load=10.0, felt_in="low_back"),
    ],
    ids=["rir_1", "form_ok", "hamstrings", "no_felt_in", "low_back"],
)
def test_top_reached_without_every_criterion_holds_not_all_criteria(last: dict) -> None:
    sessions = [session(64, lift("hip_thrust", "dumbbell", load=10.0)), session(66, last)]
    d = decide_json(strong(AS_OF, sessions))
    action, frm, to, reasons = step_of(d, "hip_thrust")
    assert (action, frm, to) == ("hold", state("dumbbell", 10.0), state("dumbbell", 10.0))
    assert "not_all_criteria" in reasons
    assert today_of(d)["hip_thrust"]["load_kg"] == 10.0


def test_bridge_felt_in_hamstrings_or_nowhere_holds_in_activation() -> None:
    d = decide_json(activation_doc(55, activation_sessions([49, 52], felt_in="hamstrings")))
    action, _, to, reasons = step_of(d, "glute_bridge")
    assert (action, to) == ("hold", state("bodyweight"))
    assert "not_all_criteria" in reasons

    no_felt = entry("glute_bridge", "bodyweight", 3, 20)  # no felt_in: not the glutes
    d = decide_json(activation_doc(55, [session(49, no_felt), session(52, no_felt)]))
    assert step_of(d, "glute_bridge")[0] == "hold"

    # the same with the glutes: bodyweight has no load, so it advances
    d = decide_json(activation_doc(55, activation_sessions([49, 52])))
    assert step_of(d, "glute_bridge")[:3] == (
        "advance_variant",
        state("bodyweight"),
        state("banded", band="light"),
    )
    assert picked(today_of(d)["glute_bridge"]) == state("banded", band="light")


# --- up criteria details -------------------------------------------------------------------


def test_up_needs_two_sessions_at_the_top() -> None:
    one = decide_json(strong(AS_OF, [session(66, lift("hip_thrust", "dumbbell", load=10.0))]))
    assert step_of(one, "hip_thrust")[0] == "hold"
    assert today_of(one)["hip_thrust"]["load_kg"] == 10.0

    below_then_top = [
        session(64, lift("hip_thrust", "dumbbell", 10, load=10.0)),
        session(66, lift("hip_thrust", "dumbbell", 12, load=10.0)),
    ]
    d = decide_json(strong(AS_OF, below_then_top))
    assert step_of(d, "hip_thrust")[0] == "hold"  # last session all at the top: not reps


@pytest.mark.parametrize("exercise", ["step_up", "split_squat"])
@pytest.mark.parametrize("felt_in", ["glutes", "quads", "hamstrings", "other", None])
def test_step_ups_and_split_squats_count_anywhere_but_the_low_back(
    exercise: str, felt_in: str | None
) -> None:
    first = "low_box" if exercise == "step_up" else "bodyweight"
    d = decide_json(strong(AS_OF, twice(lift(exercise, first, felt_in=felt_in, rir=None))))
    assert step_of(d, exercise)[0] == "advance_variant"


@pytest.mark.parametrize("exercise", ["step_up", "split_squat"])
def test_step_ups_and_split_squats_felt_in_the_low_back_hold(exercise: str) -> None:
    first = "low_box" if exercise == "step_up" else "bodyweight"
    d = decide_json(strong(AS_OF, twice(lift(exercise, first, felt_in="low_back"))))
    action, _, to, reasons = step_of(d, exercise)
    assert (action, to) == ("hold", state(first))
    assert "not_all_criteria" in reasons


def test_modify_symptom_on_one_of_the_two_session_days_blocks_up() -> None:
    # as_of day 79: triage reads days 66-79, so a leak on day 64 or 65 leaves triage ok;
    # the last session (day 66) is 13 days back: not a break.
    sessions = twice(lift("hip_thrust", "dumbbell", load=10.0))
    d = decide_json(strong(79, sessions, symptoms=[symptom(64, "urine_leak")]))
    assert d["triage"]["level"] == "ok"
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("hold", state("dumbbell", 10.0))
    assert "not_all_criteria" in reasons

    d = decide_json(strong(79, sessions, symptoms=[symptom(65, "urine_leak")]))
    assert step_of(d, "hip_thrust")[:3] == (
        "increase_load",
        state("dumbbell", 10.0),
        state("dumbbell", 11.0),
    )


# --- regression triggers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "to"),
    [
        (state("dumbbell", 10.0), state("dumbbell", 8.0)),  # 20 % = 2 kg
        (state("dumbbell", 13.0), state("dumbbell", 10.0)),  # 2.6 kg -> 3 steps
        (state("dumbbell", 12.0), state("dumbbell", 10.0)),  # 2.4 kg -> 2 steps
        (state("barbell", 50.0), state("barbell", 40.0)),  # 10 kg = 4 steps of 2.5
        (state("banded", band="heavy"), state("banded", band="light")),  # two bands down
    ],
)
def test_leak_during_thrust_regresses_load_twenty_percent_or_two_bands(
    current: dict, to: dict
) -> None:
    e = lift("hip_thrust", current["variant"], load=current["load_kg"], band=current["band"])
    doc = strong(AS_OF, twice(e), symptoms=[leak_during(66, "hip_thrust")])
    d = decide_json(doc)
    action, frm, got, reasons = step_of(d, "hip_thrust")
    assert (action, frm, got) == ("regress_load", current, to)
    assert "urine_leak" in reasons
    assert picked(today_of(d)["hip_thrust"]) == to
    assert d["triage"]["level"] == "modify"  # capped day: the regression still happens


def test_symptom_reported_during_todays_session_regresses_at_once() -> None:
    sessions = twice(lift("hip_thrust", "dumbbell", load=10.0))
    pain = leak_during(AS_OF, "hip_thrust", "back_pain", severity=3)  # modify: 1-4
    d = decide_json(strong(AS_OF, sessions, symptoms=[pain]))
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("regress_load", state("dumbbell", 8.0))  # 20 % of 10 kg
    assert "back_pain" in reasons


def test_symptom_dated_before_the_last_session_does_not_regress() -> None:
    # leak during hip_thrust on day 64; its last session is day 66. as_of 79: triage window
    # 66-79, so nothing caps; 3 x 10 is below the top of 8-12.
    sessions = twice(lift("hip_thrust", "dumbbell", 10, load=10.0))
    d = decide_json(strong(79, sessions, symptoms=[leak_during(64, "hip_thrust")]))
    action, frm, to, reasons = step_of(d, "hip_thrust")
    assert (action, frm, to) == ("increase_reps", state("dumbbell", 10.0), state("dumbbell", 10.0))
    assert "urine_leak" not in reasons


@pytest.mark.parametrize(
    ("current", "to"),
    [
        (state("dumbbell", 15.0), state("dumbbell", 13.0)),  # 10 % = 1.5 kg, halves up: 2
        (state("dumbbell", 8.0), state("dumbbell", 7.0)),  # 0.8 kg -> 1 step
        (state("dumbbell", 7.0), state("dumbbell", 6.0)),  # 0.7 kg -> 1 step, at start 6
        (state("barbell", 30.0), state("barbell", 27.5)),  # 3 kg -> 1 step of 2.5
        (state("barbell", 22.5), state("barbell", 20.0)),  # 2.25 kg -> 1 step
        (state("banded", band="heavy"), state("banded", band="medium")),  # one band down
        (state("banded", band="medium"), state("banded", band="light")),
    ],
)
def test_poor_form_in_last_session_regresses_load_ten_percent_or_one_band(
    current: dict, to: dict
) -> None:
    good = lift("hip_thrust", current["variant"], load=current["load_kg"], band=current["band"])
    poor = copy.deepcopy(good)
    poor["sets"][2]["form"] = "poor"
    d = decide_json(strong(AS_OF, [session(64, good), session(66, poor)]))
    action, frm, got, reasons = step_of(d, "hip_thrust")
    assert (action, frm, got) == ("regress_load", current, to)
    assert reasons == ["poor_form"]
    assert picked(today_of(d)["hip_thrust"]) == to


def test_regress_load_is_at_least_one_of_her_steps() -> None:
    # 10 % of 15 kg = 1.5 kg = 0.3 of a 5 kg step -> rounds to 0 -> at least one step
    poor = lift("hip_thrust", "dumbbell", load=15.0, form="poor")
    doc = strong(
        AS_OF,
        [session(64, lift("hip_thrust", "dumbbell", load=15.0)), session(66, poor)],
        equipment={"dumbbell_step_kg": 5.0, "barbell_step_kg": 2.5},
    )
    d = decide_json(doc)
    assert step_of(d, "hip_thrust")[:3] == (
        "regress_load",
        state("dumbbell", 15.0),
        state("dumbbell", 10.0),
    )


def test_poor_form_only_before_the_last_session_does_not_regress() -> None:
    poor = lift("hip_thrust", "dumbbell", 10, load=15.0, form="poor")
    good = lift("hip_thrust", "dumbbell", 10, load=15.0)
    d = decide_json(strong(AS_OF, [session(64, poor), session(66, good)]))
    assert step_of(d, "hip_thrust")[0] == "increase_reps"


@pytest.mark.parametrize(
    ("exercise", "current", "to", "symptom_too"),
    [
        # barbell 20: 10 % = 2 kg -> 1 step -> 17.5 < start 20: dumbbell at give-way 20 - 1
        ("hip_thrust", state("barbell", 20.0), state("dumbbell", 19.0), False),
        # dumbbell 6 -> 5 < start 6: banded at one band below its give-way (heavy)
        ("hip_thrust", state("dumbbell", 6.0), state("banded", band="medium"), False),
        # light band down is below light: bodyweight (no load)
        ("hip_thrust", state("banded", band="light"), state("bodyweight"), False),
        # medium, two bands down after a symptom: below light
        ("hip_thrust", state("banded", band="medium"), state("bodyweight"), True),
        # a variant without load goes back; loaded split squat gives way at 12 kg: 12 - 1
        ("split_squat", state("rear_foot_elevated"), state("loaded", 11.0), False),
        ("split_squat", state("loaded", 4.0), state("bodyweight"), False),
        (
            "split_squat",
            state("rear_foot_elevated_loaded", 4.0),
            state("rear_foot_elevated"),
            False,
        ),
        # loaded step-up 4 kg -> 3 < start: high_box, which has no load
        ("step_up", state("loaded", 4.0), state("high_box"), False),
        ("step_up", state("high_box"), state("low_box"), False),
    ],
)
def test_regression_below_the_variant_start_regresses_variant(
    exercise: str, current: dict, to: dict, symptom_too: bool
) -> None:
    good = lift(exercise, current["variant"], load=current["load_kg"], band=current["band"])
    poor = copy.deepcopy(good)
    poor["sets"][0]["form"] = "poor"
    symptoms = [leak_during(66, exercise)] if symptom_too else []
    d = decide_json(strong(AS_OF, [session(64, good), session(66, poor)], symptoms=symptoms))
    action, frm, got, _ = step_of(d, exercise)
    assert (action, frm, got) == ("regress_variant", current, to)
    assert picked(today_of(d)[exercise]) == to


@pytest.mark.parametrize(
    ("exercise", "easiest"), [("hip_thrust", "bodyweight"), ("step_up", "low_box")]
)
def test_regression_at_the_easiest_variant_holds_with_reps_cut_to_the_bottom(
    exercise: str, easiest: str
) -> None:
    good = lift(exercise, easiest)
    poor = lift(exercise, easiest, form="poor")
    d = decide_json(strong(AS_OF, [session(64, good), session(66, poor)]))
    action, frm, to, reasons = step_of(d, exercise)
    assert (action, frm, to) == ("hold", state(easiest), state(easiest))
    assert "poor_form" in reasons
    assert today_of(d)[exercise]["reps"] == 8  # the bottom of 8-12, a single number


def test_reps_below_the_bottom_in_each_of_the_last_two_sessions_regress() -> None:
    low = with_sets("hip_thrust", "dumbbell", *(a_set(r, load_kg=15.0) for r in (7, 10, 10)))
    d = decide_json(strong(AS_OF, twice(low)))
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("regress_load", state("dumbbell", 13.0))  # 10 % of 15 -> 2 kg
    assert reasons == ["reps_below_dose"]

    # only in the last one: some set below the top, so reps go up instead
    ok = lift("hip_thrust", "dumbbell", 10, load=15.0)
    d = decide_json(strong(AS_OF, [session(64, ok), session(66, low)]))
    assert step_of(d, "hip_thrust")[0] == "increase_reps"


@pytest.mark.parametrize(
    ("as_of", "extra", "action", "to_load"),
    [
        (80, [], "regress_load", 13.0),  # last session day 66, 14 days before: a break
        (79, [], "increase_load", 16.0),  # 13 days: not a break; 5 % of 15 -> one step
        # a session of any kind on day 75 keeps the break away
        (80, [session(75, lift("glute_bridge", "bodyweight", 20))], "increase_load", 16.0),
    ],
)
def test_a_break_of_fourteen_days_regresses_as_return_after_break(
    as_of: int, extra: list, action: str, to_load: float
) -> None:
    d = decide_json(strong(as_of, twice(lift("hip_thrust", "dumbbell", load=15.0)) + extra))
    got, _, to, reasons = step_of(d, "hip_thrust")
    assert (got, to) == (action, state("dumbbell", to_load))
    assert ("return_after_break" in reasons) == (action == "regress_load")


def test_a_pause_that_ended_after_the_last_session_returns_after_break() -> None:
    # dizziness (stop) on day 67 pauses her; any clearance dated later (day 69) ends it.
    doc = strong(
        71,
        twice(lift("hip_thrust", "dumbbell", load=15.0)),
        symptoms=[symptom(67, "dizziness")],
        clearances=[clearance(69)],
    )
    d = decide_json(doc)
    assert d["phase"] == "strengthening"
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("regress_load", state("dumbbell", 13.0))  # 10 %: daily life
    assert "return_after_break" in reasons


def test_regression_reasons_list_every_trigger() -> None:
    # leak during hip_thrust on its last session day, a poor set in it, a 7-rep set in both,
    # and as_of 14 days after it. The symptom sets the size: 20 % of 20 kg = 4 kg.
    first = with_sets("hip_thrust", "dumbbell", *(a_set(r, load_kg=20.0) for r in (7, 12, 12)))
    last = copy.deepcopy(first)
    last["sets"][1]["form"] = "poor"
    doc = strong(
        80, [session(64, first), session(66, last)], symptoms=[leak_during(66, "hip_thrust")]
    )
    d = decide_json(doc)
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("regress_load", state("dumbbell", 16.0))
    assert set(reasons) >= {"urine_leak", "poor_form", "reps_below_dose", "return_after_break"}


# --- caps ----------------------------------------------------------------------------------


def test_modify_triage_turns_up_into_hold() -> None:
    doc = strong(
        AS_OF,
        twice(lift("hip_thrust", "dumbbell", load=10.0)),
        symptoms=[symptom(67, "urine_leak")],
    )
    d = decide_json(doc)
    assert d["triage"]["level"] == "modify"
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("hold", state("dumbbell", 10.0))
    assert "modify_triage" in reasons
    assert not {p["action"] for p in d["progression"]} & UP


@pytest.mark.parametrize(
    "checkin", [{"sleep_h": 4.5}, {"stress": 4}, {"sleep_h": 8.0, "stress": 5}]
)
def test_low_readiness_removes_a_set_and_holds(checkin: dict) -> None:
    doc = strong(
        AS_OF,
        twice(lift("hip_thrust", "dumbbell", load=10.0)),
        checkins=[{"date": day(AS_OF), **checkin}],
    )
    d = decide_json(doc)
    assert "low_readiness" in d["today"]["adjustments"]
    assert [e["sets"] for e in d["today"]["exercises"]] == [1, 1, 2, 2, 2]
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("hold", state("dumbbell", 10.0))
    assert "low_readiness" in reasons
    assert not {p["action"] for p in d["progression"]} & UP


@pytest.mark.parametrize(
    "checkin",
    [
        {"date": day(AS_OF - 1), "sleep_h": 4.0, "stress": 5},  # yesterday's does not count
        {"date": day(AS_OF), "sleep_h": 5.0, "stress": 3},  # not < 5, not >= 4
    ],
)
def test_no_low_readiness_without_a_poor_check_in_today(checkin: dict) -> None:
    doc = strong(AS_OF, twice(lift("hip_thrust", "dumbbell", load=10.0)), checkins=[checkin])
    d = decide_json(doc)
    assert "low_readiness" not in d["today"]["adjustments"]
    assert [e["sets"] for e in d["today"]["exercises"]] == [2, 2, 3, 3, 3]
    assert step_of(d, "hip_thrust")[0] == "increase_load"


def test_low_readiness_keeps_at_least_one_set() -> None:
    d = decide_json(activation_doc(50, checkins=[{"date": day(50), "sleep_h": 3.0}]))
    assert [e["sets"] for e in d["today"]["exercises"]] == [1, 1, 2, 2, 2, 2]


@pytest.mark.parametrize(
    "failing",
    [
        {"kind": "diastasis", "gap_finger_widths": 3.0, "depth": "soft", "doming": False},
        {"kind": "diastasis", "gap_finger_widths": 1.0, "depth": "firm", "doming": True},
        {"kind": "pelvic_floor", "max_hold_s": 10, "holds_10s": 7, "quick_flicks": 10},
        {"kind": "pelvic_floor", "max_hold_s": 10, "holds_10s": 8, "quick_flicks": 9},
    ],
)
def test_assessment_below_bar_caps_progression(failing: dict) -> None:
    sessions = twice(lift("hip_thrust", "dumbbell", load=10.0))
    d = decide_json(strong(AS_OF, sessions, assessments=[{"date": day(65), **failing}]))
    assert "assessment_below_bar" in d["today"]["adjustments"]
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("hold", state("dumbbell", 10.0))
    assert "assessment_below_bar" in reasons

    # a later check that meets the bar again lifts the cap (the latest one counts)
    passing = next(a for a in ready_assessments(66) if a["kind"] == failing["kind"])
    d = decide_json(strong(AS_OF, sessions, assessments=[{"date": day(65), **failing}, passing]))
    assert "assessment_below_bar" not in d["today"]["adjustments"]
    assert step_of(d, "hip_thrust")[0] == "increase_load"


def test_regressions_still_happen_on_a_low_readiness_day() -> None:
    poor = lift("hip_thrust", "dumbbell", load=15.0, form="poor")
    doc = strong(
        AS_OF,
        [session(64, lift("hip_thrust", "dumbbell", load=15.0)), session(66, poor)],
        checkins=[{"date": day(AS_OF), "sleep_h": 4.0}],
    )
    d = decide_json(doc)
    action, _, to, _ = step_of(d, "hip_thrust")
    assert (action, to) == ("regress_load", state("dumbbell", 13.0))
    assert today_of(d)["hip_thrust"]["sets"] == 2


# --- starting point ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("set_list", "start"),
    [
        (
            [a_set(10, load_kg=12.0), a_set(10, load_kg=10.0), a_set(10, load_kg=12.0)],
            state("dumbbell", 10.0),
        ),
        ([a_set(10, band="medium"), a_set(10, band="light")], state("banded", band="light")),
    ],
)
def test_starting_point_is_the_lowest_of_differing_sets(set_list: list, start: dict) -> None:
    e = with_sets("hip_thrust", start["variant"], *set_list)
    d = decide_json(strong(AS_OF, twice(e)))
    action, frm, to, _ = step_of(d, "hip_thrust")
    assert (action, frm, to) == ("increase_reps", start, start)
    assert picked(today_of(d)["hip_thrust"]) == start


def test_the_last_entry_of_an_exercise_holds_its_working_sets() -> None:
    warm_up = lift("hip_thrust", "bodyweight", 12, n=1)
    working = lift("hip_thrust", "dumbbell", 10, load=10.0)
    d = decide_json(strong(AS_OF, twice(warm_up, working)))
    assert picked(today_of(d)["hip_thrust"]) == state("dumbbell", 10.0)
    assert step_of(d, "hip_thrust")[0] == "increase_reps"


def test_sets_logged_on_as_of_do_not_change_today() -> None:
    heavy_poor = lift("hip_thrust", "dumbbell", 6, load=20.0, form="poor")
    sessions = [*twice(lift("hip_thrust", "dumbbell", load=10.0)), session(AS_OF, heavy_poor)]
    d = decide_json(strong(AS_OF, sessions))
    assert step_of(d, "hip_thrust")[:3] == (
        "increase_load",
        state("dumbbell", 10.0),
        state("dumbbell", 11.0),
    )
    assert today_of(d)["hip_thrust"]["load_kg"] == 11.0

    # logged only today: as if never logged
    only_today = strong(63, [session(63, lift("hip_thrust", "dumbbell", load=10.0))])
    d = decide_json(only_today)
    assert picked(today_of(d)["hip_thrust"]) == state("bodyweight")
    assert "hip_thrust" not in logged(d)


# --- today and progression agree -----------------------------------------------------------


def _poor_after_good(exercise: str, variant: str, **kw: Any) -> list[dict[str, Any]]:
    return [
        session(64, lift(exercise, variant, **kw)),
        session(66, lift(exercise, variant, form="poor", **kw)),
    ]


AGREEMENT_CASES = {
    "strengthening_day_one": lambda: strengthening_history(),
    "activation": lambda: activation_doc(55, activation_sessions([49, 52])),
    "foundation": lambda: scenario(
        as_of=30,
        sessions=[
            *foundation_sessions([20, 23, 26]),
            session(27, entry("heel_slide", "standard", 2, 10)),
        ],
    ),
    "every_lift_up": lambda: strong(
        AS_OF,
        twice(
            lift("hip_thrust", "dumbbell", load=20.0),
            lift("step_up", "loaded", load=30.0),
            lift("split_squat", "bodyweight"),
        ),
    ),
    "regressions": lambda: strong(
        AS_OF,
        [
            session(64, lift("hip_thrust", "barbell", load=20.0), lift("step_up", "low_box")),
            session(
                66,
                lift("hip_thrust", "barbell", load=20.0, form="poor"),
                lift("step_up", "low_box", form="poor"),
            ),
        ],
        symptoms=[leak_during(66, "split_squat")],
    ),
    "low_readiness": lambda: strong(
        AS_OF,
        twice(lift("hip_thrust", "banded", band="medium")),
        checkins=[{"date": day(AS_OF), "stress": 5}],
    ),
    "break": lambda: strong(80, twice(lift("split_squat", "loaded", load=6.0))),
}


@pytest.mark.parametrize("name", sorted(AGREEMENT_CASES))
def test_today_and_progression_agree(name: str) -> None:
    d = decide_json(AGREEMENT_CASES[name]())
    today = today_of(d)
    assert d["progression"], "the case should have progression entries"
    for p in d["progression"]:
        assert p["exercise"] in today
        assert picked(p["to"]) == picked(today[p["exercise"]]), p["exercise"]


# --- targets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mass", "breastfeeding", "day_g", "meal_g", "water"),
    [
        (68.0, "exclusive", 109, 27, 3100),  # 108.8 -> 109; 27.25 -> 27
        (64.0625, "none", 103, 26, 2200),  # 102.5 -> 103 (halves up); 25.75 -> 26
        (66.25, "none", 106, 27, 2200),  # 106; 26.5 -> 27 (halves up)
        (40.0, "exclusive", 71, 18, 3100),  # 64 < 71 while breastfeeding; 17.75 -> 18
        (40.0, "partial", 71, 18, 3100),
        (40.0, "none", 64, 16, 2200),  # no floor without breastfeeding
    ],
)
def test_protein_and_water_targets(
    mass: float, breastfeeding: str, day_g: int, meal_g: int, water: int
) -> None:
    doc = scenario()
    doc["profile"].update(body_mass_kg=mass, breastfeeding=breastfeeding)
    targets = decide_json(doc)["targets"]
    assert targets["protein_g_day"] == day_g
    assert targets["protein_g_per_meal"] == meal_g
    assert targets["meals_with_protein_min"] == 4
    assert targets["water_ml_day"] == water


# --- habits --------------------------------------------------------------------------------


def habits_for(*checkins: dict[str, Any], as_of: int = 70) -> set[str]:
    return {
        h["code"] for h in decide_json(scenario(as_of=as_of, checkins=list(checkins)))["habits"]
    }


ALL_BAD = {
    "sleep_h": 5.5,
    "stress": 4,
    "water_ml": 2066,  # below 2/3 of 3100 (2066.7)
    "protein_g_by_meal": [27, 27, 27, 26],  # 3 meals reach 27 g
    "carried_baby_one_side": True,
    "hunched_feeding": True,
    "felt_down": True,
}
ALL_GOOD = {
    "sleep_h": 6.0,
    "stress": 3,
    "water_ml": 2067,
    "protein_g_by_meal": [27, 27, 27, 40, 5],  # 4 meals reach 27 g
    "carried_baby_one_side": False,
    "hunched_feeding": False,
    "felt_down": False,
    "little_interest": False,
}


def test_habits_from_a_check_in_that_asks_for_each() -> None:
    assert habits_for({"date": day(70), **ALL_BAD}) == {
        "alternate_carry_side",
        "tall_feeding_posture",
        "protect_sleep",
        "ease_stress",
        "protein_every_meal",
        "drink_water",
        "mood_support",
    }
    assert habits_for({"date": day(70), **ALL_GOOD}) == set()
    assert habits_for({"date": day(70), "little_interest": True}) == {"mood_support"}


def test_an_empty_meal_list_counts_but_a_missing_field_gives_no_habit() -> None:
    assert habits_for({"date": day(70), "protein_g_by_meal": []}) == {"protein_every_meal"}
    assert habits_for({"date": day(70)}) == set()


def test_drink_water_uses_the_target_without_breastfeeding() -> None:
    doc = scenario(as_of=70, checkins=[{"date": day(70), "water_ml": 1466}])  # 2/3 of 2200: 1466.7
    doc["profile"]["breastfeeding"] = "none"
    assert {h["code"] for h in decide_json(doc)["habits"]} == {"drink_water"}
    doc["checkins"][0]["water_ml"] = 1467
    assert decide_json(doc)["habits"] == []


def test_habits_come_from_the_latest_check_in_of_the_last_three_days() -> None:
    assert habits_for({"date": day(68), **ALL_BAD}) != set()  # as_of - 2 counts
    assert habits_for({"date": day(67), **ALL_BAD}) == set()  # as_of - 3 does not
    # the latest one in the window wins, even when an older one asked for more
    assert habits_for({"date": day(68), **ALL_BAD}, {"date": day(69), **ALL_GOOD}) == set()


# --- validation ----------------------------------------------------------------------------

DELETE = object()
APPEND = object()


def valid_doc() -> dict[str, Any]:
    return scenario(
        as_of=70,
        symptoms=[symptom(60, "urine_leak")],
        checkins=[{"date": day(69), "sleep_h": 7.0, "hunched_feeding": False}],
        sessions=[
            session(64, lift("hip_thrust", "dumbbell", 10, n=1, load=10.0)),
            session(66, lift("hip_thrust", "dumbbell", 10, n=1, load=10.0)),
        ],
    )


def edit(doc: dict[str, Any], path: tuple, value: Any) -> None:
    *parents, last = path
    node: Any = doc
    for key in parents:
        node = node[key]
    if value is DELETE:
        del node[last]
    elif last is APPEND:
        node.append(value)
    else:
        node[last] = value


SET0 = ("sessions", 0, "exercises", 0, "sets", 0)
EX0 = ("sessions", 0, "exercises", 0)


def test_the_validation_base_document_is_valid() -> None:
    parse_scenario_data(valid_doc())


@pytest.mark.parametrize(
    ("edits", "path"),
    [
        ([((*SET0, "load_kg"), DELETE)], "sessions[0].exercises[0].sets[0].load_kg"),
        (
            [
                ((*EX0, "variant"), "bodyweight"),
                ((*SET0, "load_kg"), DELETE),
                ((*SET0, "band"), "light"),
            ],
            "sessions[0].exercises[0].sets[0].band",
        ),
        ([((*EX0, "variant"), "kettlebell")], "sessions[0].exercises[0].variant"),
        ([(("profile", "shoe_size"), 38)], "profile.shoe_size"),
        ([((*SET0, "reps"), "12")], "sessions[0].exercises[0].sets[0].reps"),
        ([(("profile", "severe_perineal_tear"), 1)], "profile.severe_perineal_tear"),
        ([(("checkins", 0, "hunched_feeding"), 1)], "checkins[0].hunched_feeding"),
        ([(("symptoms", 0, "date"), day(71))], "symptoms[0].date"),
        ([(("sessions", 0, "date"), day(-1))], "sessions[0].date"),
        ([(("checkins", 0, "date"), "2026-3-14")], "checkins[0].date"),
        ([(("checkins", 0, "date"), "14/03/2026")], "checkins[0].date"),
        ([(("checkins", APPEND), {"date": day(69), "stress": 2})], "checkins[1]"),
    ],
    ids=[
        "load_missing_on_dumbbell",
        "band_on_bodyweight",
        "unknown_variant",
        "unknown_key",
        "string_for_number",
        "one_for_boolean",
        "one_for_checkin_boolean",
        "date_after_as_of",
        "date_before_delivery",
        "date_not_iso",
        "date_day_first",
        "two_checkins_one_date",
    ],
)
def test_invalid_input_names_the_field_path(edits: list, path: str) -> None:
    doc = valid_doc()
    for where, value in edits:
        edit(doc, where, value)
    with pytest.raises(InvalidInput) as err:
        parse_scenario_data(doc)
    assert path in str(err.value)


def test_an_integral_float_is_taken_as_a_whole_count() -> None:
    top = lift("hip_thrust", "dumbbell", load=10.0)
    for s in top["sets"]:
        s["reps"] = 12.0
    parse_scenario_data(strong(AS_OF, twice(top)))
    d = decide_json(strong(AS_OF, twice(top)))
    assert step_of(d, "hip_thrust")[:3] == (
        "increase_load",
        state("dumbbell", 10.0),
        state("dumbbell", 11.0),
    )


def test_the_first_error_in_document_order_is_reported() -> None:
    doc = valid_doc()
    edit(doc, (*SET0, "reps"), "12")
    edit(doc, ("sessions", 1, "exercises", 0, "variant"), "kettlebell")
    with pytest.raises(InvalidInput) as err:
        parse_scenario_data(doc)
    assert "sessions[0].exercises[0].sets[0].reps" in str(err.value)
    assert "sessions[1]" not in str(err.value)

    doc = valid_doc()
    edit(doc, ("sessions", 1, "exercises", 0, "variant"), "kettlebell")
    edit(doc, ("symptoms", 0, "date"), day(71))
    with pytest.raises(InvalidInput) as err:
        parse_scenario_data(doc)
    assert "symptoms[0].date" in str(err.value)


def test_document_order_is_the_order_of_the_document_text() -> None:
    # sessions written before symptoms: the session's error comes first in the document
    doc = valid_doc()
    edit(doc, (*SET0, "reps"), "12")
    edit(doc, ("symptoms", 0, "date"), day(71))
    reordered = {"sessions": doc.pop("sessions"), **doc}
    with pytest.raises(InvalidInput) as err:
        parse_scenario(json.dumps(reordered))
    assert "sessions[0].exercises[0].sets[0].reps" in str(err.value)


# --- more edges of the same rules ----------------------------------------------------------


def test_sessions_that_share_a_date_are_one_session() -> None:
    # two session objects on day 66, both at the top: one session with it, so no up yet
    top = lift("hip_thrust", "dumbbell", load=10.0)
    d = decide_json(strong(AS_OF, [session(66, top), session(66, copy.deepcopy(top))]))
    action, _, to, _ = step_of(d, "hip_thrust")
    assert (action, to) == ("hold", state("dumbbell", 10.0))


def test_a_daily_life_symptom_naming_an_exercise_does_not_regress_it() -> None:
    # `exercise` is allowed and ignored when `during` is daily_life
    leak = symptom(66, "urine_leak", "daily_life", exercise="hip_thrust")
    d = decide_json(
        strong(AS_OF, twice(lift("hip_thrust", "dumbbell", load=10.0)), symptoms=[leak])
    )
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("hold", state("dumbbell", 10.0))
    assert "urine_leak" not in reasons


def test_pain_of_severity_zero_is_no_symptom() -> None:
    pain = leak_during(66, "hip_thrust", "back_pain", severity=0)
    d = decide_json(
        strong(AS_OF, twice(lift("hip_thrust", "dumbbell", load=10.0)), symptoms=[pain])
    )
    assert d["triage"]["level"] == "ok"
    assert step_of(d, "hip_thrust")[:3] == (
        "increase_load",
        state("dumbbell", 10.0),
        state("dumbbell", 11.0),
    )


def test_a_cleared_stop_symptom_during_the_exercise_regresses_twenty_percent() -> None:
    # pelvic pain 6 (stop) during hip_thrust on day 66 pauses her; a clearance on day 67
    # ends the pause after her last session: both triggers, and 20 % of 10 kg = 2 kg.
    pain = leak_during(66, "hip_thrust", "pelvic_pain", severity=6)
    doc = strong(
        69,
        twice(lift("hip_thrust", "dumbbell", load=10.0)),
        symptoms=[pain],
        clearances=[clearance(67)],
    )
    d = decide_json(doc)
    assert d["phase"] == "strengthening"
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("regress_load", state("dumbbell", 8.0))
    assert {"pelvic_pain", "return_after_break"} <= set(reasons)


def test_a_pause_that_ended_before_the_last_session_is_no_break() -> None:
    # dizziness on day 62, cleared on day 63; sessions on 64 and 66; as_of 77 (triage reads
    # days 64-77, the last session is 11 days back)
    doc = strong(
        77,
        twice(lift("hip_thrust", "dumbbell", load=10.0)),
        symptoms=[symptom(62, "dizziness")],
        clearances=[clearance(63)],
    )
    d = decide_json(doc)
    assert d["triage"]["level"] == "ok"
    assert step_of(d, "hip_thrust")[0] == "increase_load"


def test_while_paused_every_progression_action_is_hold() -> None:
    # a pelvic-floor stop code keeps breathing_360 and pelvic_floor_hold, 1 set each;
    # pelvic_floor_hold was last logged 2 x 8 (below the top of 8-10)
    doc = strong(AS_OF, symptoms=[symptom(67, "vaginal_heaviness_bulge")])
    d = decide_json(doc)
    assert d["phase"] == "paused"
    assert [(e["exercise"], e["sets"]) for e in d["today"]["exercises"]] == [
        ("breathing_360", 1),
        ("pelvic_floor_hold", 1),
    ]
    assert d["progression"]
    for p in d["progression"]:
        assert p["action"] == "hold"
        assert "paused" in p["reasons"]


def test_rest_day_after_any_session_on_a_strengthening_day_and_low_readiness_keeps_one_set() -> (
    None
):
    doc = strong(
        65,
        [session(64, entry("breathing_360", "standard", 1, 10))],
        checkins=[{"date": day(65), "sleep_h": 4.0}],
    )
    d = decide_json(doc)
    assert d["today"]["rest_day"] is True
    assert "low_readiness" in d["today"]["adjustments"]
    assert [(e["exercise"], e["sets"]) for e in d["today"]["exercises"]] == [
        ("breathing_360", 1),
        ("pelvic_floor_hold", 1),
    ]


def test_foundation_low_readiness_and_no_assessment_cap() -> None:
    failing = {
        "date": day(10),
        "kind": "diastasis",
        "gap_finger_widths": 4.0,
        "depth": "soft",
        "doming": True,
    }
    heel = entry("heel_slide", "standard", 2, 10)
    doc = scenario(as_of=20, assessments=[failing], sessions=[session(15, heel), session(17, heel)])
    d = decide_json(doc)
    assert "assessment_below_bar" not in d["today"]["adjustments"]
    assert step_of(d, "heel_slide")[0] == "increase_reps"  # the bar caps only later phases

    doc["checkins"] = [{"date": day(20), "sleep_h": 4.0}]
    d = decide_json(doc)
    assert {e["sets"] for e in d["today"]["exercises"]} == {1}
    assert step_of(d, "heel_slide")[0] == "hold"


@pytest.mark.parametrize(
    ("exercise", "current", "action", "to"),
    [
        ("glute_bridge", state("banded", band="heavy"), "advance_variant", state("single_leg")),
        (
            "glute_bridge",
            state("banded", band="light"),
            "increase_load",
            state("banded", band="medium"),
        ),
        ("clam_shell", state("banded", band="heavy"), "hold", state("banded", band="heavy")),
        ("clam_shell", state("bodyweight"), "advance_variant", state("banded", band="light")),
        (
            "side_lying_abduction",
            state("standard"),
            "advance_variant",
            state("banded", band="light"),
        ),
    ],
)
def test_activation_ladders(exercise: str, current: dict, action: str, to: dict) -> None:
    e = lift(exercise, current["variant"], 20, band=current["band"])
    d = decide_json(activation_doc(55, [session(49, e), session(52, copy.deepcopy(e))]))
    got, frm, got_to, reasons = step_of(d, exercise)
    assert (got, frm, got_to) == (action, current, to)
    if action == "hold":
        assert "hardest_variant" in reasons
    assert picked(today_of(d)[exercise]) == to


def test_rir_of_exactly_two_allows_up() -> None:
    d = decide_json(strong(AS_OF, twice(lift("hip_thrust", "dumbbell", load=10.0, rir=2))))
    assert step_of(d, "hip_thrust")[:3] == (
        "increase_load",
        state("dumbbell", 10.0),
        state("dumbbell", 11.0),
    )


def test_reps_below_the_bottom_at_the_easiest_variant_hold_with_reps_cut() -> None:
    d = decide_json(strong(AS_OF, twice(lift("step_up", "low_box", 6))))
    action, _, to, reasons = step_of(d, "step_up")
    assert (action, to) == ("hold", state("low_box"))
    assert "reps_below_dose" in reasons
    assert today_of(d)["step_up"]["reps"] == 8


def test_symptom_during_an_exercise_after_its_last_session_regresses_only_it() -> None:
    # hip_thrust last logged on day 66; a leak during it on day 68; step-ups on 70 and 72
    sessions = [
        *twice(lift("hip_thrust", "dumbbell", 10, load=10.0)),
        *twice(lift("step_up", "low_box"), days=(70, 72)),
    ]
    d = decide_json(strong(79, sessions, symptoms=[leak_during(68, "hip_thrust")]))
    action, _, to, reasons = step_of(d, "hip_thrust")
    assert (action, to) == ("regress_load", state("dumbbell", 8.0))  # 20 % of 10 kg
    assert "urine_leak" in reasons
    # step_up would advance; the modify triage (leak on day 68, within 66-79) caps it
    assert step_of(d, "step_up")[:3] == ("hold", state("low_box"), state("low_box"))
    assert "modify_triage" in step_of(d, "step_up")[3]


@pytest.mark.parametrize(
    ("leak_on", "level", "action"), [(55, "modify", "hold"), (54, "ok", "increase_load")]
)
def test_the_modify_cap_reads_the_fourteen_days_up_to_as_of(
    leak_on: int, level: str, action: str
) -> None:
    # as_of 68: the window is days 55-68
    doc = strong(
        AS_OF,
        twice(lift("hip_thrust", "dumbbell", load=10.0)),
        symptoms=[symptom(leak_on, "urine_leak")],
    )
    d = decide_json(doc)
    assert d["triage"]["level"] == level
    assert step_of(d, "hip_thrust")[0] == action
