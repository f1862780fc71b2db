"""The FHIR R4 bundle of her observations: valid by the fhir.resources models, coded, complete."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from builders import day, scenario
from pydantic import ValidationError

from comeback.fhir_export import LOINC, bundle, validate
from comeback.scenario import parse_scenario, parse_scenario_data

DEMO_TEXT = resources.files("comeback.data").joinpath("demo_10_weeks.json").read_text("utf-8")


def _observations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "Observation"]


def _codes(resource: dict[str, Any]) -> set[tuple[str, str]]:
    found = {(c["system"], c["code"]) for c in resource["code"]["coding"]}
    for part in resource.get("component", []):
        found |= {(c["system"], c["code"]) for c in part["code"]["coding"]}
    return found


def test_the_demo_bundle_validates_with_the_r4b_models() -> None:
    doc = bundle(parse_scenario(DEMO_TEXT), "user-1")
    parsed = validate(json.loads(json.dumps(doc)))  # what goes over the wire parses back
    assert parsed.type == "collection"
    assert parsed.entry[0].resource.__resource_type__ == "Patient"


def test_one_observation_per_record() -> None:
    s = parse_scenario(DEMO_TEXT)
    observations = _observations(bundle(s, "user-1"))
    assert len(observations) == 1 + len(s.assessments) + len(s.symptoms) + len(s.checkins)
    assert len(observations) == 1 + 4 + 1 + 15


def test_body_weight_is_loinc_29463_7_in_kg() -> None:
    weight = _observations(bundle(parse_scenario(DEMO_TEXT), "u"))[0]
    assert weight["code"]["coding"][0] == {
        "system": LOINC,
        "code": "29463-7",
        "display": "Body weight",
    }
    assert weight["valueQuantity"] == {
        "value": 71.0,
        "unit": "kg",
        "system": "http://unitsofmeasure.org",
        "code": "kg",
    }


def test_sleep_is_loinc_93832_4_and_pain_severity_72514_3() -> None:
    doc = parse_scenario_data(
        scenario(
            checkins=[{"date": day(60), "sleep_h": 5.5, "stress": 3, "felt_down": True}],
            symptoms=[
                {"date": day(61), "code": "back_pain", "during": "daily_life", "severity": 3}
            ],
        )
    )
    obs = _observations(bundle(doc, "u"))
    symptom, checkin = obs[1], obs[2]
    assert (LOINC, "72514-3") in _codes(symptom)
    assert {"system": LOINC, "code": "93832-4", "display": "Sleep duration"} in [
        c["code"]["coding"][0] for c in checkin["component"]
    ]
    sleep = next(c for c in checkin["component"] if c["code"]["coding"][0]["code"] == "93832-4")
    assert sleep["valueQuantity"]["value"] == 5.5
    assert sleep["valueQuantity"]["code"] == "h"
    felt_down = next(
        c for c in checkin["component"] if c["code"]["coding"][0]["code"] == "whooley-felt-down"
    )
    assert felt_down["valueBoolean"] is True
    # absent answers give no component (no water, protein, posture, interest)
    assert len(checkin["component"]) == 3


def test_assessments_carry_their_figures_under_local_codes() -> None:
    s = parse_scenario_data(
        scenario(
            assessments=[
                {
                    "date": day(42),
                    "kind": "diastasis",
                    "gap_finger_widths": 2.5,
                    "depth": "soft",
                    "doming": False,
                },
                {
                    "date": day(42),
                    "kind": "pelvic_floor",
                    "max_hold_s": 10,
                    "holds_10s": 8,
                    "quick_flicks": 12,
                },
            ]
        )
    )
    diastasis, pelvic = _observations(bundle(s, "u"))[1:]
    assert diastasis["effectiveDateTime"] == day(42)
    values = {c["code"]["coding"][0]["code"]: c for c in diastasis["component"]}
    assert values["diastasis-gap"]["valueQuantity"]["value"] == 2.5
    assert values["diastasis-depth"]["valueCodeableConcept"]["coding"][0]["code"] == "soft"
    assert values["diastasis-doming"]["valueBoolean"] is False
    counts = {c["code"]["coding"][0]["code"]: c for c in pelvic["component"]}
    assert counts["pelvic-floor-holds-10s"]["valueInteger"] == 8
    assert counts["pelvic-floor-quick-flicks"]["valueInteger"] == 12


def test_every_observation_refers_to_the_one_patient_and_ids_are_stable() -> None:
    s = parse_scenario(DEMO_TEXT)
    doc = bundle(s, "user-1")
    patient = doc["entry"][0]["fullUrl"]
    assert all(o["subject"]["reference"] == patient for o in _observations(doc))
    assert bundle(s, "user-1") == doc
    assert bundle(s, "user-2")["entry"][0]["fullUrl"] != patient
    assert "user-1" not in json.dumps(doc)  # the Patient id does not reveal her account id
    assert len({e["fullUrl"] for e in doc["entry"]}) == len(doc["entry"])


def test_a_broken_bundle_does_not_validate() -> None:
    doc = bundle(parse_scenario(DEMO_TEXT), "u")
    doc["entry"][1]["resource"]["valueQuantity"]["value"] = "heavy"
    with pytest.raises(ValidationError):
        validate(doc)
