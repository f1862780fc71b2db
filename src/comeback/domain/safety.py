"""Symptom triage: which reports stop training, which modify it, and what clears a stop.

Every safety message says what to do next and whom to call, in that order. The urgent codes
follow NICE's postnatal life-threatening signs (NICE CG37/QS37: haemorrhage, sepsis,
pre-eclampsia, thromboembolism) and postpartum psychosis as an emergency; the pelvic-floor
codes follow NICE NG210 (2021). Everything here errs on the side of stopping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from comeback.domain.model import Clearance, Symptom, Triage

Severity = Literal["urgent", "pelvic_floor", "stop", "modify"]

URGENT_SIGNS: dict[str, str] = {
    "heavy_bleeding": "Heavy bleeding means soaking a pad within an hour, or passing clots "
    "bigger than a large coin.",
    "chest_pain": "Chest pain means pain, pressure or tightness in your chest, at rest or when "
    "you move.",
    "shortness_of_breath": "Shortness of breath means struggling to catch your breath at rest "
    "or after very little effort.",
    "calf_pain_swelling": "Calf pain or swelling means one leg that is painful, red, warm or "
    "swollen, often the calf: it can be a blood clot.",
    "severe_headache": "A severe headache is one that painkillers do not ease, or that comes "
    "with changes in your sight or vomiting.",
    "visual_disturbance": "Changes in your sight mean blurring, flashing lights or spots in "
    "front of your eyes.",
    "fainting": "Fainting means passing out, or almost passing out.",
    "fever": "A fever means a temperature of 38 °C (100.4 °F) or more, or shivering and "
    "feeling very unwell.",
    "thoughts_of_self_harm": "Thoughts of harming yourself or of ending your life need help "
    "today. You are not alone and this can get better.",
    "thoughts_of_harming_baby": "Thoughts of harming your baby need help today. Telling "
    "someone is the right thing to do.",
    "confusion_hallucinations": "Confusion or hallucinations mean seeing or hearing things "
    "others do not, or feeling that things are not real.",
}
PELVIC_FLOOR_CODES: tuple[str, ...] = ("vaginal_heaviness_bulge", "faecal_incontinence")
STOP_CODES: tuple[str, ...] = (
    "dizziness",
    "wound_problem",
    "offensive_discharge",
    "abdominal_bulge_hernia",
)
MODIFY_CODES: tuple[str, ...] = ("urine_leak", "doming", "bleeding_returns")
PAIN_CODES: tuple[str, ...] = ("pelvic_pain", "back_pain")
PAIN_STOP_SEVERITY = 5  # SPEC 3.3 (product rule): pain of 5/10 or more stops training
SYMPTOM_CODES: tuple[str, ...] = (
    *URGENT_SIGNS,
    *PELVIC_FLOOR_CODES,
    *STOP_CODES,
    *MODIFY_CODES,
    *PAIN_CODES,
)
TRIAGE_WINDOW_DAYS = 14  # SPEC 3.3 (product rule): as_of - 13 to as_of
LEAK_DAYS_FOR_REFERRAL = 3  # SPEC 3.3; NICE QS77: supervised pelvic-floor training

WORDS: dict[str, str] = {
    "heavy_bleeding": "heavy bleeding",
    "chest_pain": "chest pain",
    "shortness_of_breath": "shortness of breath",
    "calf_pain_swelling": "calf pain or swelling",
    "severe_headache": "a severe headache",
    "visual_disturbance": "changes in your sight",
    "fainting": "fainting",
    "fever": "a fever",
    "thoughts_of_self_harm": "thoughts of harming yourself",
    "thoughts_of_harming_baby": "thoughts of harming your baby",
    "confusion_hallucinations": "confusion or hallucinations",
    "vaginal_heaviness_bulge": "heaviness or a bulge in the vagina",
    "faecal_incontinence": "leaking poo or wind you cannot hold",
    "dizziness": "dizziness",
    "wound_problem": "a problem with your wound or scar",
    "offensive_discharge": "smelly discharge",
    "abdominal_bulge_hernia": "a bulge in your tummy that may be a hernia",
    "urine_leak": "leaking wee",
    "doming": "doming along the middle of your tummy",
    "bleeding_returns": "bleeding that came back",
    "pelvic_pain": "pelvic pain",
    "back_pain": "back pain",
}


def severity_of(symptom: Symptom) -> Severity | None:
    """The level a report sets: pain counts from 1, and stops training from 5 (of 10)."""
    code = symptom.code
    if code in URGENT_SIGNS:
        return "urgent"
    if code in PELVIC_FLOOR_CODES:
        return "pelvic_floor"
    if code in STOP_CODES:
        return "stop"
    if code in MODIFY_CODES:
        return "modify"
    if code in PAIN_CODES:
        level = symptom.severity or 0
        if level >= PAIN_STOP_SEVERITY:
            return "stop"
        return "modify" if level >= 1 else None
    return None


def is_stop(symptom: Symptom) -> bool:
    return severity_of(symptom) in ("urgent", "pelvic_floor", "stop")


def clears(clearance: Clearance, symptom: Symptom) -> bool:
    """A stop is cleared by a later clearance of its kind (SPEC 3.3).

    Urgent signs need a clinician's entry; pelvic-floor signs a pelvic-health clearance;
    any other stop any clearance. A clearance on the symptom's own day clears nothing.
    """
    if clearance.date <= symptom.date:
        return False
    match severity_of(symptom):
        case "urgent":
            return clearance.entered_by == "clinician"
        case "pelvic_floor":
            return clearance.kind == "pelvic_health"
        case _:
            return True


@dataclass(frozen=True)
class StopEpisode:
    """A stop symptom and the day its clearance ends it (None: still in force)."""

    symptom: Symptom
    cleared_on: date | None

    def active_on(self, day: date) -> bool:
        return self.symptom.date <= day and (self.cleared_on is None or day < self.cleared_on)


def stop_episodes(
    symptoms: Sequence[Symptom], clearances: Sequence[Clearance]
) -> tuple[StopEpisode, ...]:
    """Each stop symptom with the first clearance that clears it."""
    episodes = []
    for s in symptoms:
        if not is_stop(s):
            continue
        dates = [c.date for c in clearances if clears(c, s)]
        episodes.append(StopEpisode(s, min(dates) if dates else None))
    return tuple(episodes)


def active_stops(episodes: Sequence[StopEpisode], day: date) -> tuple[Symptom, ...]:
    return tuple(e.symptom for e in episodes if e.active_on(day))


def _unique(codes: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(codes))


def triage(as_of: date, symptoms: Sequence[Symptom], episodes: Sequence[StopEpisode]) -> Triage:
    """Stop while any stop symptom is uncleared; modify after a recent modify or cleared stop.

    Example: a leak during a hip thrust 5 days ago gives `modify` with reason `urine_leak`;
    heavy bleeding yesterday with no clinician's clearance since gives an urgent `stop`.
    """
    active = active_stops(episodes, as_of)
    if active:
        codes = _unique([s.code for s in active])
        urgent = any(severity_of(s) == "urgent" for s in active)
        return Triage("stop", urgent, codes, _stop_advice(active))
    start = as_of - timedelta(days=TRIAGE_WINDOW_DAYS - 1)
    recent = [s for s in symptoms if start <= s.date <= as_of and severity_of(s) is not None]
    if recent:
        codes = _unique([s.code for s in recent])
        return Triage("modify", False, codes, _modify_advice(codes))
    return Triage(
        "ok",
        False,
        (),
        "No warning signs reported in the last two weeks. If anything feels wrong, stop and "
        "tell us with the 'something feels wrong' button.",
    )


def _stop_advice(active: Sequence[Symptom]) -> str:
    levels = {severity_of(s) for s in active}
    codes = _unique([s.code for s in active])
    if "urgent" in levels:
        signs = " ".join(URGENT_SIGNS[c] for c in codes if c in URGENT_SIGNS)
        return (
            "Get help now: call your emergency number (999 in the UK, 112 in Europe, 911 in "
            "the US) or your maternity unit. If you have thoughts of harming yourself or your "
            "baby, call a crisis line or your emergency number now. Do not train. "
            f"{signs} Training stays paused until a clinician records that you are clear."
        )
    said = ", ".join(WORDS[c] for c in codes)
    if levels == {"pelvic_floor"}:
        return (
            f"You reported {said}. Stop glute and core training and book a pelvic-health "
            "physiotherapist (your GP or midwife can refer you). Keep doing gentle breathing "
            "and pelvic-floor holds: they are part of the treatment. Training resumes when "
            "a pelvic-health clearance is recorded."
        )
    return (
        f"You reported {said}. Stop training today and see your GP, midwife or physio. "
        "Training resumes when a clearance dated after this report is recorded."
    )


def _modify_advice(codes: Sequence[str]) -> str:
    said = ", ".join(WORDS.get(c, c) for c in codes)
    return (
        f"You reported {said} in the last two weeks. Keep going with easier versions: the "
        "exercise it happened in steps back, and nothing gets harder until two weeks pass "
        "without it. If it gets worse or keeps happening, see a pelvic-health physio."
    )
