"""decide(scenario) -> Decision: the whole engine contract of SPEC 3 in one pure call.

No database and no clock: the date is `scenario.as_of`, so the same scenario always gives
the same decision, and the web app, the API, the CLI and the reports all call this.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from comeback.domain.catalogue import Catalogue, load_catalogue
from comeback.domain.history import History
from comeback.domain.model import Decision, Habit, Referral, Scenario, Triage
from comeback.domain.nutrition import habits, latest_checkin, targets
from comeback.domain.phases import (
    DIASTASIS_GAP_SOFT_MAX,
    PELVIC_FLOOR_FLICKS_READY,
    PELVIC_FLOOR_HOLDS_READY,
    has_medical_clearance,
    replay,
)
from comeback.domain.prescription import build_today
from comeback.domain.progression import Context
from comeback.domain.safety import (
    LEAK_DAYS_FOR_REFERRAL,
    PELVIC_FLOOR_CODES,
    TRIAGE_WINDOW_DAYS,
    active_stops,
    stop_episodes,
    triage,
)

LOW_SLEEP_H = 5  # SPEC 3.5 (product rule): under 5 hours last night makes today lighter
HIGH_STRESS = 4  # SPEC 3.5 (product rule): stress 4 or 5 of 5 makes today lighter

NOTICE = (
    "Comeback is not medical advice and does not replace your midwife, GP or physio. "
    "If something feels wrong, stop and contact them."
)


def weeks_postpartum(scenario: Scenario) -> float:
    days = (scenario.as_of - scenario.profile.delivery_date).days
    return float((Decimal(days) / 7).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def referrals(scenario: Scenario, level: Triage) -> tuple[Referral, ...]:
    """Pelvic-health physio for repeated leaks or doming or any pelvic-floor sign; GP for mood."""
    as_of = scenario.as_of
    start = as_of - timedelta(days=TRIAGE_WINDOW_DAYS - 1)
    window = [s for s in scenario.symptoms if start <= s.date <= as_of]
    leak_days = {s.date for s in window if s.code in ("urine_leak", "doming")}
    pelvic = any(s.code in PELVIC_FLOOR_CODES for s in window) or any(
        c in PELVIC_FLOOR_CODES for c in level.reasons if level.level == "stop"
    )
    found: list[Referral] = []
    if len(leak_days) >= LEAK_DAYS_FOR_REFERRAL or pelvic:
        found.append(
            Referral(
                "pelvic_health_physio",
                "Leaking, doming, heaviness or bowel leaks are treatable: a pelvic-health "
                "physio guides supervised pelvic-floor training for at least 3 months "
                "(NICE QS77). Ask your GP or midwife to refer you, or self-refer where you can.",
            )
        )
    c = latest_checkin(scenario)
    if c is not None and (c.felt_down or c.little_interest):
        found.append(
            Referral(
                "gp_or_health_visitor",
                "You said you have often felt down or lost interest in things (the Whooley "
                "questions, NICE CG192). Talk to your GP or health visitor; help works. "
                "You can keep training.",
            )
        )
    return tuple(found)


def _assessment_below_bar(history: History) -> bool:
    """The latest diastasis or pelvic-floor check up to as_of no longer meets its gate's bar."""
    day_after = history.scenario.as_of + timedelta(days=1)
    d = history.latest_diastasis(day_after)
    pf = history.latest_pelvic_floor(day_after)
    core_bad = d is not None and (
        d.doming or (d.gap_finger_widths > DIASTASIS_GAP_SOFT_MAX and d.depth == "soft")
    )
    pf_bad = pf is not None and (
        pf.holds_10s < PELVIC_FLOOR_HOLDS_READY or pf.quick_flicks < PELVIC_FLOOR_FLICKS_READY
    )
    return core_bad or pf_bad


def decide(scenario: Scenario, catalogue: Catalogue | None = None) -> Decision:
    """The decision for the day `scenario.as_of`, every part with its reasons."""
    catalogue = catalogue or load_catalogue()
    history = History(scenario)
    episodes = stop_episodes(scenario.symptoms, scenario.clearances)
    played = replay(history, episodes)
    phase = played.phase_of[scenario.as_of]
    level = triage(scenario.as_of, scenario.symptoms, episodes)
    stops_now = active_stops(episodes, scenario.as_of)

    checkin = next((c for c in scenario.checkins if c.date == scenario.as_of), None)
    adjustments: list[str] = []
    if checkin is not None and (
        (checkin.sleep_h is not None and checkin.sleep_h < LOW_SLEEP_H)
        or (checkin.stress is not None and checkin.stress >= HIGH_STRESS)
    ):
        adjustments.append("low_readiness")
    if level.level == "modify":
        adjustments.append("modify_triage")
    if phase in ("activation", "strengthening") and _assessment_below_bar(history):
        adjustments.append("assessment_below_bar")
    ctx = Context(
        history=history,
        as_of=scenario.as_of,
        symptoms=scenario.symptoms,
        pause_ends=played.pause_ends,
        caps=tuple(adjustments),
        paused=phase == "paused",
    )
    today, progression = build_today(
        phase, history, catalogue, ctx, stops_now, played.phase_of, tuple(adjustments)
    )
    target = targets(scenario.profile)
    found = list(habits(scenario, target))
    cleared = has_medical_clearance(scenario, scenario.as_of + timedelta(days=1))
    if scenario.profile.delivery == "caesarean" and not cleared:
        found.append(
            Habit(
                "caesarean_recovery",
                "While your scar heals: lift nothing heavier than your baby until you are "
                "cleared, support the scar with a hand or pillow when you cough or laugh, and "
                "keep it clean and dry.",
            )
        )
    return Decision(
        as_of=scenario.as_of,
        weeks_postpartum=weeks_postpartum(scenario),
        phase=phase,
        triage=level,
        referrals=referrals(scenario, level),
        gate=played.gate,
        today=today,
        progression=progression,
        targets=target,
        habits=tuple(found),
        notice=NOTICE,
    )
