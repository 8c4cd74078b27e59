"""The clinic's library (issue 13): the exact protocol versions visits ran, and where it hurt.

- ``protocol_versions``: every protocol text a visit ran or the clinic saved, by its SHA-256
  (content-addressed, so a version is stored once); append-only by guard triggers. A visit's
  plan names the digest of each protocol it ran (in its sealed journal), so its papers read
  that text whatever the library says today.
- ``visits.body_marks``: the body-chart marks of the set-up (region, side, feeling), added in
  place (no rebuild; the guard triggers stay); sealed from this schema when there are marks.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "protocol_versions",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("protocol_id", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(40), nullable=False, server_default="shipped"),
        sa.Column("kept_at", sa.DateTime(), nullable=False),
        sa.Column(
            "kept_by_id",
            sa.Integer(),
            sa.ForeignKey("clinicians.id", ondelete="RESTRICT"),
            nullable=True,
        ),
    )
    op.create_index(
        "ix_protocol_versions_protocol", "protocol_versions", ["protocol_id", "version"]
    )
    op.add_column("visits", sa.Column("body_marks", sa.Text(), nullable=True))
    bind = op.get_bind()
    from artdesk.store import guards

    guards.install(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name, upto="0008")


def downgrade() -> None:
    bind = op.get_bind()
    from artdesk.store import guards

    guards.drop(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name)
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("body_marks")
    op.drop_index("ix_protocol_versions_protocol", table_name="protocol_versions")
    op.drop_table("protocol_versions")
    guards.install(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name, upto="0007")
