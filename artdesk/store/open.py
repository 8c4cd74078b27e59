"""Open (or create) the clinic database from a path or URL, with clear errors and upgrades."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from artdesk.store.backup import FULL_BELOW, PreOpenCopy, preserve_before_open
from artdesk.store.boundary import translate
from artdesk.store.engine import (
    Database,
    default_db_path,
    make_engine,
    make_read_only_engine,
    read_only_uri,
    resolve_url,
    sqlite_path,
)
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
from artdesk.store.migrate import HEAD, upgrade

_SQLITE_MAGIC = b"SQLite format 3\x00"
_CANNOT_OPEN = (DatabaseBusy, DiskFull, DiskError, DatabaseUnwritable, DatabaseUnavailable)


def _check_sqlite_file(path: Path, *, create: bool, writable: bool = True) -> None:
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
    if writable and not _writable(path):
        raise DatabaseUnwritable(
            f"{path} (or its folder) is read-only: ART Desk needs to write its journal there"
        )


def _probe(path: Path, *, create: bool, alone: bool = False, thorough: bool = False) -> None:
    """Look at an existing file read-only before anything may write to it: a zero-byte file
    given to a command that does not create, a foreign or a damaged database are refused
    here, byte for byte as they were (no WAL switched on, no -shm, no schema)."""
    size = path.stat().st_size
    if size == 0:
        if create:
            return  # an empty file the clinic chose for a new database
        raise NotADatabase(f"{path} is empty (0 bytes): not an ART Desk database; left as it is")
    # alone: nothing created beside it (SQLite's immutable, unless a WAL with the last
    # writes lies beside it: then those are read too, as the open will)
    uri = read_only_uri(path) if alone else path.resolve().as_uri() + "?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            # with a WAL beside it (only then: it reads every page), is the pair sound?
            if thorough and con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise NotADatabase(f"{path} is damaged by what lay beside it; left as it is")
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "not a database" in message or "malformed" in message or "encrypted" in message:
            raise NotADatabase(
                f"{path} is not a usable database ({message}); left as it is"
            ) from exc
        return  # locked, busy, a full disk…: the normal open says what it is
    if tables and "alembic_version" not in tables:
        shown = ", ".join(sorted(tables)[:5])
        raise NotADatabase(
            f"{path} is a database but not an ART Desk one (it has tables {shown} and no "
            "schema version); left as it is"
        )


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _open_to_read(path: Path) -> Database:
    """A database that cannot be written here, opened to read only: at this program's schema
    (an older file needs writing to be upgraded), nothing created beside it."""
    _probe(path, create=False, alone=True)
    uri = read_only_uri(path)
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(f"{path} is not a usable database ({exc}); left as it is") from exc
    version = row[0] if row else None
    if version != HEAD:
        raise DatabaseUnwritable(
            f"{path} cannot be written here and has schema {version}, not {HEAD}: open it "
            "where it can be written (it is upgraded then), or read it with the ART Desk "
            "that wrote it"
        )
    database = Database(make_read_only_engine(path), read_only=True)
    database.path = path
    full = _disk_full(path)
    why = "the disk is full" if full else "the file or its folder cannot be written"
    database.notices = [f"{path} is open to read only ({why}): nothing can be saved to it"]
    return database


def open_database(
    target: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
) -> Database:
    """Open the database named by ``target`` / ``ARTDESK_DB`` / the default, upgraded to head.

    ``read_only``: a command that only reads — a file that cannot be written here (read-only
    media, a full disk) is then opened to read instead of refused.

    Raises a :class:`StoreError` subclass whose message is one clear line.
    """
    url = resolve_url(target)
    path = sqlite_path(url)
    notices: list[str] = []
    if path is not None:
        if target is None and path == default_db_path():
            path.parent.mkdir(parents=True, exist_ok=True)
        if read_only and path.is_file() and (not _writable(path) or _disk_full(path)):
            _check_sqlite_file(path, create=False, writable=False)
            return _open_to_read(path)
        _check_sqlite_file(path, create=create)
        if not path.exists() or path.stat().st_size == 0:
            from artdesk.store import anchor

            anchor.forget(path)  # a new database where another was: no old anchor applies
        if path.exists():
            kept = preserve_before_open(path)
            try:
                _probe(path, create=create, thorough=kept is not None)
            except NotADatabase as exc:
                if kept is None:
                    raise
                notice = _set_aside_wal(path, kept)
                if notice is None:
                    raise NotADatabase(f"{exc}. {kept.advice}") from exc
                notices.append(notice)
    engine = make_engine(url)
    try:
        upgrade(engine)
    except StoreError as exc:
        engine.dispose()
        full = _disk_full(path)
        if full and not isinstance(exc, DiskFull):
            raise full from exc
        raise
    except (DatabaseError, sqlite3.DatabaseError, OSError) as exc:
        engine.dispose()
        where = path or url
        message = str(getattr(exc, "orig", exc))
        if isinstance(exc, OperationalError) and "unable to open" in message:
            raise DatabaseUnwritable(f"cannot open {where}: {message}") from exc
        if "not a database" in message or "malformed" in message:
            raise NotADatabase(f"{where} is not a usable database ({message})") from exc
        full = _disk_full(path)
        if full:
            raise full from exc
        reason = translate(exc, reading=True)
        if isinstance(reason, _CANNOT_OPEN):  # locked, full, unreadable, unreachable
            raise type(reason)(f"cannot open {where}: {reason}") from exc
        raise MigrationFailed(f"cannot prepare {where}: {reason}") from exc
    database = Database(engine)
    database.notices = notices
    database.path = path
    return database


def _disk_full(path: Path | None) -> DiskFull | None:
    """SQLite reports a disk with no room for its -shm or WAL as a mere "disk I/O error";
    the free space says what it is."""
    if path is None:
        return None
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return None
    if free >= FULL_BELOW:
        return None
    return DiskFull(
        f"cannot open {path}: the disk is full ({free // 1024} KB free) — free some space and "
        "try again; the database was not changed"
    )


def _set_aside_wal(path: Path, kept: PreOpenCopy) -> str | None:
    """The file with its write-ahead file is not ours, but the file alone (as copied before
    opening) is: the WAL belongs to another database. Take it (and its index) away — both are
    kept in backups — so the clinic's file opens as it was; what to tell the clinic. None
    when the file alone is not ours either."""
    try:
        _probe(kept.database, create=False, alone=True, thorough=True)
    except NotADatabase:
        return None
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return (
        f"a write-ahead file that does not belong with {path} (from another database, or left "
        "from before an older copy was put back) would have damaged it; it was set aside (kept "
        f"as {', '.join(str(p) for p in kept.sidecars)}) and the clinic's file opened as it "
        "was — ask clinic IT how it got there"
    )
