"""Visits: the wrap-up as typed, before it is signed (issue 11 item 5: pain after, re-tests,
home care and the next visit survive a crash between typing and signing); and the signer's
name as signed (sealed with the signature, so renaming a clinician later changes no paper).

A nullable JSON text column, added in place (no rebuild; the guard triggers stay). It is not
part of the seal: signing stores the wrap-up in its own records and clears the draft.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("visits", sa.Column("wrapup_draft", sa.Text(), nullable=True))
    # the signer's name as signed, sealed with new signatures (older seals stay as they are)
    op.add_column("visits", sa.Column("signed_name", sa.String(320), nullable=True))
    # which program holds a live visit (host:process), beside its room: two windows in one
    # room are two holders
    op.add_column("visits", sa.Column("room_holder", sa.String(100), nullable=True))
    # wrong sign-in tries survive a restart
    op.add_column(
        "clinicians",
        sa.Column("failed_tries", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("clinicians", sa.Column("wait_until", sa.DateTime(), nullable=True))
    # the guards refuse INSERT OR REPLACE over a signed record too (CREATE … IF NOT EXISTS:
    # the earlier ones stay as they are)
    bind = op.get_bind()
    from artdesk.store import guards

    guards.install(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name, upto="0006")


def downgrade() -> None:
    bind = op.get_bind()
    from artdesk.store import guards

    # SQLite rebuilds the table to drop a column: the triggers go first and come back after
    guards.drop(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name)
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("wrapup_draft")
        batch.drop_column("signed_name")
        batch.drop_column("room_holder")
    with op.batch_alter_table("clinicians") as batch:
        batch.drop_column("failed_tries")
        batch.drop_column("wait_until")
    guards.install(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name, upto="0005")
