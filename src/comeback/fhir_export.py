"""Her observations as a FHIR R4 Bundle (type "collection"), for a clinic system to import.

One Patient (an opaque id, no name: the clinic matches her by its own means) and one
Observation per record: her body mass, each assessment, each symptom, each check-in.
Codes are LOINC where LOINC has a code that means the same thing; otherwise they come from
our own code systems under `https://comeback.app/fhir/CodeSystem/...` (each such choice says
why below). Sets are training logs, not observations: they go out as CSV (exports.py).

The bundle is validated with the `fhir.resources` models of FHIR R4B (4.3.0). fhir.resources
8.x ships R5 as its default models and R4B and STU3 as subpackages, with no R4 (4.0.1) one;
R4B changed nothing in Bundle, Patient or Observation, so what validates here is R4 too.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from comeback.domain import model as m

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LOCAL = "https://comeback.app/fhir/CodeSystem/observation"  # ours: no LOINC code means this
SYMPTOM = "https://comeback.app/fhir/CodeSystem/symptom"  # SPEC 3.3's codes
EXERCISE = "https://comeback.app/fhir/CodeSystem/exercise"  # SPEC 3.2's catalogue ids
ANSWER = "https://comeback.app/fhir/CodeSystem/answer"  # depth, during
MEDIA_TYPE = "application/fhir+json"

# uuid5 namespace for the ids in a bundle: the same history gives the same ids (stable
# across exports, so a clinic re-importing updates rather than duplicates), and the Patient
# id does not reveal her account id.
_NAMESPACE = uuid.UUID("6f1d3c2a-8a44-5b7e-9a51-3c0e2b7d4f10")

BODY_WEIGHT = (LOINC, "29463-7", "Body weight")
SLEEP_DURATION = (LOINC, "93832-4", "Sleep duration")
PAIN_SEVERITY = (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
# The Whooley questions are yes/no over the past month (NICE CG192). LOINC 44255-8 and
# 44250-9 are the PHQ-2/PHQ-9 items, answered on a 4-step frequency scale over two weeks:
# a different question, so they are not claimed here; local codes instead.
FELT_DOWN = (LOCAL, "whooley-felt-down", "Often bothered by feeling down, depressed or hopeless")
LITTLE_INTEREST = (
    LOCAL,
    "whooley-little-interest",
    "Often bothered by little interest or pleasure in doing things",
)
# LOINC 9108-2 is total 24-hour fluid intake (food and infusions included); she logs drinks.
WATER_FROM_DRINKS = (LOCAL, "water-from-drinks", "Water from drinks in a day")
PROTEIN_INTAKE = (LOCAL, "protein-intake", "Protein eaten in a day (sum of meals)")
STRESS = (LOCAL, "stress-1-5", "Stress, self-rated 1 (low) to 5 (high)")
CARRIED_ONE_SIDE = (LOCAL, "carried-baby-one-side", "Carried the baby on one hip")
HUNCHED_FEEDING = (LOCAL, "hunched-feeding", "Hunched while feeding")
CHECK_IN = (LOCAL, "daily-check-in", "Daily check-in")
# No LOINC code for a finger-width diastasis recti self-check or a pelvic-floor hold count.
DIASTASIS = (LOCAL, "diastasis-recti-check", "Diastasis recti self-check")
GAP = (LOCAL, "diastasis-gap", "Gap between the rectus muscles, in finger widths")
DEPTH = (LOCAL, "diastasis-depth", "Depth of the gap (firm or soft)")
DOMING = (LOCAL, "diastasis-doming", "Doming along the midline")
PELVIC_FLOOR = (LOCAL, "pelvic-floor-check", "Pelvic-floor contraction check")
MAX_HOLD = (LOCAL, "pelvic-floor-max-hold", "Longest pelvic-floor hold")
HOLDS = (LOCAL, "pelvic-floor-holds-10s", "Pelvic-floor holds of 10 seconds")
FLICKS = (LOCAL, "pelvic-floor-quick-flicks", "Quick pelvic-floor contractions")
DURING = (LOCAL, "symptom-during", "When the symptom came")
SYMPTOM_EXERCISE = (LOCAL, "symptom-exercise", "Exercise during which it came")
SEVERITY = (LOCAL, "symptom-severity", "Severity 0-10")
PAIN_CODES = frozenset({"pelvic_pain", "back_pain"})

Code = tuple[str, str, str]


def _concept(code: Code, text: str | None = None) -> dict[str, Any]:
    system, value, display = code
    return {
        "coding": [{"system": system, "code": value, "display": display}],
        "text": text or display,
    }


def _category(value: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": value}]}]


def _quantity(value: float, unit: str, ucum: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": ucum}


def _component(code: Code, value: Any) -> dict[str, Any] | None:
    """A component with its value under the right `value[x]` key; None for an absent value."""
    if value is None:
        return None
    if isinstance(value, bool):
        key = "valueBoolean"
    elif isinstance(value, int):
        key = "valueInteger"
    elif isinstance(value, dict) and "coding" in value:
        key = "valueCodeableConcept"
    else:
        key = "valueQuantity"
    return {"code": _concept(code), key: value}


def _answer(value: str) -> dict[str, Any]:
    return {"coding": [{"system": ANSWER, "code": value}], "text": value.replace("_", " ")}


def _observation(
    oid: str,
    patient: str,
    code: dict[str, Any],
    category: str,
    on: date,
    components: list[dict[str, Any] | None] | None = None,
    **value: Any,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "category": _category(category),
        "code": code,
        "subject": {"reference": f"urn:uuid:{patient}"},
        "effectiveDateTime": on.isoformat(),
        **value,
    }
    parts = [c for c in components or [] if c is not None]
    if parts:
        resource["component"] = parts
    return resource


def _checkin(c: m.CheckIn) -> list[dict[str, Any] | None]:
    protein = sum(c.protein_g_by_meal) if c.protein_g_by_meal is not None else None
    return [
        _component(SLEEP_DURATION, None if c.sleep_h is None else _quantity(c.sleep_h, "h", "h")),
        _component(STRESS, c.stress),
        _component(
            WATER_FROM_DRINKS, None if c.water_ml is None else _quantity(c.water_ml, "mL", "mL")
        ),
        _component(PROTEIN_INTAKE, None if protein is None else _quantity(protein, "g", "g")),
        _component(CARRIED_ONE_SIDE, c.carried_baby_one_side),
        _component(HUNCHED_FEEDING, c.hunched_feeding),
        _component(FELT_DOWN, c.felt_down),
        _component(LITTLE_INTEREST, c.little_interest),
    ]


def _assessment(a: m.Assessment) -> tuple[Code, list[dict[str, Any] | None]]:
    if isinstance(a, m.DiastasisAssessment):
        return DIASTASIS, [
            # UCUM annotation: a count of her finger widths (dimensionless)
            _component(GAP, _quantity(a.gap_finger_widths, "finger widths", "{finger_widths}")),
            _component(DEPTH, _answer(a.depth)),
            _component(DOMING, a.doming),
        ]
    return PELVIC_FLOOR, [
        _component(MAX_HOLD, _quantity(a.max_hold_s, "s", "s")),
        _component(HOLDS, a.holds_10s),
        _component(FLICKS, a.quick_flicks),
    ]


def _symptom(x: m.Symptom) -> list[dict[str, Any] | None]:
    severity_code = PAIN_SEVERITY if x.code in PAIN_CODES else SEVERITY
    exercise = x.exercise if x.during == "exercise" else None
    return [
        _component(DURING, _answer(x.during)),
        _component(
            SYMPTOM_EXERCISE,
            None if exercise is None else {"coding": [{"system": EXERCISE, "code": exercise}]},
        ),
        _component(severity_code, x.severity),
    ]


def bundle(scenario: m.Scenario, owner_id: str) -> dict[str, Any]:
    """Her observations as a FHIR R4 collection Bundle (JSON-ready), validated by the models.

    One Patient and 1 + assessments + symptoms + check-ins Observations, in that order,
    each in its date order. Example: a profile, 2 assessments and 3 check-ins give 6."""
    patient = str(uuid.uuid5(_NAMESPACE, f"patient:{owner_id}"))

    def oid(kind: str, i: int) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"{patient}:{kind}:{i}"))

    resources: list[dict[str, Any]] = [{"resourceType": "Patient", "id": patient, "active": True}]
    resources.append(
        _observation(
            oid("body-mass", 0),
            patient,
            _concept(BODY_WEIGHT),
            "vital-signs",
            scenario.as_of,
            valueQuantity=_quantity(scenario.profile.body_mass_kg, "kg", "kg"),
        )
    )
    for i, a in enumerate(scenario.assessments):
        code, parts = _assessment(a)
        resources.append(
            _observation(oid("assessment", i), patient, _concept(code), "exam", a.date, parts)
        )
    for i, x in enumerate(scenario.symptoms):
        resources.append(
            _observation(
                oid("symptom", i),
                patient,
                _concept((SYMPTOM, x.code, x.code.replace("_", " "))),
                "survey",
                x.date,
                _symptom(x),
                valueBoolean=True,
            )
        )
    for i, c in enumerate(scenario.checkins):
        resources.append(
            _observation(
                oid("checkin", i), patient, _concept(CHECK_IN), "survey", c.date, _checkin(c)
            )
        )
    doc = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(_NAMESPACE, f"{patient}:bundle:{scenario.as_of.isoformat()}")),
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
    validate(doc)
    return doc


def validate(doc: dict[str, Any]) -> Bundle:
    """Parse a bundle with the fhir.resources R4B models (pydantic ValidationError if not)."""
    return Bundle.model_validate(doc)
