"""Alembic environment: run on the connection ``artdesk.store.migrate`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from artdesk.store.models import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn: Connection) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by rebuilding them
        compare_type=True,
    )
    with context.begin_transaction():  # a no-op inside migrate.upgrade's own transaction
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # developer use: `alembic -x url=sqlite:///x.sqlite revision --autogenerate`
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///scratch.sqlite")
    with create_engine(url).connect() as conn:
        _run(conn)
