"""Every table of her history as CSV files, and back: a folder or a .zip of `<table>.csv`.

Writing uses exports.to_csv, one file per table. Reading turns each row back into the
scenario's JSON (cells typed by their column; an empty cell is an absent value) and then
validates the whole as any scenario file is validated (scenario.parse_scenario_data), so a
CSV import obeys exactly the rules of a JSON import. A cell that is not of its column's type
is named by file, line and column.

Sets come back into sessions by date, and into exercise entries by their `set` number: a
row numbered 1, or another exercise or variant, starts a new entry (an exercise may have a
warm-up entry and a working one in one session, SPEC 3.1).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from comeback.domain import model as m
from comeback.errors import InvalidInput
from comeback.exports import TABLES, Table, to_csv
from comeback.scenario import parse_scenario_data

Cell = Callable[[str], Any]


def _text(value: str) -> str:
    return value


def _int(value: str) -> int:
    number = float(value)
    if not number.is_integer():
        raise ValueError
    return int(number)


def _bool(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError
    return value == "true"


def _meals(value: str) -> list[float | int]:
    return [_int(g) if float(g).is_integer() else float(g) for g in value.split()]


EXPECTED = {
    _text: "text",
    _int: "a whole number",
    float: "a number",
    _bool: "true or false",
    _meals: "grams per meal separated by spaces (e.g. 25 8 30)",
}

# The columns of each table, as exports.to_csv writes them, with the type of each cell.
COLUMNS: dict[Table, dict[str, Cell]] = {
    "sets": {
        "date": _text,
        "exercise": _text,
        "variant": _text,
        "set": _int,
        "reps": _int,
        "load_kg": float,
        "band": _text,
        "rir": _int,
        "form": _text,
        "felt_in": _text,
    },
    "checkins": {
        "date": _text,
        "sleep_h": float,
        "stress": _int,
        "water_ml": float,
        "protein_g_by_meal": _meals,
        "carried_baby_one_side": _bool,
        "hunched_feeding": _bool,
        "felt_down": _bool,
        "little_interest": _bool,
    },
    "symptoms": {
        "date": _text,
        "code": _text,
        "during": _text,
        "exercise": _text,
        "severity": _int,
    },
    "assessments": {
        "date": _text,
        "kind": _text,
        "gap_finger_widths": float,
        "depth": _text,
        "doming": _bool,
        "max_hold_s": float,
        "holds_10s": _int,
        "quick_flicks": _int,
    },
    "clearances": {"date": _text, "by": _text, "kind": _text, "entered_by": _text},
    "profile": {
        "delivery_date": _text,
        "delivery": _text,
        "severe_perineal_tear": _bool,
        "body_mass_kg": float,
        "breastfeeding": _text,
        "training_background": _text,
        "dumbbell_step_kg": float,
        "barbell_step_kg": float,
    },
    "overrides": {"date": _text, "phase": _text, "by": _text, "reason": _text},
}


# ---- writing ------------------------------------------------------------------------------


def tables(scenario: m.Scenario) -> dict[str, str]:
    """Every table as CSV text, keyed by its file name (`sets.csv`, ...)."""
    return {f"{t}.csv": to_csv(scenario, t) for t in TABLES}


def zipped(scenario: m.Scenario) -> bytes:
    """Every table in one .zip, as bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in tables(scenario).items():
            z.writestr(name, text)
    return buffer.getvalue()


def write(scenario: m.Scenario, out: Path) -> list[str]:
    """Write every table into a folder, or into a .zip when `out` ends in .zip."""
    files = tables(scenario)
    if out.suffix == ".zip":
        out.write_bytes(zipped(scenario))
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text, "utf-8")
    return list(files)


# ---- reading ------------------------------------------------------------------------------


def read(path: Path) -> dict[str, str]:
    """The `<table>.csv` files of a folder or a .zip, as text keyed by file name."""
    wanted = {f"{t}.csv" for t in TABLES}
    try:
        if path.is_dir():
            return {p.name: p.read_text("utf-8") for p in path.iterdir() if p.name in wanted}
        if path.is_file() and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                return {n: z.read(n).decode("utf-8") for n in z.namelist() if n in wanted}
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as e:
        raise InvalidInput(
            "FILE", json.dumps(str(path)), f"readable UTF-8 CSV files ({e})"
        ) from None
    raise InvalidInput(
        "FILE", json.dumps(str(path)), "a folder or a .zip of CSV files (comeback export --csv)"
    )


def _rows(files: dict[str, str], table: Table) -> list[dict[str, Any]]:
    name = f"{table}.csv"
    text = files.get(name)
    if text is None:
        return []
    reader = csv.DictReader(io.StringIO(text))
    columns = COLUMNS[table]
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    if missing or extra:
        raise InvalidInput(
            f"{name} header",
            json.dumps(",".join(header)),
            f"the columns {','.join(columns)}",
        )
    rows = []
    for record in reader:
        row: dict[str, Any] = {}
        for column, cell in columns.items():
            raw = record[column]
            if raw is None or raw == "":
                continue
            try:
                row[column] = cell(raw)
            except ValueError:
                where = f"{name} line {reader.line_num} {column}"
                raise InvalidInput(where, json.dumps(raw), EXPECTED[cell]) from None
        rows.append(row)
    return rows


def _sessions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sessions: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        entries = sessions.setdefault(row.get("date"), [])
        key = (row.get("exercise"), row.get("variant"))
        last = entries[-1] if entries else None
        if last is None or row.get("set") == 1 or (last["exercise"], last["variant"]) != key:
            last = {"exercise": key[0], "variant": key[1], "sets": []}
            entries.append(last)
        last["sets"].append({k: v for k, v in row.items() if k not in COLUMNS_OF_ENTRY})
    return [{"date": on, "exercises": entries} for on, entries in sessions.items()]


COLUMNS_OF_ENTRY = ("date", "exercise", "variant", "set")


def _latest(doc: dict[str, Any]) -> str:
    """The latest valid date anywhere in the document (its `as_of`)."""
    found: list[date] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("date", "delivery_date") and isinstance(v, str):
                    with contextlib.suppress(ValueError):
                        found.append(date.fromisoformat(v))
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc)
    return max(found).isoformat() if found else "(no dates)"


def scenario_from(files: dict[str, str]) -> m.Scenario:
    """Her history from its CSV tables, validated as a scenario; `as_of` its latest date."""
    profiles = _rows(files, "profile")
    if len(profiles) != 1:
        raise InvalidInput(
            "profile.csv", f"{len(profiles)} rows", "one row: her profile (it starts the plan)"
        )
    p = profiles[0]
    equipment = {k: p.pop(k) for k in ("dumbbell_step_kg", "barbell_step_kg") if k in p}
    if equipment:
        p["equipment"] = equipment
    assessments = []
    for a in _rows(files, "assessments"):
        keep = (
            ("gap_finger_widths", "depth", "doming")
            if a.get("kind") == "diastasis"
            else ("max_hold_s", "holds_10s", "quick_flicks")
        )
        assessments.append({k: v for k, v in a.items() if k in ("date", "kind", *keep)})
    doc: dict[str, Any] = {
        "profile": p,
        "clearances": _rows(files, "clearances"),
        "overrides": _rows(files, "overrides"),
        "assessments": assessments,
        "symptoms": _rows(files, "symptoms"),
        "checkins": _rows(files, "checkins"),
        "sessions": _sessions(_rows(files, "sets")),
    }
    doc = {"as_of": _latest(doc), **doc}
    return parse_scenario_data(doc)
