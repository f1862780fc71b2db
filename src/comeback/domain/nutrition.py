"""Support outside training: protein and water targets, and habits from the latest check-in.

SPEC 3.6. Targets come from body mass and breastfeeding; habits come from the latest
check-in of the last three days, each with advice she can act on today, without guilt.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from comeback.domain.model import CheckIn, Habit, Profile, Scenario, Targets

PROTEIN_G_PER_KG = Decimal("1.6")  # Morton et al. 2018 BJSM: 1.6 g/kg/day for strength gains
PROTEIN_G_LACTATION_MIN = 71  # IOM DRI 2005: lactation RDA, 71 g/day
PROTEIN_MEALS = 4  # Schoenfeld & Aragon 2018: about 0.4 g/kg over at least 4 meals
WATER_ML_LACTATION = 3100  # IOM 2004: 3.8 L total water in lactation, about 3.1 L from drinks
WATER_ML_OTHERWISE = 2200  # IOM 2004: women 19-50, 2.7 L total, about 2.2 L from drinks
WATER_SHORT_SHARE = Decimal(2) / Decimal(3)  # SPEC 3.6 (product rule): below two thirds
SLEEP_SHORT_H = 6  # SPEC 3.6 (product rule): under 6 hours is short sleep
STRESS_HIGH = 4  # SPEC 3.6 (product rule): 4 or 5 on a 1-5 scale
HABIT_WINDOW_DAYS = 3  # SPEC 3.6 (product rule): check-ins dated as_of - 2 to as_of


def round_half_up(x: Decimal) -> int:
    return int(x.to_integral_value(rounding=ROUND_HALF_UP))


def breastfeeds(profile: Profile) -> bool:
    return profile.breastfeeding in ("exclusive", "partial")


def targets(profile: Profile) -> Targets:
    """Protein 1.6 g/kg (at least 71 g while breastfeeding) over 4 meals; water from drinks.

    Example: 75 kg, breastfeeding: 120 g a day, 30 g a meal, 3,100 ml.
    """
    day = round_half_up(PROTEIN_G_PER_KG * Decimal(repr(profile.body_mass_kg)))
    if breastfeeds(profile):
        day = max(day, PROTEIN_G_LACTATION_MIN)
    return Targets(
        protein_g_day=day,
        protein_g_per_meal=round_half_up(Decimal(day) / PROTEIN_MEALS),
        meals_with_protein_min=PROTEIN_MEALS,
        water_ml_day=WATER_ML_LACTATION if breastfeeds(profile) else WATER_ML_OTHERWISE,
    )


def latest_checkin(scenario: Scenario) -> CheckIn | None:
    """The latest check-in dated as_of - 2 to as_of: the one habits and mood read."""
    start = scenario.as_of - timedelta(days=HABIT_WINDOW_DAYS - 1)
    found = [c for c in scenario.checkins if start <= c.date <= scenario.as_of]
    return max(found, key=lambda c: c.date) if found else None


def habits(scenario: Scenario, target: Targets) -> tuple[Habit, ...]:
    """Habit advice from the latest check-in; a field it lacks gives no habit."""
    c = latest_checkin(scenario)
    if c is None:
        return ()
    caesarean = scenario.profile.delivery == "caesarean"
    found: list[Habit] = []
    if c.carried_baby_one_side:
        found.append(
            Habit(
                "alternate_carry_side",
                "Swap the hip you carry your baby on, or carry her in front in a sling: one "
                "side all day tilts your pelvis and tires one set of glutes."
                + (" Keep the weight off your scar side while it heals." if caesarean else ""),
            )
        )
    if c.hunched_feeding:
        found.append(
            Habit(
                "tall_feeding_posture",
                "Feed sitting tall: a pillow under your baby brings her up to you, so your "
                "back and neck don't curl down to her.",
            )
        )
    if c.sleep_h is not None and c.sleep_h < SLEEP_SHORT_H:
        found.append(
            Habit(
                "protect_sleep",
                "Short nights slow recovery. Nap when the baby naps if you can, and hand over "
                "one night feed (expressed milk or formula) when someone can take it.",
            )
        )
    if c.stress is not None and c.stress >= STRESS_HIGH:
        found.append(
            Habit(
                "ease_stress",
                "High stress raises cortisol, which slows recovery. Try five slow 360° "
                "breaths, a short walk outside, or asking someone for an hour to yourself.",
            )
        )
    if c.protein_g_by_meal is not None:
        meals = sum(1 for g in c.protein_g_by_meal if g >= target.protein_g_per_meal)
        if meals < PROTEIN_MEALS:
            found.append(
                Habit(
                    "protein_every_meal",
                    f"Aim for about {target.protein_g_per_meal} g of protein at "
                    f"{PROTEIN_MEALS} meals or snacks (you reached it at {meals}): eggs, "
                    "yoghurt, milk, beans, fish, meat or tofu.",
                )
            )
    if (
        c.water_ml is not None
        and Decimal(repr(c.water_ml)) < WATER_SHORT_SHARE * target.water_ml_day
    ):
        found.append(
            Habit(
                "drink_water",
                f"Drinks came to {c.water_ml:g} ml; about {target.water_ml_day} ml a day suits "
                "you. Drink to thirst and keep a glass by you at each feed: forcing fluids "
                "does not raise milk supply.",
            )
        )
    if c.felt_down or c.little_interest:
        found.append(
            Habit(
                "mood_support",
                "Feeling down or losing interest is common after a birth and it is treatable. "
                "Tell your GP or health visitor this week; if you ever think of harming "
                "yourself or your baby, call your emergency number now.",
            )
        )
    return tuple(found)
