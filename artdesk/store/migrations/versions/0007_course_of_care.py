"""Course of care (issue 12): episodes of care, the clinic's own diagnosis codes and course
templates; each visit's episode, the clinician's own assessment and plan, and the signer's
licence/NPI as signed; each measurement's site, entries and scoring rule; the clinician's
licence and NPI.

Columns are added in place, except on visits: SQLite adds a foreign key only by rebuilding
the table, so the guard triggers are dropped first and installed again last. Every patient
who already has visits gets one episode holding them all, opened at their first visit, so
every visit belongs to one. The episode is not part of an old visit's seal (its seal was made
without it), so old seals still verify.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BEFORE_EPISODES = "care recorded before episodes of care"


def upgrade() -> None:
    bind = op.get_bind()
    from artdesk.store import guards

    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("complaint", sa.Text(), nullable=False),
        sa.Column("diagnosis_code", sa.String(10), nullable=False),
        sa.Column("diagnosis_text", sa.String(300), nullable=False),
        sa.Column("injury_date", sa.Date(), nullable=True),
        sa.Column("mechanism", sa.Text(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("plan_visits_per_week", sa.Integer(), nullable=True),
        sa.Column("plan_weeks", sa.Integer(), nullable=True),
        sa.Column("plan_visits", sa.Integer(), nullable=True),
        sa.Column("reeval_date", sa.Date(), nullable=True),
        sa.Column("course", sa.String(100), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("protocols", sa.Text(), nullable=False),
        sa.Column("psfs_activities", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("discharged_at", sa.DateTime(), nullable=True),
        sa.Column("discharge_summary", sa.Text(), nullable=False),
        sa.CheckConstraint("status IN ('active', 'discharged')", name=op.f("ck_episodes_status")),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_episodes_patient_id_patients"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_episodes_clinician_id_clinicians"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episodes")),
    )
    op.create_index("ix_episodes_patient_opened", "episodes", ["patient_id", "opened_at"])
    op.create_table(
        "diagnosis_codes",
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("text", sa.String(300), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["clinicians.id"],
            name=op.f("fk_diagnosis_codes_added_by_id_clinicians"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_diagnosis_codes")),
    )
    op.create_table(
        "course_templates",
        sa.Column("id", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["clinicians.id"],
            name=op.f("fk_course_templates_created_by_id_clinicians"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_templates")),
    )
    with op.batch_alter_table("clinicians", recreate="never") as batch:
        batch.add_column(sa.Column("licence", sa.String(60), nullable=False, server_default=""))
        batch.add_column(sa.Column("npi", sa.String(20), nullable=False, server_default=""))
    with op.batch_alter_table("measurements", recreate="never") as batch:
        batch.add_column(sa.Column("site", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("entries", sa.Text(), nullable=True))
        batch.add_column(sa.Column("rule", sa.String(100), nullable=False, server_default=""))
    # visits is rebuilt (SQLite adds a foreign key only by a copy): its guards go first and
    # come back at the end (a rebuilt table loses its triggers)
    guards.drop(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name)
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("episode_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("assessment", sa.Text(), nullable=True))
        batch.add_column(sa.Column("plan_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("signer_ids", sa.String(200), nullable=True))
        batch.create_foreign_key(
            "fk_visits_episode_id_episodes",
            "episodes",
            ["episode_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    op.create_index("ix_visits_episode_id", "visits", ["episode_id"])
    _episodes_for_existing_visits(bind)
    guards.install(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name, upto="0007")


def _episodes_for_existing_visits(bind: sa.engine.Connection) -> None:
    """One episode per patient with visits, holding them all (the guards are off: signed
    visits are given their episode too)."""
    first = bind.execute(
        sa.text(
            "SELECT v.patient_id, v.clinician_id, v.started_at, v.complaint FROM visits v"
            " WHERE v.id = (SELECT min(w.id) FROM visits w WHERE w.patient_id = v.patient_id)"
            " ORDER BY v.patient_id"
        )
    ).all()
    for patient_id, clinician_id, started_at, complaint in first:
        bind.execute(
            sa.text(
                "INSERT INTO episodes (patient_id, clinician_id, opened_at, updated_at,"
                " complaint, diagnosis_code, diagnosis_text, mechanism, goals, course,"
                " measures, protocols, psfs_activities, status, discharge_summary)"
                " VALUES (:p, :c, :t, :t, :complaint, '', '', '', '[]', '', '[]', '[]', '[]',"
                " 'active', '')"
            ),
            {"p": patient_id, "c": clinician_id, "t": started_at, "complaint": complaint or ""},
        )
    bind.execute(
        sa.text(
            "UPDATE visits SET episode_id = (SELECT min(e.id) FROM episodes e"
            " WHERE e.patient_id = visits.patient_id)"
        )
    )


def downgrade() -> None:
    bind = op.get_bind()
    from artdesk.store import guards

    guards.drop(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name)
    op.drop_index("ix_visits_episode_id", "visits")
    with op.batch_alter_table("visits") as batch:
        batch.drop_constraint("fk_visits_episode_id_episodes", type_="foreignkey")
        batch.drop_column("episode_id")
        batch.drop_column("assessment")
        batch.drop_column("plan_note")
        batch.drop_column("signer_ids")
    with op.batch_alter_table("measurements") as batch:
        batch.drop_column("site")
        batch.drop_column("entries")
        batch.drop_column("rule")
    with op.batch_alter_table("clinicians") as batch:
        batch.drop_column("licence")
        batch.drop_column("npi")
    op.drop_table("course_templates")
    op.drop_table("diagnosis_codes")
    op.drop_index("ix_episodes_patient_opened", "episodes")
    op.drop_table("episodes")
    guards.install(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name, upto="0006")
