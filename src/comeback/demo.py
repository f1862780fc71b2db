"""The demo: a mother ten weeks after the birth, her clinician, and their link.

Her history is the shipped example scenario with every date moved so that its `as_of` is
today, so the demo always shows a mother in the middle of her program.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from comeback import services
from comeback.persistence.uow import UnitOfWork
from comeback.scenario import parse_scenario_data

MOTHER_EMAIL = "mother@demo.comeback.app"
CLINICIAN_EMAIL = "physio@demo.comeback.app"
PASSWORD = "comeback-demo"
DATE_KEYS = ("as_of", "delivery_date", "date")


def _shift(node: Any, by: timedelta) -> Any:
    if isinstance(node, dict):
        return {
            k: (date.fromisoformat(v) + by).isoformat()
            if k in DATE_KEYS and isinstance(v, str)
            else _shift(v, by)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_shift(v, by) for v in node]
    return node


def demo_history(today: date) -> dict[str, Any]:
    """The example scenario, moved so that it ends today."""
    doc = json.loads(
        resources.files("comeback.data").joinpath("demo_10_weeks.json").read_text("utf-8")
    )
    moved: dict[str, Any] = _shift(doc, today - date.fromisoformat(doc["as_of"]))
    return moved


def _fresh_account(
    uow: UnitOfWork, email: str, role: str, name: str, now: datetime
) -> services.Account:
    with uow:
        row = uow.users.by_email(email)
        if row is not None:
            uow.users.delete(row.id)
            uow.commit()
    return services.register(uow, email, PASSWORD, role, name, now)


SEED_STEPS = 4  # the calls to `on_step` in seed, for a progress bar


def seed(
    uow: UnitOfWork, now: datetime, on_step: Callable[[str], None] = lambda _: None
) -> tuple[services.Account, services.Account]:
    """(Re)create the demo mother and clinician; the mother shares her data with the clinician.

    `on_step(words)` is called after each of the SEED_STEPS steps (a CLI progress bar)."""
    mother = _fresh_account(uow, MOTHER_EMAIL, "mother", "Maya (demo)", now)
    on_step("mother's account made")
    clinician = _fresh_account(
        uow, CLINICIAN_EMAIL, "clinician", "Sam, pelvic health physio (demo)", now
    )
    on_step("physio's account made")
    services.import_history(uow, mother.id, parse_scenario_data(demo_history(now.date())), now)
    on_step("10 weeks of history stored")
    code = services.create_invite(uow, clinician.id, now)
    services.accept_invite(uow, mother.id, code, now)
    on_step("shared with her physio")
    return mother, clinician
