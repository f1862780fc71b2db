"""The weekly digest's words and figures (pure: a scenario in, an email message out)."""

from __future__ import annotations

from datetime import date

from builders import day, entry, scenario, session

from comeback.domain import decide
from comeback.scenario import parse_scenario_data
from comeback.weekly import PLANNED_SESSIONS_PER_WEEK, message, subject, summarise, week_ending


def test_the_week_is_the_last_whole_monday_to_sunday() -> None:
    assert week_ending(date(2026, 3, 16)) == (date(2026, 3, 9), date(2026, 3, 15))  # a Monday
    assert week_ending(date(2026, 3, 15)) == (date(2026, 3, 2), date(2026, 3, 8))  # a Sunday
    assert week_ending(date(2026, 3, 18)) == (date(2026, 3, 9), date(2026, 3, 15))


def _week(**extra: object):  # type: ignore[no-untyped-def]
    # day(63) is Monday 2026-03-09, day(69) Sunday 2026-03-15
    doc = scenario(
        as_of=69,
        clearances=[{"date": day(42), "by": "GP"}],
        sessions=[
            session(62, entry("glute_bridge", "bodyweight", 3, 15)),  # the week before
            session(64, entry("glute_bridge", "bodyweight", 3, 15)),
            session(
                66, entry("glute_bridge", "bodyweight", 3, 16), entry("bird_dog", "standard", 2, 8)
            ),
        ],
        checkins=[
            {"date": day(64), "protein_g_by_meal": [30, 20, 40], "water_ml": 2000},
            {"date": day(65), "protein_g_by_meal": [40, 20, 30, 10], "water_ml": 2400},
        ],
        **extra,
    )
    s = parse_scenario_data(doc)
    return summarise(s, decide(s), date.fromisoformat(day(63)))


def test_the_week_counts_only_its_own_days() -> None:
    w = _week()
    assert (w.sessions, w.planned, w.sets, w.reps) == (
        2,
        PLANNED_SESSIONS_PER_WEEK,
        8,
        45 + 48 + 16,
    )
    assert w.checkin_days == 2
    assert w.protein_avg_g == 95  # (90 + 100) / 2
    assert w.water_avg_ml == 2200
    assert w.protein_target_g == 109 and w.water_target_ml == 3100


def test_the_email_carries_her_figures_in_text_and_html() -> None:
    msg = message(_week(), "ann@example.org", "Comeback <no-reply@comeback.app>", "Ann")
    assert msg["To"] == "ann@example.org"
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    page = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    for words in (
        "2 of 3 planned sessions, 8 sets",
        "checked in on 2 of 7 days",
        "protein about 95 g a day (aim: 109 g)",
        "2200 ml a day (aim: 3100 ml)",
        "not medical advice",
    ):
        assert words in text
        assert words in page
    assert "Hello Ann," in text


def test_her_units_show_water_in_fluid_ounces() -> None:
    msg = message(_week(), "ann@example.org", "x@example.org", units="imperial")
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "74 fl oz a day (aim: 105 fl oz)" in text


def test_the_subject_line_says_nothing_about_her_health() -> None:
    paused = _week(symptoms=[{"date": day(67), "code": "heavy_bleeding", "during": "daily_life"}])
    assert paused.triage_level == "stop" and paused.planned == 0
    line = subject(paused)
    assert line == "Your Comeback week, 9 Mar to 15 Mar 2026"
    assert subject(_week()) == line
    text = message(paused, "a@example.org", "b@example.org").get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "paused" in text and "whom to call" in text
