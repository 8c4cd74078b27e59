"""Open (or create) the clinic database from a path or URL, with clear errors and upgrades."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from artdesk.store.boundary import translate
from artdesk.store.engine import Database, default_db_path, make_engine, resolve_url, sqlite_path
from artdesk.store.errors import (
    DatabaseBusy,
    DatabaseMissing,
    DatabaseUnavailable,
    DatabaseUnwritable,
    DiskError,
    DiskFull,
    MigrationFailed,
    NotADatabase,
    StoreError,
)
from artdesk.store.migrate import upgrade

_SQLITE_MAGIC = b"SQLite format 3\x00"
_CANNOT_OPEN = (DatabaseBusy, DiskFull, DiskError, DatabaseUnwritable, DatabaseUnavailable)


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise NotADatabase(f"{path} is a folder, not a database file")
    if not path.exists():
        if not create:
            raise DatabaseMissing(f"no database at {path}")
        parent = path.parent
        if not parent.is_dir():
            raise DatabaseUnwritable(f"cannot create {path}: the folder {parent} does not exist")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise DatabaseUnwritable(f"cannot create {path}: the folder {parent} is not writable")
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseUnwritable(f"cannot read {path}: {exc.strerror}") from exc
    if header and header != _SQLITE_MAGIC:
        raise NotADatabase(f"{path} is not a database (not a SQLite file)")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseUnwritable(
            f"{path} (or its folder) is read-only: ART Desk needs to write its journal there"
        )


def open_database(target: str | os.PathLike[str] | None = None, *, create: bool = True) -> Database:
    """Open the database named by ``target`` / ``ARTDESK_DB`` / the default, upgraded to head.

    Raises a :class:`StoreError` subclass whose message is one clear line.
    """
    url = resolve_url(target)
    path = sqlite_path(url)
    if path is not None:
        if target is None and path == default_db_path():
            path.parent.mkdir(parents=True, exist_ok=True)
        _check_sqlite_file(path, create=create)
    engine = make_engine(url)
    try:
        upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except (DatabaseError, sqlite3.DatabaseError, OSError) as exc:
        engine.dispose()
        where = path or url
        message = str(getattr(exc, "orig", exc))
        if isinstance(exc, OperationalError) and "unable to open" in message:
            raise DatabaseUnwritable(f"cannot open {where}: {message}") from exc
        if "not a database" in message or "malformed" in message:
            raise NotADatabase(f"{where} is not a usable database ({message})") from exc
        reason = translate(exc, reading=True)
        if isinstance(reason, _CANNOT_OPEN):  # locked, full, unreadable, unreachable
            raise type(reason)(f"cannot open {where}: {reason}") from exc
        raise MigrationFailed(f"cannot prepare {where}: {reason}") from exc
    return Database(engine)
