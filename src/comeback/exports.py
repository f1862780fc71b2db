"""Her history as CSV, one table at a time (stdlib csv): what a spreadsheet or a clinic imports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, Literal

from comeback.domain import model as m

Table = Literal["sets", "checkins", "symptoms", "assessments", "clearances", "profile", "overrides"]
TABLES: tuple[Table, ...] = (
    "sets",
    "checkins",
    "symptoms",
    "assessments",
    "clearances",
    "profile",
    "overrides",
)


def _rows(scenario: m.Scenario, table: Table) -> tuple[list[str], Iterable[list[Any]]]:
    if table == "sets":
        return (
            [
                "date",
                "exercise",
                "variant",
                "set",
                "reps",
                "load_kg",
                "band",
                "rir",
                "form",
                "felt_in",
            ],
            (
                [
                    s.date,
                    e.exercise,
                    e.variant,
                    i + 1,
                    t.reps,
                    t.load_kg,
                    t.band,
                    t.rir,
                    t.form,
                    t.felt_in,
                ]
                for s in scenario.sessions
                for e in s.exercises
                for i, t in enumerate(e.sets)
            ),
        )
    if table == "checkins":
        return (
            [
                "date",
                "sleep_h",
                "stress",
                "water_ml",
                "protein_g_by_meal",
                "carried_baby_one_side",
                "hunched_feeding",
                "felt_down",
                "little_interest",
            ],
            (
                [
                    c.date,
                    c.sleep_h,
                    c.stress,
                    c.water_ml,
                    " ".join(f"{g:g}" for g in c.protein_g_by_meal)
                    if c.protein_g_by_meal is not None
                    else None,
                    c.carried_baby_one_side,
                    c.hunched_feeding,
                    c.felt_down,
                    c.little_interest,
                ]
                for c in scenario.checkins
            ),
        )
    if table == "symptoms":
        return (
            ["date", "code", "during", "exercise", "severity"],
            ([x.date, x.code, x.during, x.exercise, x.severity] for x in scenario.symptoms),
        )
    if table == "assessments":
        return (
            [
                "date",
                "kind",
                "gap_finger_widths",
                "depth",
                "doming",
                "max_hold_s",
                "holds_10s",
                "quick_flicks",
            ],
            (
                [a.date, "diastasis", a.gap_finger_widths, a.depth, a.doming, None, None, None]
                if isinstance(a, m.DiastasisAssessment)
                else [
                    a.date,
                    "pelvic_floor",
                    None,
                    None,
                    None,
                    a.max_hold_s,
                    a.holds_10s,
                    a.quick_flicks,
                ]
                for a in scenario.assessments
            ),
        )
    if table == "profile":
        p = scenario.profile
        return (
            [
                "delivery_date",
                "delivery",
                "severe_perineal_tear",
                "body_mass_kg",
                "breastfeeding",
                "training_background",
                "dumbbell_step_kg",
                "barbell_step_kg",
            ],
            [
                [
                    p.delivery_date,
                    p.delivery,
                    p.severe_perineal_tear,
                    p.body_mass_kg,
                    p.breastfeeding,
                    p.training_background,
                    p.equipment.dumbbell_step_kg,
                    p.equipment.barbell_step_kg,
                ]
            ],
        )
    if table == "overrides":
        return (
            ["date", "phase", "by", "reason"],
            ([o.date, o.phase, o.by, o.reason] for o in scenario.overrides),
        )
    return (
        ["date", "by", "kind", "entered_by"],
        ([c.date, c.by, c.kind, c.entered_by] for c in scenario.clearances),
    )


def to_csv(scenario: m.Scenario, table: Table) -> str:
    """One table of her history as CSV text with a header row; empty cells for absent values."""
    header, rows = _rows(scenario, table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            ["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row]
        )
    return out.getvalue()
