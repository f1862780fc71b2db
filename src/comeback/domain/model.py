"""The scenario and the decision as frozen dataclasses: the domain's whole vocabulary.

A scenario is everything she (or her clinician) has reported up to a day; a decision is what
the engine makes of it. Both are plain values, built once and never mutated, so the same
scenario always gives the same decision (SPEC 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Phase = Literal["foundation", "activation", "strengthening"]
DayPhase = Literal["foundation", "activation", "strengthening", "paused"]
Delivery = Literal["vaginal", "caesarean"]
Breastfeeding = Literal["exclusive", "partial", "none"]
Background = Literal["none", "some", "regular"]
ClearanceKind = Literal["general", "pelvic_health"]
EnteredBy = Literal["self", "clinician"]
Depth = Literal["firm", "soft"]
During = Literal["exercise", "daily_life"]
Band = Literal["light", "medium", "heavy"]
Form = Literal["good", "ok", "poor"]
FeltIn = Literal["glutes", "hamstrings", "low_back", "quads", "other"]
TriageLevel = Literal["ok", "modify", "stop"]
Action = Literal[
    "increase_load", "increase_reps", "advance_variant", "hold", "regress_load", "regress_variant"
]

PHASES: tuple[Phase, ...] = ("foundation", "activation", "strengthening")
BANDS: tuple[Band, ...] = ("light", "medium", "heavy")


@dataclass(frozen=True)
class Equipment:
    dumbbell_step_kg: float = 1.0  # SPEC 3.5 (product rule): the smallest common dumbbell jump
    barbell_step_kg: float = 2.5  # SPEC 3.5 (product rule): a pair of 1.25 kg plates


@dataclass(frozen=True)
class Profile:
    delivery_date: date
    delivery: Delivery
    body_mass_kg: float
    breastfeeding: Breastfeeding
    severe_perineal_tear: bool = False
    training_background: Background = "some"
    equipment: Equipment = field(default_factory=Equipment)


@dataclass(frozen=True)
class Clearance:
    date: date
    by: str
    kind: ClearanceKind = "general"
    entered_by: EnteredBy = "self"


@dataclass(frozen=True)
class Override:
    date: date
    phase: Phase
    by: str
    reason: str


@dataclass(frozen=True)
class DiastasisAssessment:
    date: date
    gap_finger_widths: float
    depth: Depth
    doming: bool


@dataclass(frozen=True)
class PelvicFloorAssessment:
    date: date
    max_hold_s: float
    holds_10s: int
    quick_flicks: int


Assessment = DiastasisAssessment | PelvicFloorAssessment


@dataclass(frozen=True)
class Symptom:
    date: date
    code: str
    during: During
    exercise: str | None = None
    severity: int | None = None


@dataclass(frozen=True)
class CheckIn:
    date: date
    sleep_h: float | None = None
    stress: int | None = None
    water_ml: float | None = None
    protein_g_by_meal: tuple[float, ...] | None = None
    carried_baby_one_side: bool | None = None
    hunched_feeding: bool | None = None
    felt_down: bool | None = None
    little_interest: bool | None = None


@dataclass(frozen=True)
class SetLog:
    reps: int
    form: Form
    load_kg: float | None = None
    band: Band | None = None
    rir: int | None = None
    felt_in: FeltIn | None = None


@dataclass(frozen=True)
class ExerciseLog:
    exercise: str
    variant: str
    sets: tuple[SetLog, ...]


@dataclass(frozen=True)
class Session:
    date: date
    exercises: tuple[ExerciseLog, ...]


@dataclass(frozen=True)
class Scenario:
    as_of: date
    profile: Profile
    clearances: tuple[Clearance, ...] = ()
    overrides: tuple[Override, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    symptoms: tuple[Symptom, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    sessions: tuple[Session, ...] = ()


# ---- the decision -------------------------------------------------------------------------


@dataclass(frozen=True)
class Triage:
    level: TriageLevel
    urgent: bool
    reasons: tuple[str, ...]
    advice: str


@dataclass(frozen=True)
class Referral:
    to: str
    why: str


@dataclass(frozen=True)
class Gate:
    """The gate out of a phase, evaluated for one day: each condition as a met or unmet code."""

    next_phase: Phase | None
    met: tuple[str, ...]
    unmet: tuple[str, ...]
    why: dict[str, str]

    @property
    def open(self) -> bool:
        return self.next_phase is not None and not self.unmet


@dataclass(frozen=True)
class Load:
    """Where an exercise stands on its ladder: the variant and its load or band."""

    variant: str
    load_kg: float | None = None
    band: Band | None = None


@dataclass(frozen=True)
class Prescribed:
    exercise: str
    variant: str
    sets: int
    reps: tuple[int, int] | int
    load_kg: float | None
    band: Band | None
    hold_s: int | None
    cues: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Today:
    rest_day: bool
    adjustments: tuple[str, ...]
    exercises: tuple[Prescribed, ...]


@dataclass(frozen=True)
class Progression:
    exercise: str
    action: Action
    from_: Load
    to: Load
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Targets:
    protein_g_day: int
    protein_g_per_meal: int
    meals_with_protein_min: int
    water_ml_day: int


@dataclass(frozen=True)
class Habit:
    code: str
    advice: str


@dataclass(frozen=True)
class Decision:
    as_of: date
    weeks_postpartum: float
    phase: DayPhase
    triage: Triage
    referrals: tuple[Referral, ...]
    gate: Gate
    today: Today
    progression: tuple[Progression, ...]
    targets: Targets
    habits: tuple[Habit, ...]
    notice: str
