"""Random sequences of writes through the services, for the decision cache's tests.

`operations()` draws writes of every kind a mother or her clinician makes (sets, symptoms
including stop signs and pain, check-ins, assessments, clearances of both kinds and authors,
a changed profile, a clinician's override, an import of her own export) interleaved with
looks at `today` for a few days, so a decision is kept and then must be dropped. `apply`
runs one operation; `fresh_decision` replays her whole history, without the cache.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from comeback import services
from comeback.domain import decide
from comeback.domain import model as m
from comeback.domain.catalogue import load_catalogue
from comeback.domain.safety import PAIN_CODES, SYMPTOM_CODES
from comeback.errors import Conflict, InvalidInput

NOW = datetime(2026, 4, 20, 9, tzinfo=UTC)
TODAY = NOW.date()
BIRTH = date(2026, 1, 5)
DAYS = (TODAY - BIRTH).days
PROFILE = m.Profile(BIRTH, "vaginal", 68.0, "exclusive")
CATALOGUE = load_catalogue()
SIMPLE_VARIANTS = tuple(
    (x, v.id) for x in CATALOGUE.ids for v in CATALOGUE[x].variants if v.load == "none"
)

Op = tuple[Any, ...]
day = st.integers(0, DAYS)
# Writes cluster near the end, where `today` is looked at, so they change its answer.
late_day = st.integers(DAYS - 20, DAYS)


def _date(n: int) -> date:
    return BIRTH + timedelta(days=n)


def operations() -> st.SearchStrategy[list[Op]]:
    one = st.one_of(
        st.tuples(
            st.just("set"),
            st.one_of(day, late_day),
            st.sampled_from(SIMPLE_VARIANTS),
            st.integers(1, 25),
            st.sampled_from(("good", "ok", "poor")),
        ),
        st.tuples(
            st.just("symptom"),
            st.one_of(day, late_day),
            st.sampled_from(SYMPTOM_CODES),
            st.integers(0, 10),
        ),
        st.tuples(st.just("checkin"), late_day, st.floats(3, 9), st.integers(1, 5)),
        st.tuples(st.just("assessment"), day, st.floats(0, 4), st.booleans()),
        st.tuples(
            st.just("clearance"),
            st.integers(30, DAYS),
            st.sampled_from(("general", "pelvic_health")),
            st.booleans(),
        ),
        st.tuples(st.just("profile"), st.sampled_from(("vaginal", "caesarean")), st.booleans()),
        st.tuples(
            st.just("override"),
            st.integers(42, DAYS),
            st.sampled_from(("foundation", "activation", "strengthening")),
        ),
        st.tuples(st.just("import"), late_day),
        st.tuples(st.just("today"), late_day),
    )
    return st.lists(one, min_size=1, max_size=25)


def apply(uow: Any, mother: str, clinician: str, op: Op) -> None:
    """Run one write (or look) as the app would; refusals (bad dates, invalid overrides)
    are part of the game: they must leave the kept decision right too."""
    kind, *args = op
    try:
        match kind:
            case "set":
                on, (exercise, variant), reps, form = args
                logged = services.LoggedSet(
                    str(uuid.uuid4()), _date(on), exercise, variant, m.SetLog(reps, form)
                )
                services.log_set(uow, mother, logged, TODAY)
            case "symptom":
                on, code, severity = args
                sev = severity if code in PAIN_CODES else None
                symptom = m.Symptom(_date(on), code, "exercise", None, sev)
                services.add_symptom(uow, mother, symptom, TODAY)
            case "checkin":
                on, sleep, stress = args
                services.put_checkin(uow, mother, m.CheckIn(_date(on), sleep, stress), TODAY)
            case "assessment":
                on, gap, doming = args
                a = m.DiastasisAssessment(_date(on), round(gap, 1), "firm", doming)
                services.add_assessment(uow, mother, a, TODAY)
            case "clearance":
                on, ckind, by_clinician = args
                if by_clinician:
                    services.clinician_clearance(
                        uow, clinician, mother, _date(on), "GP", ckind, TODAY, NOW
                    )
                else:
                    c = m.Clearance(_date(on), "GP", ckind, "self")
                    services.add_clearance(uow, mother, c, mother, TODAY, NOW)
            case "profile":
                delivery, tear = args
                p = m.Profile(BIRTH, delivery, 68.0, "exclusive", tear)
                services.put_profile(uow, mother, p)
            case "override":
                on, phase = args
                services.clinician_override(
                    uow, clinician, mother, _date(on), phase, "test", TODAY, NOW
                )
            case "import":
                (on,) = args
                scenario = services.export(uow, mother, _date(on))
                services.import_history(uow, mother, scenario, NOW)
            case "today":
                (on,) = args
                services.today_for(uow, mother, _date(on))
    except (InvalidInput, Conflict):
        pass


def fresh_decision(uow: Any, mother: str, as_of: date) -> m.Decision:
    """Her decision replayed from her whole stored history, bypassing the cache."""
    return decide(services.export(uow, mother, as_of))


def setup(uow: Any) -> tuple[str, str]:
    """A mother with a profile, linked to a clinician: (mother id, clinician id)."""
    tag = uuid.uuid4().hex[:8]
    mother = services.register(uow, f"m-{tag}@example.org", "a long secret", "mother", "Ann", NOW)
    clinician = services.register(
        uow, f"c-{tag}@example.org", "a long secret", "clinician", "Dr Cy", NOW
    )
    services.put_profile(uow, mother.id, PROFILE)
    code = services.create_invite(uow, clinician.id, NOW)
    services.accept_invite(uow, mother.id, code, NOW)
    return mother.id, clinician.id
