"""The page's offline triage table is the engine's own (issue 7: one source of truth).

The table the phone uses to show a stop screen with no network (GET /triage.json) must say,
for every symptom code and every severity, exactly what `comeback.domain.safety` says, and
the ten-second check's answers must make exactly the reports the server makes of them.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from comeback.domain import model as m
from comeback.domain.safety import PAIN_CODES, SYMPTOM_CODES, is_stop, severity_of
from comeback.web.offline import CHECK_CHOICES, manifest, service_worker, triage_table
from comeback.web.pages.safety import RANK, check_symptoms

STATIC = Path(__file__).resolve().parents[2] / "src" / "comeback" / "web" / "static"


def report(code: str, severity: int) -> m.Symptom:
    return m.Symptom(date(2026, 2, 1), code, "daily_life", None, severity)


def test_every_code_and_severity_has_the_engines_level() -> None:
    table = triage_table()
    assert list(table["levels"]) == list(SYMPTOM_CODES)
    for code in SYMPTOM_CODES:
        assert len(table["levels"][code]) == 11
        for n in range(11):
            assert table["levels"][code][n] == severity_of(report(code, n)), (code, n)


def test_the_stop_levels_are_exactly_the_reports_that_stop_training() -> None:
    table = triage_table()
    for code in SYMPTOM_CODES:
        for n in range(11):
            level = table["levels"][code][n]
            assert (level in table["stop_levels"]) == is_stop(report(code, n)), (code, n)
    assert table["levels"]["pelvic_pain"][4] == "modify"  # the table is not all "stop"
    assert table["levels"]["pelvic_pain"][table["pain_stop_severity"]] == "stop"


def test_the_rank_is_the_stop_screens_order() -> None:
    ranked = sorted((v, k) for k, v in RANK.items() if k)
    assert triage_table()["rank"] == [k for _, k in ranked]
    assert triage_table()["labels"].keys() == set(SYMPTOM_CODES)


answers = st.fixed_dictionaries(
    {
        **{name: st.sampled_from(values) for name, values in CHECK_CHOICES.items()},
        "pain": st.integers(0, 10).map(str),
        "pain_where": st.sampled_from(PAIN_CODES),
    }
)


@settings(max_examples=50, deadline=None)
@given(answers)
def test_the_check_table_makes_the_servers_reports(data: dict[str, str]) -> None:
    """What the page adds up, answer by answer, is what check_symptoms stores."""
    check = triage_table()["check"]
    from_table = [tuple(r) for name in CHECK_CHOICES for r in check[name][data[name]]]
    from_table += [tuple(r) for r in check["pain"][f"{data['pain']}|{data['pain_where']}"]]
    found, errors = check_symptoms(data, date(2026, 2, 1))
    assert not errors
    assert sorted(from_table, key=str) == sorted(((s.code, s.severity) for s in found), key=str)


def test_the_table_is_plain_json() -> None:
    assert json.loads(json.dumps(triage_table())) == triage_table()


def test_the_manifest_has_what_chromium_needs_to_install() -> None:
    """Name, start URL inside the scope, a standalone display, PNG icons of 192 and 512."""
    doc = manifest()
    assert doc["name"] and doc["short_name"]
    assert doc["start_url"].startswith(doc["scope"])
    assert doc["display"] in ("standalone", "fullscreen", "minimal-ui")
    sizes = {i["sizes"]: i for i in doc["icons"] if i["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes.keys()
    assert any(i["purpose"] == "maskable" for i in doc["icons"])
    for icon in doc["icons"]:
        path = STATIC / icon["src"].removeprefix("/static/")
        assert path.exists(), icon["src"]
        if icon["type"] == "image/png":
            head = path.read_bytes()[:24]
            width, height = int.from_bytes(head[16:20]), int.from_bytes(head[20:24])
            assert f"{width}x{height}" == icon["sizes"]


def test_the_worker_is_versioned_by_what_it_caches() -> None:
    source, version = service_worker()
    assert "__VERSION__" not in source
    assert f'"{version}"' in source
    assert len(version) == 12
