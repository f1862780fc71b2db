"""The calendar feed: the plan of reminders (pure) and its iCalendar rendering (RFC 5545).

A mother from tests/builders (a vaginal birth on 2026-01-05, breastfeeding); the checks are
the ones a phone calendar relies on: required properties, stable UIDs, a round trip through
the parser, and alarms that fire at the wall-clock time in her zone across a DST change.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from builders import (
    clearance,
    day,
    entry,
    scenario,
    session,
    strengthening_history,
    symptom,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from comeback.calendar_feed import FeedPrefs, build, owner_key, to_ics
from comeback.domain import decide
from comeback.domain.model import Decision, Scenario
from comeback.domain.reminders import (
    HYDRATION_AT_BREASTFEEDING,
    HYDRATION_AT_OTHERWISE,
    PELVIC_FLOOR_TIMES_A_DAY,
    QuietHours,
    plan,
    training_days,
)
from comeback.scenario import parse_scenario_data

NOW = datetime(2026, 2, 4, 7, 0, tzinfo=UTC)


def _case(doc: dict[str, Any]) -> tuple[Scenario, Decision]:
    s = parse_scenario_data(doc)
    return s, decide(s)


def _events(cal: Calendar) -> list[Event]:
    return list(cal.walk("VEVENT"))


def _ics(doc: dict[str, Any], prefs: FeedPrefs, days: int = 28, now: datetime = NOW) -> Calendar:
    s, d = _case(doc)
    return Calendar.from_ical(to_ics(build(s, d, prefs, now, owner_key("u1"), days)))


# ---- the plan ---------------------------------------------------------------------------


def test_pelvic_floor_practice_three_times_every_day() -> None:
    s, d = _case(scenario(as_of=30))
    per_day = Counter(
        r.on for r in plan(s, d, QuietHours.parse("22:00", "07:00")) if r.kind == "pelvic_floor"
    )
    assert len(per_day) == 28
    assert set(per_day.values()) == {PELVIC_FLOOR_TIMES_A_DAY}


def test_more_hydration_nudges_while_breastfeeding() -> None:
    quiet = QuietHours.parse("22:00", "07:00")
    for feeding, expected in (
        ("exclusive", HYDRATION_AT_BREASTFEEDING),
        ("none", HYDRATION_AT_OTHERWISE),
    ):
        doc = scenario(as_of=30)
        doc["profile"]["breastfeeding"] = feeding
        s, d = _case(doc)
        water = [r for r in plan(s, d, quiet, days=1) if r.kind == "hydration"]
        assert [r.at for r in water] == list(expected)
    assert len(HYDRATION_AT_BREASTFEEDING) > len(HYDRATION_AT_OTHERWISE)


def test_foundation_trains_every_day() -> None:
    _, d = _case(scenario(as_of=30))
    assert d.phase == "foundation"
    assert training_days(d, 7) == tuple(d.as_of + timedelta(days=k) for k in range(7))


def test_strengthening_training_days_are_the_days_the_engine_prescribes_a_session() -> None:
    """Log a session on each planned day and ask the engine about every day in turn."""
    doc = strengthening_history()
    _, d = _case(doc)
    assert d.phase == "strengthening"
    planned = training_days(d, 10)
    assert planned, "strengthening has training days"
    logged = list(doc["sessions"])
    start = (d.as_of - date(2026, 1, 5)).days
    for k in range(10):
        n = start + k
        today = decide(parse_scenario_data({**doc, "as_of": day(n), "sessions": logged}))
        assert today.phase == "strengthening"
        assert (not today.today.rest_day) == (d.as_of + timedelta(days=k) in planned), day(n)
        if not today.today.rest_day:
            logged.append(session(n, entry("hip_thrust", "bodyweight", 3, 10)))
    assert len(planned) == 5  # every other day


def test_paused_for_an_urgent_sign_plans_no_session_and_no_practice() -> None:
    s, d = _case(scenario(as_of=30, symptoms=[symptom(29, "chest_pain")]))
    assert d.phase == "paused"
    kinds = {r.kind for r in plan(s, d, QuietHours.parse("22:00", "07:00"), days=3)}
    assert "training" not in kinds and "pelvic_floor" not in kinds
    assert "hydration" in kinds


def test_paused_for_a_pelvic_floor_sign_keeps_the_practice() -> None:
    s, d = _case(scenario(as_of=30, symptoms=[symptom(29, "vaginal_heaviness_bulge")]))
    assert d.phase == "paused"
    kinds = Counter(r.kind for r in plan(s, d, QuietHours.parse("22:00", "07:00"), days=2))
    assert kinds["training"] == 0
    assert kinds["pelvic_floor"] == 2 * PELVIC_FLOOR_TIMES_A_DAY


@pytest.mark.parametrize(
    ("quiet_from", "quiet_to"),
    [("22:00", "07:00"), ("21:00", "07:00"), ("20:00", "09:30"), ("12:00", "14:00"),
     ("00:00", "08:15"), ("13:02", "13:03")],
)  # fmt: skip
def test_no_reminder_inside_quiet_hours(quiet_from: str, quiet_to: str) -> None:
    quiet = QuietHours.parse(quiet_from, quiet_to)
    s, d = _case(scenario(as_of=30))
    found = plan(s, d, quiet, days=3)
    assert found
    for r in found:
        assert not quiet.overlaps(r.at.hour * 60 + r.at.minute, r.minutes), r


def test_a_reminder_in_quiet_hours_moves_to_the_nearer_edge() -> None:
    quiet = QuietHours.parse("21:00", "07:00")  # wraps past midnight
    assert quiet.fit(time(6, 0), 5) == (time(7, 0), 5)
    assert quiet.fit(time(22, 0), 5) == (time(20, 55), 5)
    assert quiet.fit(time(20, 58), 5) == (time(20, 55), 5)  # would run into them
    assert quiet.fit(time(12, 0), 5) == (time(12, 0), 5)
    daytime = QuietHours.parse("12:30", "14:00")
    assert daytime.fit(time(13, 0), 5) == (time(12, 25), 5)
    assert daytime.fit(time(13, 30), 30) == (time(14, 0), 30)


def test_equal_quiet_times_mean_no_quiet_hours() -> None:
    quiet = QuietHours.parse("07:00", "07:00")
    assert quiet.fit(time(3, 0), 30) == (time(3, 0), 30)


@settings(max_examples=50, deadline=None)
@given(
    start=st.integers(0, 1439),
    end=st.integers(0, 1439),
    at=st.integers(0, 1439),
    minutes=st.sampled_from([5, 15, 30]),
)
def test_fit_never_lands_in_quiet_hours(start: int, end: int, at: int, minutes: int) -> None:
    quiet = QuietHours(time(start // 60, start % 60), time(end // 60, end % 60))
    moved, length = quiet.fit(time(at // 60, at % 60), minutes)
    assert 1 <= length <= minutes
    assert not quiet.overlaps(moved.hour * 60 + moved.minute, length)


def test_six_week_check_only_without_a_clearance() -> None:
    quiet = QuietHours.parse("22:00", "07:00")
    s, d = _case(scenario(as_of=30))
    checks = [r for r in plan(s, d, quiet) if r.kind == "six_week_check"]
    assert [(c.on, c.early_notice_days) for c in checks] == [(date(2026, 2, 16), 7)]
    s, d = _case(scenario(as_of=30, clearances=[clearance(29)]))
    assert not [r for r in plan(s, d, quiet) if r.kind == "six_week_check"]


def test_an_overdue_six_week_check_is_on_the_first_day() -> None:
    s, d = _case(scenario(as_of=50))
    checks = [
        r for r in plan(s, d, QuietHours.parse("22:00", "07:00")) if r.kind == "six_week_check"
    ]
    assert [(c.on, c.early_notice_days) for c in checks] == [(d.as_of, None)]


def test_days_out_of_range_are_refused() -> None:
    s, d = _case(scenario(as_of=30))
    with pytest.raises(ValueError, match="days must be"):
        plan(s, d, QuietHours.parse("22:00", "07:00"), days=0)


# ---- the iCalendar ----------------------------------------------------------------------


def test_every_component_has_its_required_properties() -> None:
    cal = _ics(scenario(as_of=30), FeedPrefs("Europe/London"))
    for prop in ("PRODID", "VERSION", "X-WR-CALNAME"):
        assert cal.get(prop), prop
    assert str(cal["VERSION"]) == "2.0"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert cal.get_missing_tzids() == set()
    events = _events(cal)
    assert len(events) == 28 * (1 + 3 + 5) + 1  # session, practice, water; six-week check
    for e in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
            assert e.get(prop), (prop, e.get("SUMMARY"))
        assert e["DTSTART"].params["TZID"] == "Europe/London"
        alarms = e.walk("VALARM")
        assert alarms
        for a in alarms:
            assert str(a["ACTION"]) == "DISPLAY"
            assert a.get("DESCRIPTION") and a.get("TRIGGER")
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_the_calendar_round_trips() -> None:
    s, d = _case(scenario(as_of=30))
    cal = build(s, d, FeedPrefs("America/New_York", "21:00", "07:00", "imperial"), NOW, "k", 7)
    again = Calendar.from_ical(cal.to_ical())
    assert again == cal
    assert again.to_ical() == cal.to_ical()


def test_uids_are_stable_between_fetches_and_differ_between_mothers() -> None:
    s, d = _case(scenario(as_of=30))
    prefs = FeedPrefs("Europe/London")

    def uids(now: datetime, key: str) -> set[str]:
        return {str(e["UID"]) for e in _events(build(s, d, prefs, now, key, 7))}

    assert uids(NOW, owner_key("u1")) == uids(NOW + timedelta(hours=5), owner_key("u1"))
    assert not uids(NOW, owner_key("u1")) & uids(NOW, owner_key("u2"))
    assert "u1" not in owner_key("u1")


def test_water_in_her_units() -> None:
    cal = _ics(scenario(as_of=30), FeedPrefs("Europe/London", units="imperial"), days=1)
    water = [e for e in _events(cal) if str(e["SUMMARY"]) == "A glass of water"]
    assert water and all("105 fl oz" in str(e["DESCRIPTION"]) for e in water)


def _fires(cal: Calendar, summary: str) -> list[datetime]:
    found = []
    for e in _events(cal):
        if str(e["SUMMARY"]) == summary:
            found += [t.trigger.astimezone(UTC) for t in e.alarms.times]
    return sorted(found)


def test_alarms_keep_local_time_across_the_spring_change_in_london() -> None:
    # Clocks go forward at 01:00 UTC on 2026-03-29: 08:00 GMT is 08:00Z, 08:00 BST 07:00Z.
    doc = scenario(as_of=(date(2026, 3, 27) - date(2026, 1, 5)).days)
    cal = _ics(doc, FeedPrefs("Europe/London"), days=4, now=datetime(2026, 3, 27, 6, tzinfo=UTC))
    assert _fires(cal, "Pelvic-floor practice (1 of 3)") == [
        datetime(2026, 3, 27, 8, tzinfo=UTC),
        datetime(2026, 3, 28, 8, tzinfo=UTC),
        datetime(2026, 3, 29, 7, tzinfo=UTC),
        datetime(2026, 3, 30, 7, tzinfo=UTC),
    ]


def test_alarms_keep_local_time_across_the_autumn_change_in_new_york() -> None:
    # Clocks go back at 06:00 UTC on 2026-11-01: 07:30 EDT is 11:30Z, 07:30 EST 12:30Z.
    doc = scenario(as_of=30)
    doc["profile"]["delivery_date"] = "2026-09-01"
    doc["as_of"] = "2026-10-31"
    cal = _ics(doc, FeedPrefs("America/New_York", "21:00", "07:30"), days=2,
               now=datetime(2026, 10, 31, 4, tzinfo=UTC))  # fmt: skip
    # Quiet until 07:30: the first practice, at 08:00, stays at 08:00 local on both days.
    assert _fires(cal, "Pelvic-floor practice (1 of 3)") == [
        datetime(2026, 10, 31, 12, tzinfo=UTC),
        datetime(2026, 11, 1, 13, tzinfo=UTC),
    ]
    # A session moved out of quiet hours keeps its wall-clock time too.
    doc["profile"]["breastfeeding"] = "none"
    quiet_late = FeedPrefs("America/New_York", "09:00", "10:15")
    cal = _ics(doc, quiet_late, days=2, now=datetime(2026, 10, 31, 4, tzinfo=UTC))
    assert _fires(cal, "Comeback: Foundation session") == [
        datetime(2026, 10, 31, 14, 15, tzinfo=UTC),
        datetime(2026, 11, 1, 15, 15, tzinfo=UTC),
    ]


def test_the_six_week_check_warns_a_week_ahead_at_the_same_local_time_across_dst() -> None:
    # Due 2026-04-02 09:00 BST (08:00Z); a week before is 2026-03-26 09:00 GMT (09:00Z).
    doc = scenario(as_of=30)
    doc["profile"]["delivery_date"] = "2026-02-19"
    doc["as_of"] = "2026-03-20"
    cal = _ics(doc, FeedPrefs("Europe/London"), now=datetime(2026, 3, 20, 8, tzinfo=UTC))
    assert _fires(cal, "Your six-week check") == [
        datetime(2026, 3, 26, 9, tzinfo=UTC),
        datetime(2026, 4, 2, 8, tzinfo=UTC),
    ]


def test_an_early_warning_already_past_is_left_out() -> None:
    doc = scenario(as_of=30)
    doc["profile"]["delivery_date"] = "2026-02-19"
    doc["as_of"] = "2026-03-30"
    cal = _ics(doc, FeedPrefs("Europe/London"), now=datetime(2026, 3, 30, 8, tzinfo=UTC))
    assert _fires(cal, "Your six-week check") == [datetime(2026, 4, 2, 8, tzinfo=UTC)]


def test_no_alarm_fires_in_quiet_hours_in_her_zone_across_dst() -> None:
    doc = scenario(as_of=30)
    doc["profile"]["delivery_date"] = "2026-09-25"  # six-week check on 2026-11-06
    doc["as_of"] = "2026-10-25"
    prefs = FeedPrefs("America/New_York", "20:00", "09:45")  # wraps past midnight
    cal = _ics(doc, prefs, now=datetime(2026, 10, 25, 4, tzinfo=UTC))
    quiet = prefs.quiet
    zone = ZoneInfo("America/New_York")
    fired = [t.trigger for e in _events(cal) for t in e.alarms.times]
    assert len(fired) == len(_events(cal)) + 1  # the six-week check warns a week ahead too
    for at in fired:
        local = at.astimezone(zone)
        assert not quiet.contains(local.hour * 60 + local.minute), local
    assert {at.astimezone(zone).date() for at in fired} >= {date(2026, 11, 1), date(2026, 11, 2)}


@pytest.mark.parametrize(
    ("zone", "as_of"),
    [
        ("Europe/London", "2026-03-27"),  # forward 01:00 GMT -> 02:00 BST
        ("Europe/London", "2026-10-23"),  # back 02:00 BST -> 01:00 GMT
        ("America/New_York", "2026-03-05"),  # forward 02:00 EST -> 03:00 EDT
        ("America/New_York", "2026-10-30"),  # back 02:00 EDT -> 01:00 EST
        ("Australia/Sydney", "2026-04-01"),  # back, southern autumn
    ],
)
def test_each_vtimezone_onset_is_the_real_change(zone: str, as_of: str) -> None:
    """DTSTART read in TZOFFSETFROM (RFC 5545 3.6.5) is the instant the zone's offset changes."""
    doc = scenario(as_of=30)
    doc["profile"]["delivery_date"] = "2026-01-05"
    doc["as_of"] = as_of
    cal = _ics(doc, FeedPrefs(zone), days=7, now=datetime(2026, 1, 6, tzinfo=UTC))
    (tz,) = cal.walk("VTIMEZONE")
    changes = [o for o in tz.subcomponents if o["TZOFFSETFROM"].td != o["TZOFFSETTO"].td]
    assert len(changes) == 1
    for o in changes:
        instant = (o["DTSTART"].dt - o["TZOFFSETFROM"].td).replace(tzinfo=UTC)
        here = ZoneInfo(zone)
        assert (instant - timedelta(seconds=1)).astimezone(here).utcoffset() == o["TZOFFSETFROM"].td
        assert instant.astimezone(here).utcoffset() == o["TZOFFSETTO"].td
