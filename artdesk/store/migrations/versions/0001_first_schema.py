"""First schema: clinicians, patients and their name tokens, visits with their journal,
measurements, home-care items and amendments.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from artdesk.store.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clinicians",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("credentials", sa.String(100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_clinicians"),
    )
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(300), nullable=False),
        sa.Column("name_key", sa.String(300), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(20), nullable=True),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("phone_digits", sa.String(40), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("sport", sa.String(100), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_patients"),
    )
    op.create_index("ix_patients_name_key", "patients", ["name_key"])
    op.create_index("ix_patients_date_of_birth", "patients", ["date_of_birth"])
    op.create_index("ix_patients_phone_digits", "patients", ["phone_digits"])
    op.create_table(
        "patient_name_tokens",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name="fk_patient_name_tokens_patient_id_patients",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("patient_id", "token", name="pk_patient_name_tokens"),
    )
    op.create_index("ix_patient_name_tokens_token", "patient_name_tokens", ["token", "patient_id"])
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("complaint", sa.Text(), nullable=False),
        sa.Column("screening_result", sa.String(20), nullable=True),
        sa.Column("screening_answers", sa.Text(), nullable=False),
        sa.Column("screening_override", sa.Text(), nullable=True),
        sa.Column("protocols", sa.Text(), nullable=False),
        sa.Column("treated_seconds", sa.Float(), nullable=False),
        sa.Column("billing_units", sa.Integer(), nullable=False),
        sa.Column("home_care_notes", sa.Text(), nullable=False),
        sa.Column("next_visit", sa.Date(), nullable=True),
        sa.Column("signed_at", UTCDateTime(), nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name="fk_visits_patient_id_patients",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name="fk_visits_clinician_id_clinicians",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_id"],
            ["clinicians.id"],
            name="fk_visits_signed_by_id_clinicians",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_visits"),
    )
    op.create_index("ix_visits_patient_started", "visits", ["patient_id", "started_at"])
    op.create_table(
        "visit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("t", sa.Float(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name="fk_visit_events_visit_id_visits",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_visit_events"),
        sa.UniqueConstraint("visit_id", "seq", name="uq_visit_events_visit_id_seq"),
    )
    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(40), nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("timing", sa.String(10), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("timing IN ('before', 'after')", name="ck_measurements_timing"),
        sa.CheckConstraint("side IN ('left', 'right', 'none')", name="ck_measurements_side"),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name="fk_measurements_visit_id_visits",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_measurements"),
    )
    op.create_index("ix_measurements_visit_id", "measurements", ["visit_id"])
    op.create_table(
        "home_care_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.Text(), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("hold_seconds", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name="fk_home_care_items_visit_id_visits",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_home_care_items"),
    )
    op.create_index("ix_home_care_items_visit_id", "home_care_items", ["visit_id"])
    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name="fk_amendments_visit_id_visits",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["clinicians.id"],
            name="fk_amendments_author_id_clinicians",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_amendments"),
    )
    op.create_index("ix_amendments_visit_id", "amendments", ["visit_id"])


def downgrade() -> None:
    for table in (
        "amendments",
        "home_care_items",
        "measurements",
        "visit_events",
        "visits",
        "patient_name_tokens",
        "patients",
        "clinicians",
    ):
        op.drop_table(table)
