"""Double progression and regression for one exercise (SPEC 3.5).

Up only when, in each of the last two sessions with it, every working set reached the top of
the dose with good form, two or more reps in reserve where given, felt where it should be,
and no symptom that day (the NSCA "2-for-2" rule, Baechle & Earle; ACSM 2009). Regression
wins over up; caps (a modify triage, a low-readiness day, an assessment below its bar) turn
any step up into a hold. While paused everything holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from comeback.domain.catalogue import Exercise
from comeback.domain.history import DaySession, History
from comeback.domain.ladder import Step, step_down, step_up
from comeback.domain.model import Action, Band, Load, SetLog, Symptom
from comeback.domain.safety import severity_of

UP_SESSIONS = 2  # NSCA "2-for-2" (Baechle & Earle): two sessions running at the top
RIR_MIN_FOR_UP = 2  # ACSM 2009: progress once 1-2 reps over target, so 2 in reserve
BREAK_DAYS = 14  # SPEC 3.5 (product rule): 14 days without a session is a break
ANYWHERE_BUT_LOW_BACK = ("step_up", "split_squat")  # SPEC 3.5: felt in the legs is fine too
UP_ACTIONS: tuple[Action, ...] = ("increase_load", "advance_variant", "increase_reps")


@dataclass(frozen=True)
class Plan:
    """One exercise's action, where it starts and ends, and why."""

    action: Action
    from_: Load
    to: Load
    reasons: tuple[str, ...]
    reps_cut: bool = False  # held at the easiest variant: reps cut to the dose's bottom


@dataclass(frozen=True)
class Context:
    """What every exercise's rule reads, gathered once per decision."""

    history: History
    as_of: date
    symptoms: tuple[Symptom, ...]
    pause_ends: tuple[date, ...]
    caps: tuple[str, ...]
    paused: bool


def starting_point(exercise: Exercise, sessions: Sequence[DaySession]) -> Load:
    """Her last variant, band and load (sets that differ: the lowest); never logged: easiest."""
    if not sessions:
        first = exercise.variants[0]
        return Load(first.id, first.start_kg, first.start_band)
    entry = sessions[-1].working[exercise.id]
    loads = [s.load_kg for s in entry.sets if s.load_kg is not None]
    bands: list[Band] = [s.band for s in entry.sets if s.band is not None]
    band = min(bands, key=("light", "medium", "heavy").index) if bands else None
    return Load(entry.variant, min(loads) if loads else None, band)


def _felt_right(exercise: Exercise, s: SetLog) -> bool:
    if exercise.id in ANYWHERE_BUT_LOW_BACK:
        return s.felt_in != "low_back"
    return s.felt_in == "glutes"


def _symptom_days(symptoms: Sequence[Symptom]) -> set[date]:
    return {s.date for s in symptoms if severity_of(s) is not None}


def top_of_dose_twice(exercise: Exercise, sessions: Sequence[DaySession], ctx: Context) -> bool:
    if len(sessions) < UP_SESSIONS:
        return False
    bad_days = _symptom_days(ctx.symptoms)
    for session in sessions[-UP_SESSIONS:]:
        if session.date in bad_days:
            return False
        for s in session.working[exercise.id].sets:
            if s.reps < exercise.top or s.form != "good" or not _felt_right(exercise, s):
                return False
            if s.rir is not None and s.rir < RIR_MIN_FOR_UP:
                return False
    return True


def regression_triggers(
    exercise: Exercise, sessions: Sequence[DaySession], ctx: Context
) -> tuple[tuple[str, ...], bool]:
    """Every trigger present, in precedence order, and whether a symptom is among them."""
    last = sessions[-1]
    symptom_codes = [
        s.code
        for s in ctx.symptoms
        if s.during == "exercise"
        and s.exercise == exercise.id
        and last.date <= s.date <= ctx.as_of
        and severity_of(s) is not None
    ]
    reasons = list(dict.fromkeys(symptom_codes))
    if any(s.form == "poor" for s in last.working[exercise.id].sets):
        reasons.append("poor_form")
    recent = sessions[-2:]
    if len(recent) == 2 and all(
        any(s.reps < exercise.low for s in d.working[exercise.id].sets) for d in recent
    ):
        reasons.append("reps_below_dose")
    if _after_break(ctx):
        reasons.append("return_after_break")
    return tuple(reasons), bool(symptom_codes)


def _after_break(ctx: Context) -> bool:
    before = ctx.history.days_before(ctx.as_of)
    if not before:
        return False
    last_any = before[-1].date
    if ctx.as_of - last_any >= timedelta(days=BREAK_DAYS):
        return True
    return any(last_any < end <= ctx.as_of for end in ctx.pause_ends)


def plan(exercise: Exercise, ctx: Context) -> Plan | None:
    """The progression of one prescribed exercise; None if she has never logged it.

    Example: dumbbell hip thrust at 10 kg, 3 x 12 with good form felt in the glutes in each
    of the last two sessions, gives `increase_load` to 11 kg (one 1 kg step beats 5 %).
    """
    sessions = ctx.history.sessions_with(exercise.id, ctx.as_of)
    if not sessions:
        return None
    current = starting_point(exercise, sessions)
    if ctx.paused:
        return Plan("hold", current, current, ("paused",))
    equipment = ctx.history.scenario.profile.equipment
    triggers, after_symptom = regression_triggers(exercise, sessions, ctx)
    if triggers:
        down: Step = step_down(exercise, current, equipment, after_symptom)
        return Plan(down.action, current, down.to, triggers, reps_cut=down.easiest)
    if top_of_dose_twice(exercise, sessions, ctx):
        up = step_up(exercise, current, equipment)
        action: Action = up.action
        to = up.to
        reasons: tuple[str, ...] = (
            ("top_of_dose_twice",) if action != "hold" else ("hardest_variant",)
        )
    elif any(s.reps < exercise.top for s in sessions[-1].working[exercise.id].sets):
        action, to, reasons = "increase_reps", current, ("below_top_of_dose",)
    else:
        action, to, reasons = "hold", current, ("not_all_criteria",)
    if action in UP_ACTIONS and ctx.caps:
        return Plan("hold", current, current, ctx.caps)
    return Plan(action, current, to, reasons)
