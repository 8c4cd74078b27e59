"""Visits: a referral (to whom, how urgently, the advice given) for a visit that ends in one.

A nullable JSON text column: SQLite adds it in place, no rebuild, so the journal and the
other children of ``visits`` are never touched.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("visits", sa.Column("referral", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("referral")
