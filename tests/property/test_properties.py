"""Rules of the engine contract (SPEC 3) that hold for every valid scenario, checked by Hypothesis.

`scenarios()` builds valid scenario documents (SPEC 3.1 dicts): a birth, an `as_of` 0-200 days
later, clearances of both kinds and both authors, overrides only where they are valid,
assessments, symptoms from the full code list, at most one check-in per date, and sessions of
catalogue exercises with sets that carry `load_kg` exactly on dumbbell and barbell variants and
`band` exactly on banded ones. The histories are skewed towards what the rules need to bite: a
few exercises logged again and again, often at the top of their dose, near `as_of`, and now
and then a clinician's clearance with an override, so that later phases and load increases
are reached, not only foundation days. Every document goes through `builders.decide_json`, the
whole contract as `comeback simulate` runs it.

The oracles below restate SPEC 3.3-3.5 on the raw document; they do not call the engine's own
helpers, so a rule the engine gets wrong cannot agree with itself here.
"""

from __future__ import annotations

import copy
import functools
import json
from datetime import date, timedelta
from typing import Any

from builders import decide_json
from hypothesis import event, given, settings
from hypothesis import strategies as st

from comeback.domain.catalogue import Exercise, Variant, load_catalogue
from comeback.domain.safety import PAIN_CODES, SYMPTOM_CODES, URGENT_SIGNS
from comeback.errors import InvalidInput
from comeback.scenario import parse_scenario_data

Doc = dict[str, Any]
Path = tuple[str | int, ...]

CATALOGUE = load_catalogue()
EXERCISE_IDS: tuple[str, ...] = CATALOGUE.ids
# SPEC 3.2: everything outside foundation is glute work, gated by a medical clearance (3.4).
GLUTE_WORK = frozenset(i for i in EXERCISE_IDS if CATALOGUE[i].phase != "foundation")
STRENGTH_WORK: tuple[str, ...] = tuple(
    i for i in EXERCISE_IDS if CATALOGUE[i].phase == "strengthening"
)
LOADED_VARIANTS = {
    x: tuple(v for v in CATALOGUE[x].variants if v.load != "none") for x in STRENGTH_WORK
}

# SPEC 3.3, restated: which codes stop training, and of which kind.
URGENT = frozenset(URGENT_SIGNS)
PELVIC_FLOOR_CODES = ("vaginal_heaviness_bulge", "faecal_incontinence")
OTHER_STOP_CODES = ("dizziness", "wound_problem", "offensive_discharge", "abdominal_bulge_hernia")
MODIFY_CODES = ("urine_leak", "doming", "bleeding_returns")
PELVIC_FLOOR = frozenset(PELVIC_FLOOR_CODES)
OTHER_STOP = frozenset(OTHER_STOP_CODES)
PAIN_STOP_FROM = 5
STOP_CODES: tuple[str, ...] = tuple(
    c for c in SYMPTOM_CODES if c in URGENT | PELVIC_FLOOR | OTHER_STOP or c in PAIN_CODES
)

BANDS = ("light", "medium", "heavy")
UP_ACTIONS = frozenset({"increase_load", "advance_variant", "increase_reps"})
CLEARANCE_MIN_DAYS = 42  # SPEC 3.4: six weeks
STRENGTH_FLOOR_DAYS = {"vaginal": 8 * 7, "caesarean": 12 * 7}  # SPEC 3.4: weeks_since_birth
DEFAULT_STEP_KG = {"dumbbell": 1.0, "barbell": 2.5}  # SPEC 3.5
EPS = 1e-9

MISSING: Any = object()  # an optional key left out of the document


def test_the_tables_restated_here_match_the_spec() -> None:
    assert {
        "glute_bridge",
        "clam_shell",
        "bird_dog",
        "side_lying_abduction",
        "hip_thrust",
        "step_up",
        "split_squat",
    } == GLUTE_WORK
    assert len(URGENT) == 11
    assert URGENT | PELVIC_FLOOR | OTHER_STOP | set(PAIN_CODES) <= set(SYMPTOM_CODES)
    assert set(PAIN_CODES) == {"pelvic_pain", "back_pain"}


# ---- generating valid scenarios -------------------------------------------------------------


def _put(target: Doc, key: str, value: Any) -> None:
    if value is not MISSING:
        target[key] = value


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """An optional field: left out, null (SPEC 3.1: null means absent) or a value."""
    return st.one_of(st.just(MISSING), st.none(), strategy)


# Strategies built once (building them inside every draw is what makes generation slow).
OPT_BOOL = _optional(st.booleans())
OPT_RIR = _optional(st.integers(0, 10))
OPT_FELT = _optional(st.sampled_from(["glutes", "hamstrings", "low_back", "quads", "other"]))
OPT_KIND = _optional(st.sampled_from(["general", "pelvic_health"]))
OPT_AUTHOR = _optional(st.sampled_from(["self", "clinician"]))
OPT_SEVERITY = _optional(st.integers(0, 10))
OPT_EXERCISE = _optional(st.sampled_from(EXERCISE_IDS))
FORM = st.sampled_from(["good", "ok", "poor"])
SET_COUNT = st.integers(1, 3)
CLEAN = st.sampled_from([True, True, False])
MOSTLY_CLEAN = st.sampled_from([True, True, True, True, False])
EXTRA_REPS = st.sampled_from([0, 0, 0, 1, 2])
CLEAN_RIR = st.sampled_from([MISSING, None, 2, 3])
LEG_FELT = st.sampled_from(["glutes", "quads", "hamstrings"])
SEVERITY = st.integers(0, 10)
DURING = st.sampled_from(["exercise", "daily_life"])
EXERCISE = st.sampled_from(EXERCISE_IDS)
# mostly the milder codes, so that not every other scenario is a pause
CODE = st.sampled_from([*MODIFY_CODES, *PAIN_CODES] * 4 + list(SYMPTOM_CODES))
SYMPTOM_COUNT = st.sampled_from([0, 0, 0, 1, 1, 2, 3])
FEW_SYMPTOMS = st.sampled_from([0, 0, 0, 0, 1, 2])
USUAL_VARIANT = st.sampled_from([True, True, True, False])
EQUIPMENT = _optional(
    st.fixed_dictionaries(
        {},
        optional={
            "dumbbell_step_kg": st.one_of(
                st.none(), st.sampled_from([0.25, 0.5, 1.0, 2.0, 2.5, 5.0]), st.floats(0.25, 5)
            ),
            "barbell_step_kg": st.one_of(
                st.none(), st.sampled_from([0.5, 1.0, 2.5, 5.0, 10.0]), st.floats(0.5, 10)
            ),
        },
    )
)
DIASTASIS = st.fixed_dictionaries(
    {
        "gap_finger_widths": st.one_of(st.sampled_from([0, 1, 1.5, 2, 2.5, 3]), st.floats(0, 10)),
        "depth": st.sampled_from(["firm", "soft"]),
        "doming": st.sampled_from([False, False, False, True]),
    }
)
PELVIC_FLOOR_CHECK = st.fixed_dictionaries(
    {
        "max_hold_s": st.one_of(st.integers(0, 300), st.floats(0, 300)),
        "holds_10s": st.one_of(st.integers(8, 12), st.integers(0, 100)),
        "quick_flicks": st.one_of(st.integers(10, 15), st.integers(0, 200)),
    }
)
CHECKIN = st.fixed_dictionaries(
    {},
    optional={
        "sleep_h": st.one_of(st.none(), st.floats(0, 24), st.integers(0, 12)),
        "stress": st.one_of(st.none(), st.integers(1, 5)),
        "water_ml": st.one_of(st.none(), st.floats(0, 10000)),
        "protein_g_by_meal": st.one_of(st.none(), st.lists(st.floats(0, 300), max_size=5)),
        **{
            k: st.one_of(st.none(), st.booleans())
            for k in ("carried_baby_one_side", "hunched_feeding", "felt_down", "little_interest")
        },
    },
)


@functools.cache
def _load_fields(variant: Variant, step: float) -> st.SearchStrategy[dict[str, Any]]:
    """The load fields of a set on `variant`: load_kg on dumbbell/barbell, band on banded."""
    if variant.load in ("dumbbell", "barbell"):
        start = variant.start_kg or 0.0
        kg = st.one_of(
            st.integers(0, 20).map(lambda n: round(start + n * step, 3)),
            st.sampled_from([start, variant.give_way_kg or start, 0.0]),
            st.floats(0, 120),
        )
        return kg.map(lambda x: {"load_kg": x})
    if variant.load == "band":
        return st.sampled_from(BANDS).map(lambda b: {"band": b})
    return st.just({})


@functools.cache
def _reps(ex_id: str) -> st.SearchStrategy[int]:
    ex = CATALOGUE[ex_id]
    return st.one_of(st.integers(0, 25), st.sampled_from([ex.low, ex.top]))


def _sets(
    draw: st.DrawFn, ex: Exercise, variant: Variant, step: float, clean: st.SearchStrategy[bool]
) -> list[Doc]:
    n = draw(SET_COUNT)
    load = _load_fields(variant, step)
    if draw(clean):
        # a clean working entry: every set at the top of the dose, good form, felt right
        one: Doc = {"reps": ex.top + draw(EXTRA_REPS), **draw(load), "form": "good"}
        one["felt_in"] = draw(LEG_FELT) if ex.id in ("step_up", "split_squat") else "glutes"
        _put(one, "rir", draw(CLEAN_RIR))
        return [dict(one) for _ in range(n)]
    out = []
    for _ in range(n):
        s: Doc = {"reps": draw(_reps(ex.id)), **draw(load), "form": draw(FORM)}
        _put(s, "rir", draw(OPT_RIR))
        _put(s, "felt_in", draw(OPT_FELT))
        out.append(s)
    return out


def _symptom(draw: st.DrawFn, on: Any, day: int, code: str) -> Doc:
    during = draw(DURING)
    s: Doc = {"date": on(day), "code": code, "during": during}
    _put(s, "exercise", draw(EXERCISE) if during == "exercise" else draw(OPT_EXERCISE))
    _put(s, "severity", draw(SEVERITY) if code in PAIN_CODES else draw(OPT_SEVERITY))
    return s


def _dating(doc: Doc) -> tuple[Any, int]:
    """(day number -> ISO date, days from the birth to as_of) for a generated document."""
    born = _day(doc["profile"]["delivery_date"])

    def on(n: int) -> str:
        return (born + timedelta(days=n)).isoformat()

    return on, (_day(doc["as_of"]) - born).days


@st.composite
def scenarios(draw: st.DrawFn, loaded: bool = False) -> Doc:
    """A valid scenario document (SPEC 3.1).

    `loaded`: a mother a clinician has cleared and sent on to strengthening, training hip
    thrusts, step-ups and split squats mostly with weights or bands, so that the load rules
    of SPEC 3.5 are reached often, not once in a hundred scenarios.
    """
    born = draw(st.dates(date(2024, 1, 1), date(2027, 12, 31)))
    delivery = draw(st.sampled_from(["vaginal", "caesarean"]))
    floor = STRENGTH_FLOOR_DAYS[delivery]
    on_track = loaded or draw(st.booleans())  # cleared by a clinician, then overridden
    span = draw(st.integers(floor + 2, 200) if on_track else st.integers(0, 200))

    def on(n: int) -> str:
        return (born + timedelta(days=n)).isoformat()

    any_day = st.integers(0, span)
    recent_day = st.integers(max(0, span - 13), span)
    some_day = st.one_of(any_day, recent_day)

    profile: Doc = {
        "delivery_date": born.isoformat(),
        "delivery": delivery,
        "body_mass_kg": draw(st.one_of(st.floats(30, 250), st.integers(30, 250))),
        "breastfeeding": draw(st.sampled_from(["exclusive", "partial", "none"])),
    }
    _put(profile, "severe_perineal_tear", draw(OPT_BOOL))
    _put(
        profile,
        "training_background",
        draw(_optional(st.sampled_from(["none", "some", "regular"]))),
    )
    equipment = draw(EQUIPMENT)
    _put(profile, "equipment", equipment)
    eq = equipment if isinstance(equipment, dict) else {}
    steps = {load: eq.get(f"{load}_step_kg") or kg for load, kg in DEFAULT_STEP_KG.items()}

    # clearances: any day, often from six weeks on; both kinds, both authors
    clearances: list[Doc] = []
    clearance_days: list[int] = []
    if on_track:
        d = draw(st.integers(CLEARANCE_MIN_DAYS - 7, floor))
        clearance_days.append(d)
        clearances.append(
            {"date": on(d), "by": "physio", "kind": "general", "entered_by": "clinician"}
        )
    around_six_weeks = st.integers(min(CLEARANCE_MIN_DAYS, span), span)
    for _ in range(draw(st.integers(0, 2))):
        d = draw(st.one_of(any_day, around_six_weeks))
        clearance_days.append(d)
        c: Doc = {"date": on(d), "by": draw(st.sampled_from(["GP", "midwife", ""]))}
        _put(c, "kind", draw(OPT_KIND))
        _put(c, "entered_by", draw(OPT_AUTHOR))
        clearances.append(c)
    clearances = list(draw(st.permutations(clearances)))

    # overrides: to activation or strengthening only on or after a clearance (and the floor)
    overrides: list[Doc] = []
    first_clearance = min(clearance_days, default=None)
    phases = st.sampled_from(["foundation", "activation", "strengthening"])
    onward = (
        st.just("strengthening") if loaded else st.sampled_from(["activation", "strengthening"])
    )
    wanted = [draw(onward)] if on_track else []
    wanted += draw(st.lists(phases, max_size=2))
    for phase in wanted:
        lo: int | None = 0
        if phase != "foundation":
            lo = first_clearance
            if phase == "strengthening" and lo is not None:
                lo = max(lo, floor)
        if lo is None or lo > span:
            phase, lo = "foundation", 0
        d = draw(st.integers(lo, min(span, lo + 30)) if on_track else st.integers(lo, span))
        overrides.append(
            {
                "date": on(d),
                "phase": phase,
                "by": draw(st.sampled_from(["pelvic health physio", "GP", "obstetrician"])),
                "reason": draw(st.sampled_from(["reviewed", "back to basics", "ready"])),
            }
        )

    assessments: list[Doc] = []
    for _ in range(draw(st.integers(0, 3))):
        d = draw(any_day)
        if draw(st.booleans()):
            assessments.append({"date": on(d), "kind": "diastasis", **draw(DIASTASIS)})
        else:
            assessments.append({"date": on(d), "kind": "pelvic_floor", **draw(PELVIC_FLOOR_CHECK)})

    count = FEW_SYMPTOMS if loaded else SYMPTOM_COUNT
    symptoms = [_symptom(draw, on, draw(some_day), draw(CODE)) for _ in range(draw(count))]

    checkin_days = st.one_of(st.just(span), recent_day, any_day)
    checkins = [  # SPEC 3.1: at most one per date
        {"date": on(d), **draw(CHECKIN)}
        for d in sorted(set(draw(st.lists(checkin_days, max_size=3))))
    ]

    # sessions: a few exercises, each mostly at one variant, logged again and again
    pool = STRENGTH_WORK if loaded else draw(st.sampled_from([EXERCISE_IDS, STRENGTH_WORK]))
    focus = draw(st.permutations(pool))[: draw(st.integers(1, 3))]
    ladders = LOADED_VARIANTS if loaded else {x: CATALOGUE[x].variants for x in focus}
    usual = {x: draw(st.sampled_from(ladders[x])) for x in focus}
    sessions: list[Doc] = []
    last_month = st.integers(max(0, span - 30), span)
    session_day = st.one_of(recent_day, last_month, *([] if loaded else [any_day]))
    clean = MOSTLY_CLEAN if loaded else CLEAN
    pick = st.lists(st.sampled_from(focus), min_size=1, max_size=len(focus) + 1)
    for _ in range(draw(st.integers(0, 7))):
        entries = []
        for x in draw(pick):
            ex = CATALOGUE[x]
            variant = usual[x] if draw(USUAL_VARIANT) else draw(st.sampled_from(ex.variants))
            step = steps.get(variant.load, 1.0)
            entries.append(
                {
                    "exercise": x,
                    "variant": variant.id,
                    "sets": _sets(draw, ex, variant, step, clean),
                }
            )
        sessions.append({"date": on(draw(session_day)), "exercises": entries})

    doc: Doc = {"as_of": on(span), "profile": profile}
    for key, items in (
        ("clearances", clearances),
        ("overrides", overrides),
        ("assessments", assessments),
        ("symptoms", symptoms),
        ("checkins", checkins),
        ("sessions", sessions),
    ):
        # SPEC 3.1: every list may be empty or missing
        if items or draw(st.booleans()):
            doc[key] = items
    return doc


# a stop code, the pelvic-floor ones (which keep two exercises going) often
STOP_CODE = st.one_of(st.sampled_from(sorted(PELVIC_FLOOR)), st.sampled_from(STOP_CODES))

# for the progression rules: half the scenarios from a mother training with load
TRAINING = st.one_of(scenarios(), scenarios(loaded=True))
# for the load arithmetic: three in four
LOADED = st.one_of(scenarios(loaded=True), TRAINING)


@st.composite
def capped_days(draw: st.DrawFn) -> Doc:
    """A training scenario whose as_of is, most of the time, a modify or low-readiness day.

    The cap comes from a short night or high stress in the check-in dated as_of (SPEC 3.5),
    or from a modify symptom in the 14 days up to as_of (SPEC 3.3), usually in daily life so
    that the cap, not the symptom day itself, is what stands between her and a step up.
    """
    doc = draw(TRAINING)
    on, span = _dating(doc)
    how = draw(st.sampled_from(["tired", "stressed", "symptom", "as_generated"]))
    if how in ("tired", "stressed"):
        checkins = [c for c in doc.get("checkins") or [] if c["date"] != on(span)]
        today: Doc = {"date": on(span)}
        if how == "tired":
            today["sleep_h"] = draw(st.one_of(st.floats(0, 4.99), st.integers(0, 4)))
        else:
            today["stress"] = draw(st.integers(4, 5))
        doc["checkins"] = [*checkins, today]
    elif how == "symptom":
        code = draw(st.sampled_from([*MODIFY_CODES, *PAIN_CODES]))
        s = _symptom(draw, on, draw(st.integers(max(0, span - 13), span)), code)
        if code in PAIN_CODES:
            s["severity"] = draw(st.integers(1, PAIN_STOP_FROM - 1))
        if draw(st.integers(0, 3)):
            s["during"] = "daily_life"
        doc.setdefault("symptoms", []).append(s)
    return doc


@st.composite
def scenarios_with_a_stop(draw: st.DrawFn) -> Doc:
    """A scenario that, half the time, gets one more stop symptom (cleared or not)."""
    doc = draw(scenarios())
    if draw(st.booleans()):
        on, span = _dating(doc)
        extra = _symptom(draw, on, draw(st.integers(0, span)), draw(STOP_CODE))
        if extra["code"] in PAIN_CODES:
            extra["severity"] = draw(st.integers(PAIN_STOP_FROM, 10))
        doc.setdefault("symptoms", []).append(extra)
    return doc


# ---- oracles: SPEC 3.3-3.5 restated on the raw document -------------------------------------


def _day(text: str) -> date:
    return date.fromisoformat(text)


def stop_kind(s: Doc) -> str | None:
    code = s["code"]
    if code in URGENT:
        return "urgent"
    if code in PELVIC_FLOOR:
        return "pelvic_floor"
    if code in OTHER_STOP:
        return "stop"
    if code in PAIN_CODES and (s.get("severity") or 0) >= PAIN_STOP_FROM:
        return "stop"
    return None


def clears(c: Doc, s: Doc) -> bool:
    """SPEC 3.3: a later clearance of the symptom's kind."""
    if _day(c["date"]) <= _day(s["date"]):
        return False
    kind = stop_kind(s)
    if kind == "urgent":
        return c.get("entered_by") == "clinician"
    if kind == "pelvic_floor":
        return c.get("kind") == "pelvic_health"
    return True


def uncleared_stops(doc: Doc) -> list[Doc]:
    """Stop symptoms with no clearance of their kind after them (every date is <= as_of)."""
    clearances = doc.get("clearances") or []
    return [
        s
        for s in doc.get("symptoms") or []
        if stop_kind(s) is not None and not any(clears(c, s) for c in clearances)
    ]


def has_medical_clearance(doc: Doc) -> bool:
    """SPEC 3.4 medical_clearance for the day after as_of."""
    as_of = _day(doc["as_of"])
    six_weeks = _day(doc["profile"]["delivery_date"]) + timedelta(days=CLEARANCE_MIN_DAYS)
    return any(
        _day(c["date"]) < as_of + timedelta(days=1)
        and (_day(c["date"]) >= six_weeks or c.get("entered_by") == "clinician")
        for c in doc.get("clearances") or []
    )


def step_kg(doc: Doc, load: str) -> float:
    eq = doc["profile"].get("equipment") or {}
    return float(eq.get(f"{load}_step_kg") or DEFAULT_STEP_KG[load])


def today_by_id(decision: Doc) -> dict[str, Doc]:
    return {e["exercise"]: e for e in decision["today"]["exercises"]}


def _explain(doc: Doc, decision: Doc) -> str:
    return json.dumps({"doc": doc, "decision": decision}, default=str)[:4000]


# ---- 1. no glute work before medical clearance ----------------------------------------------


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_no_glute_work_without_medical_clearance_or_override(doc: Doc) -> None:
    overridden = any(o["phase"] != "foundation" for o in doc.get("overrides") or [])
    decision = decide_json(doc)
    if has_medical_clearance(doc) or overridden:
        event("cleared or overridden")
        return
    event(f"not cleared; phase {decision['phase']}")
    assert decision["phase"] in ("foundation", "paused")
    prescribed = set(today_by_id(decision)) & GLUTE_WORK
    assert not prescribed, _explain(doc, decision)


# ---- 2. an uncleared stop symptom pauses everything ------------------------------------------


@settings(max_examples=100, deadline=None)
@given(scenarios_with_a_stop())
def test_uncleared_stop_symptom_pauses_and_holds_everything(doc: Doc) -> None:
    stops = uncleared_stops(doc)
    decision = decide_json(doc)
    kinds = {stop_kind(s) for s in stops}
    event(f"uncleared stops: {'/'.join(sorted(k for k in kinds if k)) or 'none'}")
    if not stops:
        # SPEC 3.3: the pause ends the day its last stop is cleared; nothing else pauses
        assert decision["phase"] != "paused", _explain(doc, decision)
        assert decision["triage"]["level"] != "stop", _explain(doc, decision)
        return
    assert decision["phase"] == "paused", _explain(doc, decision)
    assert decision["triage"]["level"] == "stop"
    assert decision["today"]["rest_day"] is True
    assert set(decision["triage"]["reasons"]) == {s["code"] for s in stops}
    today = [(e["exercise"], e["sets"]) for e in decision["today"]["exercises"]]
    if all(stop_kind(s) == "pelvic_floor" for s in stops):
        assert today == [("breathing_360", 1), ("pelvic_floor_hold", 1)], _explain(doc, decision)
    else:
        assert today == [], _explain(doc, decision)
    assert all(p["action"] == "hold" for p in decision["progression"]), _explain(doc, decision)


# ---- 3. she cannot clear an urgent sign herself ----------------------------------------------


@st.composite
def scenarios_with_urgent_sign(draw: st.DrawFn) -> tuple[Doc, Doc]:
    """Any scenario, plus an urgent sign with nothing but her own clearances after it."""
    doc = draw(scenarios())
    on, span = _dating(doc)
    when = draw(st.integers(0, span))
    sign = _symptom(draw, on, when, draw(st.sampled_from(sorted(URGENT))))
    clearances = doc.setdefault("clearances", [])
    for c in clearances:
        if c["date"] > on(when):
            if draw(st.booleans()):
                c["entered_by"] = "self"
            else:
                c.pop("entered_by", None)  # SPEC 3.1: entered_by defaults to self
    if when < span:
        for d in draw(st.lists(st.integers(when + 1, span), max_size=3)):
            own: Doc = {"date": on(d), "by": "GP"}
            _put(own, "kind", draw(OPT_KIND))
            _put(own, "entered_by", draw(st.sampled_from([MISSING, None, "self"])))
            clearances.append(own)
    symptoms = doc.setdefault("symptoms", [])
    symptoms.insert(draw(st.integers(0, len(symptoms))), sign)
    return doc, sign


@settings(max_examples=100, deadline=None)
@given(scenarios_with_urgent_sign())
def test_urgent_sign_is_never_cleared_by_a_self_entered_clearance(case: tuple[Doc, Doc]) -> None:
    doc, sign = case
    decision = decide_json(doc)
    assert decision["phase"] == "paused", _explain(doc, decision)
    assert decision["triage"]["level"] == "stop"
    assert decision["triage"]["urgent"] is True
    assert sign["code"] in decision["triage"]["reasons"]
    assert decision["today"]["exercises"] == []


# ---- 4. the engine is a pure function --------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(TRAINING)
def test_same_scenario_gives_same_decision(doc: Doc) -> None:
    before = copy.deepcopy(doc)
    first = decide_json(doc)
    assert doc == before  # deciding does not touch her data
    assert decide_json(doc) == first
    round_tripped = json.loads(json.dumps(doc))
    assert decide_json(round_tripped) == first
    assert json.dumps(first, sort_keys=True) == json.dumps(
        decide_json(copy.deepcopy(doc)), sort_keys=True
    )


# ---- 5. nothing gets harder on a modify or low-readiness day --------------------------------


@settings(max_examples=100, deadline=None)
@given(capped_days())
def test_no_step_up_on_modify_or_low_readiness_day(doc: Doc) -> None:
    decision = decide_json(doc)
    capped = (
        decision["triage"]["level"] == "modify"
        or "low_readiness" in decision["today"]["adjustments"]
    )
    event("capped day" if capped else "normal day")
    if not capped:
        return
    caps = {"modify_triage", "low_readiness"}
    held = [p for p in decision["progression"] if caps & set(p["reasons"])]
    event("a cap held a step up" if held else "capped, no step up to hold")
    ups = [p for p in decision["progression"] if p["action"] in UP_ACTIONS]
    assert not ups, _explain(doc, decision)


# ---- 6. load goes up by one step, or at most 10 % --------------------------------------------


@settings(max_examples=100, deadline=None)
@given(LOADED)
def test_load_increase_is_one_step_to_ten_percent(doc: Doc) -> None:
    decision = decide_json(doc)
    for p in decision["progression"]:
        if p["action"] != "increase_load":
            continue
        frm, to = p["from"], p["to"]
        assert to["variant"] == frm["variant"], p
        variant = CATALOGUE[p["exercise"]].variant(frm["variant"])
        event(f"increase_load on a {variant.load} variant")
        if variant.load == "band":
            assert BANDS.index(to["band"]) == BANDS.index(frm["band"]) + 1, p
            continue
        assert variant.load in ("dumbbell", "barbell"), p
        step = step_kg(doc, variant.load)
        rise = to["load_kg"] - frm["load_kg"]
        assert rise >= step - EPS, (p, step)
        assert rise <= max(step, 0.10 * frm["load_kg"]) + EPS, (p, step)


# ---- 7. today is what progression says -------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(TRAINING)
def test_today_agrees_with_progression(doc: Doc) -> None:
    decision = decide_json(doc)
    today = today_by_id(decision)
    assert len(today) == len(decision["today"]["exercises"])  # each exercise once
    for p in decision["progression"]:
        event(f"progression: {p['action']}")
        assert p["exercise"] in today, _explain(doc, decision)
        t, to = today[p["exercise"]], p["to"]
        assert (t["variant"], t["load_kg"], t["band"]) == (
            to["variant"],
            to["load_kg"],
            to["band"],
        ), p


# ---- 8. invalid input is one InvalidInput naming its path ------------------------------------

NUMBER_KEYS = frozenset(
    {
        "body_mass_kg",
        "dumbbell_step_kg",
        "barbell_step_kg",
        "gap_finger_widths",
        "max_hold_s",
        "holds_10s",
        "quick_flicks",
        "severity",
        "sleep_h",
        "stress",
        "water_ml",
        "reps",
        "load_kg",
        "rir",
    }
)
BOOL_KEYS = frozenset(
    {
        "severe_perineal_tear",
        "doming",
        "carried_baby_one_side",
        "hunched_feeding",
        "felt_down",
        "little_interest",
    }
)


def _nodes(node: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    found = [(path, node)]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _nodes(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _nodes(v, (*path, i))
    return found


def required_paths(doc: Doc) -> list[Path]:
    """Every key SPEC 3.1 requires in this document, conditional ones included."""
    found: list[Path] = [("as_of",), ("profile",)]
    found += [
        ("profile", k) for k in ("delivery_date", "delivery", "body_mass_kg", "breastfeeding")
    ]
    for i, c in enumerate(doc.get("clearances") or []):
        found += [("clearances", i, k) for k in ("date", "by") if k in c]
    for i, _ in enumerate(doc.get("overrides") or []):
        found += [("overrides", i, k) for k in ("date", "phase", "by", "reason")]
    for i, a in enumerate(doc.get("assessments") or []):
        found += [("assessments", i, k) for k in a]  # every assessment field is required
    for i, s in enumerate(doc.get("symptoms") or []):
        found += [("symptoms", i, k) for k in ("date", "code", "during")]
        if s["during"] == "exercise":
            found.append(("symptoms", i, "exercise"))
        if s["code"] in PAIN_CODES:
            found.append(("symptoms", i, "severity"))
    for i, _ in enumerate(doc.get("checkins") or []):
        found.append(("checkins", i, "date"))
    for i, session in enumerate(doc.get("sessions") or []):
        found += [("sessions", i, "date"), ("sessions", i, "exercises")]
        for j, e in enumerate(session["exercises"]):
            base: Path = ("sessions", i, "exercises", j)
            found += [(*base, k) for k in ("exercise", "variant", "sets")]
            load = CATALOGUE[e["exercise"]].variant(e["variant"]).load
            for k, _ in enumerate(e["sets"]):
                found += [(*base, "sets", k, "reps"), (*base, "sets", k, "form")]
                if load in ("dumbbell", "barbell"):
                    found.append((*base, "sets", k, "load_kg"))
                elif load == "band":
                    found.append((*base, "sets", k, "band"))
    return found


def show_path(path: Path) -> str:
    """SPEC 3: `sessions[3].exercises[0].exercise`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _parent(doc: Doc, path: Path) -> Any:
    node: Any = doc
    for part in path[:-1]:
        node = node[part]
    return node


@st.composite
def broken_scenarios(draw: st.DrawFn) -> tuple[Doc, str, str]:
    """A valid scenario with exactly one thing broken: (document, path broken, what was done)."""
    doc = draw(scenarios())
    nodes = _nodes(doc)
    how = draw(
        st.sampled_from(["drop_required", "string_for_number", "unknown_key", "int_for_bool"])
    )
    if how == "drop_required":
        path = draw(st.sampled_from(required_paths(doc)))
        del _parent(doc, path)[path[-1]]
    elif how == "string_for_number":
        numbers = [
            p
            for p, v in nodes
            if isinstance(v, int | float)
            and not isinstance(v, bool)
            and ((p and p[-1] in NUMBER_KEYS) or (len(p) > 1 and p[-2] == "protein_g_by_meal"))
        ]
        path = draw(st.sampled_from(numbers))
        parent = _parent(doc, path)
        parent[path[-1]] = draw(st.sampled_from([str(parent[path[-1]]), "12", "", "ten"]))
    elif how == "unknown_key":
        objects = [p for p, v in nodes if isinstance(v, dict)]
        where = draw(st.sampled_from(objects))
        key = "unknown_" + draw(st.from_regex(r"[a-z]{1,6}", fullmatch=True))
        path = (*where, key)
        node: Any = doc
        for part in where:
            node = node[part]
        node[key] = draw(st.sampled_from([None, 1, "x", True, [], {}]))
    else:
        bools = [p for p, v in nodes if p and p[-1] in BOOL_KEYS and v is not None]
        path = draw(st.sampled_from([("profile", "severe_perineal_tear"), *bools]))
        _parent(doc, path)[path[-1]] = draw(st.sampled_from([1, 0]))
    return doc, show_path(path), how


@settings(max_examples=200, deadline=None)
@given(broken_scenarios())
def test_invalid_input_is_one_invalid_input_naming_its_path(case: tuple[Doc, str, str]) -> None:
    doc, path, how = case
    event(how)
    try:
        parse_scenario_data(doc)
    except InvalidInput as e:
        message = str(e)
        assert "\n" not in message
        assert e.path == path, (how, message)
        assert message.startswith(f"{path}: got "), (how, message)
    else:
        raise AssertionError(f"{how} at {path} was accepted")
