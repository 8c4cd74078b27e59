"""The store's error boundary: driver errors in, one-line :class:`StoreError`\\ s out.

SQLite says what went wrong in an error code (Python 3.11's ``sqlite3`` errors carry
``sqlite_errorname``) and in its message; PostgreSQL in a SQLSTATE. Both are read here, once,
and nowhere else: the window and the CLI never see SQLAlchemy.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from artdesk.store.errors import (
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseUnavailable,
    DatabaseUnwritable,
    DiskError,
    DiskFull,
    StoreError,
    WriteConflict,
)

NOTHING_SAVED = "nothing was saved"

# (what SQLite's error name or message says, the error, the clinician's line)
_SQLITE: tuple[tuple[tuple[str, ...], type[StoreError], str], ...] = (
    (
        ("SQLITE_BUSY", "SQLITE_LOCKED", "database is locked", "database table is locked"),
        DatabaseBusy,
        "the database is busy in another program — nothing was saved; try again",
    ),
    (
        ("SQLITE_FULL", "database or disk is full"),
        DiskFull,
        "the disk is full — nothing was saved; free some space and try again",
    ),
    (
        ("SQLITE_CORRUPT", "SQLITE_NOTADB", "malformed", "file is not a database"),
        DatabaseCorrupt,
        "the database file is damaged — nothing was saved; stop, and restore the latest backup "
        "(ask clinic IT)",
    ),
    (
        ("SQLITE_READONLY", "readonly database"),
        DatabaseUnwritable,
        "the database file is read-only — nothing was saved; ask clinic IT to make it writable",
    ),
    (
        ("SQLITE_IOERR", "disk I/O error"),
        DiskError,
        "the disk could not be read or written — nothing was saved; check the drive and try again",
    ),
    (
        ("SQLITE_CANTOPEN", "unable to open database file"),
        DatabaseUnavailable,
        "the database file cannot be opened (moved, or its drive is gone) — nothing was saved",
    ),
)

# PostgreSQL SQLSTATE prefixes and codes
_POSTGRES: tuple[tuple[tuple[str, ...], type[StoreError], str], ...] = (
    (
        ("53100",),
        DiskFull,
        "the database server's disk is full — nothing was saved; tell clinic IT",
    ),
    (
        ("40001", "40P01", "55P03", "57014"),
        DatabaseBusy,
        "the database is busy in another room — nothing was saved; try again",
    ),
    (
        ("08", "57P"),
        DatabaseUnavailable,
        "the database server cannot be reached — nothing was saved; check the network and try "
        "again",
    ),
    (
        ("XX001", "XX002"),
        DatabaseCorrupt,
        "the database server reports damaged data — nothing was saved; tell clinic IT",
    ),
)


def _driver_error(exc: BaseException) -> BaseException:
    return exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc


def _detail(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:200]


def translate(exc: BaseException) -> StoreError:
    """The store's error for a driver error (or a full disk's ``OSError``)."""
    if isinstance(exc, StoreError):
        return exc
    error = _driver_error(exc)
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull("the disk is full — nothing was saved; free some space and try again")
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return DatabaseUnwritable(
                f"the database cannot be written ({error.strerror}) — {NOTHING_SAVED}"
            )
        return DiskError(
            f"the disk could not be read or written ({error.strerror or error}) — "
            f"{NOTHING_SAVED}; check the drive and try again"
        )
    name = getattr(error, "sqlite_errorname", "") or ""
    message = str(error).lower()
    if isinstance(error, sqlite3.Error) or "sqlite" in type(error).__module__:
        for needles, kind, line in _SQLITE:
            if name.startswith(needles) or any(n.lower() in message for n in needles):
                return kind(line)
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None) or ""
    if state:
        for codes, kind, line in _POSTGRES:
            if state.startswith(codes):
                return kind(line)
    if isinstance(exc, IntegrityError) or "integrity" in type(error).__name__.lower():
        return WriteConflict(
            f"the record conflicts with one already saved ({_detail(error)}) — {NOTHING_SAVED}"
        )
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnavailable(
            f"the connection to the database was lost — {NOTHING_SAVED}; try again"
        )
    return StoreError(f"the database refused the change ({_detail(error)}) — {NOTHING_SAVED}")


DRIVER_ERRORS = (SQLAlchemyError, sqlite3.Error, OSError)


@contextmanager
def boundary() -> Iterator[None]:
    """Raise the store's error for any driver error in the block."""
    try:
        yield
    except StoreError:
        raise
    except DRIVER_ERRORS as exc:
        raise translate(exc) from exc
