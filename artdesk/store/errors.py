"""Errors the store raises, each with a message a clinician or clinic IT can act on.

Nothing else leaves the store: :func:`artdesk.store.boundary.translate` turns every driver error
(SQLAlchemy's, sqlite3's, psycopg's, a full disk's ``OSError``) into one of these, so the window
and the CLI catch :class:`StoreError` and show ``str(error)``, which is one complete line.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class: str(error) is a complete, one-line message."""


class DatabaseMissing(StoreError):
    pass


class NotADatabase(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class DatabaseUnwritable(StoreError):
    pass


class MigrationFailed(StoreError):
    pass


class DatabaseBusy(StoreError):
    """Another program (or room) holds the write lock longer than the busy timeout."""


class DiskFull(StoreError):
    """The disk (or the server's) has no room for the write; the transaction was rolled back."""


class DatabaseCorrupt(StoreError):
    """SQLite reports a damaged file (malformed page, not a database any more)."""


class DiskError(StoreError):
    """The operating system failed a read or write (a failing drive, a vanished USB disk)."""


class DatabaseUnavailable(StoreError):
    """The database (a server, a network path) cannot be reached."""


class DamagedRecord(StoreError):
    """A row that cannot be read back (a journal entry no visit could have, broken JSON)."""


class DamagedValue(ValueError):
    """Raised by the column types for a stored value that cannot be read back; the boundary
    turns it into :class:`DamagedRecord`."""


class WriteConflict(StoreError):
    """The write conflicts with a record already saved (a constraint said no)."""


class VisitSigned(StoreError):
    """A signed visit is read-only; corrections are amendments."""


class NotFound(StoreError):
    pass


class InvalidInput(StoreError, ValueError):
    """A value a person typed that cannot be stored as it is; ``errors`` maps field → problem."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}
