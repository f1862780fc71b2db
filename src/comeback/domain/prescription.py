"""Today's session (SPEC 3.5): which exercises, how many sets, at which variant and load.

The list depends on the phase of as_of; each exercise starts where she left it and takes the
one step its progression decides, so `today` and `progression` always agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from itertools import pairwise

from comeback.domain.catalogue import Catalogue, Exercise
from comeback.domain.history import History
from comeback.domain.model import DayPhase, Load, Prescribed, Progression, Symptom, Today
from comeback.domain.progression import Context, Plan, plan, starting_point
from comeback.domain.safety import WORDS, severity_of

PRIMER = (("breathing_360", 1), ("pelvic_floor_hold", 1))
FOUNDATION_SETS = 2  # SPEC 3.5 (product rule)
FOUNDATION_CORE = ("breathing_360", "pelvic_floor_hold", "pelvic_floor_quick", "pelvic_tilt")
FOUNDATION_LADDER = ("heel_slide", "toe_tap", "dead_bug")  # SPEC 3.5: in order, never back
ACTIVATION_MAIN = ("glute_bridge", "clam_shell", "bird_dog", "side_lying_abduction")
STRENGTH_WARM_UP = ("glute_bridge", "clam_shell")
STRENGTH_MAIN = ("hip_thrust", "step_up", "split_squat")
WORKING_SETS = 3  # SPEC 3.5 (product rule)
WARM_UP_SETS = 2  # SPEC 3.5 (product rule)
CAP_WORDS = {
    "modify_triage": "a symptom in the last two weeks",
    "low_readiness": "a short night or high stress",
    "assessment_below_bar": "your latest self-check being below the bar",
}


def foundation_accessory(history: History, catalogue: Catalogue) -> str:
    """heel_slide, then toe_tap, then dead_bug: move on after two sessions at the top.

    Once she has moved on she never goes back, so a later easy day does not undo it.
    """
    as_of = history.scenario.as_of
    for ex_id in FOUNDATION_LADDER[:-1]:
        top = catalogue[ex_id].top
        sessions = history.sessions_with(ex_id, as_of)
        at_top = [all(s.reps >= top for s in d.working[ex_id].sets) for d in sessions]
        if not any(a and b for a, b in pairwise(at_top)):
            return ex_id
    return FOUNDATION_LADDER[-1]


def session_plan(
    phase: DayPhase,
    history: History,
    catalogue: Catalogue,
    active_stops: Sequence[Symptom],
    phase_of: Mapping[date, DayPhase],
) -> tuple[bool, tuple[tuple[str, int], ...]]:
    """(rest_day, [(exercise, sets)]) for the day as_of in its phase."""
    s = history.scenario
    if phase == "paused":
        pelvic_only = all(severity_of(x) == "pelvic_floor" for x in active_stops)
        return True, (PRIMER if pelvic_only else ())
    if phase == "foundation":
        chosen = foundation_accessory(history, catalogue)
        return False, tuple((x, FOUNDATION_SETS) for x in (*FOUNDATION_CORE, chosen))
    if phase == "activation":
        return False, (*PRIMER, *((x, WORKING_SETS) for x in ACTIVATION_MAIN))
    yesterday = s.as_of - timedelta(days=1)
    if yesterday in history.by_date and phase_of.get(yesterday) == "strengthening":
        return True, PRIMER
    return False, (
        *((x, WARM_UP_SETS) for x in STRENGTH_WARM_UP),
        *((x, WORKING_SETS) for x in STRENGTH_MAIN),
    )


def _why(ex: Exercise, p: Plan | None, sets_cut: bool) -> str:
    parts = [ex.purpose]
    if p is None:
        parts.append(
            f"New for you: start with {ex.variants[0].name.lower()} and learn the movement."
        )
    else:
        parts.append(_action_words(ex, p))
    if sets_cut:
        parts.append("One set fewer today: you slept little or feel stressed.")
    return " ".join(parts)


def _load_words(ex: Exercise, load: Load) -> str:
    name = ex.variant(load.variant).name.lower()
    if load.load_kg is not None:
        return f"{name} at {load.load_kg:g} kg"
    if load.band is not None:
        return f"{name} with a {load.band} band"
    return name


def _action_words(ex: Exercise, p: Plan) -> str:
    reasons = set(p.reasons)
    if p.action in ("regress_load", "regress_variant") or p.reps_cut:
        causes = [WORDS[r] for r in p.reasons if r in WORDS]
        if "poor_form" in reasons:
            causes.append("form that slipped")
        if "reps_below_dose" in reasons:
            causes.append("reps below the range twice")
        if "return_after_break" in reasons:
            causes.append("a break")
        after = " and ".join(causes) or "what you reported"
        if p.reps_cut:
            return f"After {after}, keep the easiest version and aim for {ex.low} good reps."
        return f"After {after}, this steps back to {_load_words(ex, p.to)} to rebuild."
    if p.action == "increase_load":
        return f"Top of the range with good form twice running: up to {_load_words(ex, p.to)}."
    if p.action == "advance_variant":
        return f"Top of the range with good form twice running: on to {_load_words(ex, p.to)}."
    if p.action == "increase_reps":
        return f"Same as last time; aim for a rep or two more, up to {ex.top}."
    if "paused" in reasons:
        return "Training is paused; only this gentle practice continues."
    if len(ex.variants) == 1 and reasons & {"hardest_variant", "not_all_criteria"}:
        return "Keep practising it every session: slow, controlled reps count more than many."
    if "hardest_variant" in reasons:
        return "You have reached the hardest version here: keep the quality."
    caps = [CAP_WORDS[r] for r in p.reasons if r in CAP_WORDS]
    if caps:
        return f"Same level today, no step up, because of {' and '.join(caps)}."
    return (
        f"Stay here until every set reaches {ex.top} with good form, felt in the right place, "
        "two sessions running."
    )


def build_today(
    phase: DayPhase,
    history: History,
    catalogue: Catalogue,
    ctx: Context,
    active_stops: Sequence[Symptom],
    phase_of: Mapping[date, DayPhase],
    adjustments: tuple[str, ...],
) -> tuple[Today, tuple[Progression, ...]]:
    """Today's exercises and their progression, one consistent with the other."""
    rest_day, planned = session_plan(phase, history, catalogue, active_stops, phase_of)
    low_readiness = "low_readiness" in adjustments
    exercises: list[Prescribed] = []
    progressions: list[Progression] = []
    for ex_id, base_sets in planned:
        ex = catalogue[ex_id]
        p = plan(ex, ctx)
        if p is None:
            load = starting_point(ex, ())
        else:
            load = p.to
            progressions.append(Progression(ex_id, p.action, p.from_, p.to, p.reasons))
        sets = max(1, base_sets - 1) if low_readiness else base_sets
        reps: tuple[int, int] | int = ex.low if (p is not None and p.reps_cut) else ex.reps
        exercises.append(
            Prescribed(
                exercise=ex_id,
                variant=load.variant,
                sets=sets,
                reps=reps,
                load_kg=load.load_kg,
                band=load.band,
                hold_s=ex.hold_s,
                cues=(*ex.feel, *ex.not_feel),
                why=_why(ex, p, low_readiness and sets < base_sets),
            )
        )
    return Today(rest_day, adjustments, tuple(exercises)), tuple(progressions)
