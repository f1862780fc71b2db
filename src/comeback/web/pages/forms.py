"""From posted form text to the contract's typed values, and back to words beside fields.

A page form is validated by the same strict models as the API (scenario.py), so a page can
never store what the API would refuse: text is turned into numbers and booleans first
(anything unparseable is passed on as text, which the strict model then names), and the
model's errors become one plain message per field.
"""

from __future__ import annotations

from typing import Any

KG_PER_LB = 0.45359237  # exact, by definition of the pound
ML_PER_FL_OZ = 29.5735  # US fluid ounce


def number(value: str | None) -> float | int | str | None:
    """'12' -> 12, '12.5' -> 12.5, '' -> None; anything else stays text (and is refused)."""
    if value is None or not value.strip():
        return None
    text = value.strip().replace(",", ".")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        result = float(text)
    except ValueError:
        return value
    return result if result == result and abs(result) != float("inf") else value


def yes_no(value: str | None) -> bool | str | None:
    if value is None or value == "":
        return None
    return {"yes": True, "no": False}.get(value, value)


def text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def to_kg(value: float | int | str | None, units: str | None) -> float | int | str | None:
    if units == "imperial" and isinstance(value, int | float):
        return round(value * KG_PER_LB, 2)
    return value


def from_kg(kg: float | None, units: str | None) -> str:
    if kg is None:
        return ""
    value = kg / KG_PER_LB if units == "imperial" else kg
    return f"{value:.1f}".removesuffix(".0")


def mass_unit(units: str | None) -> str:
    return "lb" if units == "imperial" else "kg"


def water_text(ml: float | None, units: str | None) -> str:
    if ml is None:
        return "-"
    if units == "imperial":
        return f"{ml / ML_PER_FL_OZ:.0f} fl oz"
    return f"{ml / 1000:.1f} l" if ml >= 1000 else f"{ml:.0f} ml"
