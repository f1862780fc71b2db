"""The printable progress report's content: a pure function of a scenario and its decision.

Every series comes from `comeback.domain.progress` (the same points the progress page draws),
filtered to the chosen period the way the page filters them; the report only adds what the
page does not show: the estimated one-repetition maximum (Epley), adherence (sessions done
against the days the program offered a session), assessments, overrides and clearances.

Amounts stay in kg and ml here; the renderers convert them to her units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from comeback.domain import model as m
from comeback.domain.catalogue import Catalogue, load_catalogue
from comeback.domain.history import History
from comeback.domain.progress import (
    ExercisePoint,
    NutritionPoint,
    PhaseSpan,
    Progress,
    WeekPoint,
    progress,
)
from comeback.domain.safety import WORDS, severity_of, stop_episodes

E1RM_FORMULA = "Epley: load x (1 + reps / 30)"
# Epley B. (1985) Poundage chart, Boyd Epley Workout, Lincoln NE. Estimates lose accuracy
# above about 10 repetitions (LeSuer et al. 1997, J Strength Cond Res 11(4):211-213), so the
# report names the formula and calls the figure an estimate.
E1RM_REPS_DIVISOR = 30
ADHERENCE_RULE = (
    "A session is offered every day of foundation and activation, and in strengthening every "
    "day except the rest day after a strengthening session; none while training is paused "
    "(SPEC 3.5). Done: the days with a session logged."
)

LoadKind = Literal["load", "band", "reps"]


def e1rm_epley(load_kg: float, reps: int) -> float:
    """Estimated one-repetition maximum (Epley 1985): load x (1 + reps / 30); one rep is the
    load itself. Example: 20 kg for 10 reps gives 26.7 kg."""
    if load_kg <= 0 or reps <= 0:
        return 0.0
    if reps == 1:
        return load_kg
    return load_kg * (1 + reps / E1RM_REPS_DIVISOR)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class StrengthPoint:
    point: ExercisePoint  # the progress page's point, unchanged
    e1rm_kg: float | None  # best Epley estimate of the session's working sets with a load


@dataclass(frozen=True)
class ExerciseProgress:
    exercise: str
    name: str
    kind: LoadKind  # what the chart draws, as on the progress page
    points: tuple[StrengthPoint, ...]
    variant_names: dict[str, str]  # variant id -> its name in the catalogue

    @property
    def e1rm_points(self) -> tuple[StrengthPoint, ...]:
        return tuple(p for p in self.points if p.e1rm_kg is not None)


@dataclass(frozen=True)
class Transition:
    """A day her phase changed, and why: a gate opened, an override, a pause or its end."""

    date: date
    before: m.DayPhase
    after: m.DayPhase
    cause: str


@dataclass(frozen=True)
class VolumeWeek:
    week: WeekPoint  # the progress page's week, unchanged
    load_volume_kg: float  # sets x reps x load, summed over the week's working sets


@dataclass(frozen=True)
class AdherenceWeek:
    week_start: date  # a Monday
    offered: int  # days in the period and this week the program offered a session
    done: int  # days in the period and this week with a session logged
    done_on_offered: int


@dataclass(frozen=True)
class Adherence:
    weeks: tuple[AdherenceWeek, ...]
    offered: int
    done: int
    done_on_offered: int
    rule: str = ADHERENCE_RULE

    @property
    def share(self) -> float | None:
        return self.done_on_offered / self.offered if self.offered else None


@dataclass(frozen=True)
class SymptomRow:
    symptom: m.Symptom
    words: str
    level: str | None  # urgent, pelvic_floor, stop, modify (None: pain of 0)
    cleared_on: date | None
    exercise_name: str | None = None  # the exercise it came during, by its name


@dataclass(frozen=True)
class NutritionSummary:
    logged: int
    met: int
    average: float | None
    target: int  # at the end of the period


@dataclass(frozen=True)
class Report:
    period: Period
    profile: m.Profile
    decision: m.Decision  # her decision on the last day of the period
    phases: tuple[PhaseSpan, ...]  # clipped to the period
    transitions: tuple[Transition, ...]  # every phase change from the birth to the period end
    exercises: tuple[ExerciseProgress, ...]  # logged in the period, in catalogue order
    earlier_exercises: tuple[str, ...]  # names of exercises logged only before the period
    volume: tuple[VolumeWeek, ...]
    adherence: Adherence
    symptoms: tuple[SymptomRow, ...]
    diastasis: tuple[m.DiastasisAssessment, ...]
    pelvic_floor: tuple[m.PelvicFloorAssessment, ...]
    nutrition: tuple[NutritionPoint, ...]
    protein: NutritionSummary
    water: NutritionSummary
    overrides: tuple[m.Override, ...]  # every one up to the period end, oldest first
    clearances: tuple[m.Clearance, ...]  # every one up to the period end, oldest first


def load_kind(points: tuple[ExercisePoint, ...] | list[ExercisePoint]) -> LoadKind:
    """The progress page's rule (web/charts.py): a load if any, else a band, else reps."""
    if any(p.top_load_kg is not None for p in points):
        return "load"
    if any(p.top_band is not None for p in points):
        return "band"
    return "reps"


def _best_e1rm(sets: tuple[m.SetLog, ...]) -> float | None:
    estimates = [
        e1rm_epley(s.load_kg, s.reps) for s in sets if s.load_kg is not None and s.load_kg > 0
    ]
    return round(max(estimates), 1) if estimates else None


def _strength(
    series: Progress, history: History, period: Period, catalogue: Catalogue
) -> tuple[ExerciseProgress, ...]:
    order = list(catalogue.exercises)
    found = []
    for ex_id in sorted(series.exercises, key=lambda x: (order.index(x), x)):
        inside = [p for p in series.exercises[ex_id] if p.date in period]
        if not inside:
            continue
        points = tuple(
            StrengthPoint(p, _best_e1rm(history.by_date[p.date].working[ex_id].sets))
            for p in inside
        )
        ex = catalogue[ex_id]
        names = {v.id: v.name for v in ex.variants}
        found.append(ExerciseProgress(ex_id, ex.name, load_kind(inside), points, names))
    return tuple(found)


def _cause(day: date, before: m.DayPhase, after: m.DayPhase, overrides: list[m.Override]) -> str:
    override = [o for o in overrides if o.date == day]
    if after == "paused":
        return "paused after a symptom that stops training"
    if override:
        o = override[-1]
        return f"override by {o.by}: {o.reason}"
    if before == "paused":
        return "resumed after a clearance"
    return "gate opened"


def transitions(
    spans: tuple[PhaseSpan, ...], overrides: tuple[m.Override, ...]
) -> list[Transition]:
    """Each change of phase between consecutive spans, with its cause."""
    ordered = sorted(spans, key=lambda s: s.start)
    return [
        Transition(b.start, a.phase, b.phase, _cause(b.start, a.phase, b.phase, list(overrides)))
        for a, b in pairwise(ordered)
    ]


def adherence(history: History, phases: tuple[PhaseSpan, ...], period: Period) -> Adherence:
    """Days offered a session against days with a session, per Monday-based week.

    The rule is the prescription's (domain/prescription.session_plan): every foundation and
    activation day offers a session; a strengthening day does unless the day before was a
    strengthening day with a session (the rest day); a paused day offers none.
    Example: strengthening sessions on Monday and Wednesday make Tuesday and Thursday rest
    days, so Monday to Thursday offer 2 and she did 2.
    """
    phase_of: dict[date, m.DayPhase] = {}
    for span in phases:
        day = span.start
        while day <= span.end:
            phase_of[day] = span.phase
            day += timedelta(days=1)
    weeks: dict[date, list[int]] = {}
    day = period.start
    while day <= period.end:
        phase = phase_of.get(day)
        if phase is not None:
            yesterday = day - timedelta(days=1)
            rest = (
                phase == "strengthening"
                and yesterday in history.by_date
                and phase_of.get(yesterday) == "strengthening"
            )
            offered = phase != "paused" and not rest
            done = day in history.by_date
            counts = weeks.setdefault(day - timedelta(days=day.weekday()), [0, 0, 0])
            counts[0] += offered
            counts[1] += done
            counts[2] += offered and done
        day += timedelta(days=1)
    rows = tuple(AdherenceWeek(w, *c) for w, c in sorted(weeks.items()))
    return Adherence(
        rows,
        sum(r.offered for r in rows),
        sum(r.done for r in rows),
        sum(r.done_on_offered for r in rows),
    )


def _volume(series: Progress, period: Period) -> tuple[VolumeWeek, ...]:
    """The page's weeks (those that overlap the period), with the load lifted in each."""
    lifted: dict[date, float] = {}
    for points in series.exercises.values():
        for p in points:
            week = p.date - timedelta(days=p.date.weekday())
            lifted[week] = lifted.get(week, 0.0) + p.volume_kg
    return tuple(
        VolumeWeek(w, round(lifted.get(w.week_start, 0.0), 1))
        for w in series.weeks
        if period.start - timedelta(days=6) <= w.week_start <= period.end
    )


def _nutrition(
    points: tuple[NutritionPoint, ...], what: Literal["protein", "water"], target: int
) -> NutritionSummary:
    pairs = [
        (p.protein_g, p.protein_target_g) if what == "protein" else (p.water_ml, p.water_target_ml)
        for p in points
    ]
    logged = [(v, t) for v, t in pairs if v is not None]
    return NutritionSummary(
        logged=len(logged),
        met=sum(1 for v, t in logged if v >= t),
        average=round(sum(v for v, _ in logged) / len(logged), 1) if logged else None,
        target=target,
    )


def build_report(
    scenario: m.Scenario,
    decision: m.Decision,
    start: date,
    catalogue: Catalogue | None = None,
) -> Report:
    """The report for `start` to `scenario.as_of` (the decision is the one for as_of).

    A start before the birth starts at the birth. Example: a scenario as of 16 March and a
    start of 1 March gives the sixteen days of March, with the phases, sets and symptoms of
    those days and the decision of 16 March.
    """
    if decision.as_of != scenario.as_of:
        raise ValueError("the decision must be the scenario's (same as_of)")
    catalogue = catalogue or load_catalogue()
    period = Period(max(start, scenario.profile.delivery_date), scenario.as_of)
    if period.start > period.end:
        raise ValueError("the period starts after it ends")
    series = progress(scenario)
    history = History(scenario)
    clipped = tuple(
        PhaseSpan(s.phase, max(s.start, period.start), min(s.end, period.end))
        for s in series.phases
        if s.end >= period.start and s.start <= period.end
    )
    episodes = {
        e.symptom: e.cleared_on for e in stop_episodes(scenario.symptoms, scenario.clearances)
    }
    symptoms = tuple(
        SymptomRow(
            s,
            WORDS.get(s.code, s.code.replace("_", " ")),
            severity_of(s),
            episodes.get(s),
            catalogue[s.exercise].name if s.exercise in catalogue.exercises else s.exercise,
        )
        for s in sorted(scenario.symptoms, key=lambda s: s.date)
        if s.date in period
    )
    nutrition = tuple(n for n in series.nutrition if n.date in period)
    exercises = _strength(series, history, period, catalogue)
    shown = {e.exercise for e in exercises}
    earlier = tuple(
        catalogue[x].name for x in catalogue.exercises if x in series.exercises and x not in shown
    )
    return Report(
        period=period,
        profile=scenario.profile,
        decision=decision,
        phases=clipped,
        transitions=tuple(transitions(series.phases, scenario.overrides)),
        exercises=exercises,
        earlier_exercises=earlier,
        volume=_volume(series, period),
        adherence=adherence(history, series.phases, period),
        symptoms=symptoms,
        diastasis=tuple(a for a in history.diastasis if a.date in period),
        pelvic_floor=tuple(a for a in history.pelvic_floor if a.date in period),
        nutrition=nutrition,
        protein=_nutrition(nutrition, "protein", decision.targets.protein_g_day),
        water=_nutrition(nutrition, "water", decision.targets.water_ml_day),
        overrides=tuple(sorted(scenario.overrides, key=lambda o: o.date)),
        clearances=tuple(sorted(scenario.clearances, key=lambda c: c.date)),
    )
