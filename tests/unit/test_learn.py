"""The Learn pages: every lesson renders, cites its sources, quotes the engine's numbers, and
every code the app links from (exercises, phases, gate, habit and symptom codes) has a lesson.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from builders import (
    activation_sessions,
    clearance,
    day,
    decide_json,
    foundation_sessions,
    ready_assessments,
    scenario,
    symptom,
)
from starlette.testclient import TestClient

from comeback.domain.catalogue import load_catalogue
from comeback.domain.model import PHASES
from comeback.domain.safety import SYMPTOM_CODES, URGENT_SIGNS, WORDS
from comeback.settings import Settings
from comeback.web.app import create_app
from comeback.web.learn import LESSON_FOR, LESSONS, PHASE_TITLES, lesson

TEMPLATES = Path(__file__).parents[2] / "src" / "comeback" / "web" / "templates" / "learn"
SVGS = sorted((TEMPLATES / "svg").glob("*.svg"))
SLUGS = [x.slug for x in LESSONS]
MAX_PAGE_BYTES = 30_000
MAX_SVG_BYTES = 4_096
INK_COLOURS = {"#1d1b26", "#6b2f7a"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("learn") / "t.db"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


@pytest.fixture(scope="module")
def pages(client: TestClient) -> dict[str, str]:
    """Every lesson page's HTML, fetched once for the module."""
    return {slug: client.get(f"/learn/{slug}").text for slug in SLUGS}


class Outline(HTMLParser):
    """Headings in order, links, and the links inside the Sources section."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.links: list[str] = []
        self.source_links: list[str] = []
        self._heading: int | None = None
        self._text = ""
        self._in_sources = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = int(tag[1]), ""
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)
            if self._in_sources:
                self.source_links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            text = " ".join(self._text.split())
            self.headings.append((self._heading, text))
            if self._heading <= 2:
                self._in_sources = self._heading == 2 and text == "Sources"
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._text += data


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def text_of(html: str) -> str:
    """The page as text: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# ---- every lesson page -------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_lesson_answers_with_one_h1_and_ordered_headings(client: TestClient, slug: str):
    response = client.get(f"/learn/{slug}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    heads = outline(response.text).headings
    assert [level for level, _ in heads].count(1) == 1
    this = lesson(slug)
    assert this is not None and heads[0] == (1, this.title)
    for (before, _), (after, text) in pairwise(heads):
        assert after <= before + 1, f"{slug}: heading {text!r} skips a level"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_lesson_ends_with_its_sources_as_links(pages: dict[str, str], slug: str):
    found = outline(pages[slug])
    assert (2, "Sources") in found.headings
    external = [h for h in found.source_links if re.match(r"https?://", h)]
    assert external, f"{slug}: no http(s) link under Sources"
    this = lesson(slug)
    assert this is not None and this.sources
    assert [s.url for s in this.sources] == external
    assert "/learn" in found.links


@pytest.mark.parametrize("slug", SLUGS)
def test_every_lesson_page_is_small(pages: dict[str, str], slug: str):
    assert len(pages[slug].encode()) < MAX_PAGE_BYTES


def test_every_lesson_has_its_template_and_no_template_is_orphaned():
    templates = {p.stem for p in TEMPLATES.glob("*.html") if not p.name.startswith("_")}
    assert templates == {*SLUGS, "index"}
    assert len(set(SLUGS)) == len(SLUGS)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in SLUGS)


def test_every_lesson_has_a_known_phase_and_a_one_sentence_summary():
    for x in LESSONS:
        assert x.phase in PHASE_TITLES
        assert x.summary.endswith(".") and x.summary.count(". ") == 0, x.slug
        assert all(s.url.startswith("https://") and s.text for s in x.sources), x.slug


def test_links_between_lessons_point_to_real_lessons(pages: dict[str, str]):
    for slug, html in pages.items():
        for href in outline(html).links:
            if href.startswith("/learn/"):
                assert href.removeprefix("/learn/") in SLUGS, f"{slug} links to {href}"


# ---- the index and unknown pages -----------------------------------------------------------


def test_index_lists_every_lesson_under_its_phase(client: TestClient):
    response = client.get("/learn")
    assert response.status_code == 200
    found = outline(response.text)
    assert [level for level, _ in found.headings].count(1) == 1
    h2 = [text for level, text in found.headings if level == 2]
    assert h2 == [PHASE_TITLES[p] for p in PHASE_TITLES if any(x.phase == p for x in LESSONS)]
    for slug in SLUGS:
        assert f"/learn/{slug}" in found.links


@pytest.mark.parametrize("slug", ["no-such-page", "index", "_sources", "_macros", "svg"])
def test_an_unknown_slug_is_a_404_page(client: TestClient, slug: str):
    response = client.get(f"/learn/{slug}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no such page" in response.text


def test_a_logged_in_mother_sees_the_same_page_with_her_wrong_button(client: TestClient):
    email = "learner@example.com"
    client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": "long enough", "role": "mother", "display_name": "A"},
    )
    token = client.post("/api/v1/auth/token", json={"email": email, "password": "long enough"})
    client.cookies.set("comeback_session", token.json()["access_token"])
    try:
        response = client.get("/learn/warning-signs")
        index = client.get("/learn")
    finally:
        client.cookies.clear()
    assert response.status_code == 200 and index.status_code == 200
    assert 'href="/wrong"' in response.text


# ---- the numbers and words the pages quote ---------------------------------------------------

# SPEC 3.3-3.6 and docs/method.md, written out here on purpose: a page that drifts from the
# contract fails even if the engine's constant drifted with it.
QUOTES = {
    "clearance": ["about 6 weeks after the birth", "from 12 weeks after a caesarean"],
    "foundation": [
        "at least 6 foundation sessions, the first of them at least 14 days ago",
        "at least 8 holds of 10 seconds and 10 quick squeezes",
        "not a gap wider than 2 finger widths that feels soft",
        "2 sets each",
    ],
    "pelvic-floor-check": [
        "at least 8 holds of 10 seconds and 10 quick squeezes",
        "at least 8 squeezes, 3 times a day",
        "at least 3 months",
    ],
    "diastasis-check": ["a gap of 2 finger widths or less", "wider than 2 finger widths"],
    "core-and-pelvic-floor-first": ["at least 8 holds of 10 seconds and 10 quick squeezes"],
    "activation": [
        "At least 8 weeks since the birth (12 after a caesarean)",
        "at least 80% of your bridge, clam and side-lying sets were felt in the glutes",
        "glute bridge 3 sets of 20, clam shell 3 sets of 20, bird dog 3 sets of 10",
        "No set with poor form in your last 3 sessions",
    ],
    "strengthening": [
        "bodyweight, then banded (band, light up to heavy), then dumbbell (6 kg up to 20 kg), "
        "then barbell (20 kg).",
        "rear foot elevated, then rear foot elevated, loaded (4 kg).",
        "in each of your last 2 sessions with it",
        "at least 2 reps in the tank",
        "under 5 hours",
        "Not before 8 weeks after the birth, or 12 weeks after a caesarean",
    ],
    "protein": [
        "about 1.6 g of protein for every kg",
        "at least 71 g a day",
        "4 meals or snacks",
        "at 68 kg: about 109 g a day, so about 27 g",
    ],
    "water": ["about 3,100 ml a day", "about 2,200 ml a day", "about 2,067 ml", "1,467 ml"],
    "sleep-and-stress": ["less than 6 hours", "under 5 hours", "4 or more out of 5"],
    "doming": ["until 14 days pass", "on 3 or more days in 14 days"],
}


@pytest.mark.parametrize("slug", sorted(QUOTES))
def test_pages_quote_the_method_numbers(pages: dict[str, str], slug: str):
    text = text_of(pages[slug])
    for quote in QUOTES[slug]:
        assert quote in text, f"{slug}: missing {quote!r}"


def test_each_phase_page_lists_its_catalogue_exercises(pages: dict[str, str]):
    catalogue = load_catalogue()
    for phase in PHASES:
        text = text_of(pages[phase])
        for ex in catalogue.exercises.values():
            if ex.phase == phase:
                assert ex.name in text, f"{phase} page misses {ex.name}"


def test_warning_signs_page_names_every_symptom_and_defines_every_urgent_one(
    pages: dict[str, str],
):
    text = text_of(pages["warning-signs"])
    for code in SYMPTOM_CODES:
        assert WORDS[code].capitalize() in text, code
    for definition in URGENT_SIGNS.values():
        assert definition in text
    assert "Pelvic pain of 5 or more out of 10" in text
    assert "Back pain of 1 to 4 out of 10" in text
    assert "Something feels wrong" in text


# ---- LESSON_FOR --------------------------------------------------------------------------


def test_lesson_for_covers_every_catalogue_exercise_and_every_phase():
    needed = {*load_catalogue().ids, *PHASES, "paused"}
    assert needed <= set(LESSON_FOR), sorted(needed - set(LESSON_FOR))


def test_lesson_for_points_only_at_real_lessons():
    assert set(LESSON_FOR.values()) <= set(SLUGS), set(LESSON_FOR.values()) - set(SLUGS)


def test_lesson_for_sends_exercises_to_the_lesson_that_explains_them():
    assert LESSON_FOR["hip_thrust"] == "strengthening"
    assert LESSON_FOR["glute_bridge"] == "activation"
    assert LESSON_FOR["pelvic_floor_hold"] == "pelvic-floor-check"
    assert LESSON_FOR["not_core_ready"] == "diastasis-check"
    assert LESSON_FOR["doming"] == "doming"


def _codes(decision: dict[str, Any]) -> set[str]:
    gate = decision["gate"]
    return {
        *gate["met"],
        *gate["unmet"],
        *(h["code"] for h in decision["habits"]),
        *(r["to"] for r in decision["referrals"]),
        *decision["today"]["adjustments"],
        *decision["triage"]["reasons"],
        decision["phase"],
    }


def _engine_codes() -> set[str]:
    """The codes the engine actually emits across a few scenarios that trigger them."""
    everything_wrong = {
        "date": day(70),
        "sleep_h": 4.0,
        "stress": 5,
        "water_ml": 100,
        "protein_g_by_meal": [0],
        "carried_baby_one_side": True,
        "hunched_feeding": True,
        "felt_down": True,
    }
    foundation = scenario(as_of=70, checkins=[everything_wrong])
    foundation["profile"].update(severe_perineal_tear=True, delivery="caesarean")
    ready = scenario(
        as_of=70,
        clearances=[clearance(42)],
        assessments=ready_assessments(42),
        sessions=foundation_sessions([15, 18, 21, 24, 27, 30, 33, 36]),
    )
    activation = scenario(
        as_of=70,
        clearances=[clearance(42)],
        overrides=[{"date": day(50), "phase": "activation", "by": "physio", "reason": "ok"}],
        sessions=activation_sessions([51, 53, 55]),
        symptoms=[symptom(69, "urine_leak", "exercise", exercise="glute_bridge")],
    )
    paused = scenario(as_of=70, symptoms=[symptom(69, "vaginal_heaviness_bulge")])
    found: set[str] = set()
    for doc in (foundation, ready, activation, paused):
        found |= _codes(decide_json(doc))
    return found


def test_lesson_for_covers_every_code_the_engine_emits():
    emitted = _engine_codes()
    # the scenarios above really reach both gates, every habit, both referrals and the caps
    gate = {c.removeprefix("not_") for c in emitted}
    assert {"pelvic_health_review", "core_ready", "glutes_firing", "form_good"} <= gate
    assert {"alternate_carry_side", "drink_water", "mood_support", "caesarean_recovery"} <= emitted
    assert {"pelvic_health_physio", "gp_or_health_visitor", "low_readiness"} <= emitted
    assert {"modify_triage", "paused", "activation"} <= emitted
    assert emitted <= set(LESSON_FOR), sorted(emitted - set(LESSON_FOR))


def test_lesson_for_covers_every_symptom_code():
    assert set(SYMPTOM_CODES) <= set(LESSON_FOR)


# ---- the drawings ------------------------------------------------------------------------


def test_there_are_the_four_self_check_drawings():
    assert {p.stem for p in SVGS} == {"diastasis_check", "doming", "pelvic_floor", "pelvic_tilt"}


@pytest.mark.parametrize("path", SVGS, ids=lambda p: p.stem)
def test_every_drawing_is_small_labelled_and_self_contained(path: Path):
    svg = path.read_text("utf-8")
    assert len(svg.encode()) < MAX_SVG_BYTES
    root = re.match(r"<svg\b[^>]*>", svg)
    assert root, "the file starts with its <svg> element"
    tag = root.group(0)
    assert 'role="img"' in tag and "viewBox=" in tag
    assert not re.search(r"\s(width|height)=", tag), "sized by its viewBox only"
    labelled = re.search(r'aria-labelledby="([^"]+)"', tag)
    assert labelled
    ids = labelled.group(1).split()
    title = re.search(r'<title id="([^"]+)">[^<]+</title>', svg)
    desc = re.search(r'<desc id="([^"]+)">[^<]+</desc>', svg)
    assert title and desc and ids == [title.group(1), desc.group(1)]
    lowered = svg.lower()
    for banned in ("<script", "href=", "url(", "<image", "<foreignobject", "{{", "{%", "{#"):
        assert banned not in lowered, banned
    colours = set(re.findall(r'stroke="(#[0-9a-fA-F]{3,6})"', svg))
    assert colours and colours <= INK_COLOURS, colours


def test_every_drawing_is_shown_on_a_lesson_and_ids_stay_unique(pages: dict[str, str]):
    for path in SVGS:
        title_id = re.search(r'<title id="([^"]+)"', path.read_text("utf-8"))
        assert title_id
        shown = [slug for slug, html in pages.items() if f'id="{title_id.group(1)}"' in html]
        assert shown, f"{path.stem} is on no lesson"
    for slug, html in pages.items():
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), f"{slug}: repeated ids"
