"""The patient search reads its page in name order from the search words' index (issue 14).

``patient_name_tokens.name_key``: the patient's ``name_key`` beside each of their search words,
and the index (token, name_key, patient_id) in place of (token, patient_id). A word typed in
the search box is a range of that index; its first page in the list's order (name_key, id)
is read from the index alone, instead of looking up every matching patient to sort them
(at 100 000 patients a one-letter word matches thousands). Added in place, no table rebuilt.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "patient_name_tokens",
        sa.Column("name_key", sa.String(300), nullable=False, server_default=""),
    )
    op.execute(
        "UPDATE patient_name_tokens SET name_key = (SELECT patients.name_key FROM patients"
        " WHERE patients.id = patient_name_tokens.patient_id)"
    )
    op.drop_index("ix_patient_name_tokens_token", table_name="patient_name_tokens")
    op.create_index(
        "ix_patient_name_tokens_order", "patient_name_tokens", ["token", "name_key", "patient_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_patient_name_tokens_order", table_name="patient_name_tokens")
    op.create_index("ix_patient_name_tokens_token", "patient_name_tokens", ["token", "patient_id"])
    with op.batch_alter_table("patient_name_tokens") as batch:
        batch.drop_column("name_key")
