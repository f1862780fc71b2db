"""The weekly digest: her week in figures, as an email (plain text with an HTML alternative).

Pure: a scenario and its decision in, an `email.message.EmailMessage` out; sending is
mailer.py's job and choosing whom to send to is digests.py's. A week is Monday to Sunday.

Privacy: the subject line carries no health detail at all (it shows in lock screens and
notification previews): only "your week" and the dates. The body is for her alone.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage

from comeback.domain import model as m

# Product rule, not a clinical threshold: three sessions a week are what the plan asks for.
# WHO 2020 physical-activity guidelines (postpartum included): muscle-strengthening on at
# least 2 days a week; SPEC 3.5's rest day after each strengthening session allows at most 4.
PLANNED_SESSIONS_PER_WEEK = 3
ML_PER_FL_OZ = 29.5735  # US fluid ounce
LEVEL_WORDS = {
    "ok": "No warning signs this week.",
    "modify": "Some exercises are easier for now, after what you reported.",
    "stop": "Your plan is paused. Open Comeback for what to do next and whom to call.",
}


@dataclass(frozen=True)
class Week:
    start: date
    end: date
    sessions: int
    planned: int
    sets: int
    reps: int
    phase: str
    next_phase: str | None
    gate_met: int
    gate_total: int
    gate_todo: tuple[str, ...]
    symptoms: int
    triage_level: str
    triage_advice: str
    checkin_days: int
    protein_avg_g: int | None
    protein_target_g: int
    water_avg_ml: int | None
    water_target_ml: int
    notice: str


def week_ending(day: date) -> tuple[date, date]:
    """The last whole Monday-to-Sunday week before `day` (on a Monday: the week just ended)."""
    end = day - timedelta(days=day.weekday() + 1)
    return end - timedelta(days=6), end


def summarise(scenario: m.Scenario, decision: m.Decision, start: date) -> Week:
    """Her week from `start` to `scenario.as_of` (its Sunday) in figures.

    Example: 2 session days with 18 sets, 4 check-ins, 90 g protein on average against 114 g."""
    end = scenario.as_of

    def within(on: date) -> bool:
        return start <= on <= end

    days = [s for s in scenario.sessions if within(s.date)]
    sets = [t for s in days for e in s.exercises for t in e.sets]
    checkins = [c for c in scenario.checkins if within(c.date)]
    protein = [sum(c.protein_g_by_meal) for c in checkins if c.protein_g_by_meal is not None]
    water = [c.water_ml for c in checkins if c.water_ml is not None]
    gate = decision.gate
    paused = decision.phase == "paused"
    return Week(
        start=start,
        end=end,
        sessions=len({s.date for s in days}),
        planned=0 if paused else PLANNED_SESSIONS_PER_WEEK,
        sets=len(sets),
        reps=sum(t.reps for t in sets),
        phase=decision.phase,
        next_phase=gate.next_phase,
        gate_met=len(gate.met),
        gate_total=len(gate.met) + len(gate.unmet),
        gate_todo=tuple(gate.why.get(code, code) for code in gate.unmet),
        symptoms=sum(1 for x in scenario.symptoms if within(x.date)),
        triage_level=decision.triage.level,
        triage_advice=decision.triage.advice,
        checkin_days=len(checkins),
        protein_avg_g=round(sum(protein) / len(protein)) if protein else None,
        protein_target_g=decision.targets.protein_g_day,
        water_avg_ml=round(sum(water) / len(water)) if water else None,
        water_target_ml=decision.targets.water_ml_day,
        notice=decision.notice,
    )


def _water(ml: float, units: str) -> str:
    return f"{ml / ML_PER_FL_OZ:.0f} fl oz" if units == "imperial" else f"{ml:.0f} ml"


def _dates(w: Week) -> str:
    return f"{w.start.day} {w.start:%b} to {w.end.day} {w.end:%b %Y}"


def subject(w: Week) -> str:
    """No health detail here: only that it is her week, and which."""
    return f"Your Comeback week, {_dates(w)}"


def lines(w: Week, units: str = "metric") -> list[tuple[str, str]]:
    """The digest as (heading, sentence) pairs, for the text and the HTML alike."""
    if w.planned:
        done = f"{w.sessions} of {w.planned} planned sessions, {w.sets} sets, {w.reps} reps."
        if w.sessions >= w.planned:
            done += " Well done."
        elif w.sessions:
            done += " Every session counts."
    else:
        done = f"{w.sessions} sessions, {w.sets} sets. Your plan is paused, so rest is the plan."
    phase = f"You are in the {w.phase} phase."
    if w.next_phase:
        phase += f" Ready for {w.next_phase}: {w.gate_met} of {w.gate_total} steps done."
        if w.gate_todo:
            phase += " Still to do: " + " ".join(w.gate_todo)
    safety = LEVEL_WORDS[w.triage_level]
    if w.symptoms:
        safety = f"You reported {w.symptoms} symptom(s) this week. " + safety
    if w.triage_level == "modify":
        safety += " " + w.triage_advice
    food = []
    if w.protein_avg_g is not None:
        food.append(f"protein about {w.protein_avg_g} g a day (aim: {w.protein_target_g} g)")
    if w.water_avg_ml is not None:
        food.append(
            f"drinks about {_water(w.water_avg_ml, units)} a day "
            f"(aim: {_water(w.water_target_ml, units)})"
        )
    checkins = f"You checked in on {w.checkin_days} of 7 days."
    if food:
        checkins += " On those days: " + "; ".join(food) + "."
    return [
        ("Sessions", done),
        ("Phase", phase),
        ("Safety", safety),
        ("Check-ins", checkins),
    ]


def message(w: Week, to: str, sender: str, name: str = "", units: str = "metric") -> EmailMessage:
    """The digest email: plain text first, the same words as simple HTML second."""
    msg = EmailMessage()
    msg["Subject"] = subject(w)
    msg["From"] = sender
    msg["To"] = to
    hello = f"Hello {name}," if name else "Hello,"
    parts = lines(w, units)
    text = [hello, "", f"Your week, {_dates(w)}:", ""]
    for heading, sentence in parts:
        text += [f"{heading}: {sentence}", ""]
    text += [w.notice, "", "You get this email because you turned on the weekly digest in"]
    text += ["Comeback's settings. Turn it off there at any time."]
    msg.set_content("\n".join(text) + "\n")
    body = "".join(f"<h2>{html.escape(h)}</h2><p>{html.escape(s)}</p>" for h, s in parts)
    msg.add_alternative(
        "<!doctype html><html><body>"
        f"<p>{html.escape(hello)}</p><p>Your week, {html.escape(_dates(w))}:</p>{body}"
        f"<p><small>{html.escape(w.notice)}</small></p>"
        "<p><small>You get this email because you turned on the weekly digest in Comeback's "
        "settings. Turn it off there at any time.</small></p></body></html>",
        subtype="html",
    )
    return msg
