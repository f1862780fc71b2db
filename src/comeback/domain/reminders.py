"""Her reminders for the coming days, as local wall-clock times: what the calendar feed holds.

From today's decision and her settings this plans, day by day: the training days the engine
will prescribe (every day in foundation and activation; every other day in strengthening,
where a session makes the next day a rest day, SPEC 3.5; none while paused), pelvic-floor
practice three times a day (NICE NG123), hydration nudges (more while breastfeeding, SPEC
3.6) and, until a clearance is recorded, the six-week check. Times are wall-clock times in
her zone (so 09:00 stays 09:00 across a daylight-saving change) and none falls inside her
quiet hours: a reminder that would is moved to the nearer edge of them.

Pure: no clock and no I/O; the calendar adapter (comeback.calendar_feed) renders the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Literal

from comeback.domain.model import Decision, Scenario

Kind = Literal["training", "pelvic_floor", "hydration", "six_week_check"]
Units = Literal["metric", "imperial"]

MINUTES_PER_DAY = 24 * 60
ML_PER_FL_OZ = 29.5735  # US fluid ounce

# NICE NG123 (2019): supervised pelvic-floor muscle training for at least 3 months, at least
# 8 contractions 3 times a day; the times themselves are a product rule (SPEC 4: reminders).
PELVIC_FLOOR_TIMES_A_DAY = 3
PELVIC_FLOOR_CONTRACTIONS_MIN = 8  # NICE NG123 (2019): at least 8 contractions each time
PELVIC_FLOOR_AT = (time(8, 0), time(13, 0), time(19, 0))  # SPEC 4 (product rule)
PELVIC_FLOOR_MINUTES = 5  # SPEC 4 (product rule): 8-10 holds of 10 s and quick squeezes

# SPEC 3.6: breastfeeding raises the water target (3,100 ml vs 2,200 ml from drinks, IOM
# 2004) and the advice is a glass at each feed; how many nudges is a product rule.
HYDRATION_AT_BREASTFEEDING = (time(9, 30), time(11, 30), time(15, 0), time(17, 0), time(20, 30))
HYDRATION_AT_OTHERWISE = (time(9, 30), time(14, 30), time(17, 30))  # SPEC 4 (product rule)
HYDRATION_MINUTES = 5  # SPEC 4 (product rule)

TRAINING_AT = time(10, 0)  # SPEC 4 (product rule): a mid-morning slot she can move
TRAINING_MINUTES = 30  # SPEC 4 (product rule): a session of 5-7 exercises

# SPEC 1 and 3.4: clearance typically at about six weeks; a clearance she enters herself
# counts from 6 weeks after the birth.
SIX_WEEK_CHECK_DAYS = 42
SIX_WEEK_CHECK_AT = time(9, 0)  # SPEC 4 (product rule)
SIX_WEEK_CHECK_NOTICE_DAYS = 7  # SPEC 4 (product rule): a week's notice to book it
SIX_WEEK_CHECK_MINUTES = 15  # SPEC 4 (product rule)

FEED_DAYS_DEFAULT = 28  # SPEC 4 (product rule): four weeks ahead, refreshed daily
FEED_DAYS_MAX = 92  # SPEC 4 (product rule): about three months


@dataclass(frozen=True)
class QuietHours:
    """From `start` to `end` (wrapping past midnight when end <= start); equal: none."""

    start: time
    end: time

    @classmethod
    def parse(cls, start: str, end: str) -> QuietHours:
        return cls(time.fromisoformat(start), time.fromisoformat(end))

    def _bounds(self) -> tuple[int, int]:
        return _minute(self.start), _minute(self.end)

    def contains(self, minute: int) -> bool:
        """Whether the minute of the day (0-1439) is quiet."""
        s, e = self._bounds()
        minute %= MINUTES_PER_DAY
        if s == e:
            return False
        return s <= minute < e if s < e else minute >= s or minute < e

    def awake_minutes(self) -> int:
        s, e = self._bounds()
        return MINUTES_PER_DAY - ((e - s) % MINUTES_PER_DAY)

    def overlaps(self, start: int, minutes: int) -> bool:
        return any(self.contains(start + i) for i in range(max(minutes, 1)))

    def fit(self, at: time, minutes: int) -> tuple[time, int]:
        """The start and length that keep [at, at + minutes) out of the quiet hours.

        Outside them: unchanged. Inside: moved to the nearer edge, either ending as the
        quiet hours begin or starting as they end (ties: after them). Example: quiet
        21:00-07:00, a 5-minute reminder at 06:00 moves to 07:00, one at 22:00 to 20:55.
        """
        start = _minute(at)
        if not self.overlaps(start, minutes):
            return at, minutes
        minutes = min(minutes, self.awake_minutes())
        s, e = self._bounds()
        before = (s - minutes) % MINUTES_PER_DAY
        after = e

        def distance(m: int) -> int:
            d = abs(m - start) % MINUTES_PER_DAY
            return min(d, MINUTES_PER_DAY - d)

        chosen = before if distance(before) < distance(after) else after
        return _time(chosen), minutes


@dataclass(frozen=True)
class Reminder:
    """One reminder on one local day. `key` is stable for a day and kind (its calendar UID)."""

    key: str
    kind: Kind
    on: date
    at: time
    minutes: int
    summary: str
    description: str
    early_notice_days: int | None = None  # also alert this many days before (same local time)


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


def _time(minute: int) -> time:
    minute %= MINUTES_PER_DAY
    return time(minute // 60, minute % 60)


def training_days(decision: Decision, days: int) -> tuple[date, ...]:
    """The days from decision.as_of on which the engine will prescribe a session.

    Foundation and activation: every day. Strengthening: a session makes the next day a
    rest day (SPEC 3.5), so every other day, starting today unless today is a rest day.
    Paused: none (a pause ends only with a clearance). The phase is today's: the feed is
    planned again each time it is fetched, so a gate that opens shows up the next day.
    """
    start = decision.as_of
    every = [start + timedelta(days=k) for k in range(days)]
    if decision.phase == "paused":
        return ()
    if decision.phase in ("foundation", "activation"):
        return tuple(every)
    first = 1 if decision.today.rest_day else 0
    return tuple(every[first::2])


PHASE_WORDS = {
    "foundation": (
        "Foundation session",
        "360 breathing, pelvic-floor holds and quick squeezes, pelvic tilts and one core "
        "move, 2 sets each. About 15 minutes.",
    ),
    "activation": (
        "Activation session",
        "A breathing and pelvic-floor primer, then glute bridge, clam shell, bird-dog and "
        "side-lying leg raise, 3 sets each. Feel it in your glutes. About 25 minutes.",
    ),
    "strengthening": (
        "Strength session",
        "Bridges and clams to warm up, then hip thrust, step-up and split squat, 3 sets "
        "each. Keep your form clean. About 35 minutes. The next day is a rest day.",
    ),
}
OPEN_APP = "Open Comeback for today's exercises, loads and cues. Stop if anything hurts."
PELVIC_FLOOR_WORDS = (
    f"Squeeze as if stopping wind and holding in a wee, hold for 10, let go fully. Do at "
    f"least {PELVIC_FLOOR_CONTRACTIONS_MIN} slow holds, then 10 quick squeezes. "
    f"{PELVIC_FLOOR_TIMES_A_DAY} times a day, for at least 3 months (NICE)."
)


def _water(ml: float, units: Units) -> str:
    if units == "imperial":
        return f"{ml / ML_PER_FL_OZ:.0f} fl oz"
    return f"{ml:,.0f} ml"


def plan(
    scenario: Scenario,
    decision: Decision,
    quiet: QuietHours,
    days: int = FEED_DAYS_DEFAULT,
    units: Units = "metric",
) -> tuple[Reminder, ...]:
    """Every reminder for `days` days from decision.as_of, in order, none in quiet hours.

    Example: foundation, breastfeeding, quiet 22:00-07:00: each day a session at 10:00,
    pelvic-floor practice at 08:00, 13:00 and 19:00 and five hydration nudges.
    """
    if not 1 <= days <= FEED_DAYS_MAX:
        raise ValueError(f"days must be 1-{FEED_DAYS_MAX}, got {days}")
    out: list[Reminder] = []
    start = decision.as_of
    training = set(training_days(decision, days))
    paused = decision.phase == "paused"
    # While paused, pelvic-floor practice continues only when today still prescribes it
    # (a pause for pelvic-floor signs only: the practice is the treatment, NICE NG210).
    pelvic = not paused or any(e.exercise == "pelvic_floor_hold" for e in decision.today.exercises)
    breastfeeding = scenario.profile.breastfeeding in ("exclusive", "partial")
    hydration_at = HYDRATION_AT_BREASTFEEDING if breastfeeding else HYDRATION_AT_OTHERWISE
    target = decision.targets.water_ml_day

    def add(
        key: str,
        kind: Kind,
        on: date,
        at: time,
        minutes: int,
        summary: str,
        description: str,
        notice: int | None = None,
    ) -> None:
        at, minutes = quiet.fit(at, minutes)
        out.append(Reminder(key, kind, on, at, minutes, summary, description, notice))

    for k in range(days):
        on = start + timedelta(days=k)
        if on in training and decision.phase in PHASE_WORDS:
            title, words = PHASE_WORDS[decision.phase]
            add(
                "training",
                "training",
                on,
                TRAINING_AT,
                TRAINING_MINUTES,
                f"Comeback: {title}",
                f"{words} {OPEN_APP}",
            )
        if pelvic:
            for n, at in enumerate(PELVIC_FLOOR_AT, start=1):
                add(
                    f"pelvic-floor-{n}",
                    "pelvic_floor",
                    on,
                    at,
                    PELVIC_FLOOR_MINUTES,
                    f"Pelvic-floor practice ({n} of {PELVIC_FLOOR_TIMES_A_DAY})",
                    PELVIC_FLOOR_WORDS,
                )
        for n, at in enumerate(hydration_at, start=1):
            feed = " and at each feed" if breastfeeding else ""
            add(
                f"water-{n}",
                "hydration",
                on,
                at,
                HYDRATION_MINUTES,
                "A glass of water",
                f"Have a glass of water now{feed}. Your aim is about {_water(target, units)} "
                "a day from drinks; drink to thirst.",
            )
    check = _six_week_check(scenario, start, days)
    if check is not None:
        on, overdue = check
        add(
            "six-week-check",
            "six_week_check",
            on,
            SIX_WEEK_CHECK_AT,
            SIX_WEEK_CHECK_MINUTES,
            "Your six-week check",
            (
                "Your six-week check is due. If you have not had it yet, ask your GP practice "
                "or midwife for it."
                if overdue
                else "Your six-week check is due around today. If it is not booked, call your "
                "GP practice or midwife."
            )
            + " Once you are cleared, record it in Comeback: glute work starts after it.",
            None if overdue else SIX_WEEK_CHECK_NOTICE_DAYS,
        )
    return tuple(sorted(out, key=lambda r: (r.on, r.at, r.key)))


def _six_week_check(scenario: Scenario, start: date, days: int) -> tuple[date, bool] | None:
    """(day, overdue) of the six-week check reminder, or None (cleared, or beyond the feed)."""
    if scenario.clearances:
        return None
    due = scenario.profile.delivery_date + timedelta(days=SIX_WEEK_CHECK_DAYS)
    if due < start:
        return start, True
    if due < start + timedelta(days=days):
        return due, False
    return None
