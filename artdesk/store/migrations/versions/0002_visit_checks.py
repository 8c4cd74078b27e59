"""Visits: CHECK constraints on status, screening result and signing, and a status index.

SQLite cannot add a CHECK constraint to an existing table, so batch mode rebuilds ``visits``
(create new, copy, DROP old, rename). ``visits`` is the parent of the journal, measurements,
home-care items and amendments: this is exactly the rebuild that would empty them through
ON DELETE CASCADE if foreign keys were on (see ``artdesk.store.migrate``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from typing import Literal

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _recreate() -> Literal["always", "auto"]:
    # SQLite must rebuild the table; PostgreSQL adds constraints in place.
    return "always" if op.get_context().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    with op.batch_alter_table("visits", recreate=_recreate()) as batch:
        batch.create_check_constraint("status", "status IN ('in_progress', 'signed')")
        batch.create_check_constraint(
            "screening_result",
            "screening_result IS NULL OR screening_result IN ('clear', 'precaution', 'stop')",
        )
        batch.create_check_constraint(
            "signed_at", "status = 'in_progress' OR signed_at IS NOT NULL"
        )
    op.create_index("ix_visits_status", "visits", ["status"])


def downgrade() -> None:
    op.drop_index("ix_visits_status", table_name="visits")
    with op.batch_alter_table("visits", recreate=_recreate()) as batch:
        batch.drop_constraint(op.f("ck_visits_status"), type_="check")
        batch.drop_constraint(op.f("ck_visits_screening_result"), type_="check")
        batch.drop_constraint(op.f("ck_visits_signed_at"), type_="check")
