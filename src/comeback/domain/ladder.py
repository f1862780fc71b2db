"""Moving along an exercise's ladder of variants: one step up, one step down (SPEC 3.5).

Up is the larger of one equipment step and 5 % rounded down to whole steps, or one band up,
or the next variant once this one is at its give-way load. Down cuts 10 % (20 % after a
symptom) rounded to the nearest whole step, at least one step, or one band (two after a
symptom), or the variant before at its give-way load less one step.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from comeback.domain.catalogue import Exercise, Variant
from comeback.domain.model import BANDS, Action, Band, Equipment, Load

LOAD_UP_SHARE = Decimal("0.05")  # ACSM 2009 progression models: +2-10 % once over target
LOAD_DOWN_SHARE = Decimal("0.10")  # SPEC 3.5 (product rule): regress 10 %
LOAD_DOWN_SHARE_SYMPTOM = Decimal("0.20")  # SPEC 3.5 (product rule): 20 % after a symptom
BAND_DOWN_LEVELS = 1  # SPEC 3.5 (product rule)
BAND_DOWN_LEVELS_SYMPTOM = 2  # SPEC 3.5 (product rule)


@dataclass(frozen=True)
class Step:
    """A move on the ladder; `easiest` marks a step down that had nowhere to go."""

    action: Action
    to: Load
    easiest: bool = False


def _d(x: float) -> Decimal:
    return Decimal(repr(x))


def equipment_step(variant: Variant, equipment: Equipment) -> Decimal:
    if variant.load == "barbell":
        return _d(equipment.barbell_step_kg)
    return _d(equipment.dumbbell_step_kg)


def start_of(variant: Variant) -> Load:
    return Load(variant.id, variant.start_kg, variant.start_band)


def _band_rank(band: Band | None) -> int:
    return BANDS.index(band) if band is not None else 0


def step_up(exercise: Exercise, current: Load, equipment: Equipment) -> Step:
    """The next step up from `current`, or a hold at the hardest variant."""
    i = exercise.index(current.variant)
    variant = exercise.variants[i]
    after = exercise.variants[i + 1] if i + 1 < len(exercise.variants) else None
    match variant.load:
        case "band":
            rank = _band_rank(current.band)
            at_give_way = variant.give_way_band is not None and rank >= _band_rank(
                variant.give_way_band
            )
            if not at_give_way and rank + 1 < len(BANDS):
                return Step("increase_load", Load(variant.id, None, BANDS[rank + 1]))
        case "dumbbell" | "barbell":
            load = _d(current.load_kg or 0.0)
            at_give_way = variant.give_way_kg is not None and load >= _d(variant.give_way_kg)
            if not at_give_way or after is None:
                step = equipment_step(variant, equipment)
                steps = (load * LOAD_UP_SHARE / step).to_integral_value(rounding=ROUND_DOWN)
                new = load + max(step, steps * step)
                return Step("increase_load", Load(variant.id, float(new), None))
        case _:
            pass
    if after is None:
        return Step("hold", current)
    return Step("advance_variant", start_of(after))


def step_down(exercise: Exercise, current: Load, equipment: Equipment, after_symptom: bool) -> Step:
    """The step down from `current`: less load, a lighter band, the variant before, or hold."""
    i = exercise.index(current.variant)
    variant = exercise.variants[i]
    match variant.load:
        case "dumbbell" | "barbell":
            step = equipment_step(variant, equipment)
            share = LOAD_DOWN_SHARE_SYMPTOM if after_symptom else LOAD_DOWN_SHARE
            load = _d(current.load_kg or 0.0)
            steps = (load * share / step).to_integral_value(rounding=ROUND_HALF_UP)
            new = load - max(step, steps * step)
            if variant.start_kg is not None and new >= _d(variant.start_kg):
                return Step("regress_load", Load(variant.id, float(new), None))
        case "band":
            levels = BAND_DOWN_LEVELS_SYMPTOM if after_symptom else BAND_DOWN_LEVELS
            rank = _band_rank(current.band) - levels
            if rank >= _band_rank(variant.start_band):
                return Step("regress_load", Load(variant.id, None, BANDS[rank]))
        case _:
            pass
    if i == 0:
        return Step("hold", current, easiest=True)
    before = exercise.variants[i - 1]
    if before.load in ("dumbbell", "barbell") and before.give_way_kg is not None:
        step = equipment_step(before, equipment)
        return Step("regress_variant", Load(before.id, float(_d(before.give_way_kg) - step), None))
    if before.load == "band" and before.give_way_band is not None:
        rank = max(_band_rank(before.give_way_band) - 1, _band_rank(before.start_band))
        return Step("regress_variant", Load(before.id, None, BANDS[rank]))
    return Step("regress_variant", start_of(before))
