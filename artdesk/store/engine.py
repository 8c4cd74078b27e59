"""Engine factory and the Database handle: pragmas, BEGIN IMMEDIATE, sessions.

SQLite: every connection gets ``foreign_keys=ON``, ``journal_mode=WAL``, ``synchronous=FULL`` and
a busy timeout. pysqlite's own transaction handling is switched off (``isolation_level=None``)
and SQLAlchemy's ``begin`` event issues the BEGIN, as SQLAlchemy's SQLite docs show: write
sessions start with ``BEGIN IMMEDIATE`` (a deferred read-then-write transaction in WAL gets
SQLITE_BUSY at once, ignoring the busy timeout), read sessions with a plain ``BEGIN``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from artdesk.patient_list import default_db_path as default_db_path  # one definition
from artdesk.store.boundary import boundary
from artdesk.store.guard import refuse_bulk_statements, refuse_changes_to_signed_visits

BUSY_TIMEOUT_MS = 5000
BEGIN_OPTION = "artdesk_begin"  # execution option: "DEFERRED" for a read transaction


def resolve_url(target: str | os.PathLike[str] | None, env: Mapping[str, str] | None = None) -> URL:
    """``--db`` wins, then ``ARTDESK_DB``, then the user data folder. A path becomes a URL.

    A path is put into a URL object as it is, never pasted into a URL string: a folder named
    "Clinic #2?" would otherwise lose everything from the '?' on, and the records would go to
    another file.
    """
    env = os.environ if env is None else env
    value = str(target) if target else env.get("ARTDESK_DB") or str(default_db_path())
    if "://" in value:
        return make_url(value)
    return URL.create("sqlite", database=str(Path(value).expanduser().absolute()))


def sqlite_path(url: URL | str) -> Path | None:
    """The file behind a SQLite URL, or None for another database or an in-memory one."""
    parsed = url if isinstance(url, URL) else make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we send BEGIN ourselves (see _on_begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
    connection.exec_driver_sql("BEGIN" if mode == "DEFERRED" else "BEGIN IMMEDIATE")


def make_engine(url: URL | str) -> Engine:
    """An engine for ``url``; SQLite gets the pragmas and BEGIN handling above."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def read_only_uri(path: Path) -> str:
    """The URI that reads ``path`` and writes nothing: immutable when no WAL lies beside it,
    else plain read-only, so what is still in the WAL is read too (a database left with its
    last writes in the WAL reads as it is, not as a damaged main file)."""
    wal = Path(str(path) + "-wal")
    flags = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
    return path.resolve().as_uri() + "?" + flags


def make_read_only_engine(path: Path) -> Engine:
    """An engine that only reads ``path``: nothing is created beside it and no pragma writes
    (a backup on a write-protected stick, a database on a full disk). SQLite's ``immutable``
    when no WAL lies beside the file (nothing else can be writing to read-only media), else
    plain read-only."""
    import sqlite3

    uri = read_only_uri(path)

    def connect() -> sqlite3.Connection:
        con = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return con

    engine = create_engine("sqlite://", creator=connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


class Database:
    """An open clinic database: write and read sessions over one engine."""

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self.engine = engine
        self.read_only = read_only  # opened only to read (read-only media, a full disk)
        self.notices: list[str] = []  # what opening found and fixed, to tell the clinic
        self.path: Path | None = None  # the file, for a SQLite database opened from one
        self._write = sessionmaker(engine, expire_on_commit=False)
        reader = engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})
        self._read = sessionmaker(reader, expire_on_commit=False)
        for factory in (self._write, self._read):
            event.listen(factory, "before_flush", refuse_changes_to_signed_visits)
            event.listen(factory, "do_orm_execute", refuse_bulk_statements)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), committed on leaving the block.

        Any driver error, in the block or at the commit, leaves as a :class:`StoreError`
        (the transaction is rolled back: nothing of it was saved).
        """
        with boundary(), self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction; driver errors leave as a :class:`StoreError`."""
        with boundary(reading=True), self._read() as session:
            yield session

    def defer_checkpoints(self) -> None:
        """Stop commits from folding the WAL into the database file themselves.

        SQLite's automatic checkpoint runs inside the commit that crosses 1000 WAL pages and,
        with synchronous=FULL, waits for the disk: a 50 ms+ stall for whoever committed. The
        window calls this and then :meth:`checkpoint` from a background thread instead.
        """
        if self.engine.dialect.name != "sqlite":
            return

        def no_autocheckpoint(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("PRAGMA wal_autocheckpoint=0")
            finally:
                cursor.close()

        event.listen(self.engine, "checkout", no_autocheckpoint)

    def checkpoint(self) -> None:
        """Fold the WAL into the database file without blocking writers (PASSIVE).

        Uses its own short-lived connection, so it may run on any thread.
        """
        path = sqlite_path(self.engine.url)
        if path is None:
            return
        import sqlite3

        with boundary():
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                connection.close()

    def close(self) -> None:
        self.engine.dispose()
