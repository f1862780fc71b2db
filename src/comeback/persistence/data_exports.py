"""Rows of her data exports (comeback.data_exports): every query scoped to her id."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from comeback.persistence.tables import DataExportRow


class DataExports:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, export_id: str, user_id: str, as_of: date, at: datetime) -> None:
        self.s.add(
            DataExportRow(
                id=export_id, user_id=user_id, requested_at=at, as_of=as_of, status="pending"
            )
        )

    def get(self, user_id: str, export_id: str) -> DataExportRow | None:
        return self.s.scalar(
            select(DataExportRow).where(
                DataExportRow.id == export_id, DataExportRow.user_id == user_id
            )
        )

    def finish(
        self, user_id: str, export_id: str, status: str, body: dict[str, Any] | None
    ) -> None:
        self.s.execute(
            update(DataExportRow)
            .where(DataExportRow.id == export_id, DataExportRow.user_id == user_id)
            .values(status=status, body=body)
        )
