"""Her plan as an iCalendar feed (RFC 5545, with the `icalendar` library): any phone calendar
that subscribes to it, or imports the file, reminds her without a push service.

`build(...)` renders comeback.domain.reminders' plan: a VCALENDAR with her VTIMEZONE, one
VEVENT per reminder at its wall-clock time in her zone (DTSTART;TZID=...), each with a
DISPLAY alarm at its start. UIDs are stable per day and kind, so fetching the feed again
updates events instead of adding copies. Pure: the time stamp and her key are passed in.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Component, Event, TimezoneDaylight, TimezoneStandard
from icalendar.prop import vDuration, vText

from comeback.domain.model import Decision, Scenario
from comeback.domain.reminders import FEED_DAYS_DEFAULT, QuietHours, Reminder, Units, plan

PRODID = "-//Comeback//Postpartum recovery plan//EN"
CALENDAR_NAME = "Comeback"
REFRESH = timedelta(hours=12)  # how often a subscribed calendar should fetch it again
UID_NAMESPACE = uuid.UUID("6f1b3f0c-3c1e-4a43-9d57-2a0c9a7cbe11")
TZ_MARGIN_DAYS = 14  # days of VTIMEZONE before and after the feed (early alarms: 7)
# The notice goes on the calendar and on the events that lead to exercise or a clinic; not
# on each glass of water (it would double the file and the time to write it).
ADVISED = ("training", "six_week_check")
NOT_ADVICE = "Comeback is not medical advice and does not replace your midwife, GP or physio."


@dataclass(frozen=True)
class FeedPrefs:
    """What the feed needs from her settings: her zone, quiet hours and units."""

    time_zone: str
    quiet_from: str = "22:00"
    quiet_to: str = "07:00"
    units: Units = "metric"

    @property
    def quiet(self) -> QuietHours:
        return QuietHours.parse(self.quiet_from, self.quiet_to)


def owner_key(user_id: str) -> str:
    """A stable key for her UIDs that does not show her account id."""
    return hashlib.sha256(f"comeback-calendar:{user_id}".encode()).hexdigest()[:16]


def _event(r: Reminder, zone: ZoneInfo, key: str, now: datetime) -> Event:
    start = datetime.combine(r.on, r.at, tzinfo=zone)
    event = Event.new(
        uid=f"{r.on.isoformat()}-{r.key}-{key}@comeback",
        stamp=now,
        start=start,
        end=start + timedelta(minutes=r.minutes),
        summary=r.summary,
        description=f"{r.description}\n\n{NOT_ADVICE}" if r.kind in ADVISED else r.description,
        categories=[r.kind.replace("_", "-")],
    )
    event.add("TRANSP", "TRANSPARENT")  # a reminder, not a busy block in her diary
    event.add_component(Alarm.new_display(description=r.summary, trigger=timedelta(0)))
    if r.early_notice_days is not None:
        # Absolute (UTC) so every client fires it at the same wall-clock time in her zone,
        # whatever it makes of a nominal day across a daylight-saving change.
        early = datetime.combine(r.on - timedelta(days=r.early_notice_days), r.at, tzinfo=zone)
        if early > now:
            event.add_component(
                Alarm.new_display(
                    description=f"{r.summary} is due in {r.early_notice_days} days: book it now.",
                    trigger=early.astimezone(UTC),
                )
            )
    return event


def build(
    scenario: Scenario,
    decision: Decision,
    prefs: FeedPrefs,
    now: datetime,
    key: str,
    days: int = FEED_DAYS_DEFAULT,
) -> Calendar:
    """Her calendar for `days` days from decision.as_of; `now` (aware) stamps each event."""
    zone = ZoneInfo(prefs.time_zone)
    now = now.astimezone(UTC)
    reminders = plan(scenario, decision, prefs.quiet, days, prefs.units)
    cal = Calendar.new(
        prodid=PRODID,
        name=CALENDAR_NAME,
        description=f"Your Comeback plan: sessions, pelvic-floor practice, water. {NOT_ADVICE}",
        uid=uuid.uuid5(UID_NAMESPACE, key),
    )
    cal.add("REFRESH-INTERVAL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("X-WR-TIMEZONE", vText(prefs.time_zone))
    for r in reminders:
        cal.add_component(_event(r, zone, key, now))
    # The VTIMEZONE covers the feed's days and its early alarms (a week before), with room.
    cal.add_missing_timezones(
        first_date=decision.as_of - timedelta(days=TZ_MARGIN_DAYS),
        last_date=decision.as_of + timedelta(days=days + TZ_MARGIN_DAYS),
    )
    for tz in cal.walk("VTIMEZONE"):
        _onsets_in_offset_from(tz)
    return cal


def _onsets_in_offset_from(tz: Component) -> None:
    """RFC 5545 3.6.5: an observance's DTSTART is its onset in the local time *before* it
    (TZOFFSETFROM). icalendar 7.3 writes a clocks-forward onset in the time after it
    (Europe/London 2026-03-29 as 02:00 instead of 01:00), which moves the onset by the jump
    for a client that reads it literally; set it back. Clocks-back onsets are right as is.
    The VTIMEZONE spans under a year, so each observance has one onset (no RDATE)."""
    for observance in tz.subcomponents:
        if not isinstance(observance, TimezoneStandard | TimezoneDaylight):
            continue
        jump = observance.TZOFFSETTO - observance.TZOFFSETFROM
        if jump > timedelta(0):
            observance.DTSTART = observance.DTSTART - jump


def to_ics(cal: Calendar) -> bytes:
    """The file's bytes, after checking the calendar has its required properties."""
    cal.validate()  # type: ignore[no-untyped-call]
    data: bytes = cal.to_ical()
    return data
