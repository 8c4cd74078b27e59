"""Who did what (issue 10): sign-in secrets, chained records and sealed signatures, the audit
trail, voids, the room holding a live visit, and triggers that refuse changing a signed visit.

Columns are added in place (SQLite needs no rebuild, so no child table is touched). Every
existing record gets its chain hash, every signed visit its seal — computed from the rows as
they are now, so the chains are valid from here on. Signatures made before this revision were
not authenticated: they are sealed with ``signed_with = 'none'``. The triggers go in last.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from alembic import op

from artdesk.store import chain, guards
from artdesk.store.types import JSONText, UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_HASHED = ("visit_events", "measurements", "home_care_items", "amendments")


def upgrade() -> None:
    with op.batch_alter_table("clinicians", recreate="never") as batch:
        batch.add_column(sa.Column("secret_kind", sa.String(10), nullable=True))
        batch.add_column(sa.Column("secret_hash", sa.String(200), nullable=True))
        batch.add_column(sa.Column("secret_set_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("is_admin", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("visits", recreate="never") as batch:
        batch.add_column(sa.Column("signed_with", sa.String(10), nullable=True))
        batch.add_column(sa.Column("seal", sa.String(64), nullable=True))
        batch.add_column(sa.Column("room", sa.String(100), nullable=True))
        batch.add_column(sa.Column("room_since", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("room_seen_at", sa.DateTime(), nullable=True))
    for table in _HASHED:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.add_column(sa.Column("hash", sa.String(64), nullable=True))
    op.create_table(
        "visit_voids",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_visit_voids_visit_id_visits"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_visit_voids_clinician_id_clinicians"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_visit_voids")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("room", sa.String(100), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_audit_events_clinician_id_clinicians"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_patient_id", "audit_events", ["patient_id", "id"])
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    bind = op.get_bind()
    # the clinic's first clinician may reset the others' secrets (one admin to start with)
    bind.exec_driver_sql(
        "UPDATE clinicians SET is_admin = TRUE WHERE id = (SELECT min(id) FROM clinicians)"
        if bind.dialect.name != "sqlite"
        else "UPDATE clinicians SET is_admin = 1 WHERE id = (SELECT min(id) FROM clinicians)"
    )
    _chain_existing(bind)
    guards.install(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name, upto="0005")


def downgrade() -> None:
    bind = op.get_bind()
    guards.drop(lambda sql: bind.exec_driver_sql(sql), bind.dialect.name)
    op.drop_table("audit_events")
    op.drop_table("visit_voids")
    for table in _HASHED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("hash")
    with op.batch_alter_table("visits") as batch:
        for column in ("room_seen_at", "room_since", "room", "seal", "signed_with"):
            batch.drop_column(column)
    with op.batch_alter_table("clinicians") as batch:
        for column in ("is_admin", "secret_set_at", "secret_hash", "secret_kind"):
            batch.drop_column(column)


# --- the chains for what is already there -------------------------------------------------------
# Tables declared here with the store's column types (not the models: those move on with later
# revisions), so the values hashed are exactly what the program reads back.

_meta = sa.MetaData()
_visits = sa.Table(
    "visits",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("patient_id", sa.Integer),
    sa.Column("clinician_id", sa.Integer),
    sa.Column("status", sa.String),
    sa.Column("started_at", UTCDateTime()),
    sa.Column("ended_at", UTCDateTime()),
    sa.Column("complaint", sa.Text),
    sa.Column("screening_result", sa.String),
    sa.Column("screening_answers", JSONText()),
    sa.Column("screening_override", sa.Text),
    sa.Column("protocols", sa.Text),
    sa.Column("treated_seconds", sa.Float),
    sa.Column("billing_units", sa.Integer),
    sa.Column("home_care_notes", sa.Text),
    sa.Column("next_visit", sa.Date),
    sa.Column("signed_at", UTCDateTime()),
    sa.Column("signed_by_id", sa.Integer),
    sa.Column("signed_with", sa.String),
    sa.Column("referral", JSONText()),
    sa.Column("seal", sa.String),
)
_events = sa.Table(
    "visit_events",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("visit_id", sa.Integer),
    sa.Column("seq", sa.Integer),
    sa.Column("kind", sa.String),
    sa.Column("t", sa.Float),
    sa.Column("at", UTCDateTime()),
    sa.Column("data", JSONText()),
    sa.Column("hash", sa.String),
)
_measurements = sa.Table(
    "measurements",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("visit_id", sa.Integer),
    sa.Column("instrument", sa.String),
    sa.Column("side", sa.String),
    sa.Column("timing", sa.String),
    sa.Column("value", sa.Float),
    sa.Column("unit", sa.String),
    sa.Column("recorded_at", UTCDateTime()),
    sa.Column("hash", sa.String),
)
_home_care = sa.Table(
    "home_care_items",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("visit_id", sa.Integer),
    sa.Column("position", sa.Integer),
    sa.Column("exercise", sa.Text),
    sa.Column("sets", sa.Integer),
    sa.Column("reps", sa.Integer),
    sa.Column("hold_seconds", sa.Integer),
    sa.Column("frequency", sa.String),
    sa.Column("notes", sa.Text),
    sa.Column("hash", sa.String),
)
_amendments = sa.Table(
    "amendments",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("visit_id", sa.Integer),
    sa.Column("author_id", sa.Integer),
    sa.Column("created_at", UTCDateTime()),
    sa.Column("reason", sa.Text),
    sa.Column("text", sa.Text),
    sa.Column("hash", sa.String),
)


def _grouped(conn: sa.Connection, table: sa.Table, order: Any) -> dict[int, list[SimpleNamespace]]:
    out: dict[int, list[SimpleNamespace]] = defaultdict(list)
    for r in conn.execute(sa.select(table).order_by(table.c.visit_id, order)).mappings():
        out[r["visit_id"]].append(SimpleNamespace(**dict(r)))
    return out


def _store_hashes(conn: sa.Connection, table: sa.Table, rows: list[SimpleNamespace]) -> None:
    if rows:
        conn.execute(
            table.update().where(table.c.id == sa.bindparam("row_id")),
            [{"row_id": r.id, "hash": r.hash} for r in rows],
        )


def _chain_existing(conn: sa.Connection) -> None:
    events = _grouped(conn, _events, _events.c.seq)
    measurements = _grouped(conn, _measurements, _measurements.c.id)
    home_care = _grouped(conn, _home_care, _home_care.c.position)
    amendments = _grouped(conn, _amendments, _amendments.c.id)
    for visit in conn.execute(sa.select(_visits)).mappings():
        row = SimpleNamespace(**dict(visit))
        vid = row.id
        heads = {
            "journal": chain.chain(events.get(vid, []), chain.event_content),
            "measurements": chain.chain(measurements.get(vid, []), chain.measurement_content),
            "home_care": chain.chain(home_care.get(vid, []), chain.home_care_content),
        }
        if row.status == "signed":
            row.signed_with = "none"  # signed before sign-in existed
            row.seal = chain.seal(row, heads)
            conn.execute(
                _visits.update()
                .where(_visits.c.id == vid)
                .values(signed_with=row.signed_with, seal=row.seal)
            )
            chain.chain(amendments.get(vid, []), chain.amendment_content, start=row.seal)
    for table, groups in (
        (_events, events),
        (_measurements, measurements),
        (_home_care, home_care),
        (_amendments, amendments),
    ):
        _store_hashes(conn, table, [r for rows in groups.values() for r in rows])
