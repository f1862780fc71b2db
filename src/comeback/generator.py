"""Realistic data at scale: `comeback demo --mothers N --months M` (issue 6).

Each generated mother has her own history of about M months up to today: a birth date
spread over a few weeks, vaginal or caesarean, breastfeeding or not, an adherence between
40 % and 95 % with now and then a gap of one to three weeks, daily check-ins on the days she
shows up, self-checks every four weeks that improve, a clearance at her six-to-eight-week
check (most record one), sessions that move from foundation to activation to strengthening
work as the time and the clearance allow, loads that climb, and occasional symptoms: a leak
or a mild back ache for some, a stop sign for a few (cleared by a pelvic-health physio for
most of those). Only raw logs are generated: the engine decides what they mean, as for
anyone. Clinicians get up to `CLIENTS_PER_CLINICIAN` clients each.

Rows go in with SQLAlchemy Core `insert()` executemany in batches (on PostgreSQL, COPY,
several times faster, then VACUUM (ANALYZE) for the planner). Accounts share one Argon2
hash of `PASSWORD`, computed once: hashing per mother would take longer than the rest of
the work (about 50 ms each). So every generated account logs in with the same password;
that is what the benchmarks need, and why generated data is for demonstrations and load
tests only.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, insert

from comeback.persistence.tables import (
    AssessmentRow,
    Base,
    CheckInRow,
    ClearanceRow,
    LinkRow,
    ProfileRow,
    SetRow,
    SymptomRow,
    UserRow,
)
from comeback.services import PASSWORDS

PASSWORD = "comeback-generated"  # shared by every generated account (see the docstring)
CLIENTS_PER_CLINICIAN = 200  # issue 6: the clinician desk is measured with 200 clients
BATCH_MOTHERS = 250  # mothers per insert batch: a few hundred thousand rows at most
FIRST_SESSION_DAY = 5  # gentle foundation work from the first week (as benchmarks/)
ASSESSMENT_EVERY = 28  # a diastasis and a pelvic-floor self-check every 4 weeks
STRENGTH_FLOOR = {"vaginal": 8 * 7, "caesarean": 12 * 7}  # SPEC 3.4 (weeks after the birth)
FIRST_NAMES = [
    "Amara",
    "Ana",
    "Bea",
    "Chloe",
    "Dana",
    "Ella",
    "Emma",
    "Fatima",
    "Grace",
    "Hana",
    "Ines",
    "Isla",
    "Jade",
    "Keira",
    "Lena",
    "Lucia",
    "Maya",
    "Mia",
    "Nadia",
    "Nora",
    "Olivia",
    "Priya",
    "Rosa",
    "Sara",
    "Sofia",
    "Tess",
    "Uma",
    "Vera",
    "Yara",
    "Zoe",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Costa",
    "Davies",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jones",
    "Khan",
    "Lopez",
    "Martin",
    "Nowak",
    "Okafor",
    "Patel",
    "Rossi",
    "Silva",
    "Smith",
    "Taylor",
    "Walker",
    "Wilson",
    "Young",
]


@dataclass
class Rows:
    """One batch of rows, by table."""

    tables: dict[Table, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, row_class: Any, **values: Any) -> None:
        self.tables.setdefault(row_class.__table__, []).append(values)

    def count(self) -> int:
        return sum(len(v) for v in self.tables.values())


@dataclass(frozen=True)
class Generated:
    mothers: int
    clinicians: int
    rows: int
    seconds: float
    tag: str  # emails are mother-<i>.<tag>@generated.comeback.app, clinician-<j>.<tag>@...

    def mother_email(self, i: int) -> str:
        return f"mother-{i}.{self.tag}@generated.comeback.app"

    def clinician_email(self, j: int) -> str:
        return f"clinician-{j}.{self.tag}@generated.comeback.app"


def _sets(
    rows: Rows,
    user_id: str,
    on: date,
    exercise: str,
    variant: str,
    n: int,
    reps: int,
    rng: random.Random,
    load_kg: float | None = None,
    felt_in: str | None = None,
    rir: bool = False,
    poor: float = 0.005,
) -> None:
    for _ in range(n):
        roll = rng.random()
        rows.add(
            SetRow,
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            user_id=user_id,
            date=on,
            exercise=exercise,
            variant=variant,
            reps=reps,
            load_kg=load_kg,
            band=None,
            rir=rng.choice((1, 2, 2, 3, 3, 4)) if rir else None,
            form="poor" if roll < poor else "ok" if roll < 0.05 else "good",
            felt_in=felt_in,
        )


def _foundation(rows: Rows, uid: str, on: date, i: int, rng: random.Random) -> None:
    grow = i // 2
    drill = "heel_slide" if i < 6 else "toe_tap" if i < 12 else "dead_bug"
    _sets(rows, uid, on, "breathing_360", "standard", 1, 10, rng)
    _sets(rows, uid, on, "pelvic_floor_hold", "standard", 2, min(10, 5 + grow), rng)
    _sets(rows, uid, on, "pelvic_floor_quick", "standard", 2, min(15, 8 + grow), rng)
    _sets(rows, uid, on, "pelvic_tilt", "standard", 2, min(15, 10 + grow), rng)
    _sets(rows, uid, on, drill, "standard", 2, min(12, 8 + i % 6), rng, poor=0.03)


def _activation(rows: Rows, uid: str, on: date, j: int, rng: random.Random) -> None:
    reps = min(20, 14 + j)
    felt = "glutes" if j >= 3 or rng.random() < 0.7 else "hamstrings"
    _sets(rows, uid, on, "breathing_360", "standard", 1, 10, rng)
    _sets(rows, uid, on, "pelvic_floor_hold", "standard", 1, 10, rng)
    _sets(rows, uid, on, "glute_bridge", "bodyweight", 3, reps, rng, felt_in=felt)
    _sets(rows, uid, on, "clam_shell", "bodyweight", 3, reps, rng, felt_in=felt)
    _sets(rows, uid, on, "bird_dog", "standard", 3, min(10, 7 + j // 2), rng)
    _sets(rows, uid, on, "side_lying_abduction", "standard", 3, reps, rng, felt_in=felt)


def _strengthening(rows: Rows, uid: str, on: date, k: int, rng: random.Random) -> None:
    def reps() -> int:
        return rng.choice((8, 10, 11, 12, 12))

    dumbbell = 4 + k // 2
    ht = ("dumbbell", float(dumbbell)) if dumbbell < 20 else ("barbell", 20 + 2.5 * (k // 4))
    su = ("low_box", None) if k < 10 else ("high_box", None) if k < 20 else ("loaded", 4.0 + k // 5)
    ss = ("bodyweight", None) if k < 10 else ("loaded", float(min(12, 4 + (k - 10) // 3)))
    _sets(rows, uid, on, "glute_bridge", "bodyweight", 2, 20, rng, felt_in="glutes")
    _sets(rows, uid, on, "hip_thrust", ht[0], 3, reps(), rng, ht[1], "glutes", rir=True)
    _sets(rows, uid, on, "step_up", su[0], 3, reps(), rng, su[1], "quads", rir=True)
    _sets(rows, uid, on, "split_squat", ss[0], 3, reps(), rng, ss[1], "glutes", rir=True)


def mother_rows(rows: Rows, uid: str, today: date, months: int, rng: random.Random) -> None:
    """One mother's profile and history up to `today`, appended to `rows`."""
    span = round(months * 365.25 / 12)
    birth = today - timedelta(days=span + rng.randint(0, 21))
    delivery = "caesarean" if rng.random() < 0.3 else "vaginal"
    rows.add(
        ProfileRow,
        user_id=uid,
        delivery_date=birth,
        delivery=delivery,
        severe_perineal_tear=delivery == "vaginal" and rng.random() < 0.05,
        body_mass_kg=round(rng.uniform(52, 95), 1),
        breastfeeding=rng.choice(("exclusive", "exclusive", "partial", "none")),
        training_background=rng.choice(("none", "some", "some", "regular")),
        dumbbell_step_kg=None,
        barbell_step_kg=None,
    )
    days = (today - birth).days
    adherence = rng.uniform(0.40, 0.95)
    gaps: set[int] = set()
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        start = rng.randint(FIRST_SESSION_DAY, max(FIRST_SESSION_DAY, days))
        gaps.update(range(start, start + rng.randint(7, 21)))
    cleared = rng.random() < 0.88
    clearance_day = rng.randint(42, 60)
    if cleared and clearance_day <= days:
        rows.add(
            ClearanceRow,
            user_id=uid,
            date=birth + timedelta(days=clearance_day),
            by=rng.choice(("GP", "midwife", "GP (six-week check)")),
            kind="general",
            entered_by="self",
        )
    activation_from = clearance_day + rng.randint(3, 10) if cleared else days + 1
    strength_from = max(STRENGTH_FLOOR[delivery], activation_from + rng.randint(21, 35))

    for on in range(ASSESSMENT_EVERY, days + 1, ASSESSMENT_EVERY):
        step = on // ASSESSMENT_EVERY
        rows.add(
            AssessmentRow,
            user_id=uid,
            date=birth + timedelta(days=on),
            kind="diastasis",
            gap_finger_widths=max(1.0, 3.0 - 0.5 * step + rng.choice((0, 0.5))),
            depth="firm" if step >= 2 else rng.choice(("firm", "soft")),
            doming=step < 2 and rng.random() < 0.3,
            max_hold_s=None,
            holds_10s=None,
            quick_flicks=None,
        )
        rows.add(
            AssessmentRow,
            user_id=uid,
            date=birth + timedelta(days=on),
            kind="pelvic_floor",
            gap_finger_widths=None,
            depth=None,
            doming=None,
            max_hold_s=float(min(30, 6 + 3 * step + rng.randint(0, 3))),
            holds_10s=min(12, 4 + 2 * step),
            quick_flicks=min(15, 6 + 2 * step),
        )

    counts = [0, 0, 0]
    session_days: list[int] = []
    for on in range(FIRST_SESSION_DAY, days + 1):
        if on in gaps:
            continue
        planned = on % 7 in (0, 2, 4, 5) if on % 14 < 7 else on % 7 in (1, 3, 5)
        present = rng.random() < adherence
        if present and rng.random() < 0.9:
            _checkin(rows, uid, birth + timedelta(days=on), rng)
        if not (planned and present):
            continue
        session_days.append(on)
        when = birth + timedelta(days=on)
        if on >= strength_from:
            _strengthening(rows, uid, when, counts[2], rng)
            counts[2] += 1
        elif on >= activation_from:
            _activation(rows, uid, when, counts[1], rng)
            counts[1] += 1
        else:
            _foundation(rows, uid, when, counts[0], rng)
            counts[0] += 1

    _symptoms(rows, uid, birth, days, session_days, rng)


def _checkin(rows: Rows, uid: str, on: date, rng: random.Random) -> None:
    rows.add(
        CheckInRow,
        user_id=uid,
        date=on,
        sleep_h=round(rng.uniform(3.5, 8.5), 1),
        stress=rng.choice((1, 2, 2, 3, 3, 3, 4, 5)),
        water_ml=float(rng.randrange(1200, 3600, 50)),
        protein_g_by_meal=[rng.randint(5, 40) for _ in range(rng.randint(2, 5))],
        carried_baby_one_side=rng.random() < 0.4,
        hunched_feeding=rng.random() < 0.3,
        felt_down=rng.random() < 0.04,
        little_interest=rng.random() < 0.02,
    )


def _symptoms(
    rows: Rows, uid: str, birth: date, days: int, sessions: list[int], rng: random.Random
) -> None:
    def symptom(on: int, code: str, during: str, severity: int | None = None) -> None:
        rows.add(
            SymptomRow,
            user_id=uid,
            date=birth + timedelta(days=on),
            code=code,
            during=during,
            exercise=None,
            severity=severity,
        )

    if sessions and rng.random() < 0.25:  # a leak during a session, once or twice
        for on in rng.sample(sessions, min(len(sessions), rng.randint(1, 2))):
            symptom(on, "urine_leak", "exercise")
    if rng.random() < 0.3:
        symptom(rng.randint(7, days), "back_pain", "daily_life", rng.randint(1, 4))
    if rng.random() < 0.03:  # a stop sign: heaviness, or pain of 6/10
        on = rng.randint(14, days)
        if rng.random() < 0.5:
            symptom(on, "vaginal_heaviness_bulge", "exercise")
        else:
            symptom(on, "pelvic_pain", "exercise", 6)
        later = on + rng.randint(5, 20)
        if later <= days and rng.random() < 0.7:
            rows.add(
                ClearanceRow,
                user_id=uid,
                date=birth + timedelta(days=later),
                by="pelvic-health physio",
                kind="pelvic_health",
                entered_by="clinician",
            )


def _write(engine: Engine, rows: Rows) -> None:
    """Insert one batch in a transaction: COPY on PostgreSQL, executemany elsewhere."""
    tables = [t for t in Base.metadata.sorted_tables if t in rows.tables]  # parents first
    with engine.begin() as connection:
        for table in tables:
            values = rows.tables[table]
            if engine.dialect.name == "postgresql":
                _copy(connection, table, values)
            else:
                connection.execute(insert(table), values)


def _copy(connection: Any, table: Table, values: list[dict[str, Any]]) -> None:
    columns = list(values[0])
    raw = connection.connection.driver_connection  # psycopg's own connection
    json_columns = {c.name for c in table.columns if c.type.__class__.__name__ == "JSON"}
    names = ", ".join(f'"{c}"' for c in columns)
    with (
        raw.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
    ):
        for row in values:
            copy.write_row(
                [
                    json.dumps(row[c]) if c in json_columns and row[c] is not None else row[c]
                    for c in columns
                ]
            )


def batches(
    mothers: int, months: int, today: date, seed: int, tag: str, password_hash: str
) -> Iterator[tuple[int, Rows]]:
    """(mothers in the batch, rows) for every batch; clinicians come with the first."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    clinicians = [
        str(uuid.UUID(int=rng.getrandbits(128), version=4))
        for _ in range(-(-mothers // CLIENTS_PER_CLINICIAN))
    ]
    for start in range(0, mothers, BATCH_MOTHERS):
        rows = Rows()
        if start == 0:
            for j, cid in enumerate(clinicians):
                rows.add(
                    UserRow,
                    id=cid,
                    email=f"clinician-{j}.{tag}@generated.comeback.app",
                    password_hash=password_hash,
                    role="clinician",
                    display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, physio",
                    created_at=now,
                    last_active=None,
                )
        end = min(mothers, start + BATCH_MOTHERS)
        for i in range(start, end):
            uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            rows.add(
                UserRow,
                id=uid,
                email=f"mother-{i}.{tag}@generated.comeback.app",
                password_hash=password_hash,
                role="mother",
                display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                created_at=now,
                last_active=None,
            )
            rows.add(
                LinkRow,
                mother_id=uid,
                clinician_id=clinicians[i // CLIENTS_PER_CLINICIAN],
                created_at=now,
            )
            mother_rows(rows, uid, today, months, rng)
        yield end - start, rows


def generate(
    engine: Engine,
    mothers: int,
    months: int,
    today: date,
    seed: int = 20261130,
    progress: Callable[[int], None] | None = None,
) -> Generated:
    """Insert `mothers` generated mothers with `months` of history each (and their
    clinicians); `progress(n)` is told after each batch of n mothers."""
    started = time.perf_counter()
    tag = uuid.uuid4().hex[:8]
    password_hash = PASSWORDS.hash(PASSWORD)  # once for everyone (see the docstring)
    total = 0
    for n, rows in batches(mothers, months, today, seed, tag, password_hash):
        _write(engine, rows)
        total += rows.count()
        if progress is not None:
            progress(n)
    if engine.dialect.name == "postgresql":  # statistics for the planner, and the
        # visibility map for index-only scans (the desk's last active day), after a bulk load
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE)")
    clinicians = -(-mothers // CLIENTS_PER_CLINICIAN)
    return Generated(mothers, clinicians, total, time.perf_counter() - started, tag)
