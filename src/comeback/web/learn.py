"""The Learn pages as data: which lessons exist, what each is for and where it comes from.

Each lesson is one short page in plain words (templates/learn/<slug>.html) that ends with its
sources. `LESSON_FOR` maps the codes the rest of the app shows (catalogue exercise ids,
phases, gate codes met and unmet, habit, referral, adjustment and symptom codes) to the
lesson that explains them, so an exercise card or a reason can link to its "why".

The numbers the pages quote are not typed into the templates: `NUMBERS` reads them from the
domain's named constants, and the warning signs are grouped by `comeback.domain.safety`'s
code lists and defined in its words (urgent signs) or the "something feels wrong" list's
(`comeback.web.signs`), so a page never promises a threshold the engine does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Literal

from comeback.domain import engine, nutrition, phases, prescription, progression, safety
from comeback.domain.catalogue import load_catalogue
from comeback.web import signs

LessonPhase = Literal[
    "before_clearance", "foundation", "activation", "strengthening", "every_day", "safety"
]


@dataclass(frozen=True)
class Source:
    text: str
    url: str


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str
    summary: str  # one sentence, shown on the index
    phase: LessonPhase
    sources: tuple[Source, ...]


PHASE_TITLES: dict[LessonPhase, str] = {
    "before_clearance": "Before you are cleared",
    "foundation": "Foundation: breath, deep core and pelvic floor",
    "activation": "Activation: find your glutes",
    "strengthening": "Strengthening: build the strength",
    "every_day": "Every day: food, water, sleep and posture",
    "safety": "Staying safe",
}

# ---- sources (each checked: title, year and address) -----------------------------------

NICE_NG194 = Source("NICE NG194. Postnatal care. 2021.", "https://www.nice.org.uk/guidance/ng194")
NICE_NG210 = Source(
    "NICE NG210. Pelvic floor dysfunction: prevention and non-surgical management. 2021.",
    "https://www.nice.org.uk/guidance/ng210",
)
NICE_NG123 = Source(
    "NICE NG123. Urinary incontinence and pelvic organ prolapse in women: management. 2019.",
    "https://www.nice.org.uk/guidance/ng123",
)
NICE_QS77 = Source(
    "NICE QS77. Urinary incontinence in women (quality standard). 2015.",
    "https://www.nice.org.uk/guidance/qs77",
)
NICE_QS37 = Source(
    "NICE QS37. Postnatal care (quality standard). First published 2013.",
    "https://www.nice.org.uk/guidance/qs37",
)
NICE_CG192 = Source(
    "NICE CG192. Antenatal and postnatal mental health: clinical management and service "
    "guidance. 2014.",
    "https://www.nice.org.uk/guidance/cg192",
)
ACOG_804 = Source(
    "ACOG Committee Opinion No. 804. Physical activity and exercise during pregnancy and the "
    "postpartum period. Obstetrics & Gynecology, 2020.",
    "https://www.acog.org/clinical/clinical-guidance/committee-opinion/articles/2020/04/"
    "physical-activity-and-exercise-during-pregnancy-and-the-postpartum-period",
)
WHO_2020 = Source(
    "World Health Organization. WHO guidelines on physical activity and sedentary behaviour. 2020.",
    "https://www.who.int/publications/i/item/9789240015128",
)
GOOM_2019 = Source(
    "Goom T, Donnelly G, Brockwell E. Returning to running postnatal: guidelines for medical, "
    "health and fitness professionals managing this population. 2019.",
    "https://www.researchgate.net/publication/335928424_Returning_to_running_postnatal_-"
    "_guidelines_for_medical_health_and_fitness_professionals_managing_this_population",
)
DONNELLY_2020 = Source(
    "Donnelly GM, Rankin A, Mills H, et al. Infographic: guidance for medical, health and "
    "fitness professionals to support women in returning to running postnatally. British "
    "Journal of Sports Medicine, 2020; 54(18): 1114-1115.",
    "https://bjsm.bmj.com/content/54/18/1114",
)
RCOG_GTG29 = Source(
    "RCOG Green-top Guideline No. 29. The management of third- and fourth-degree perineal "
    "tears. 2015.",
    "https://www.rcog.org.uk/guidance/browse-all-guidance/green-top-guidelines/"
    "third-and-fourth-degree-perineal-tears-management-green-top-guideline-no-29/",
)
HSE_CAESAREAN = Source(
    "HSE (Ireland). Recovering after a caesarean.",
    "https://www2.hse.ie/pregnancy-birth/birth/caesarean-birth/recovering/",
)
BENJAMIN_2014 = Source(
    "Benjamin DR, van de Water ATM, Peiris CL. Effects of exercise on diastasis of the rectus "
    "abdominis muscle in the antenatal and postnatal periods: a systematic review. "
    "Physiotherapy, 2014; 100(1): 1-8.",
    "https://www.physiotherapyjournal.com/article/S0031-9406(13)00083-7/fulltext",
)
DISTEFANO_2009 = Source(
    "Distefano LJ, Blackburn JT, Marshall SW, Padua DA. Gluteal muscle activation during "
    "common therapeutic exercises. Journal of Orthopaedic & Sports Physical Therapy, 2009; "
    "39(7): 532-540.",
    "https://www.jospt.org/doi/10.2519/jospt.2009.2796",
)
NETO_2020 = Source(
    "Neto WK, Soares EG, Vieira TL, et al. Gluteus maximus activation during common strength "
    "and hypertrophy exercises: a systematic review. Journal of Sports Science and Medicine, "
    "2020; 19: 195-203.",
    "https://www.jssm.org/hfabst.php?id=jssm-19-195.xml",
)
ACSM_2009 = Source(
    "American College of Sports Medicine. Position stand: progression models in resistance "
    "training for healthy adults. Medicine & Science in Sports & Exercise, 2009; 41(3): "
    "687-708.",
    "https://doi.org/10.1249/MSS.0b013e3181915670",
)
MORTON_2018 = Source(
    "Morton RW, Murphy KT, McKellar SR, et al. A systematic review, meta-analysis and "
    "meta-regression of the effect of protein supplementation on resistance training-induced "
    "gains in muscle mass and strength in healthy adults. British Journal of Sports Medicine, "
    "2018; 52(6): 376-384.",
    "https://doi.org/10.1136/bjsports-2017-097608",
)
SCHOENFELD_2018 = Source(
    "Schoenfeld BJ, Aragon AA. How much protein can the body use in a single meal for "
    "muscle-building? Journal of the International Society of Sports Nutrition, 2018; 15: 10.",
    "https://doi.org/10.1186/s12970-018-0215-1",
)
IOM_2005_PROTEIN = Source(
    "Institute of Medicine. Dietary Reference Intakes for energy, carbohydrate, fiber, fat, "
    "fatty acids, cholesterol, protein, and amino acids. National Academies Press, 2005.",
    "https://doi.org/10.17226/10490",
)
IOM_2004_WATER = Source(
    "Institute of Medicine. Dietary Reference Intakes for water, potassium, sodium, chloride, "
    "and sulfate. National Academies Press, 2004 (published 2005).",
    "https://doi.org/10.17226/10925",
)
WHOOLEY_1997 = Source(
    "Whooley MA, Avins AL, Miranda J, Browner WS. Case-finding instruments for depression: "
    "two questions are as good as many. Journal of General Internal Medicine, 1997; 12(7): "
    "439-445.",
    "https://doi.org/10.1046/j.1525-1497.1997.00076.x",
)
NHS_FEEDING_POSITION = Source(
    "NHS. Breastfeeding: positioning and attachment.",
    "https://www.nhs.uk/baby/breastfeeding-and-bottle-feeding/breastfeeding/"
    "positioning-and-attachment/",
)

# ---- the lessons, in reading order --------------------------------------------------------

LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "why-glutes-switch-off",
        "Why your glutes switch off after pregnancy",
        "How pregnancy tips the pelvis forward and leaves the glutes long and quiet, and why "
        "that is fixable.",
        "before_clearance",
        (DONNELLY_2020, ACOG_804, BENJAMIN_2014),
    ),
    Lesson(
        "core-and-pelvic-floor-first",
        "Why the deep core and pelvic floor come first",
        "Why Comeback starts on the inside, with breath, deep tummy muscles and the pelvic "
        "floor, before any glute work.",
        "before_clearance",
        (NICE_NG210, BENJAMIN_2014, GOOM_2019),
    ),
    Lesson(
        "clearance",
        "Clearance at about six weeks",
        "What medical clearance is, who gives it, and why Comeback waits for it before glute work.",
        "before_clearance",
        (NICE_NG194, ACOG_804, RCOG_GTG29, HSE_CAESAREAN),
    ),
    Lesson(
        "foundation",
        "The foundation phase",
        "Breathing, pelvic tilts, pelvic-floor squeezes and gentle leg moves that wake up your "
        "deep core.",
        "foundation",
        (NICE_NG210, NICE_NG123, BENJAMIN_2014, WHO_2020),
    ),
    Lesson(
        "diastasis-check",
        "Self-check: the finger-width tummy gap",
        "How to check the gap down the middle of your tummy with your fingers, and what the "
        "numbers mean.",
        "foundation",
        (BENJAMIN_2014, GOOM_2019, DONNELLY_2020),
    ),
    Lesson(
        "doming",
        "Self-check: doming",
        "What a ridge along the middle of your tummy looks like, and what to do when you see one.",
        "foundation",
        (BENJAMIN_2014, GOOM_2019),
    ),
    Lesson(
        "pelvic-floor-check",
        "Self-check: pelvic-floor holds and quick squeezes",
        "How to find your pelvic floor, count your 10-second holds and quick squeezes, and "
        "when to ask for help.",
        "foundation",
        (GOOM_2019, NICE_NG210, NICE_NG123, NICE_QS77),
    ),
    Lesson(
        "activation",
        "The activation phase: feel your glutes",
        "Slow, light, many reps: learning to feel the squeeze in your glutes, not your "
        "hamstrings or low back.",
        "activation",
        (DISTEFANO_2009, GOOM_2019, ACOG_804),
    ),
    Lesson(
        "strengthening",
        "The strengthening phase",
        "Hip thrusts, step-ups and split squats, made harder step by step, and only while "
        "your form stays good.",
        "strengthening",
        (NETO_2020, ACSM_2009, DONNELLY_2020, HSE_CAESAREAN),
    ),
    Lesson(
        "protein",
        "Protein at every meal",
        "How much protein helps your muscles recover, and how to spread it over the day.",
        "every_day",
        (MORTON_2018, SCHOENFELD_2018, IOM_2005_PROTEIN),
    ),
    Lesson(
        "water",
        "Water, and more when you breastfeed",
        "How much to drink, why breastfeeding raises it, and why forcing fluids does not help.",
        "every_day",
        (IOM_2004_WATER, NICE_NG194),
    ),
    Lesson(
        "sleep-and-stress",
        "Sleep, stress and feeling low",
        "Why short nights and stress slow recovery, what Comeback changes on those days, and "
        "where to find help.",
        "every_day",
        (GOOM_2019, NICE_CG192, WHOOLEY_1997),
    ),
    Lesson(
        "posture",
        "Posture in daily life",
        "Carrying the baby, feeding and lifting in ways that share the work between both "
        "sides of your body.",
        "every_day",
        (NHS_FEEDING_POSITION, HSE_CAESAREAN, WHO_2020),
    ),
    Lesson(
        "warning-signs",
        "Warning signs: when to stop",
        "What each stop sign means in plain words, whom to call, and how to tell Comeback.",
        "safety",
        (NICE_NG194, NICE_QS37, NICE_NG210, NICE_CG192),
    ),
)

_BY_SLUG = {lesson.slug: lesson for lesson in LESSONS}


def lesson(slug: str) -> Lesson | None:
    return _BY_SLUG.get(slug)


def lessons_by_phase() -> tuple[tuple[str, tuple[Lesson, ...]], ...]:
    """The index: each phase's title with its lessons, phases in the order of PHASE_TITLES."""
    return tuple(
        (title, tuple(x for x in LESSONS if x.phase == phase))
        for phase, title in PHASE_TITLES.items()
    )


# ---- which lesson explains which code ---------------------------------------------------

_EXERCISE_LESSON = {
    "foundation": "foundation",
    "activation": "activation",
    "strengthening": "strengthening",
}

_GATE_LESSON = {
    "medical_clearance": "clearance",
    "pelvic_health_review": "clearance",
    "foundation_practised": "foundation",
    "pelvic_floor_ready": "pelvic-floor-check",
    "core_ready": "diastasis-check",
    "symptom_free": "warning-signs",
    "weeks_since_birth": "strengthening",
    "activation_practised": "activation",
    "glutes_firing": "activation",
    "activation_targets": "activation",
    "form_good": "activation",
}


def _lesson_for() -> dict[str, str]:
    found: dict[str, str] = {}
    for ex in load_catalogue().exercises.values():
        found[ex.id] = _EXERCISE_LESSON[ex.phase]
    found["pelvic_floor_hold"] = "pelvic-floor-check"
    found["pelvic_floor_quick"] = "pelvic-floor-check"
    found.update(
        {
            "foundation": "foundation",
            "activation": "activation",
            "strengthening": "strengthening",
            "paused": "warning-signs",
        }
    )
    for code, slug in _GATE_LESSON.items():
        found[code] = slug
        found[f"not_{code}"] = slug
    found.update(
        {
            # habits (SPEC 3.6) and the caesarean advice
            "alternate_carry_side": "posture",
            "tall_feeding_posture": "posture",
            "protect_sleep": "sleep-and-stress",
            "ease_stress": "sleep-and-stress",
            "protein_every_meal": "protein",
            "drink_water": "water",
            "mood_support": "sleep-and-stress",
            "caesarean_recovery": "clearance",
            # referrals (SPEC 3.3)
            "pelvic_health_physio": "pelvic-floor-check",
            "gp_or_health_visitor": "sleep-and-stress",
            # today's adjustments (SPEC 3.5)
            "low_readiness": "sleep-and-stress",
            "modify_triage": "warning-signs",
            "assessment_below_bar": "core-and-pelvic-floor-first",
        }
    )
    for code in safety.SYMPTOM_CODES:
        found[code] = "warning-signs"
    found["doming"] = "doming"
    found["urine_leak"] = "pelvic-floor-check"
    return found


LESSON_FOR: dict[str, str] = _lesson_for()


# ---- the numbers the pages quote, read from the engine ---------------------------------


@dataclass(frozen=True)
class Numbers:
    clearance_weeks: int
    strength_weeks: int
    strength_weeks_caesarean: int
    practised_sessions: int
    practised_span_days: int
    symptom_free_days: int
    pelvic_floor_holds: int
    pelvic_floor_flicks: int
    hold_s: int
    gap_fingers: str
    glutes_share_pct: int
    glutes_sessions: int
    activation_targets: tuple[tuple[str, int, int], ...]  # (exercise name, sets, reps)
    form_sessions: int
    foundation_sets: int
    working_sets: int
    warm_up_sets: int
    up_sessions: int
    rir_min: int
    break_days: int
    protein_g_per_kg: str
    protein_lactation_min_g: int
    protein_meals: int
    protein_example_kg: int
    protein_example_day_g: int
    protein_example_meal_g: int
    water_lactation_ml: str
    water_other_ml: str
    water_short_lactation_ml: str
    water_short_other_ml: str
    sleep_habit_h: int
    sleep_ready_h: int
    stress_high: int
    pain_stop: int
    triage_days: int
    leak_days: int


PROTEIN_EXAMPLE_KG = 68  # the worked example of docs/method.md


def _ml(amount: Decimal) -> str:
    return f"{nutrition.round_half_up(amount):,}"


def _numbers() -> Numbers:
    cat = load_catalogue()
    hold_s = cat["pelvic_floor_hold"].hold_s
    example_day = nutrition.round_half_up(nutrition.PROTEIN_G_PER_KG * PROTEIN_EXAMPLE_KG)
    return Numbers(
        clearance_weeks=phases.CLEARANCE_MIN_DAYS // 7,
        strength_weeks=phases.STRENGTH_FLOOR_DAYS["vaginal"] // 7,
        strength_weeks_caesarean=phases.STRENGTH_FLOOR_DAYS["caesarean"] // 7,
        practised_sessions=phases.PRACTISED_SESSIONS,
        practised_span_days=phases.PRACTISED_SPAN_DAYS,
        symptom_free_days=phases.SYMPTOM_FREE_DAYS,
        pelvic_floor_holds=phases.PELVIC_FLOOR_HOLDS_READY,
        pelvic_floor_flicks=phases.PELVIC_FLOOR_FLICKS_READY,
        hold_s=hold_s if hold_s is not None else 10,
        gap_fingers=f"{phases.DIASTASIS_GAP_SOFT_MAX:g}",
        glutes_share_pct=round(phases.GLUTES_FIRING_SHARE * 100),
        glutes_sessions=phases.GLUTES_FIRING_SESSIONS,
        activation_targets=tuple(
            (cat[ex].name.lower(), n_sets, reps)
            for ex, (n_sets, reps) in phases.ACTIVATION_TARGETS.items()
        ),
        form_sessions=phases.FORM_WINDOW_SESSIONS,
        foundation_sets=prescription.FOUNDATION_SETS,
        working_sets=prescription.WORKING_SETS,
        warm_up_sets=prescription.WARM_UP_SETS,
        up_sessions=progression.UP_SESSIONS,
        rir_min=progression.RIR_MIN_FOR_UP,
        break_days=progression.BREAK_DAYS,
        protein_g_per_kg=f"{nutrition.PROTEIN_G_PER_KG:g}",
        protein_lactation_min_g=nutrition.PROTEIN_G_LACTATION_MIN,
        protein_meals=nutrition.PROTEIN_MEALS,
        protein_example_kg=PROTEIN_EXAMPLE_KG,
        protein_example_day_g=example_day,
        protein_example_meal_g=nutrition.round_half_up(
            Decimal(example_day) / nutrition.PROTEIN_MEALS
        ),
        water_lactation_ml=f"{nutrition.WATER_ML_LACTATION:,}",
        water_other_ml=f"{nutrition.WATER_ML_OTHERWISE:,}",
        water_short_lactation_ml=_ml(nutrition.WATER_SHORT_SHARE * nutrition.WATER_ML_LACTATION),
        water_short_other_ml=_ml(nutrition.WATER_SHORT_SHARE * nutrition.WATER_ML_OTHERWISE),
        sleep_habit_h=nutrition.SLEEP_SHORT_H,
        sleep_ready_h=engine.LOW_SLEEP_H,
        stress_high=engine.HIGH_STRESS,
        pain_stop=safety.PAIN_STOP_SEVERITY,
        triage_days=safety.TRIAGE_WINDOW_DAYS,
        leak_days=safety.LEAK_DAYS_FOR_REFERRAL,
    )


NUMBERS = _numbers()


# ---- the warning signs, grouped as the engine triages them -------------------------------


@dataclass(frozen=True)
class Sign:
    code: str
    words: str  # safety.WORDS: what she reports
    meaning: str  # what it looks or feels like, in plain words


@dataclass(frozen=True)
class SignGroup:
    level: Literal["stop", "modify"]
    title: str
    what_to_do: str
    signs: tuple[Sign, ...]


def _meaning(code: str) -> str:
    """An urgent sign as safety.py defines it; any other as the 'something feels wrong' list
    words it (comeback.web.signs), so the two pages never describe a sign differently."""
    return safety.URGENT_SIGNS.get(code) or signs.sign(code).defined


def _signs(codes: tuple[str, ...]) -> tuple[Sign, ...]:
    return tuple(Sign(c, safety.WORDS[c], _meaning(c)) for c in codes)


def _pain(code: str, stop: bool) -> Sign:
    cut = safety.PAIN_STOP_SEVERITY
    scale = f"{cut} or more out of 10" if stop else f"1 to {cut - 1} out of 10"
    return Sign(code, f"{safety.WORDS[code]} of {scale}", _meaning(code))


@cache
def sign_groups() -> tuple[SignGroup, ...]:
    """The warning signs by what she must do, read on first use (signs.toml loads lazily)."""
    return (
        SignGroup(
            "stop",
            "Get help now",
            "Call your emergency number (999 in the UK, 112 in Europe, 911 in the US) or your "
            "maternity unit now. If you have thoughts of harming yourself or your baby, call a "
            "crisis line or your emergency number. Do not train. Training stays paused until a "
            "clinician records that you are clear.",
            _signs(tuple(safety.URGENT_SIGNS)),
        ),
        SignGroup(
            "stop",
            "Stop and see a pelvic-health physio",
            "Stop glute and core training and book a pelvic-health physiotherapist (your GP or "
            "midwife can refer you). Keep doing gentle breathing and pelvic-floor holds: they "
            "are part of the treatment. Training starts again when a pelvic-health clearance "
            "is recorded.",
            _signs(safety.PELVIC_FLOOR_CODES),
        ),
        SignGroup(
            "stop",
            "Stop training and see a clinician",
            "Stop training today and see your GP, midwife or physio. Training starts again "
            "when a clearance dated after your report is recorded.",
            _signs(safety.STOP_CODES) + tuple(_pain(c, stop=True) for c in safety.PAIN_CODES),
        ),
        SignGroup(
            "modify",
            "Keep going, with easier versions",
            "The exercise it happened in steps back, and nothing gets harder until "
            f"{safety.TRIAGE_WINDOW_DAYS} days pass without it. If it gets worse or keeps "
            "happening, see a pelvic-health physio.",
            _signs(safety.MODIFY_CODES) + tuple(_pain(c, stop=False) for c in safety.PAIN_CODES),
        ),
    )
