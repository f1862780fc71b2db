"""The contract's edge: the scenario JSON in (strict Pydantic models), the decision JSON out.

SPEC 3: types are strict (no strings for numbers, no 0/1 for booleans, dates only as
`YYYY-MM-DD`), unknown keys are errors, and an invalid scenario is reported as one line naming
the field path, the value given and what was expected: the first error in document order.
Checks that span fields (a load on a banded variant, a second check-in on one date, an
override before any clearance) run on the raw document too, so that "first" stays true.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from comeback.domain import model as m
from comeback.domain.catalogue import load_catalogue
from comeback.domain.phases import MAX_PROGRAM_DAYS, STRENGTH_FLOOR_DAYS
from comeback.domain.safety import PAIN_CODES, SYMPTOM_CODES
from comeback.errors import InvalidInput

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Product rules (not in SPEC 3): dates a person could mean, and a program that spans at most
# ten years after a birth. They keep date arithmetic clear of the calendar's end and bound the
# day-by-day replay, so no input can make a decision slow.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)


def _parse_date(value: Any, info: ValidationInfo) -> date:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise PydanticCustomError("date", "expected a date as a YYYY-MM-DD string")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date", "expected a real calendar date as YYYY-MM-DD") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise PydanticCustomError("date", f"expected a date from {FIRST_DATE} to {LAST_DATE}")
    bounds = info.context or {}
    as_of, born = bounds.get("as_of"), bounds.get("delivery_date")
    if info.field_name == "as_of":
        if born is not None and (day - born).days > MAX_PROGRAM_DAYS:
            raise PydanticCustomError(
                "date",
                "expected as_of within 10 years of profile.delivery_date ({born})",
                {"born": born.isoformat()},
            )
        return day
    if as_of is not None and day > as_of:
        raise PydanticCustomError(
            "date", "expected a date on or before as_of ({as_of})", {"as_of": as_of.isoformat()}
        )
    if info.field_name != "delivery_date" and born is not None and day < born:
        raise PydanticCustomError(
            "date",
            "expected a date on or after profile.delivery_date ({born})",
            {"born": born.isoformat()},
        )
    return day


def _integral(value: Any) -> Any:
    """Counts are integers; an integral number such as 12.0 is taken as 12 (SPEC 3.1)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Day = Annotated[
    date,
    PlainValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE_RE.pattern}),
]


def _count(lo: int, hi: int) -> Any:
    return Annotated[int, BeforeValidator(_integral), Field(ge=lo, le=hi, strict=True)]


def _number(lo: float, hi: float) -> Any:
    return Annotated[float, Field(ge=lo, le=hi, strict=True)]


def _catalogue_id(value: str) -> str:
    ids = load_catalogue().ids
    if value not in ids:
        raise PydanticCustomError(
            "exercise", "expected an exercise id, one of: {ids}", {"ids": ", ".join(ids)}
        )
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class EquipmentIn(_Strict):
    dumbbell_step_kg: _number(0.25, 5) | None = None  # type: ignore[valid-type]
    barbell_step_kg: _number(0.5, 10) | None = None  # type: ignore[valid-type]


class ProfileIn(_Strict):
    delivery_date: Day
    delivery: Literal["vaginal", "caesarean"]
    severe_perineal_tear: bool | None = None
    body_mass_kg: _number(30, 250)  # type: ignore[valid-type]
    breastfeeding: Literal["exclusive", "partial", "none"]
    training_background: Literal["none", "some", "regular"] | None = None
    equipment: EquipmentIn | None = None


class ClearanceIn(_Strict):
    date: Day
    by: str
    kind: Literal["general", "pelvic_health"] | None = None
    entered_by: Literal["self", "clinician"] | None = None


class OverrideIn(_Strict):
    date: Day
    phase: Literal["foundation", "activation", "strengthening"]
    by: str = Field(min_length=1, pattern=r"\S")
    reason: str = Field(min_length=1, pattern=r"\S")


class DiastasisIn(_Strict):
    date: Day
    kind: Literal["diastasis"]
    gap_finger_widths: _number(0, 10)  # type: ignore[valid-type]
    depth: Literal["firm", "soft"]
    doming: bool


class PelvicFloorIn(_Strict):
    date: Day
    kind: Literal["pelvic_floor"]
    max_hold_s: _number(0, 300)  # type: ignore[valid-type]
    holds_10s: _count(0, 100)  # type: ignore[valid-type]
    quick_flicks: _count(0, 200)  # type: ignore[valid-type]


AssessmentIn = Annotated[DiastasisIn | PelvicFloorIn, Field(discriminator="kind")]


class SymptomIn(_Strict):
    date: Day
    code: str
    during: Literal["exercise", "daily_life"]
    exercise: str | None = None
    severity: _count(0, 10) | None = None  # type: ignore[valid-type]

    @field_validator("code")
    @classmethod
    def _known_code(cls, value: str) -> str:
        if value not in SYMPTOM_CODES:
            raise PydanticCustomError(
                "symptom_code",
                "expected a symptom code, one of: {codes}",
                {"codes": ", ".join(SYMPTOM_CODES)},
            )
        return value

    @field_validator("exercise")
    @classmethod
    def _known_exercise(cls, value: str | None) -> str | None:
        return None if value is None else _catalogue_id(value)


class CheckInIn(_Strict):
    date: Day
    sleep_h: _number(0, 24) | None = None  # type: ignore[valid-type]
    stress: _count(1, 5) | None = None  # type: ignore[valid-type]
    water_ml: _number(0, 10000) | None = None  # type: ignore[valid-type]
    protein_g_by_meal: list[_number(0, 300)] | None = None  # type: ignore[valid-type]
    carried_baby_one_side: bool | None = None
    hunched_feeding: bool | None = None
    felt_down: bool | None = None
    little_interest: bool | None = None


class SetIn(_Strict):
    reps: _count(0, 200)  # type: ignore[valid-type]
    load_kg: _number(0, 400) | None = None  # type: ignore[valid-type]
    band: Literal["light", "medium", "heavy"] | None = None
    rir: _count(0, 10) | None = None  # type: ignore[valid-type]
    form: Literal["good", "ok", "poor"]
    felt_in: Literal["glutes", "hamstrings", "low_back", "quads", "other"] | None = None


class ExerciseIn(_Strict):
    exercise: str
    variant: str
    sets: list[SetIn] = Field(min_length=1)

    @field_validator("exercise")
    @classmethod
    def _known_exercise(cls, value: str) -> str:
        return _catalogue_id(value)

    @field_validator("variant")
    @classmethod
    def _known_variant(cls, value: str, info: ValidationInfo) -> str:
        ex_id = info.data.get("exercise")
        if ex_id is None:
            return value
        ids = [v.id for v in load_catalogue()[ex_id].variants]
        if value not in ids:
            raise PydanticCustomError(
                "variant",
                "expected a variant of {ex}, one of: {ids}",
                {"ex": ex_id, "ids": ", ".join(ids)},
            )
        return value


class SessionIn(_Strict):
    date: Day
    exercises: list[ExerciseIn] = Field(min_length=1)


class ScenarioIn(_Strict):
    """A scenario as SPEC 3.1 defines it; every list may be empty or missing."""

    as_of: Day
    profile: ProfileIn
    clearances: list[ClearanceIn] | None = None
    overrides: list[OverrideIn] | None = None
    assessments: list[AssessmentIn] | None = None
    symptoms: list[SymptomIn] | None = None
    checkins: list[CheckInIn] | None = None
    sessions: list[SessionIn] | None = None


# ---- errors in document order -----------------------------------------------------------

Loc = tuple[str | int, ...]


def _position(data: Any, loc: Loc) -> tuple[tuple[int, int], ...]:
    """Where a location sits in the document, comparable across errors (missing keys last)."""
    key: list[tuple[int, int]] = []
    node = data
    for part in loc:
        if isinstance(node, dict):
            keys = list(node)
            if part in node:
                key.append((0, keys.index(part)))
                node = node[part]
            else:
                key.append((1, len(keys)))
                node = None
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            key.append((0, part))
            node = node[part]
        else:
            break
    return tuple(key)


def _clean_loc(data: Any, loc: Loc) -> Loc:
    """Drop Pydantic's union tags (assessments.0.diastasis.depth -> assessments.0.depth)."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part not in node and i < len(loc) - 1:
            continue
        out.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(out)


_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def format_path(loc: Loc) -> str:
    """sessions[3].exercises[0].exercise; an odd key is quoted so the line stays one line."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _NAME_RE.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part)}]"
    return text or "(document)"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _expected(err: dict[str, Any]) -> str:
    kind, msg = str(err["type"]), str(err["msg"])
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        return "no such field (check the spelling)"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "kind to be 'diastasis' or 'pelvic_floor'"
    if kind == "model_type" or kind == "dict_type":
        return "an object"
    for prefix in ("Input should be ", "Value should have ", "String should have ", "expected "):
        if msg.startswith(prefix):
            return msg[len(prefix) :].replace("a valid", "a")
    return msg


def _issue(
    data: Any, loc: Loc, value: Any, expected: str, missing: bool = False
) -> tuple[Any, InvalidInput]:
    path = format_path(loc)
    got = "nothing" if missing else _show(value)
    return _position(data, loc), InvalidInput(path, got, expected)


def _pydantic_issues(data: Any, error: ValidationError) -> list[tuple[Any, InvalidInput]]:
    found = []
    for err in error.errors():
        loc = tuple(err["loc"])
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "kind")
        loc = _clean_loc(data, loc)
        found.append(
            _issue(data, loc, err.get("input"), _expected(dict(err)), err["type"] == "missing")
        )
    return found


def _as_date(value: Any) -> date | None:
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _cross_field_issues(data: dict[str, Any]) -> list[tuple[Any, InvalidInput]]:
    """The checks SPEC 3.1 states across fields, run on the raw document."""
    found = []
    catalogue = load_catalogue()
    for i, session in enumerate(_list(data, "sessions")):
        for j, entry in enumerate(_list(session, "exercises") if isinstance(session, dict) else []):
            if not isinstance(entry, dict) or not isinstance(entry.get("exercise"), str):
                continue
            if entry["exercise"] not in catalogue:
                continue
            ex = catalogue[entry["exercise"]]
            if entry.get("variant") not in [v.id for v in ex.variants]:
                continue
            load = ex.variant(entry["variant"]).load
            for k, s in enumerate(_list(entry, "sets")):
                if not isinstance(s, dict):
                    continue
                base: Loc = ("sessions", i, "exercises", j, "sets", k)
                for field_, needed in (
                    ("load_kg", load in ("dumbbell", "barbell")),
                    ("band", load == "band"),
                ):
                    given = s.get(field_) is not None
                    if needed and not given:
                        what = (
                            "a load in kg (the total)"
                            if field_ == "load_kg"
                            else "a band: light, medium or heavy"
                        )
                        found.append(
                            _issue(
                                data,
                                (*base, field_),
                                None,
                                f"{what} on the {entry['variant']} variant",
                                True,
                            )
                        )
                    elif given and not needed:
                        found.append(
                            _issue(
                                data,
                                (*base, field_),
                                s[field_],
                                f"no {field_} on the {entry['variant']} variant",
                            )
                        )
    for i, s in enumerate(_list(data, "symptoms")):
        if not isinstance(s, dict):
            continue
        if s.get("during") == "exercise" and s.get("exercise") is None:
            found.append(
                _issue(
                    data,
                    ("symptoms", i, "exercise"),
                    None,
                    "the exercise id when during is 'exercise'",
                    True,
                )
            )
        if s.get("code") in PAIN_CODES and s.get("severity") is None:
            found.append(
                _issue(
                    data,
                    ("symptoms", i, "severity"),
                    None,
                    f"a severity 0-10 for {s['code']}",
                    True,
                )
            )
    seen: set[str] = set()
    for i, c in enumerate(_list(data, "checkins")):
        if isinstance(c, dict) and isinstance(c.get("date"), str):
            if c["date"] in seen:
                found.append(
                    _issue(
                        data, ("checkins", i, "date"), c["date"], "at most one check-in per date"
                    )
                )
            seen.add(c["date"])
    found += _override_issues(data)
    return found


def _override_issues(data: dict[str, Any]) -> list[tuple[Any, InvalidInput]]:
    found = []
    cleared = [
        d
        for c in _list(data, "clearances")
        if isinstance(c, dict) and (d := _as_date(c.get("date")))
    ]
    raw_profile = data.get("profile")
    profile: dict[str, Any] = raw_profile if isinstance(raw_profile, dict) else {}
    born = _as_date(profile.get("delivery_date"))
    floor = STRENGTH_FLOOR_DAYS.get(str(profile.get("delivery")))
    for i, o in enumerate(_list(data, "overrides")):
        day = _as_date(o.get("date")) if isinstance(o, dict) else None
        if day is None or o.get("phase") not in ("activation", "strengthening"):
            continue
        if not any(c <= day for c in cleared):
            found.append(
                _issue(
                    data,
                    ("overrides", i, "date"),
                    o["date"],
                    f"a clearance recorded on or before an override to {o['phase']}",
                )
            )
        elif o["phase"] == "strengthening" and born and floor and (day - born).days < floor:
            weeks = floor // 7
            found.append(
                _issue(
                    data,
                    ("overrides", i, "date"),
                    o["date"],
                    f"an override to strengthening at least {weeks} weeks after delivery",
                )
            )
    return found


def _context(data: dict[str, Any]) -> dict[str, date | None]:
    profile = data.get("profile")
    born = _as_date(profile.get("delivery_date")) if isinstance(profile, dict) else None
    return {"as_of": _as_date(data.get("as_of")), "delivery_date": born}


def parse_scenario_data(data: Any) -> m.Scenario:
    """Validate a decoded JSON document; raise InvalidInput for the first error in it."""
    if not isinstance(data, dict):
        raise InvalidInput("(document)", _show(data), "a JSON object (a scenario)")
    issues = []
    model = None
    try:
        model = ScenarioIn.model_validate(data, context=_context(data))
    except ValidationError as e:
        issues += _pydantic_issues(data, e)
    issues += _cross_field_issues(data)
    if issues:
        raise min(issues, key=lambda pair: pair[0])[1]
    assert model is not None
    return to_domain(model)


def parse_scenario(text: str | bytes) -> m.Scenario:
    """Parse scenario JSON text into the domain's Scenario, or raise InvalidInput."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise InvalidInput(
            "(document)", f"line {e.lineno} column {e.colno}", f"valid JSON ({e.msg})"
        ) from None
    except ValueError as e:
        raise InvalidInput("(document)", str(e), "valid JSON numbers") from None
    except RecursionError:
        raise InvalidInput("(document)", "nesting too deep", "a scenario object") from None
    return parse_scenario_data(data)


def _no_constant(name: str) -> Any:
    raise ValueError(name)


# ---- to the domain ----------------------------------------------------------------------


def profile_to_domain(p: ProfileIn) -> m.Profile:
    eq = p.equipment or EquipmentIn()
    defaults = m.Equipment()
    return m.Profile(
        delivery_date=p.delivery_date,
        delivery=p.delivery,
        body_mass_kg=p.body_mass_kg,
        breastfeeding=p.breastfeeding,
        severe_perineal_tear=bool(p.severe_perineal_tear),
        training_background=p.training_background or "some",
        equipment=m.Equipment(
            dumbbell_step_kg=eq.dumbbell_step_kg or defaults.dumbbell_step_kg,
            barbell_step_kg=eq.barbell_step_kg or defaults.barbell_step_kg,
        ),
    )


def assessment_to_domain(a: DiastasisIn | PelvicFloorIn) -> m.Assessment:
    if isinstance(a, DiastasisIn):
        return m.DiastasisAssessment(a.date, a.gap_finger_widths, a.depth, a.doming)
    return m.PelvicFloorAssessment(a.date, a.max_hold_s, a.holds_10s, a.quick_flicks)


def symptom_to_domain(x: SymptomIn) -> m.Symptom:
    return m.Symptom(x.date, x.code, x.during, x.exercise, x.severity)


def checkin_to_domain(c: CheckInIn, on: date | None = None) -> m.CheckIn:
    protein = tuple(c.protein_g_by_meal) if c.protein_g_by_meal is not None else None
    return m.CheckIn(
        on or c.date,
        c.sleep_h,
        c.stress,
        c.water_ml,
        protein,
        c.carried_baby_one_side,
        c.hunched_feeding,
        c.felt_down,
        c.little_interest,
    )


def set_to_domain(t: SetIn) -> m.SetLog:
    return m.SetLog(t.reps, t.form, t.load_kg, t.band, t.rir, t.felt_in)


def to_domain(s: ScenarioIn) -> m.Scenario:
    return m.Scenario(
        as_of=s.as_of,
        profile=profile_to_domain(s.profile),
        clearances=tuple(
            m.Clearance(c.date, c.by, c.kind or "general", c.entered_by or "self")
            for c in s.clearances or []
        ),
        overrides=tuple(m.Override(o.date, o.phase, o.by, o.reason) for o in s.overrides or []),
        assessments=tuple(assessment_to_domain(a) for a in s.assessments or []),
        symptoms=tuple(symptom_to_domain(x) for x in s.symptoms or []),
        checkins=tuple(checkin_to_domain(c) for c in s.checkins or []),
        sessions=tuple(
            m.Session(
                x.date,
                tuple(
                    m.ExerciseLog(e.exercise, e.variant, tuple(set_to_domain(t) for t in e.sets))
                    for e in x.exercises
                ),
            )
            for x in s.sessions or []
        ),
    )


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def profile_to_json(p: m.Profile) -> dict[str, Any]:
    return {
        "delivery_date": p.delivery_date.isoformat(),
        "delivery": p.delivery,
        "severe_perineal_tear": p.severe_perineal_tear,
        "body_mass_kg": p.body_mass_kg,
        "breastfeeding": p.breastfeeding,
        "training_background": p.training_background,
        "equipment": {
            "dumbbell_step_kg": p.equipment.dumbbell_step_kg,
            "barbell_step_kg": p.equipment.barbell_step_kg,
        },
    }


def assessment_to_json(a: m.Assessment) -> dict[str, Any]:
    if isinstance(a, m.DiastasisAssessment):
        return {
            "date": a.date.isoformat(),
            "kind": "diastasis",
            "gap_finger_widths": a.gap_finger_widths,
            "depth": a.depth,
            "doming": a.doming,
        }
    return {
        "date": a.date.isoformat(),
        "kind": "pelvic_floor",
        "max_hold_s": a.max_hold_s,
        "holds_10s": a.holds_10s,
        "quick_flicks": a.quick_flicks,
    }


def checkin_to_json(c: m.CheckIn) -> dict[str, Any]:
    return _drop_none(
        {
            "date": c.date.isoformat(),
            "sleep_h": c.sleep_h,
            "stress": c.stress,
            "water_ml": c.water_ml,
            "protein_g_by_meal": list(c.protein_g_by_meal)
            if c.protein_g_by_meal is not None
            else None,
            "carried_baby_one_side": c.carried_baby_one_side,
            "hunched_feeding": c.hunched_feeding,
            "felt_down": c.felt_down,
            "little_interest": c.little_interest,
        }
    )


def scenario_to_json(s: m.Scenario) -> dict[str, Any]:
    """A domain Scenario as SPEC 3.1 JSON (what `export` answers and `simulate` reads)."""

    def logged(t: m.SetLog) -> dict[str, Any]:
        return _drop_none(
            {
                "reps": t.reps,
                "load_kg": t.load_kg,
                "band": t.band,
                "rir": t.rir,
                "form": t.form,
                "felt_in": t.felt_in,
            }
        )

    return {
        "as_of": s.as_of.isoformat(),
        "profile": profile_to_json(s.profile),
        "clearances": [
            {"date": c.date.isoformat(), "by": c.by, "kind": c.kind, "entered_by": c.entered_by}
            for c in s.clearances
        ],
        "overrides": [
            {"date": o.date.isoformat(), "phase": o.phase, "by": o.by, "reason": o.reason}
            for o in s.overrides
        ],
        "assessments": [assessment_to_json(a) for a in s.assessments],
        "symptoms": [
            _drop_none(
                {
                    "date": x.date.isoformat(),
                    "code": x.code,
                    "during": x.during,
                    "exercise": x.exercise,
                    "severity": x.severity,
                }
            )
            for x in s.symptoms
        ],
        "checkins": [checkin_to_json(c) for c in s.checkins],
        "sessions": [
            {
                "date": x.date.isoformat(),
                "exercises": [
                    {
                        "exercise": e.exercise,
                        "variant": e.variant,
                        "sets": [logged(t) for t in e.sets],
                    }
                    for e in x.exercises
                ],
            }
            for x in s.sessions
        ],
    }


# ---- the decision out -------------------------------------------------------------------

_DECISION = TypeAdapter(m.Decision)


def _rename_from(node: Any) -> Any:
    """Progression's `from_` (a Python keyword dodge) is `from` in the contract."""
    if isinstance(node, dict):
        return {("from" if k == "from_" else k): _rename_from(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_rename_from(v) for v in node]
    return "from" if node == "from_" else node


def decision_to_json(decision: m.Decision) -> dict[str, Any]:
    """The decision as SPEC 3.7's JSON object."""
    return _rename_from(_DECISION.dump_python(decision, mode="json"))  # type: ignore[no-any-return]


def scenario_schema() -> dict[str, Any]:
    return ScenarioIn.model_json_schema()


def decision_schema() -> dict[str, Any]:
    schema = _DECISION.json_schema(mode="serialization")
    return _rename_from(schema)  # type: ignore[no-any-return]
