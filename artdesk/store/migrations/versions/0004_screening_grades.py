"""Visits: the screen's own grades are stored — ``not_at_site`` and ``emergency`` beside
``clear``, ``precaution`` and ``stop`` (issue 9: a not-at-site answer was stored as
"precaution", an emergency as "stop").

SQLite cannot change a CHECK constraint in place: batch mode rebuilds ``visits`` with foreign
keys off (``artdesk.store.migrate``), so its children are untouched. Old rows keep their value:
what was stored then is what the clinician's screen said then.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Literal

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OLD = "('clear', 'precaution', 'stop')"
_NEW = "('clear', 'precaution', 'not_at_site', 'stop', 'emergency')"


def _recreate() -> Literal["always", "auto"]:
    return "always" if op.get_context().dialect.name == "sqlite" else "auto"


def _check(values: str) -> None:
    with op.batch_alter_table("visits", recreate=_recreate()) as batch:
        batch.drop_constraint(op.f("ck_visits_screening_result"), type_="check")
        batch.create_check_constraint(
            "screening_result", f"screening_result IS NULL OR screening_result IN {values}"
        )


def upgrade() -> None:
    _check(_NEW)


def downgrade() -> None:
    # the older program knows three grades: the nearest one it knows, never a lost visit
    op.execute(
        "UPDATE visits SET screening_result = 'precaution' WHERE screening_result = 'not_at_site'"
    )
    op.execute("UPDATE visits SET screening_result = 'stop' WHERE screening_result = 'emergency'")
    _check(_OLD)
