"""Her data export, built in the background (issue 6): ask, then fetch when ready.

`request` stores a pending export and puts the `data_export` job on the queue
(comeback.jobs); the job writes her history up to `as_of` as SPEC 3.1 JSON into the row
(the same document as `GET /me/export`). On SQLite the job has run by the time `request`
returns; on PostgreSQL it runs in `comeback worker`. The row is hers alone (every read is
scoped to her id) and is erased with her account.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from comeback import jobs, services
from comeback.errors import Conflict, InvalidInput, NotFound
from comeback.persistence.uow import UnitOfWork
from comeback.scenario import scenario_to_json


@dataclass(frozen=True)
class DataExport:
    id: str
    as_of: date
    requested_at: datetime
    status: str  # pending, ready, failed
    body: dict[str, Any] | None


def request(uow: UnitOfWork, queue: jobs.Queue, user_id: str, as_of: date, now: datetime) -> str:
    """Store a pending export of her history up to `as_of`, queue the job; its id."""
    services.export(uow, user_id, as_of)  # a profile and a valid day, or the error now
    export_id = str(uuid.uuid4())
    with uow:
        uow.exports.add(export_id, user_id, as_of, now)
        uow.commit()
    queue.enqueue("data_export", export_id=export_id, user_id=user_id)
    return export_id


@jobs.job("data_export")
def build(uow: UnitOfWork, export_id: str, user_id: str) -> None:
    """The job: her history as JSON into the export's row (nothing if she was erased)."""
    with uow:
        row = uow.exports.get(user_id, export_id)
        as_of = row.as_of if row is not None else None
    if as_of is None:
        return
    try:
        body = scenario_to_json(services.export(uow, user_id, as_of))
        status = "ready"
    except (Conflict, InvalidInput):  # her profile changed since: no retry will help
        body, status = None, "failed"
    with uow:
        uow.exports.finish(user_id, export_id, status, body)
        uow.commit()


def fetch(uow: UnitOfWork, user_id: str, export_id: str) -> DataExport:
    with uow:
        row = uow.exports.get(user_id, export_id)
        if row is None:
            raise NotFound("no export with this id: ask for a new one")
        return DataExport(row.id, row.as_of, row.requested_at, row.status, row.body)
