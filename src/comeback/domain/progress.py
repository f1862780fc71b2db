"""Progress series: what the progress page, the printed report and the API all draw.

Pure functions of a scenario, so the web chart and the PDF show the same points: load and
volume per exercise per session, sets and reps per week, the phase timeline (from the same
replay that decides the phase), symptoms with their level, protein and water per day against
her targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from comeback.domain.history import History
from comeback.domain.model import BANDS, DayPhase, Scenario
from comeback.domain.nutrition import targets
from comeback.domain.phases import replay
from comeback.domain.safety import severity_of, stop_episodes


@dataclass(frozen=True)
class ExercisePoint:
    date: date
    variant: str
    top_load_kg: float | None
    top_band: str | None
    sets: int
    reps: int
    volume_kg: float  # sets x reps x load, 0 without a load


@dataclass(frozen=True)
class WeekPoint:
    week_start: date  # a Monday
    sessions: int
    sets: int
    reps: int


@dataclass(frozen=True)
class PhaseSpan:
    phase: DayPhase
    start: date
    end: date


@dataclass(frozen=True)
class SymptomPoint:
    date: date
    code: str
    level: str | None


@dataclass(frozen=True)
class NutritionPoint:
    date: date
    protein_g: float | None
    protein_target_g: int
    water_ml: float | None
    water_target_ml: int


@dataclass(frozen=True)
class Progress:
    exercises: dict[str, tuple[ExercisePoint, ...]]
    weeks: tuple[WeekPoint, ...]
    phases: tuple[PhaseSpan, ...]
    symptoms: tuple[SymptomPoint, ...]
    nutrition: tuple[NutritionPoint, ...]


def _spans(phase_of: dict[date, DayPhase]) -> tuple[PhaseSpan, ...]:
    spans: list[PhaseSpan] = []
    for day in sorted(phase_of):
        phase = phase_of[day]
        if spans and spans[-1].phase == phase and spans[-1].end == day - timedelta(days=1):
            spans[-1] = PhaseSpan(phase, spans[-1].start, day)
        else:
            spans.append(PhaseSpan(phase, day, day))
    return tuple(spans)


def progress(scenario: Scenario) -> Progress:
    """Every series up to `scenario.as_of` (working sets only: the last entry per exercise)."""
    history = History(scenario)
    exercises: dict[str, list[ExercisePoint]] = {}
    weeks: dict[date, list[int]] = {}
    for day in history.days:
        week = day.date - timedelta(days=day.date.weekday())
        counts = weeks.setdefault(week, [0, 0, 0])
        counts[0] += 1
        for ex_id, entry in day.working.items():
            loads = [s.load_kg for s in entry.sets if s.load_kg is not None]
            bands = [s.band for s in entry.sets if s.band is not None]
            reps = sum(s.reps for s in entry.sets)
            volume = sum(s.reps * (s.load_kg or 0.0) for s in entry.sets)
            exercises.setdefault(ex_id, []).append(
                ExercisePoint(
                    day.date,
                    entry.variant,
                    max(loads) if loads else None,
                    max(bands, key=BANDS.index) if bands else None,
                    len(entry.sets),
                    reps,
                    round(volume, 2),
                )
            )
            counts[1] += len(entry.sets)
            counts[2] += reps
    target = targets(scenario.profile)
    played = replay(history, stop_episodes(scenario.symptoms, scenario.clearances))
    return Progress(
        exercises={k: tuple(v) for k, v in exercises.items()},
        weeks=tuple(WeekPoint(w, *c) for w, c in sorted(weeks.items())),
        phases=_spans(played.phase_of),
        symptoms=tuple(
            SymptomPoint(s.date, s.code, severity_of(s))
            for s in sorted(scenario.symptoms, key=lambda s: s.date)
        ),
        nutrition=tuple(
            NutritionPoint(
                c.date,
                sum(c.protein_g_by_meal) if c.protein_g_by_meal is not None else None,
                target.protein_g_day,
                c.water_ml,
                target.water_ml_day,
            )
            for c in sorted(scenario.checkins, key=lambda c: c.date)
        ),
    )
