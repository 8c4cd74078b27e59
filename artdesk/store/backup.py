"""Online backup of a SQLite database (``sqlite3.Connection.backup``, never a file copy)."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy a live database consistently to ``destination`` (written atomically)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, destination)
    return destination


def restore_sqlite(backup: Path, target: Path) -> None:
    """Write a backup's pages back into ``target`` through the backup API."""
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def timestamped_backup_path(db_path: Path, label: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return db_path.parent / "backups" / f"{db_path.stem}-{label}-{stamp}.sqlite"
