"""symptoms.client_id: a report made offline is stored once however often the phone retries

Revision ID: 0002_offline
Revises: 0001
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_offline"
down_revision: str | None = "0002_interop"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("symptoms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.String(length=80), nullable=True))
        batch_op.create_unique_constraint("uq_symptoms_user_client", ["user_id", "client_id"])


def downgrade() -> None:
    with op.batch_alter_table("symptoms", schema=None) as batch_op:
        batch_op.drop_constraint("uq_symptoms_user_client", type_="unique")
        batch_op.drop_column("client_id")
