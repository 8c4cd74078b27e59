"""Online backup of a SQLite database (``sqlite3.Connection.backup``, never a file copy)."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from artdesk.store.boundary import boundary


def _read_only(path: Path) -> sqlite3.Connection:
    # as a URI, percent-encoded: a folder named "Clinic #2?" must not end the file name
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def _copy_pages(source: Path, target: Path) -> None:
    src = _read_only(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy a live database consistently to ``destination`` (written atomically).

    A failure (full disk, unwritable folder, locked source) raises a :class:`StoreError` and
    leaves no partial copy behind; an earlier file at ``destination`` stays as it was.
    """
    partial = destination.with_name(destination.name + ".partial")
    with boundary():
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)
            _copy_pages(source, partial)
            os.replace(partial, destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return destination


def restore_sqlite(backup: Path, target: Path) -> None:
    """Write a backup's pages back into ``target`` through the backup API."""
    with boundary():
        _copy_pages(backup, target)


def timestamped_backup_path(db_path: Path, label: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return db_path.parent / "backups" / f"{db_path.stem}-{label}-{stamp}.sqlite"
