"""The packaged catalogue matches SPEC 3.2, and a broken one fails at load, naming the key."""

from __future__ import annotations

import pytest

from comeback.domain import CatalogueError, load_catalogue
from comeback.domain.catalogue import parse_catalogue

CAT = load_catalogue()

# SPEC 3.2: phase, dose, and the ladder (variant, load kind, start, give way), easiest first.
SPEC_LADDERS = {
    "breathing_360": ("foundation", (8, 10), [("standard", "none", None, None)]),
    "pelvic_tilt": ("foundation", (10, 15), [("standard", "none", None, None)]),
    "pelvic_floor_hold": ("foundation", (8, 10), [("standard", "none", None, None)]),
    "pelvic_floor_quick": ("foundation", (10, 15), [("standard", "none", None, None)]),
    "heel_slide": ("foundation", (8, 12), [("standard", "none", None, None)]),
    "toe_tap": ("foundation", (8, 12), [("standard", "none", None, None)]),
    "dead_bug": ("foundation", (8, 12), [("standard", "none", None, None)]),
    "glute_bridge": (
        "activation",
        (15, 20),
        [
            ("bodyweight", "none", None, None),
            ("banded", "band", "light", "heavy"),
            ("single_leg", "none", None, None),
        ],
    ),
    "clam_shell": (
        "activation",
        (15, 20),
        [("bodyweight", "none", None, None), ("banded", "band", "light", None)],
    ),
    "bird_dog": ("activation", (8, 10), [("standard", "none", None, None)]),
    "side_lying_abduction": (
        "activation",
        (15, 20),
        [("standard", "none", None, None), ("banded", "band", "light", None)],
    ),
    "hip_thrust": (
        "strengthening",
        (8, 12),
        [
            ("bodyweight", "none", None, None),
            ("banded", "band", "light", "heavy"),
            ("dumbbell", "dumbbell", 6.0, 20.0),
            ("barbell", "barbell", 20.0, None),
        ],
    ),
    "step_up": (
        "strengthening",
        (8, 12),
        [
            ("low_box", "none", None, None),
            ("high_box", "none", None, None),
            ("loaded", "dumbbell", 4.0, None),
        ],
    ),
    "split_squat": (
        "strengthening",
        (8, 12),
        [
            ("bodyweight", "none", None, None),
            ("loaded", "dumbbell", 4.0, 12.0),
            ("rear_foot_elevated", "none", None, None),
            ("rear_foot_elevated_loaded", "dumbbell", 4.0, None),
        ],
    ),
}


def _ladder(ex_id: str) -> list[tuple[object, ...]]:
    return [
        (
            v.id,
            v.load,
            v.start_kg if v.start_kg is not None else v.start_band,
            v.give_way_kg if v.give_way_kg is not None else v.give_way_band,
        )
        for v in CAT[ex_id].variants
    ]


@pytest.mark.parametrize("ex_id", sorted(SPEC_LADDERS))
def test_catalogue_matches_spec(ex_id: str) -> None:
    phase, reps, ladder = SPEC_LADDERS[ex_id]
    ex = CAT[ex_id]
    assert (ex.phase, ex.reps, _ladder(ex_id)) == (phase, reps, ladder)


def test_catalogue_has_exactly_the_spec_exercises() -> None:
    assert set(CAT.ids) == set(SPEC_LADDERS)


def test_only_the_pelvic_floor_hold_has_a_hold_time() -> None:
    assert {e.id: e.hold_s for e in CAT.exercises.values() if e.hold_s} == {"pelvic_floor_hold": 10}


@pytest.mark.parametrize("ex_id", sorted(SPEC_LADDERS))
def test_every_exercise_says_where_to_feel_it_and_cites_a_source(ex_id: str) -> None:
    ex = CAT[ex_id]
    assert ex.feel and ex.not_feel and ex.faults and ex.target_muscles
    assert ex.source.strip() and ex.purpose.strip()


GOOD = """
[[exercises]]
id = "x"
name = "X"
phase = "foundation"
reps = [8, 10]
per_side = false
unit = "reps"
tempo = "slow"
target_muscles = ["m"]
purpose = "p"
feel = ["f"]
not_feel = ["n"]
faults = ["x"]
regression = "r"
progression = "p"
source = "s"
[[exercises.variants]]
id = "standard"
name = "Standard"
load = "none"
"""


def test_a_minimal_catalogue_parses() -> None:
    assert parse_catalogue(GOOD).ids == ("x",)


@pytest.mark.parametrize(
    ("broken", "mentions"),
    [
        (GOOD.replace('phase = "foundation"', 'phase = "cardio"'), "phase"),
        (GOOD.replace("reps = [8, 10]", "reps = [10, 8]"), "reps"),
        (GOOD.replace('source = "s"\n', ""), "source"),
        (GOOD.replace('load = "none"', 'load = "kettlebell"'), "load"),
        (GOOD.replace('load = "none"', 'load = "dumbbell"'), "start_kg"),
        (GOOD.replace('feel = ["f"]', "feel = []"), "feel"),
        (GOOD + GOOD, "twice"),
        ("not = [toml", "TOML"),
    ],
)
def test_a_broken_catalogue_fails_at_load_naming_the_key(broken: str, mentions: str) -> None:
    with pytest.raises(CatalogueError, match=mentions):
        parse_catalogue(broken)
