"""The report as a flow of blocks (headings, paragraphs, tables, charts) in her units.

Both renderers walk the same blocks, so the PDF and the HTML report say the same words and
draw the same charts; only the typesetting differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from comeback.reports import figures
from comeback.reports.axes import Units, load_factor, load_unit
from comeback.reports.content import E1RM_FORMULA, ExerciseProgress, Report
from comeback.reports.figures import Figure
from comeback.web.charts import ML_PER_FL_OZ

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LEVEL_WORDS = {
    "urgent": "urgent: get help now",
    "pelvic_floor": "stop: pelvic-floor sign",
    "stop": "stop",
    "modify": "modify",
    None: "noted (no change)",
}
DISCLAIMER = (
    "Comeback is not medical advice and does not replace her midwife, GP or physiotherapist. "
    "Everything here is what she logged herself unless it says a clinician entered it."
)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the text width, summing to 1


@dataclass(frozen=True)
class Chart:
    figure: Figure


Block = Heading | Para | Table | Chart


def day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _weight(kg: float | None, units: Units) -> str:
    return "-" if kg is None else f"{_n(kg * load_factor(units))} {load_unit(units)}"


def _water(ml: float | None, units: Units) -> str:
    if ml is None:
        return "-"
    return f"{_n(ml / ML_PER_FL_OZ)} fl oz" if units == "imperial" else f"{round(ml)} ml"


def _phase(name: str) -> str:
    return name.capitalize()


def _load_text(p: ExerciseProgress, i: int, units: Units) -> str:
    point = p.points[i].point
    if point.top_load_kg is not None:
        return _weight(point.top_load_kg, units)
    if point.top_band is not None:
        return f"{point.top_band} band"
    return "bodyweight"


def _profile(report: Report, units: Units) -> list[Block]:
    p, d = report.profile, report.decision
    bf = {"exclusive": "exclusive", "partial": "partial", "none": "not breastfeeding"}
    rows = [
        (
            "Birth",
            f"{day(p.delivery_date)}, {p.delivery} birth"
            + (", severe perineal tear" if p.severe_perineal_tear else ""),
        ),
        ("Weeks since the birth", f"{_n(d.weeks_postpartum)} on {day(d.as_of)}"),
        ("Body mass", _weight(p.body_mass_kg, units)),
        ("Breastfeeding", bf[p.breastfeeding]),
        ("Training before", p.training_background),
        ("Phase on the last day", _phase(d.phase)),
        (
            "Triage on the last day",
            d.triage.level + (f" ({', '.join(d.triage.reasons)})" if d.triage.reasons else ""),
        ),
        (
            "Daily targets",
            f"protein {d.targets.protein_g_day} g, water from drinks "
            f"{_water(d.targets.water_ml_day, units)}",
        ),
    ]
    blocks: list[Block] = [
        Heading("Her profile and where she stands"),
        Table(("", ""), tuple(rows), (0.3, 0.7)),
    ]
    if d.gate.next_phase is not None:
        blocks.append(Para(f"Gate into {d.gate.next_phase} (for the day after the period):"))
        blocks.append(
            Table(
                ("Condition", "Met", "Why"),
                tuple(
                    (
                        code.removeprefix("not_").replace("_", " "),
                        "yes" if code in d.gate.met else "no",
                        d.gate.why.get(code, ""),
                    )
                    for code in (*d.gate.met, *d.gate.unmet)
                ),
                (0.3, 0.08, 0.62),
            )
        )
    if d.referrals:
        blocks.append(Para("Referrals: " + "; ".join(f"{r.to}: {r.why}" for r in d.referrals)))
    return blocks


def _phases(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Phase timeline")]
    if report.phases:
        blocks.append(Chart(figures.phases(report)))
    blocks.append(
        Table(
            ("Phase", "From", "To", "Days"),
            tuple(
                (_phase(s.phase), day(s.start), day(s.end), str((s.end - s.start).days + 1))
                for s in report.phases
            ),
            (0.3, 0.27, 0.27, 0.16),
        )
    )
    if report.transitions:
        blocks.append(Para("Gate dates (every phase change since the birth):"))
        blocks.append(
            Table(
                ("Date", "From", "To", "Why"),
                tuple(
                    (day(t.date), _phase(t.before), _phase(t.after), t.cause)
                    for t in report.transitions
                ),
                (0.2, 0.17, 0.17, 0.46),
            )
        )
    else:
        blocks.append(Para("No phase change yet: she has been in foundation since the birth."))
    return blocks


def _training(report: Report, units: Units) -> list[Block]:
    a = report.adherence
    blocks: list[Block] = [Heading("Sessions and volume")]
    if a.weeks:
        share = f" ({round(100 * a.share)} %)" if a.share is not None else ""
        blocks.append(
            Para(
                f"Sessions: {a.done} days with a session; {a.done_on_offered} of the "
                f"{a.offered} days the program offered one{share}."
            )
        )
        blocks.append(Para("How offered days are counted: " + a.rule, muted=True))
        blocks.append(Chart(figures.adherence(report)))
    if report.volume:
        blocks.append(Chart(figures.volume(report)))
        blocks.append(
            Table(
                ("Week of", "Sessions", "Working sets", "Reps", f"Lifted ({load_unit(units)})"),
                tuple(
                    (
                        day(v.week.week_start),
                        str(v.week.sessions),
                        str(v.week.sets),
                        str(v.week.reps),
                        _n(v.load_volume_kg * load_factor(units)),
                    )
                    for v in report.volume
                ),
                (0.28, 0.16, 0.2, 0.16, 0.2),
            )
        )
        blocks.append(
            Para(
                "Lifted: sets x reps x load of the working sets. A week that starts before the "
                "period counts whole, as on the progress page.",
                muted=True,
            )
        )
    else:
        blocks.append(Para("No session logged in this period."))
    return blocks


def _summary_row(ex: ExerciseProgress, units: Units) -> tuple[str, ...]:
    first, last = ex.points[0].point, ex.points[-1].point
    names = ex.variant_names
    est = ex.e1rm_points
    e1rm = f"{_weight(est[0].e1rm_kg, units)} -> {_weight(est[-1].e1rm_kg, units)}" if est else "-"
    return (
        f"{ex.name} ({ex.exercise})",
        str(len(ex.points)),
        f"{names.get(first.variant, first.variant)} -> {names.get(last.variant, last.variant)}"
        if first.variant != last.variant
        else names.get(last.variant, last.variant),
        "-" if ex.kind == "reps" else f"{_load_text(ex, 0, units)} -> {_load_text(ex, -1, units)}",
        f"{first.reps} -> {last.reps}",
        e1rm,
    )


def _strength(report: Report, units: Units) -> list[Block]:
    blocks: list[Block] = [Heading("Strength, exercise by exercise")]
    if not report.exercises:
        return [*blocks, Para("No exercise logged in this period.")]
    blocks.append(
        Para(
            f"Every exercise she logged in the period, first session -> last. Estimated 1RM "
            f"(one-repetition maximum) for loaded exercises, from the best working set of a "
            f"session: {E1RM_FORMULA} (Epley 1985); an estimate, less accurate above 10 reps."
        )
    )
    blocks.append(
        Table(
            ("Exercise", "Sessions", "Variant", "Top load", "Reps a session", "Estimated 1RM"),
            tuple(_summary_row(ex, units) for ex in report.exercises),
            (0.26, 0.11, 0.19, 0.17, 0.12, 0.15),
        )
    )
    if report.earlier_exercises:
        blocks.append(
            Para("Logged only before this period: " + ", ".join(report.earlier_exercises) + ".")
        )
    blocks.extend(Chart(figures.exercise(report, ex, units)) for ex in report.exercises)
    return blocks


def _symptoms(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Symptoms and triage")]
    if not report.symptoms:
        return [*blocks, Para("No symptom reported in this period.")]
    blocks.append(Chart(figures.symptoms(report)))
    blocks.append(
        Table(
            ("Date", "Symptom", "When", "Level", "Cleared"),
            tuple(
                (
                    day(r.symptom.date),
                    r.words + (f" ({r.symptom.severity}/10)" if r.symptom.severity else ""),
                    "during " + (r.exercise_name or "exercise")
                    if r.symptom.during == "exercise"
                    else "daily life",
                    LEVEL_WORDS.get(r.level, str(r.level)),
                    day(r.cleared_on) if r.cleared_on else "-",
                )
                for r in report.symptoms
            ),
            (0.17, 0.33, 0.18, 0.18, 0.14),
        )
    )
    return blocks


def _assessments(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Self-checks")]
    if report.diastasis:
        blocks.append(Chart(figures.diastasis(report)))
        blocks.append(
            Table(
                ("Date", "Gap (finger widths)", "Depth", "Doming"),
                tuple(
                    (day(a.date), _n(a.gap_finger_widths), a.depth, "yes" if a.doming else "no")
                    for a in report.diastasis
                ),
                (0.25, 0.3, 0.2, 0.25),
            )
        )
    else:
        blocks.append(Para("No diastasis self-check in this period."))
    if report.pelvic_floor:
        blocks.append(Chart(figures.pelvic_floor(report)))
        blocks.append(
            Table(
                ("Date", "Longest hold (s)", "10-second holds", "Quick flicks"),
                tuple(
                    (day(a.date), _n(a.max_hold_s), str(a.holds_10s), str(a.quick_flicks))
                    for a in report.pelvic_floor
                ),
                (0.25, 0.25, 0.25, 0.25),
            )
        )
    else:
        blocks.append(Para("No pelvic-floor self-check in this period."))
    return blocks


def _nutrition(report: Report, units: Units) -> list[Block]:
    blocks: list[Block] = [Heading("Protein and water")]
    p, w = report.protein, report.water
    avg_p = f"{_n(p.average)} g" if p.average is not None else "-"
    blocks.append(
        Para(
            f"Protein: logged on {p.logged} of {report.period.days} days, at or above the target "
            f"on {p.met}; {avg_p} a day on average (target now {p.target} g). Water from drinks: "
            f"logged on {w.logged} days, at or above the target on {w.met}; "
            f"{_water(w.average, units)} a day on average (target now {_water(w.target, units)})."
        )
    )
    if p.logged:
        blocks.append(Chart(figures.nutrition(report, "protein", units)))
    if w.logged:
        blocks.append(Chart(figures.nutrition(report, "water", units)))
    return blocks


def _clinical(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Clearances and overrides")]
    entered = {"self": "her", "clinician": "a clinician"}
    if report.clearances:
        blocks.append(
            Table(
                ("Date", "Kind", "By", "Entered by"),
                tuple(
                    (day(c.date), c.kind.replace("_", " "), c.by, entered[c.entered_by])
                    for c in report.clearances
                ),
                (0.2, 0.2, 0.4, 0.2),
            )
        )
    else:
        blocks.append(Para("No clearance recorded."))
    if report.overrides:
        blocks.append(
            Table(
                ("Date", "Phase set", "By", "Reason"),
                tuple((day(o.date), _phase(o.phase), o.by, o.reason) for o in report.overrides),
                (0.2, 0.18, 0.22, 0.4),
            )
        )
    else:
        blocks.append(Para("No override of a gate."))
    return blocks


def title_of(report: Report) -> str:
    return f"Progress report, {day(report.period.start)} to {day(report.period.end)}"


def blocks(report: Report, name: str, units: Units, generated: date) -> list[Block]:
    """The whole report in reading order."""
    return [
        Heading(title_of(report), level=0),
        Para(f"{name}. Made by Comeback on {day(generated)}."),
        Para(DISCLAIMER, muted=True),
        *_profile(report, units),
        *_phases(report),
        *_training(report, units),
        *_strength(report, units),
        *_symptoms(report),
        *_assessments(report),
        *_nutrition(report, units),
        *_clinical(report),
    ]
