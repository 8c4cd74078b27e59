"""The store's error boundary: driver errors in, one-line :class:`StoreError`\\ s out.

SQLite says what went wrong in an error code (Python 3.11's ``sqlite3`` errors carry
``sqlite_errorname``) and in its message; PostgreSQL in a SQLSTATE. Both are read here, once,
and nowhere else: the window and the CLI never see SQLAlchemy. A write that failed was rolled
back, so its message says *nothing was saved*; a read says only what to do.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from artdesk.store.errors import (
    DamagedRecord,
    DamagedValue,
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseUnavailable,
    DatabaseUnwritable,
    DiskError,
    DiskFull,
    InvalidInput,
    StoreError,
    VisitSigned,
    WriteConflict,
)
from artdesk.store.guards import REFUSED
from artdesk.treatment import JournalCorrupt

NOTHING_SAVED = "nothing was saved"

# (what the error name, SQLSTATE or message says; the error; what happened; what to do)
_Rule = tuple[tuple[str, ...], type[StoreError], str, str]

_SQLITE: tuple[_Rule, ...] = (
    (
        ("SQLITE_BUSY", "SQLITE_LOCKED", "database is locked", "database table is locked"),
        DatabaseBusy,
        "the database is busy in another program",
        "try again",
    ),
    (
        ("SQLITE_FULL", "database or disk is full"),
        DiskFull,
        "the disk is full",
        "free some space and try again",
    ),
    (
        ("SQLITE_CORRUPT", "SQLITE_NOTADB", "malformed", "file is not a database"),
        DatabaseCorrupt,
        "the database file is damaged",
        "stop, and restore the latest backup (ask clinic IT)",
    ),
    (
        ("SQLITE_READONLY", "readonly database"),
        DatabaseUnwritable,
        "the database file is read-only",
        "ask clinic IT to make it writable",
    ),
    (
        ("SQLITE_IOERR", "disk I/O error"),
        DiskError,
        "the disk could not be read or written",
        "check the drive and try again",
    ),
    (
        ("SQLITE_CANTOPEN", "unable to open database file"),
        DatabaseUnavailable,
        "the database file cannot be opened (moved, or its drive is gone)",
        "check the drive and try again",
    ),
)

# PostgreSQL SQLSTATE codes and classes
_POSTGRES: tuple[_Rule, ...] = (
    (("53100",), DiskFull, "the database server's disk is full", "tell clinic IT"),
    (
        ("40001", "40P01", "55P03", "57014"),
        DatabaseBusy,
        "the database is busy in another room",
        "try again",
    ),
    (
        ("08", "57P"),
        DatabaseUnavailable,
        "the database server cannot be reached",
        "check the network and try again",
    ),
    (
        ("XX001", "XX002"),
        DatabaseCorrupt,
        "the database server reports damaged data",
        "tell clinic IT",
    ),
)


def _driver_error(exc: BaseException) -> BaseException:
    orig = getattr(exc, "orig", None) if isinstance(exc, SQLAlchemyError) else None
    return orig if isinstance(orig, BaseException) else exc


def _detail(error: BaseException, limit: int = 120) -> str:
    """The error's own words on one line, cut at a word (never mid-word) when long."""
    text = " ".join(str(error).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _line(kind: type[StoreError], what: str, advice: str, reading: bool) -> StoreError:
    if reading:
        return kind(f"{what} — {advice}")
    return kind(f"{what} — {NOTHING_SAVED}; {advice}")


def translate(exc: BaseException, *, reading: bool = False) -> StoreError:
    """The store's error for a driver error, a full disk's ``OSError`` or a damaged row."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, (JournalCorrupt, DamagedValue)):
        return DamagedRecord(
            f"a stored record is damaged ({_detail(exc, 90)}) — ask clinic IT; the other "
            "records are not affected"
        )
    error = _driver_error(exc)
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return _line(DiskFull, "the disk is full", "free some space and try again", reading)
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            what = f"the database cannot be written ({error.strerror})"
            return _line(DatabaseUnwritable, what, "ask clinic IT", reading)
        what = f"the disk could not be read or written ({error.strerror or error})"
        return _line(DiskError, what, "check the drive and try again", reading)
    if isinstance(exc, UnicodeEncodeError) or isinstance(error, UnicodeEncodeError):
        # a lone surrogate (half an emoji from a broken paste, bytes that were not UTF-8)
        # reached the driver: the repositories check typed fields, this catches the rest
        return InvalidInput(
            "the text contains broken characters (not valid text: a bad copy-paste?); "
            f"retype it — {NOTHING_SAVED}"
        )
    said = str(error)
    if REFUSED in said:  # one of the database's own guards (artdesk.store.guards)
        refusal = said[said.index(REFUSED) :].splitlines()[0].rstrip(".")
        if "INSERT on visit_events: the journal is append-only" in refusal:
            # an entry with that number is already saved: two writers on one visit
            return WriteConflict(
                "the record conflicts with one already saved, perhaps from another room — "
                f"{NOTHING_SAVED}; open it again to see the saved version"
            )
        return VisitSigned(f"{refusal} — nothing was changed")
    name = getattr(error, "sqlite_errorname", "") or ""
    message = str(error).lower()
    is_sqlite = isinstance(error, sqlite3.Error) or "sqlite" in type(error).__module__
    if is_sqlite:
        for needles, kind, what, advice in _SQLITE:
            if name.startswith(needles) or any(n.lower() in message for n in needles):
                return _line(kind, what, advice, reading)
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None) or ""
    if state:
        for codes, kind, what, advice in _POSTGRES:
            if state.startswith(codes):
                return _line(kind, what, advice, reading)
    if isinstance(exc, IntegrityError) or "integrity" in type(error).__name__.lower():
        return WriteConflict(
            f"the record conflicts with one already saved, perhaps from another room "
            f"({_detail(error)}) — {NOTHING_SAVED}; open it again to see the saved version"
        )
    disconnected = isinstance(exc, DBAPIError) and exc.connection_invalidated
    refused = not is_sqlite and type(error).__name__ in ("OperationalError", "InterfaceError")
    if disconnected or refused:
        # a server that refuses the connection or drops it says so without a SQLSTATE
        what = "the database cannot be reached"
        advice = "check the network or the drive and try again"
        return _line(DatabaseUnavailable, what, advice, reading)
    what = f"the database reported an error ({_detail(error)})"
    return _line(StoreError, what, "try again; if it happens again, tell clinic IT", reading)


DRIVER_ERRORS = (
    SQLAlchemyError,
    sqlite3.Error,
    OSError,
    JournalCorrupt,
    DamagedValue,
    UnicodeEncodeError,
)


@contextmanager
def boundary(*, reading: bool = False) -> Iterator[None]:
    """Raise the store's error for any driver error (or damaged row) in the block."""
    try:
        yield
    except StoreError:
        raise
    except DRIVER_ERRORS as exc:
        raise translate(exc, reading=reading) from exc
