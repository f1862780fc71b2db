"""Her history indexed for the rules: sessions merged by day, working sets per exercise.

SPEC 3.1: sessions that share a date are one session, their exercises in file order; an
exercise may appear several times in a session (a warm-up variant, then the working one)
and its last entry holds its working sets. Built once per decision, read by every rule.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from comeback.domain.model import (
    CheckIn,
    DiastasisAssessment,
    ExerciseLog,
    PelvicFloorAssessment,
    Scenario,
    SetLog,
)


@dataclass(frozen=True)
class DaySession:
    """One day's training: every entry in file order, and the working entry per exercise."""

    date: date
    entries: tuple[ExerciseLog, ...]
    working: dict[str, ExerciseLog]

    def all_sets(self) -> tuple[SetLog, ...]:
        return tuple(s for e in self.entries for s in e.sets)


class History:
    """Read-only indexes over one scenario."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        by_day: dict[date, list[ExerciseLog]] = defaultdict(list)
        for session in scenario.sessions:
            by_day[session.date].extend(session.exercises)
        self.days: tuple[DaySession, ...] = tuple(
            DaySession(d, tuple(entries), {e.exercise: e for e in entries})
            for d, entries in sorted(by_day.items())
        )
        self.day_dates: list[date] = [d.date for d in self.days]
        self.by_date: dict[date, DaySession] = {d.date: d for d in self.days}
        per_exercise: dict[str, list[DaySession]] = defaultdict(list)
        for day in self.days:
            for ex in day.working:
                per_exercise[ex].append(day)
        self._per_exercise = dict(per_exercise)
        self.diastasis = tuple(
            sorted(
                (a for a in scenario.assessments if isinstance(a, DiastasisAssessment)),
                key=lambda a: a.date,
            )
        )
        self.pelvic_floor = tuple(
            sorted(
                (a for a in scenario.assessments if isinstance(a, PelvicFloorAssessment)),
                key=lambda a: a.date,
            )
        )
        self.checkins: dict[date, CheckIn] = {c.date: c for c in scenario.checkins}

    def days_before(self, day: date) -> tuple[DaySession, ...]:
        """Sessions dated strictly before `day`, oldest first."""
        return self.days[: bisect_left(self.day_dates, day)]

    def sessions_with(self, exercise: str, before: date) -> list[DaySession]:
        """Sessions before `before` in which `exercise` was logged, oldest first."""
        days = self._per_exercise.get(exercise, [])
        return days[: bisect_left([d.date for d in days], before)]

    def latest_diastasis(self, before: date) -> DiastasisAssessment | None:
        """The latest diastasis assessment dated before `before` (ties: last in the file)."""
        found = [a for a in self.diastasis if a.date < before]
        return found[-1] if found else None

    def latest_pelvic_floor(self, before: date) -> PelvicFloorAssessment | None:
        found = [a for a in self.pelvic_floor if a.date < before]
        return found[-1] if found else None
