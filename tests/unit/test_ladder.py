"""Load arithmetic on the ladders (SPEC 3.5), as tables of (from, to)."""

import pytest

from comeback.domain import load_catalogue
from comeback.domain.ladder import step_down, step_up
from comeback.domain.model import Equipment, Load

CAT = load_catalogue()
EQ = Equipment()


@pytest.mark.parametrize(
    ("exercise", "current", "action", "to"),
    [
        # one 1 kg step beats 5 % below 20 kg
        ("hip_thrust", Load("dumbbell", 10.0), "increase_load", Load("dumbbell", 11.0)),
        ("split_squat", Load("loaded", 8.0), "increase_load", Load("loaded", 9.0)),
        # at the give-way load the next variant starts at its own start load
        ("hip_thrust", Load("dumbbell", 20.0), "advance_variant", Load("barbell", 20.0)),
        ("split_squat", Load("loaded", 12.0), "advance_variant", Load("rear_foot_elevated")),
        # barbell: 5 % of 60 kg is 3 kg, rounded down to whole 2.5 kg steps is 2.5 kg
        ("hip_thrust", Load("barbell", 60.0), "increase_load", Load("barbell", 62.5)),
        # 5 % of 110 kg is 5.5 kg: two 2.5 kg steps
        ("hip_thrust", Load("barbell", 110.0), "increase_load", Load("barbell", 115.0)),
        # a variant without load moves to the next one
        ("hip_thrust", Load("bodyweight"), "advance_variant", Load("banded", None, "light")),
        ("step_up", Load("high_box"), "advance_variant", Load("loaded", 4.0)),
        # one band up, until the give-way band
        (
            "glute_bridge",
            Load("banded", None, "light"),
            "increase_load",
            Load("banded", None, "medium"),
        ),
        ("glute_bridge", Load("banded", None, "heavy"), "advance_variant", Load("single_leg")),
        ("hip_thrust", Load("banded", None, "heavy"), "advance_variant", Load("dumbbell", 6.0)),
        # the last loaded variant keeps adding load
        ("step_up", Load("loaded", 10.0), "increase_load", Load("loaded", 11.0)),
        # the hardest variant with no load to add holds
        ("glute_bridge", Load("single_leg"), "hold", Load("single_leg")),
        ("clam_shell", Load("banded", None, "heavy"), "hold", Load("banded", None, "heavy")),
        ("bird_dog", Load("standard"), "hold", Load("standard")),
    ],
)
def test_step_up_follows_the_ladder(exercise: str, current: Load, action: str, to: Load) -> None:
    step = step_up(CAT[exercise], current, EQ)
    assert (step.action, step.to) == (action, to)


def test_step_up_uses_her_own_equipment_step() -> None:
    step = step_up(CAT["hip_thrust"], Load("dumbbell", 10.0), Equipment(dumbbell_step_kg=2.5))
    assert step.to == Load("dumbbell", 12.5)


@pytest.mark.parametrize(
    ("exercise", "current", "symptom", "action", "to"),
    [
        # 10 % of 10 kg is one 1 kg step
        ("split_squat", Load("loaded", 10.0), False, "regress_load", Load("loaded", 9.0)),
        # 20 % after a symptom
        ("hip_thrust", Load("dumbbell", 10.0), True, "regress_load", Load("dumbbell", 8.0)),
        # 10 % of 15 kg is 1.5 kg: rounded half up to 2 steps
        ("hip_thrust", Load("dumbbell", 15.0), False, "regress_load", Load("dumbbell", 13.0)),
        # at least one step, even when 10 % rounds to none
        ("hip_thrust", Load("dumbbell", 7.0), False, "regress_load", Load("dumbbell", 6.0)),
        # below the variant's start load: the variant before, one band below its give way
        (
            "hip_thrust",
            Load("dumbbell", 6.0),
            False,
            "regress_variant",
            Load("banded", None, "medium"),
        ),
        # barbell below its start: the dumbbell variant at its give-way less one step
        ("hip_thrust", Load("barbell", 20.0), False, "regress_variant", Load("dumbbell", 19.0)),
        # one band down, two after a symptom
        (
            "glute_bridge",
            Load("banded", None, "heavy"),
            False,
            "regress_load",
            Load("banded", None, "medium"),
        ),
        (
            "glute_bridge",
            Load("banded", None, "heavy"),
            True,
            "regress_load",
            Load("banded", None, "light"),
        ),
        (
            "glute_bridge",
            Load("banded", None, "medium"),
            True,
            "regress_variant",
            Load("bodyweight"),
        ),
        # a variant without load goes one variant back
        ("split_squat", Load("rear_foot_elevated"), False, "regress_variant", Load("loaded", 11.0)),
        (
            "glute_bridge",
            Load("single_leg"),
            False,
            "regress_variant",
            Load("banded", None, "medium"),
        ),
        ("step_up", Load("loaded", 4.0), False, "regress_variant", Load("high_box")),
        # at the easiest variant it holds
        ("hip_thrust", Load("bodyweight"), True, "hold", Load("bodyweight")),
    ],
)
def test_step_down_follows_the_ladder(
    exercise: str, current: Load, symptom: bool, action: str, to: Load
) -> None:
    step = step_down(CAT[exercise], current, EQ, symptom)
    assert (step.action, step.to) == (action, to)
    assert step.easiest == (action == "hold")
