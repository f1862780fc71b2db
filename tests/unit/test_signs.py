"""The stop-screen content matches SPEC 3.3 and safety.py, and every country fills it."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from importlib import resources
from typing import Any

import pytest

from comeback.domain.model import Symptom
from comeback.domain.safety import PAIN_STOP_SEVERITY, SYMPTOM_CODES, URGENT_SIGNS, severity_of
from comeback.web import signs
from comeback.web.signs import (
    Contacts,
    calls,
    contacts,
    fill,
    filled,
    load_contacts,
    load_signs,
    parse_contacts,
    parse_signs,
    sign,
    signs_by_group,
    tel,
)

D = date(2026, 3, 1)

# SPEC 3.3, copied by hand so that a code dropped from safety.py or the TOML fails here.
SPEC_CODES = {
    "urgent": {
        "heavy_bleeding",
        "chest_pain",
        "shortness_of_breath",
        "calf_pain_swelling",
        "severe_headache",
        "visual_disturbance",
        "fainting",
        "fever",
        "thoughts_of_self_harm",
        "thoughts_of_harming_baby",
        "confusion_hallucinations",
    },
    "pelvic_floor": {"vaginal_heaviness_bulge", "faecal_incontinence"},
    "stop": {"dizziness", "wound_problem", "offensive_discharge", "abdominal_bulge_hernia"},
    "modify": {"urine_leak", "doming", "bleeding_returns"},
    "pain": {"pelvic_pain", "back_pain"},
}
REQUIRED_COUNTRIES = (
    "GB IE US CA AU NZ DE FR NL ES IT BE AT SE DK FI PT PL".split()  # noqa: SIM905
)


def raw(name: str) -> dict[str, Any]:
    text = resources.files("comeback.data").joinpath(name).read_text("utf-8")
    return tomllib.loads(text)


def texts(s: signs.Sign) -> list[str]:
    return [s.label, s.defined, *s.do_now, s.partner]


# ---- the codes and their groups ----


def test_every_spec_code_has_a_sign_and_no_other() -> None:
    spec = set().union(*SPEC_CODES.values())
    assert set(load_signs()) == spec == set(SYMPTOM_CODES)


@pytest.mark.parametrize("code", SYMPTOM_CODES)
def test_group_matches_the_spec_and_severity_of(code: str) -> None:
    s = sign(code)
    assert code in SPEC_CODES[s.group]
    if s.group == "pain":
        assert severity_of(Symptom(D, code, "daily_life", None, PAIN_STOP_SEVERITY)) == "stop"
        assert severity_of(Symptom(D, code, "daily_life", None, PAIN_STOP_SEVERITY - 1)) == (
            "modify"
        )
    else:
        assert severity_of(Symptom(D, code, "daily_life")) == s.group


def test_signs_by_group_in_order_with_plain_headings() -> None:
    groups = signs_by_group()
    assert [g for g, _, _ in groups] == ["urgent", "pelvic_floor", "stop", "pain", "modify"]
    headings = dict((g, h) for g, h, _ in groups)
    assert headings["urgent"] == "Get help now"
    assert headings["modify"] == "Keep going, easier"
    for group, _, items in groups:
        assert {s.code for s in items} == SPEC_CODES[group]
        # within a group, the order of safety.SYMPTOM_CODES
        assert [s.code for s in items] == [c for c in SYMPTOM_CODES if c in SPEC_CODES[group]]


def test_unknown_code_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        sign("sneezing")


# ---- the words ----


@pytest.mark.parametrize("code", sorted(URGENT_SIGNS))
def test_urgent_definitions_are_safety_wording(code: str) -> None:
    assert sign(code).defined == URGENT_SIGNS[code]


def test_heavy_bleeding_definition_matches_spec() -> None:
    defined = sign("heavy_bleeding").defined
    assert "soaking a pad within an hour" in defined
    assert "clots bigger than a large coin" in defined
    # the same thresholds where bleeding is mentioned again
    assert "soaks a pad within an hour" in sign("bleeding_returns").do_now[1]
    assert "clots bigger than a large coin" in sign("bleeding_returns").do_now[1]


@pytest.mark.parametrize("code", sorted(SPEC_CODES["urgent"]))
def test_urgent_do_now_starts_with_calling_the_emergency_number(code: str) -> None:
    s = sign(code)
    assert s.do_now[0].startswith("Call {emergency}")
    assert s.call[0] == "emergency"
    assert fill(s.do_now[0], contacts("GB")).startswith("Call 999")
    assert fill(s.do_now[0], contacts("US")).startswith("Call 911")
    assert "{emergency}" in s.partner


@pytest.mark.parametrize("code", sorted(SPEC_CODES["pain"]))
def test_pain_signs_state_the_spec_threshold(code: str) -> None:
    s = sign(code)
    assert PAIN_STOP_SEVERITY == 5
    assert "5 or more" in s.defined and "1 to 4" in s.defined
    assert any(step.startswith("If it is 5 or more") and "stop" in step for step in s.do_now)
    assert any(step.startswith("If it is 1 to 4") and "easier" in step for step in s.do_now)


@pytest.mark.parametrize("code", sorted(SPEC_CODES["modify"]))
def test_modify_signs_say_keep_going_easier(code: str) -> None:
    first = sign(code).do_now[0]
    assert "easier versions" in first
    assert "nothing gets harder until two weeks pass without it" in first


@pytest.mark.parametrize("code", ["urine_leak", "doming"])
def test_referral_rule_is_stated_for_leaks_and_doming(code: str) -> None:
    # SPEC 3.3: a pelvic-health referral after 3 or more days in the 14-day window
    assert any("3 or more days in two weeks" in step for step in sign(code).do_now)


@pytest.mark.parametrize("code", sorted(SPEC_CODES["pelvic_floor"]))
def test_pelvic_floor_signs_keep_the_holds(code: str) -> None:
    s = sign(code)
    assert "pelvic_health_physio" in s.call
    assert any("pelvic-floor holds" in step for step in s.do_now)


@pytest.mark.parametrize("code", SYMPTOM_CODES)
def test_texts_are_short_enough_for_3am(code: str) -> None:
    s = sign(code)
    sentences = re.findall(r"[.!?](?:\s|$)", s.defined)
    assert 1 <= len(sentences) <= 2, s.defined
    assert 1 <= len(s.do_now) <= 4
    assert s.label[0].isupper() and len(s.label) <= 60
    # a temperature like 100.4 is fine; a run of 3 digits is a hard-coded phone number
    assert not re.search(r"(?<![\d.])\d{3,}(?![\d.])", " ".join(texts(s))), "hard-coded number"


@pytest.mark.parametrize("code", SYMPTOM_CODES)
def test_every_sign_cites_a_source(code: str) -> None:
    s = sign(code)
    assert all(u.startswith("https://") for u in (s.source, *s.also))


# ---- the numbers ----


def test_required_countries_are_listed() -> None:
    table = load_contacts()
    assert set(REQUIRED_COUNTRIES) | {"default"} <= set(table)


@pytest.mark.parametrize("country", sorted(raw("emergency.toml")))
def test_every_country_has_a_source(country: str) -> None:
    c = load_contacts()[country]
    assert c.source
    assert all(u.startswith("https://") for u in c.source)


@pytest.mark.parametrize("country", sorted(raw("emergency.toml")))
@pytest.mark.parametrize("code", SYMPTOM_CODES)
def test_placeholders_are_filled_for_every_country(country: str, code: str) -> None:
    c = load_contacts()[country]
    for text in texts(filled(sign(code), c)):
        assert "{" not in text and "}" not in text, text


@pytest.mark.parametrize(
    ("country", "emergency", "advice", "crisis"),
    [
        ("GB", "999", "111", "116 123"),
        ("IE", "112", "", "116 123"),
        ("US", "911", "", "988"),
        ("CA", "911", "811", "988"),
        ("AU", "000", "1800 022 222", "13 11 14"),
        ("NZ", "111", "0800 611 116", "1737"),
        ("DE", "112", "116117", "0800 111 0 111"),
        ("FR", "112", "", "3114"),
    ],
)
def test_known_numbers(country: str, emergency: str, advice: str, crisis: str) -> None:
    c = contacts(country)
    assert (c.country, c.emergency, c.urgent_advice, c.crisis) == (
        country,
        emergency,
        advice,
        crisis,
    )


@pytest.mark.parametrize("country", [c for c in REQUIRED_COUNTRIES if c not in ("GB", "US", "CA")])
def test_eu_and_other_emergency_numbers(country: str) -> None:
    expected = {"AU": "000", "NZ": "111"}.get(country, "112")
    assert contacts(country).emergency == expected


@pytest.mark.parametrize("country", [None, "", "ZZ", "XX", "default", "united kingdom"])
def test_unknown_country_falls_back_to_default(country: str | None) -> None:
    c = contacts(country)
    assert c.country == "default"
    assert "112" in c.emergency and "911" in c.emergency
    assert c.emergency_tel is None


def test_country_codes_are_read_loosely() -> None:
    assert contacts("gb").country == "GB"
    assert contacts(" ie ").country == "IE"
    assert contacts("UK").country == "GB"


def test_fill_reads_naturally() -> None:
    gb, au = contacts("GB"), contacts("AU")
    assert fill("Call {crisis} now.", gb) == "Call Samaritans on 116 123 now."
    assert fill("Call {urgent_advice}.", au) == "Call healthdirect on 1800 022 222."
    assert fill("{urgent_advice}", gb).startswith("NHS 111")  # no "NHS 111 on 111"
    assert fill("Call {emergency}.", contacts("ZZ")).startswith("Call your local emergency")


def test_fill_refuses_unknown_placeholders() -> None:
    with pytest.raises(ValueError, match="unknown placeholder"):
        fill("Call {ambulance}", contacts("GB"))
    with pytest.raises(ValueError):
        fill("Call {emergency", contacts("GB"))


def test_calls_carry_dialable_numbers() -> None:
    lines = calls(sign("thoughts_of_self_harm"), contacts("GB"))
    assert [line.kind for line in lines] == list(sign("thoughts_of_self_harm").call)
    assert lines[0].tel == "999"
    assert lines[1].label == "Samaritans" and lines[1].tel == "116123"
    default = calls(sign("heavy_bleeding"), contacts(None))
    assert default[0].tel is None and default[0].label.startswith("Your local emergency")


def test_tel() -> None:
    assert tel("116 123") == "116123"
    assert tel("0800-0113") == "08000113"
    assert tel("+44 20 7946 0000") == "+442079460000"
    assert tel("your local emergency number") is None
    assert tel("") is None


# ---- a broken file fails at load, naming the entry ----


def broken_signs(**changes: Any) -> dict[str, Any]:
    data = raw("signs.toml")
    for code, entry in changes.items():
        if entry is None:
            del data[code]
        else:
            data[code] = {**data[code], **entry}
    return data


def test_the_packaged_files_parse() -> None:
    assert parse_signs(raw("signs.toml")) == load_signs()
    assert parse_contacts(raw("emergency.toml")) == load_contacts()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (broken_signs(fever=None), r"no entry for fever"),
        ({**raw("signs.toml"), "sneezing": {}}, r"sneezing is not a symptom code"),
        (broken_signs(doming={"group": "stop"}), r"\[doming\]: group 'stop'"),
        (broken_signs(chest_pain={"call": ["emergency", "police"]}), r"unknown call 'police'"),
        (broken_signs(dizziness={"do_now": ["Call {ambulance}."]}), r"\[dizziness\].*ambulance"),
        (broken_signs(fever={"do_now": ["Rest.", "Call {emergency}."]}), r"\[fever\]: an urgent"),
        (broken_signs(fever={"call": ["maternity", "emergency"]}), r"\[fever\]: an urgent"),
        (broken_signs(doming={"do_now": ["a", "b", "c", "d", "e"]}), r"\[doming\].*at most 4"),
        (broken_signs(doming={"source": "http://x"}), r"\[doming\].*https"),
        (broken_signs(doming={"label": ""}), r"\[doming\]: 'label'"),
        (broken_signs(doming={"partner": "Call {emergency"}), r"\[doming\]"),
    ],
)
def test_broken_signs_name_the_entry(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_signs(data)


def broken_contacts(country: str, entry: dict[str, Any] | None) -> dict[str, Any]:
    data = raw("emergency.toml")
    if entry is None:
        del data[country]
    else:
        data[country] = {**data.get(country, data["GB"]), **entry}
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (broken_contacts("default", None), r"no \[default\]"),
        (broken_contacts("GB", {"source": []}), r"\[GB\]: 'source'"),
        (broken_contacts("GB", {"emergency": "nine nine nine"}), r"\[GB\]: emergency"),
        (broken_contacts("GB", {"crisis": {"label": "x", "number": "call us"}}), r"\[GB\]"),
        (broken_contacts("GB", {"maternity": "your {emergency}"}), r"\[GB\].*placeholder"),
        (broken_contacts("Gb", {}), r"\[Gb\]: not an ISO"),
        (broken_contacts("AU", {"urgent_advice": "1800"}), r"\[AU\]: 'urgent_advice'"),
    ],
)
def test_broken_contacts_name_the_entry(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_contacts(data)


def test_contacts_are_frozen() -> None:
    c = contacts("GB")
    assert isinstance(c, Contacts)
    with pytest.raises(AttributeError):
        c.emergency = "000"  # type: ignore[misc]
