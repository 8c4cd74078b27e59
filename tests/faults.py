"""Make the database fail the way real ones do: locked by another program, a full disk, a
damaged file. Each fault is the driver's own exception (``sqlite3``'s, with SQLite's error
code and name), raised at the moment the chosen statement would run."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

# fault → (exception class, SQLite's message, primary result code, its name)
FAULTS: dict[str, tuple[type[sqlite3.Error], str, int, str]] = {
    "locked": (sqlite3.OperationalError, "database is locked", 5, "SQLITE_BUSY"),
    "full": (sqlite3.OperationalError, "database or disk is full", 13, "SQLITE_FULL"),
    "malformed": (sqlite3.DatabaseError, "database disk image is malformed", 11, "SQLITE_CORRUPT"),
}

# what the clinician is told for each (a part of the one line)
SAYS = {
    "locked": "busy in another program",
    "full": "disk is full",
    "malformed": "damaged",
}


def driver_error(fault: str) -> sqlite3.Error:
    kind, message, code, name = FAULTS[fault]
    error = kind(message)
    error.sqlite_errorcode = code  # as the sqlite3 module sets them
    error.sqlite_errorname = name
    return error


@contextmanager
def failing(
    fault: str, statement: str, target: Any = Engine, after: str | None = None
) -> Iterator[list[str]]:
    """While inside, every statement starting with ``statement`` (e.g. "INSERT INTO
    visit_events") raises ``fault``; ``target`` is an engine, or every engine (the CLI's).
    With ``after``, only once a statement starting with that has run (a read after a write)."""
    hits: list[str] = []
    wanted = statement.upper()
    armed = [after is None]

    def before(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if after is not None and sql.lstrip().upper().startswith(after.upper()):
            armed[0] = True
        if armed[0] and sql.lstrip().upper().startswith(wanted):
            hits.append(sql)
            raise driver_error(fault)

    event.listen(target, "before_cursor_execute", before)
    try:
        yield hits
    finally:
        event.remove(target, "before_cursor_execute", before)
