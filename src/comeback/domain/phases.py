"""The day-by-day replay of SPEC 3.4: phases, the gates between them, pauses and overrides.

The phase of day D is decided from the data dated before D: if the gate out of the phase
of D - 1 was open on that data, D is in the next phase. Phases advance one step at a time
and are kept. A stop symptom pauses her from its own day until a clearance of its kind; an
override by a clinician sets the phase from its date and restarts that phase's session count.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from comeback.domain.history import DaySession, History
from comeback.domain.model import PHASES, DayPhase, Gate, Override, Phase, Scenario, Symptom
from comeback.domain.safety import StopEpisode, severity_of

CLEARANCE_MIN_DAYS = 42  # SPEC 3.4: the six-week postnatal check (NICE CG37) before glute work
STRENGTH_FLOOR_DAYS = {
    # Donnelly et al. 2020 BJSM: tissue healing takes 4-6 months, load builds over at least 3
    "vaginal": 8 * 7,
    # HSE (Ireland) caesarean recovery advice: no heavy weights before 3-4 months
    "caesarean": 12 * 7,
}
PRACTISED_SESSIONS = 6  # SPEC 3.4 (product rule): six sessions of a phase before the next
PRACTISED_SPAN_DAYS = 14  # SPEC 3.4 (product rule): the first of them two weeks back at least
SYMPTOM_FREE_DAYS = 14  # SPEC 3.4 (product rule): the 14 days before the day evaluated
PELVIC_FLOOR_HOLDS_READY = 8  # Goom, Donnelly & Brockwell 2019: 8-12 maximal 10 s holds
PELVIC_FLOOR_FLICKS_READY = 10  # Goom, Donnelly & Brockwell 2019: 10 fast contractions
DIASTASIS_GAP_SOFT_MAX = 2.0  # SPEC 3.4 (product rule): > 2 finger widths with a soft midline
GLUTES_FIRING_SESSIONS = 3  # SPEC 3.4 (product rule): the last 3 activation sessions
GLUTES_FIRING_SHARE = 0.8  # SPEC 3.4 (product rule): 80 % of glute sets felt in the glutes
GLUTE_FEEL_EXERCISES = ("glute_bridge", "clam_shell", "side_lying_abduction")
ACTIVATION_TARGETS = {  # SPEC 3.4 (product rule): sets x reps at the latest session with each
    "glute_bridge": (3, 20),
    "clam_shell": (3, 20),
    "bird_dog": (3, 10),
}
FORM_WINDOW_SESSIONS = 3  # SPEC 3.4 (product rule): no poor set in the last 3 sessions

MAX_PROGRAM_DAYS = 3653  # product rule (not SPEC 3): ten years after a birth, at most

NEXT_PHASE: dict[Phase, Phase | None] = {
    "foundation": "activation",
    "activation": "strengthening",
    "strengthening": None,
}


def _phase_index(phase: Phase) -> int:
    return PHASES.index(phase)


@dataclass
class Replay:
    """What the replay leaves behind for the rest of the decision."""

    phase_of: dict[date, DayPhase]
    held: Phase  # the phase of as_of, or the phase she resumes in while paused
    pause_ends: tuple[date, ...]
    gate: Gate


class Gates:
    """Gate conditions over one history; `day` is the day evaluated (data dated before it)."""

    def __init__(self, history: History, phase_of: dict[date, DayPhase]) -> None:
        self.h = history
        self.s = history.scenario
        self.phase_of = phase_of
        self.symptoms = tuple(sorted(self.s.symptoms, key=lambda s: s.date))
        self.symptom_dates = [s.date for s in self.symptoms]
        self.overrides = tuple(sorted(self.s.overrides, key=lambda o: o.date))
        self.phase_days: dict[DayPhase, list[date]] = {
            "foundation": [],
            "activation": [],
            "strengthening": [],
            "paused": [],
        }

    def record(self, day: date, phase: DayPhase) -> None:
        self.phase_of[day] = phase
        if day in self.h.by_date:
            self.phase_days[phase].append(day)

    # ---- shared pieces ------------------------------------------------------------------

    def _counted(self, phase: Phase, day: date) -> list[date]:
        """Sessions on `phase` days before `day`, from that phase's latest override on."""
        start = None
        for o in self.overrides:
            if o.date < day and o.phase == phase:
                start = o.date
        dates = self.phase_days[phase]
        dates = dates[: bisect_left(dates, day)]
        return [d for d in dates if start is None or d >= start]

    def _practised(self, phase: Phase, day: date) -> tuple[bool, str]:
        dates = self._counted(phase, day)
        first_ok = bool(dates) and dates[0] <= day - timedelta(days=PRACTISED_SPAN_DAYS)
        ok = len(dates) >= PRACTISED_SESSIONS and first_ok
        words = (
            f"{len(dates)} of {PRACTISED_SESSIONS} {phase} sessions done"
            + (f", the first on {dates[0].isoformat()}" if dates else "")
            + f"; the first needs to be at least {PRACTISED_SPAN_DAYS} days back."
        )
        return ok, words

    def _recent_symptoms(self, day: date) -> tuple[Symptom, ...]:
        lo = bisect_left(self.symptom_dates, day - timedelta(days=SYMPTOM_FREE_DAYS))
        hi = bisect_left(self.symptom_dates, day)
        return self.symptoms[lo:hi]

    def symptom_free(self, day: date) -> tuple[bool, str]:
        blocking = [
            s
            for s in self._recent_symptoms(day)
            if severity_of(s) in ("urgent", "pelvic_floor", "stop")
            or (severity_of(s) == "modify" and s.during == "exercise")
        ]
        if blocking:
            codes = ", ".join(dict.fromkeys(s.code for s in blocking))
            return False, (
                f"A symptom in the last {SYMPTOM_FREE_DAYS} days ({codes}) needs two clear "
                "weeks before the next phase."
            )
        return (
            True,
            f"No stop symptom and no symptom during exercise in the last {SYMPTOM_FREE_DAYS} days.",
        )

    # ---- into activation ----------------------------------------------------------------

    def medical_clearance(self, day: date) -> tuple[bool, str]:
        six_weeks = self.s.profile.delivery_date + timedelta(days=CLEARANCE_MIN_DAYS)
        before = [c for c in self.s.clearances if c.date < day]
        if has_medical_clearance(self.s, day):
            return True, "Your medical clearance is recorded."
        if before:
            return False, (
                "The clearance you entered is dated before six weeks after the birth; your "
                "clinician can confirm it. Otherwise record the one from your six-week check "
                f"(from {six_weeks.isoformat()})."
            )
        return False, (
            "Glute work waits for medical clearance, usually at your six-week check "
            f"(from {six_weeks.isoformat()}). Record it once you have it."
        )

    def pelvic_health_review(self, day: date) -> tuple[bool, str]:
        if any(c.kind == "pelvic_health" and c.date < day for c in self.s.clearances):
            return True, "A pelvic-health physio has reviewed you."
        return False, (
            "After a severe perineal tear, a pelvic-health physio reviews you before glute "
            "work (RCOG Green-top Guideline 29). Record that clearance once you have it."
        )

    def foundation_practised(self, day: date) -> tuple[bool, str]:
        return self._practised("foundation", day)

    def pelvic_floor_ready(self, day: date) -> tuple[bool, str]:
        a = self.h.latest_pelvic_floor(day)
        if a is None:
            return (
                False,
                "No pelvic-floor check recorded yet: count your 10-second holds and quick "
                "squeezes.",
            )
        ok = a.holds_10s >= PELVIC_FLOOR_HOLDS_READY and a.quick_flicks >= PELVIC_FLOOR_FLICKS_READY
        return ok, (
            f"Latest pelvic-floor check: {a.holds_10s} holds of 10 s and {a.quick_flicks} quick "
            f"squeezes; the bar is {PELVIC_FLOOR_HOLDS_READY} and {PELVIC_FLOOR_FLICKS_READY}."
        )

    def core_ready(self, day: date) -> tuple[bool, str]:
        a = self.h.latest_diastasis(day)
        if a is None:
            return False, "No tummy-gap (diastasis) check recorded yet."
        wide_soft = a.gap_finger_widths > DIASTASIS_GAP_SOFT_MAX and a.depth == "soft"
        ok = not a.doming and not wide_soft
        if ok:
            return True, (
                f"Latest tummy check: {a.gap_finger_widths:g} finger widths, {a.depth}, no doming."
            )
        why = "doming" if a.doming else f"a {a.gap_finger_widths:g}-finger gap that feels soft"
        return False, f"Latest tummy check shows {why}: keep building deep-core tension first."

    # ---- into strengthening -------------------------------------------------------------

    def weeks_since_birth(self, day: date) -> tuple[bool, str]:
        floor = STRENGTH_FLOOR_DAYS[self.s.profile.delivery]
        opens = self.s.profile.delivery_date + timedelta(days=floor)
        if day >= opens:
            return True, f"More than {floor // 7} weeks since the birth."
        return (
            False,
            f"Loaded strength work starts {floor // 7} weeks after the birth, "
            f"from {opens.isoformat()}.",
        )

    def activation_practised(self, day: date) -> tuple[bool, str]:
        return self._practised("activation", day)

    def _last_activation_days(self, day: date) -> list[DaySession]:
        dates = self.phase_days["activation"]
        dates = dates[: bisect_left(dates, day)][-GLUTES_FIRING_SESSIONS:]
        return [self.h.by_date[d] for d in dates]

    def glutes_firing(self, day: date) -> tuple[bool, str]:
        sets = [
            s
            for session in self._last_activation_days(day)
            for ex in GLUTE_FEEL_EXERCISES
            if ex in session.working
            for s in session.working[ex].sets
        ]
        if not sets:
            return False, "No glute bridge, clam or side-lying sets logged in activation yet."
        glutes = sum(1 for s in sets if s.felt_in == "glutes")
        back = sum(1 for s in sets if s.felt_in == "low_back")
        ok = glutes >= GLUTES_FIRING_SHARE * len(sets) and back == 0
        return ok, (
            f"{glutes} of {len(sets)} recent glute sets felt in the glutes"
            + (f", {back} in the low back" if back else "")
            + f"; the bar is {GLUTES_FIRING_SHARE:.0%} and none in the low back."
        )

    def activation_targets(self, day: date) -> tuple[bool, str]:
        missing = []
        for ex, (n_sets, reps) in ACTIVATION_TARGETS.items():
            done = self.h.sessions_with(ex, day)
            sets = done[-1].working[ex].sets if done else ()
            reached = sum(1 for s in sets if s.reps >= reps)
            if reached < n_sets or any(s.form != "good" for s in sets):
                missing.append(f"{ex.replace('_', ' ')} {n_sets} x {reps}")
        if missing:
            return False, "Still to reach with good form: " + ", ".join(missing) + "."
        return True, "Glute bridge 3 x 20, clam 3 x 20 and bird-dog 3 x 10 reached with good form."

    def form_good(self, day: date) -> tuple[bool, str]:
        recent = self.h.days_before(day)[-FORM_WINDOW_SESSIONS:]
        poor = sum(1 for session in recent for s in session.all_sets() if s.form == "poor")
        if poor:
            return (
                False,
                f"{poor} set(s) with poor form in your last {FORM_WINDOW_SESSIONS} sessions.",
            )
        return True, f"Good form in your last {FORM_WINDOW_SESSIONS} sessions."

    # ---- the gates ----------------------------------------------------------------------

    def conditions(self, phase: Phase) -> list[tuple[str, Callable[[date], tuple[bool, str]]]]:
        if phase == "foundation":
            checks: list[tuple[str, Callable[[date], tuple[bool, str]]]] = [
                ("medical_clearance", self.medical_clearance)
            ]
            if self.s.profile.severe_perineal_tear:
                checks.append(("pelvic_health_review", self.pelvic_health_review))
            checks += [
                ("foundation_practised", self.foundation_practised),
                ("pelvic_floor_ready", self.pelvic_floor_ready),
                ("core_ready", self.core_ready),
                ("symptom_free", self.symptom_free),
            ]
            return checks
        if phase == "activation":
            return [
                ("weeks_since_birth", self.weeks_since_birth),
                ("activation_practised", self.activation_practised),
                ("glutes_firing", self.glutes_firing),
                ("activation_targets", self.activation_targets),
                ("form_good", self.form_good),
                ("symptom_free", self.symptom_free),
            ]
        return []

    def is_open(self, phase: Phase, day: date) -> bool:
        checks = self.conditions(phase)
        return bool(checks) and all(check(day)[0] for _, check in checks)

    def evaluate(self, phase: DayPhase, day: date) -> Gate:
        if phase == "paused" or NEXT_PHASE[phase] is None:
            return Gate(None, (), (), {})
        met: list[str] = []
        unmet: list[str] = []
        why: dict[str, str] = {}
        for code, check in self.conditions(phase):
            ok, words = check(day)
            key = code if ok else f"not_{code}"
            (met if ok else unmet).append(key)
            why[key] = words
        return Gate(NEXT_PHASE[phase], tuple(met), tuple(unmet), why)


def has_medical_clearance(scenario: Scenario, day: date) -> bool:
    """A clearance dated before `day`, at six weeks or later or entered by a clinician.

    An earlier one she enters herself is shown to her clinician, not trusted (SPEC 3.4).
    """
    six_weeks = scenario.profile.delivery_date + timedelta(days=CLEARANCE_MIN_DAYS)
    return any(
        c.date < day and (c.date >= six_weeks or c.entered_by == "clinician")
        for c in scenario.clearances
    )


def _override_on(overrides: tuple[Override, ...], day: date) -> Override | None:
    found = [o for o in overrides if o.date == day]
    return found[-1] if found else None


def replay(history: History, episodes: tuple[StopEpisode, ...]) -> Replay:
    """Walk every day from the birth to as_of and decide its phase (SPEC 3.4).

    Example: cleared at 6 weeks with six foundation sessions over two weeks, a pelvic floor
    of 8 holds and 10 flicks and no doming, the day after all that is an activation day.
    """
    s = history.scenario
    gates = Gates(history, {})
    day = s.profile.delivery_date
    held: Phase = "foundation"
    was_paused = False
    pause_ends: list[date] = []
    while day <= s.as_of:
        paused = any(e.active_on(day) for e in episodes)
        if day > s.profile.delivery_date and not was_paused and not paused:
            nxt = NEXT_PHASE[held]
            if nxt is not None and gates.is_open(held, day):
                held = nxt
        override = _override_on(s.overrides, day)
        if override is not None:
            held = override.phase
        if was_paused and not paused:
            pause_ends.append(day)
        gates.record(day, "paused" if paused else held)
        was_paused = paused
        day += timedelta(days=1)
    phase = gates.phase_of[s.as_of]
    gate = gates.evaluate(phase, s.as_of + timedelta(days=1))
    return Replay(gates.phase_of, held, tuple(pause_ends), gate)
