"""Any JSON at all is either a scenario the engine decides, or one InvalidInput: never a crash."""

from __future__ import annotations

import copy
import json
from typing import Any

from builders import decide_json, strengthening_history
from hypothesis import given, settings
from hypothesis import strategies as st

from comeback.domain import decide
from comeback.errors import InvalidInput
from comeback.scenario import parse_scenario, parse_scenario_data

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-02-20", "2026-13-01", "hip_thrust", "dumbbell", "light", "good"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
BASE = strengthening_history()


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*prefix, i))
    return found


PATHS = [p for p in _paths(BASE) if p]


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


def _decide_or_invalid(doc: Any) -> None:
    try:
        scenario = parse_scenario_data(doc)
    except InvalidInput as e:
        assert str(e).strip() and "\n" not in str(e)
        return
    decide(scenario)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATHS), JSON)
def test_any_value_anywhere_is_decided_or_named(path: tuple[Any, ...], value: Any) -> None:
    doc = copy.deepcopy(BASE)
    _set(doc, path, value)
    _decide_or_invalid(doc)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_any_document_is_decided_or_named(value: Any) -> None:
    _decide_or_invalid(value)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_decided_or_named(text: str) -> None:
    try:
        parse_scenario(text)
    except InvalidInput as e:
        assert "\n" not in str(e)


def test_the_base_history_itself_is_valid() -> None:
    assert decide_json(json.loads(json.dumps(BASE)))["phase"] == "strengthening"
