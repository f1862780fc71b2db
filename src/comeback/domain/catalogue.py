"""The exercise catalogue: parsed and validated once from the packaged TOML file.

The catalogue is data (SPEC 3.2): every exercise with its dose, its ladder of variants
(easiest first, each with the load it starts at and the load at which it gives way to the
next) and the words she reads. A broken file fails at load with the exercise and key named,
never later in the middle of a decision.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal, cast

from comeback.domain.model import BANDS, PHASES, Band, Phase

LoadKind = Literal["none", "band", "dumbbell", "barbell"]
LOAD_KINDS: tuple[LoadKind, ...] = ("none", "band", "dumbbell", "barbell")


class CatalogueError(ValueError):
    """The packaged catalogue is malformed: a bug in the release, not in her input."""


@dataclass(frozen=True)
class Variant:
    id: str
    name: str
    load: LoadKind
    how: str = ""
    start_kg: float | None = None
    give_way_kg: float | None = None
    start_band: Band | None = None
    give_way_band: Band | None = None


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    phase: Phase
    reps: tuple[int, int]
    per_side: bool
    unit: str
    hold_s: int | None
    tempo: str
    target_muscles: tuple[str, ...]
    purpose: str
    feel: tuple[str, ...]
    not_feel: tuple[str, ...]
    faults: tuple[str, ...]
    regression: str
    progression: str
    source: str
    variants: tuple[Variant, ...]

    @property
    def low(self) -> int:
        return self.reps[0]

    @property
    def top(self) -> int:
        return self.reps[1]

    def variant(self, variant_id: str) -> Variant:
        for v in self.variants:
            if v.id == variant_id:
                return v
        raise KeyError(f"{self.id} has no variant {variant_id!r}")

    def index(self, variant_id: str) -> int:
        return [v.id for v in self.variants].index(variant_id)


@dataclass(frozen=True)
class Catalogue:
    exercises: dict[str, Exercise]

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.exercises)


def _need(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in table:
        raise CatalogueError(f"catalogue: {where}: missing {key!r}")
    value = table[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise CatalogueError(f"catalogue: {where}.{key}: {value!r} has the wrong type")
    return value


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = _need(table, key, list, where)
    if not values or not all(isinstance(s, str) and s.strip() for s in values):
        raise CatalogueError(f"catalogue: {where}.{key}: expected a non-empty list of text")
    return tuple(values)


def _variant(raw: dict[str, Any], where: str) -> Variant:
    load = _need(raw, "load", str, where)
    if load not in LOAD_KINDS:
        raise CatalogueError(f"catalogue: {where}.load: {load!r} is not one of {LOAD_KINDS}")
    number = (int, float)
    start_kg = give_kg = None
    start_band = give_band = None
    if load in ("dumbbell", "barbell"):
        start_kg = float(_need(raw, "start_kg", number, where))
        if "give_way_kg" in raw:
            give_kg = float(_need(raw, "give_way_kg", number, where))
            if give_kg < start_kg:
                raise CatalogueError(f"catalogue: {where}: give_way_kg below start_kg")
    elif load == "band":
        start_band = _need(raw, "start_band", str, where)
        give_band = raw.get("give_way_band")
        for b in (start_band, give_band):
            if b is not None and b not in BANDS:
                raise CatalogueError(f"catalogue: {where}: band {b!r} is not one of {BANDS}")
    elif any(k in raw for k in ("start_kg", "give_way_kg", "start_band", "give_way_band")):
        raise CatalogueError(f"catalogue: {where}: a variant without load has no start or give way")
    return Variant(
        id=_need(raw, "id", str, where),
        name=_need(raw, "name", str, where),
        load=cast(LoadKind, load),
        how=str(raw.get("how", "")),
        start_kg=start_kg,
        give_way_kg=give_kg,
        start_band=cast(Band | None, start_band),
        give_way_band=cast(Band | None, give_band),
    )


def _exercise(raw: dict[str, Any]) -> Exercise:
    ex_id = _need(raw, "id", str, "exercises[]")
    where = f"exercises[{ex_id}]"
    phase = _need(raw, "phase", str, where)
    if phase not in PHASES:
        raise CatalogueError(f"catalogue: {where}.phase: {phase!r} is not one of {PHASES}")
    reps = _need(raw, "reps", list, where)
    if len(reps) != 2 or not all(isinstance(r, int) and r > 0 for r in reps) or reps[0] > reps[1]:
        raise CatalogueError(f"catalogue: {where}.reps: expected [low, high], got {reps!r}")
    variants = tuple(
        _variant(v, f"{where}.variants[{i}]")
        for i, v in enumerate(_need(raw, "variants", list, where))
    )
    if not variants:
        raise CatalogueError(f"catalogue: {where}.variants: at least one variant is needed")
    if len({v.id for v in variants}) != len(variants):
        raise CatalogueError(f"catalogue: {where}.variants: variant ids repeat")
    if variants[0].load != "none":
        raise CatalogueError(f"catalogue: {where}: the easiest variant must carry no load")
    hold = raw.get("hold_s")
    return Exercise(
        id=ex_id,
        name=_need(raw, "name", str, where),
        phase=cast(Phase, phase),
        reps=(reps[0], reps[1]),
        per_side=_need(raw, "per_side", bool, where),
        unit=_need(raw, "unit", str, where),
        hold_s=int(hold) if hold is not None else None,
        tempo=_need(raw, "tempo", str, where),
        target_muscles=_strings(raw, "target_muscles", where),
        purpose=_need(raw, "purpose", str, where),
        feel=_strings(raw, "feel", where),
        not_feel=_strings(raw, "not_feel", where),
        faults=_strings(raw, "faults", where),
        regression=_need(raw, "regression", str, where),
        progression=_need(raw, "progression", str, where),
        source=_need(raw, "source", str, where),
        variants=variants,
    )


def parse_catalogue(text: str) -> Catalogue:
    """Parse and validate catalogue TOML; raise CatalogueError naming the broken key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise CatalogueError(f"catalogue: not valid TOML: {e}") from e
    exercises: dict[str, Exercise] = {}
    for raw in _need(data, "exercises", list, "catalogue"):
        ex = _exercise(raw)
        if ex.id in exercises:
            raise CatalogueError(f"catalogue: exercise {ex.id!r} appears twice")
        exercises[ex.id] = ex
    return Catalogue(exercises)


@cache
def load_catalogue() -> Catalogue:
    """The packaged catalogue, read once (the domain's only read)."""
    text = resources.files("comeback.data").joinpath("catalogue.toml").read_text("utf-8")
    return parse_catalogue(text)
