"""The words behind 'something feels wrong' and the stop screens, and whom to call.

Two packaged TOML files, read once and checked at load against the engine's symptom codes
(comeback.domain.safety): `signs.toml` holds, for every code, what she taps, the sign in
plain words, what to do now, whom to call and a large-text version for the person with her;
`emergency.toml` holds the numbers per country (ISO 3166-1 alpha-2, plus `default`). Texts
carry placeholders ({emergency}, {urgent_advice}, {crisis}, {maternity}) that `fill`
replaces with her country's numbers, so no sign ever hard-codes a phone number. A broken
file fails at load with the entry named, never later on a stop screen.

Example: `fill(sign("heavy_bleeding").do_now[0], contacts("GB"))` is "Call 999 now, or your
maternity unit's triage line (the number is in your maternity notes)."
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from comeback.domain.safety import (
    MODIFY_CODES,
    PAIN_CODES,
    PELVIC_FLOOR_CODES,
    STOP_CODES,
    SYMPTOM_CODES,
    URGENT_SIGNS,
)

# Group id and the heading she reads, in the order the list shows them.
GROUPS: tuple[tuple[str, str], ...] = (
    ("urgent", "Get help now"),
    ("pelvic_floor", "Pelvic floor"),
    ("stop", "Stop and see someone"),
    ("pain", "Pain"),
    ("modify", "Keep going, easier"),
)
CALLS: tuple[str, ...] = (
    "emergency",
    "maternity",
    "urgent_advice",
    "crisis",
    "gp",
    "pelvic_health_physio",
)
PLACEHOLDERS: tuple[str, ...] = ("emergency", "urgent_advice", "crisis", "maternity")
DEFAULT = "default"
ALIASES: Mapping[str, str] = MappingProxyType({"UK": "GB"})

_NUMBER = re.compile(r"\+?[0-9][0-9 -]*")
_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class Sign:
    """One symptom code as she reads it: what it is, what to do, whom to call."""

    code: str
    label: str
    group: str
    defined: str
    do_now: tuple[str, ...]
    call: tuple[str, ...]
    partner: str
    source: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contacts:
    """Whom to call in one country; `country` is "default" when hers is not listed."""

    country: str
    name: str
    emergency: str
    urgent_advice_label: str
    urgent_advice: str
    crisis_label: str
    crisis: str
    maternity: str
    source: tuple[str, ...]

    @property
    def urgent_advice_text(self) -> str:
        """How a sentence names the advice line, e.g. "NHS 111", "healthdirect on 1800 ..."."""
        return _spoken(self.urgent_advice_label, self.urgent_advice)

    @property
    def crisis_text(self) -> str:
        """How a sentence names the crisis line, e.g. "Samaritans on 116 123"."""
        return _spoken(self.crisis_label, self.crisis)

    @property
    def emergency_tel(self) -> str | None:
        return tel(self.emergency)

    @property
    def urgent_advice_tel(self) -> str | None:
        return tel(self.urgent_advice)

    @property
    def crisis_tel(self) -> str | None:
        return tel(self.crisis)


@dataclass(frozen=True)
class Call:
    """One line of 'whom to call': a name, the number to show and the tel: target."""

    kind: str
    label: str
    number: str
    tel: str | None


def _spoken(label: str, number: str) -> str:
    if not number or number in label:
        return label
    return f"{label} on {number}"


def tel(number: str) -> str | None:
    """The digits to dial ("116 123" gives "116123"); None when it is not a number."""
    text = number.strip()
    if not _NUMBER.fullmatch(text):
        return None
    return re.sub(r"[ -]", "", text)


# ---- validation helpers ----


def _need(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key!r} must be a non-empty string")
    return value


def _strings(
    raw: Mapping[str, Any], key: str, where: str, *, empty: bool = False
) -> tuple[str, ...]:
    value = raw.get(key, [] if empty else None)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of non-empty strings")
    if not value and not empty:
        raise ValueError(f"{where}: {key!r} must not be empty")
    return tuple(value)


def _url(value: str, where: str) -> str:
    if not value.startswith("https://") or " " in value:
        raise ValueError(f"{where}: source {value!r} is not an https URL")
    return value


def placeholders(text: str) -> frozenset[str]:
    """The {names} in a text; ValueError on a stray brace or a format spec."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(f"malformed placeholder {{{name}}}")
        names.add(name)
    return frozenset(names)


def _check_text(text: str, where: str, allowed: tuple[str, ...]) -> None:
    try:
        names = placeholders(text)
    except ValueError as e:
        raise ValueError(f"{where}: {e} in {text!r}") from e
    unknown = sorted(names - set(allowed))
    if unknown:
        raise ValueError(f"{where}: unknown placeholder {{{unknown[0]}}} in {text!r}")


def expected_group(code: str) -> str:
    """The group safety.py puts a code in (pain codes form their own group)."""
    if code in URGENT_SIGNS:
        return "urgent"
    if code in PELVIC_FLOOR_CODES:
        return "pelvic_floor"
    if code in STOP_CODES:
        return "stop"
    if code in MODIFY_CODES:
        return "modify"
    if code in PAIN_CODES:
        return "pain"
    raise ValueError(f"{code!r} is not a symptom code")


# ---- parsing ----


def _sign(code: str, raw: Any) -> Sign:
    where = f"signs.toml [{code}]"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: must be a table")
    group = _need(raw, "group", where)
    if group != expected_group(code):
        raise ValueError(
            f"{where}: group {group!r} does not match safety.py ({expected_group(code)!r})"
        )
    do_now = _strings(raw, "do_now", where)
    if len(do_now) > 4:
        raise ValueError(f"{where}: do_now has {len(do_now)} steps (at most 4)")
    call = _strings(raw, "call", where)
    for who in call:
        if who not in CALLS:
            raise ValueError(f"{where}: unknown call {who!r} (known: {', '.join(CALLS)})")
    sign = Sign(
        code=code,
        label=_need(raw, "label", where),
        group=group,
        defined=_need(raw, "defined", where),
        do_now=do_now,
        call=call,
        partner=_need(raw, "partner", where),
        source=_url(_need(raw, "source", where), where),
        also=tuple(_url(u, where) for u in _strings(raw, "also", where, empty=True)),
    )
    for text in (sign.label, sign.defined, *sign.do_now, sign.partner):
        _check_text(text, where, PLACEHOLDERS)
    if group == "urgent" and (
        not sign.do_now[0].startswith("Call {emergency}") or sign.call[0] != "emergency"
    ):
        raise ValueError(f"{where}: an urgent sign must start by calling {{emergency}}")
    return sign


def parse_signs(data: Mapping[str, Any]) -> Mapping[str, Sign]:
    """Every code of safety.SYMPTOM_CODES, no other; ValueError naming the broken entry."""
    missing = [c for c in SYMPTOM_CODES if c not in data]
    if missing:
        raise ValueError(f"signs.toml: no entry for {', '.join(missing)}")
    extra = sorted(set(data) - set(SYMPTOM_CODES))
    if extra:
        raise ValueError(f"signs.toml: {', '.join(extra)} is not a symptom code of SPEC 3.3")
    return MappingProxyType({code: _sign(code, data[code]) for code in SYMPTOM_CODES})


def _line(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, str]:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise ValueError(f"{where}: {key!r} must be a table with label and number")
    label = _need(value, "label", f"{where} {key}")
    number = value.get("number", "")
    if not isinstance(number, str) or (number and tel(number) is None):
        raise ValueError(f"{where}: {key} number {number!r} is not a phone number")
    return label, number


def _contacts(country: str, raw: Any) -> Contacts:
    where = f"emergency.toml [{country}]"
    if country != DEFAULT and not _COUNTRY.fullmatch(country):
        raise ValueError(f"{where}: not an ISO 3166-1 alpha-2 code")
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: must be a table")
    urgent_label, urgent = _line(raw, "urgent_advice", where)
    crisis_label, crisis = _line(raw, "crisis", where)
    contacts = Contacts(
        country=country,
        name=_need(raw, "name", where),
        emergency=_need(raw, "emergency", where),
        urgent_advice_label=urgent_label,
        urgent_advice=urgent,
        crisis_label=crisis_label,
        crisis=crisis,
        maternity=_need(raw, "maternity", where),
        source=tuple(_url(u, where) for u in _strings(raw, "source", where)),
    )
    if country != DEFAULT and contacts.emergency_tel is None:
        raise ValueError(f"{where}: emergency {contacts.emergency!r} is not a phone number")
    for text in (
        contacts.name,
        contacts.emergency,
        urgent_label,
        crisis_label,
        contacts.maternity,
    ):
        _check_text(text, where, ())
    return contacts


def parse_contacts(data: Mapping[str, Any]) -> Mapping[str, Contacts]:
    """The countries of emergency.toml; ValueError naming the broken entry."""
    if DEFAULT not in data:
        raise ValueError("emergency.toml: no [default] entry")
    return MappingProxyType({key: _contacts(key, raw) for key, raw in data.items()})


def _read(name: str) -> dict[str, Any]:
    text = resources.files("comeback.data").joinpath(name).read_text("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{name}: not valid TOML: {e}") from e


@cache
def load_signs() -> Mapping[str, Sign]:
    return parse_signs(_read("signs.toml"))


@cache
def load_contacts() -> Mapping[str, Contacts]:
    return parse_contacts(_read("emergency.toml"))


# ---- the API the pages use ----


def sign(code: str) -> Sign:
    """The sign for a symptom code; KeyError for a code SPEC 3.3 does not have."""
    return load_signs()[code]


def signs_by_group() -> list[tuple[str, str, list[Sign]]]:
    """(group id, heading, signs) in the order urgent, pelvic floor, stop, pain, modify."""
    signs = load_signs().values()
    return [(group, heading, [s for s in signs if s.group == group]) for group, heading in GROUPS]


def contacts(country: str | None) -> Contacts:
    """Her country's numbers; `default` when the country is missing or not listed."""
    table = load_contacts()
    key = (country or "").strip().upper()
    key = ALIASES.get(key, key)
    if key == DEFAULT.upper() or key not in table:
        return table[DEFAULT]
    return table[key]


def fill(text: str, contacts: Contacts) -> str:
    """The text with her country's numbers in place of the placeholders."""
    values = {
        "emergency": contacts.emergency,
        "urgent_advice": contacts.urgent_advice_text,
        "crisis": contacts.crisis_text,
        "maternity": contacts.maternity,
    }
    _check_text(text, "fill", PLACEHOLDERS)
    return text.format_map(values)


def filled(sign: Sign, contacts: Contacts) -> Sign:
    """The sign with every text filled for one country (for the API and the partner view)."""
    return replace(
        sign,
        label=fill(sign.label, contacts),
        defined=fill(sign.defined, contacts),
        do_now=tuple(fill(step, contacts) for step in sign.do_now),
        partner=fill(sign.partner, contacts),
    )


def calls(sign: Sign, contacts: Contacts) -> tuple[Call, ...]:
    """Whom to call for a sign, in order, with the number and tel: target where there is one."""
    lines = {
        "emergency": ("Emergency", contacts.emergency),
        "maternity": (contacts.maternity, ""),
        "urgent_advice": (contacts.urgent_advice_label, contacts.urgent_advice),
        "crisis": (contacts.crisis_label, contacts.crisis),
        "gp": ("Your GP or family doctor", ""),
        "pelvic_health_physio": (
            "A pelvic-health physiotherapist (your GP or midwife can refer you)",
            "",
        ),
    }
    out = []
    for who in sign.call:
        label, number = lines[who]
        if who == "emergency" and tel(number) is None:
            label, number = number, ""
        label = label[:1].upper() + label[1:]
        out.append(Call(who, label, number, tel(number) if number else None))
    return tuple(out)
