"""Who her clinician sees first on the desk (SPEC 2, 4): one rank per client, then ties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from comeback.domain.attention import (
    INACTIVE_DAYS,
    ClientFacts,
    attention,
    self_clearance_pending,
    sort_key,
)
from comeback.domain.model import (
    Clearance,
    DayPhase,
    Decision,
    Gate,
    Phase,
    Referral,
    Targets,
    Today,
    Triage,
    TriageLevel,
)

TODAY = date(2026, 3, 16)
YESTERDAY = TODAY - timedelta(days=1)


def make_decision(
    phase: DayPhase = "activation",
    level: TriageLevel = "ok",
    urgent: bool = False,
    reasons: tuple[str, ...] = (),
    referrals: tuple[str, ...] = (),
    next_phase: Phase | None = "strengthening",
    unmet: tuple[str, ...] = ("not_activation_practised",),
) -> Decision:
    return Decision(
        as_of=TODAY,
        weeks_postpartum=10.0,
        phase=phase,
        triage=Triage(level, urgent, reasons, "advice"),
        referrals=tuple(Referral(to, "why") for to in referrals),
        gate=Gate(next_phase, (), unmet, {}),
        today=Today(False, (), ()),
        progression=(),
        targets=Targets(109, 27, 4, 3100),
        habits=(),
        notice="not medical advice",
    )


def facts(
    decision: Decision | None = None,
    pending: bool = False,
    last_active: date | None = YESTERDAY,
    name: str = "Ann",
    **decision_fields: Any,
) -> ClientFacts:
    if decision is None and decision_fields.pop("no_plan", False) is False:
        decision = make_decision(**decision_fields)
    return ClientFacts(name, decision, pending, last_active, TODAY)


PAUSED = {"phase": "paused", "level": "stop", "next_phase": None, "unmet": ()}
OPEN_GATE = {"next_phase": "strengthening", "unmet": ()}


@pytest.mark.parametrize(
    ("rule", "case", "code", "rank", "words"),
    [
        (
            "an uncleared urgent sign comes first",
            facts(**PAUSED, urgent=True, reasons=("heavy_bleeding",)),
            "urgent",
            0,
            "Urgent sign: heavy bleeding",
        ),
        (
            "urgent wins over a referral and an open gate",
            facts(**PAUSED, urgent=True, reasons=("fever",), referrals=("gp_or_health_visitor",)),
            "urgent",
            0,
            "Urgent sign: fever",
        ),
        (
            "a pause by a stop symptom is next",
            facts(**PAUSED, reasons=("dizziness",)),
            "stop",
            1,
            "Stopped: dizziness",
        ),
        (
            "a stop wins over a referral",
            facts(**PAUSED, reasons=("faecal_incontinence",), referrals=("pelvic_health_physio",)),
            "stop",
            1,
            "Stopped: faecal incontinence",
        ),
        (
            "a referral comes before a modify",
            facts(level="modify", reasons=("urine_leak",), referrals=("pelvic_health_physio",)),
            "referral",
            2,
            "Referral: pelvic-health physio",
        ),
        (
            "a mood referral counts though it never pauses training",
            facts(referrals=("gp_or_health_visitor",)),
            "referral",
            2,
            "Referral: GP or health visitor (mood)",
        ),
        (
            "a modify symptom comes before a clearance to confirm",
            facts(level="modify", reasons=("back_pain",), pending=True),
            "modify",
            3,
            "Modify: back pain",
        ),
        (
            "a modify symptom comes before an open gate",
            facts(level="modify", reasons=("urine_leak",), **OPEN_GATE),
            "modify",
            3,
            "Modify: urine leak",
        ),
        (
            "a clearance she entered herself comes before an open gate",
            facts(pending=True, **OPEN_GATE),
            "confirm_clearance",
            4,
            "Clearance she entered herself: confirm it",
        ),
        (
            "an open gate says the phase it opens",
            facts(**OPEN_GATE),
            "ready",
            5,
            "Ready for strengthening",
        ),
        (
            "an open gate comes before inactivity",
            facts(last_active=TODAY - timedelta(days=30), **OPEN_GATE),
            "ready",
            5,
            "Ready for strengthening",
        ),
        (
            "a gate with an unmet condition is not ready",
            facts(),
            "on_track",
            7,
            "On track",
        ),
        (
            "no gate out of strengthening is not ready",
            facts(phase="strengthening", next_phase=None, unmet=()),
            "on_track",
            7,
            "On track",
        ),
        (
            f"{INACTIVE_DAYS} days without a set is inactive",
            facts(last_active=TODAY - timedelta(days=INACTIVE_DAYS)),
            "inactive",
            6,
            f"No set for {INACTIVE_DAYS} days",
        ),
        (
            f"{INACTIVE_DAYS - 1} days without a set is still on track",
            facts(last_active=TODAY - timedelta(days=INACTIVE_DAYS - 1)),
            "on_track",
            7,
            "On track",
        ),
        (
            "never a set logged is inactive",
            facts(last_active=None),
            "inactive",
            6,
            "No set logged yet",
        ),
        (
            "no plan yet (no profile) is not started",
            facts(no_plan=True, last_active=None),
            "not_started",
            6,
            "Not started: no plan yet",
        ),
        (
            "a set logged today is on track",
            facts(last_active=TODAY),
            "on_track",
            7,
            "On track",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v else "",
)
def test_attention_rule(rule: str, case: ClientFacts, code: str, rank: int, words: str) -> None:
    found = attention(case)
    assert (found.code, found.rank, found.words) == (code, rank, words), rule


def test_desk_order_is_need_then_recent_activity_then_name() -> None:
    clients = [
        facts(name="Zoe on track", last_active=TODAY),
        facts(name="Ines inactive", last_active=TODAY - timedelta(days=20)),
        facts(name="Nora never", no_plan=True, last_active=None),
        facts(name="Mia modify", level="modify", reasons=("urine_leak",)),
        facts(name="Ulla urgent", **PAUSED, urgent=True, reasons=("chest_pain",)),
        facts(name="Sara stop", **PAUSED, reasons=("dizziness",)),
        facts(name="Rhea referral", referrals=("pelvic_health_physio",)),
        facts(name="Cleo clearance", pending=True),
        facts(name="Gina gate", **OPEN_GATE),
    ]
    ordered = [c.name for c in sorted(clients, key=sort_key)]
    assert ordered == [
        "Ulla urgent",
        "Sara stop",
        "Rhea referral",
        "Mia modify",
        "Cleo clearance",
        "Gina gate",
        "Ines inactive",  # active once, 20 days ago: before one never active
        "Nora never",
        "Zoe on track",
    ]


def test_ties_go_to_the_most_recent_activity_then_the_name() -> None:
    older = facts(name="Amy", level="modify", reasons=("doming",), last_active=TODAY - timedelta(3))
    newer = facts(name="Bea", level="modify", reasons=("doming",), last_active=TODAY)
    never = facts(name="Aba", level="modify", reasons=("doming",), last_active=None)
    same_day = replace(older, name="amber")
    ordered = [c.name for c in sorted([never, older, same_day, newer], key=sort_key)]
    assert ordered == ["Bea", "amber", "Amy", "Aba"]  # names compare without case


GP = "GP"


@pytest.mark.parametrize(
    ("rule", "clearances", "pending"),
    [
        ("no clearance: nothing to confirm", [], False),
        ("one she entered herself is pending", [Clearance(date(2026, 2, 17), GP)], True),
        (
            "a clinician's clearance of her kind on the same date confirms it",
            [
                Clearance(date(2026, 2, 17), GP),
                Clearance(date(2026, 2, 17), GP, entered_by="clinician"),
            ],
            False,
        ),
        (
            "a later clinician's clearance confirms it",
            [
                Clearance(date(2026, 2, 17), GP),
                Clearance(date(2026, 3, 1), "physio", entered_by="clinician"),
            ],
            False,
        ),
        (
            "an earlier clinician's clearance does not confirm a newer one of hers",
            [
                Clearance(date(2026, 2, 10), "physio", entered_by="clinician"),
                Clearance(date(2026, 2, 17), GP),
            ],
            True,
        ),
        (
            "a general clearance does not confirm her pelvic-health one",
            [
                Clearance(date(2026, 2, 17), "physio", "pelvic_health"),
                Clearance(date(2026, 2, 17), GP, "general", "clinician"),
            ],
            True,
        ),
        (
            "a pelvic-health clearance confirms her general one",
            [
                Clearance(date(2026, 2, 17), GP),
                Clearance(date(2026, 2, 17), "physio", "pelvic_health", "clinician"),
            ],
            False,
        ),
        (
            "only clinicians' clearances: nothing to confirm",
            [Clearance(date(2026, 2, 17), GP, entered_by="clinician")],
            False,
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v else "",
)
def test_self_entered_clearance_pending(
    rule: str, clearances: list[Clearance], pending: bool
) -> None:
    assert self_clearance_pending(clearances) is pending, rule
