"""Online backup of a SQLite database (``sqlite3.Connection.backup``, never a file copy)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from artdesk.store.boundary import boundary
from artdesk.store.errors import DatabaseUnwritable, InvalidInput

FULL_BELOW = 1 << 20  # free bytes under which a disk counts as full (SQLite cannot make a -shm)


def _read_only(path: Path) -> sqlite3.Connection:
    # as a URI, percent-encoded: a folder named "Clinic #2?" must not end the file name.
    # Where nothing can be written beside the file (read-only media, a full disk) and no WAL
    # is there, SQLite's immutable reads it without the -shm it could not create.
    flags = "mode=ro"
    wal = Path(str(path) + "-wal")
    no_wal = not (wal.exists() and wal.stat().st_size)
    stuck = not os.access(path.parent, os.W_OK) or shutil.disk_usage(path.parent).free < FULL_BELOW
    if no_wal and stuck:
        flags += "&immutable=1"
    return sqlite3.connect(path.resolve().as_uri() + "?" + flags, uri=True)


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
    if destination.parent.exists() and not destination.parent.is_dir():
        raise DatabaseUnwritable(
            f"cannot back up into {destination.parent}: it is a file, not a folder — "
            "rename or move that file"
        )
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


def timestamped_backup_path(db_path: Path, label: str, at: datetime | None = None) -> Path:
    stamp = (at or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return db_path.parent / "backups" / f"{db_path.stem}-{label}-{stamp}.sqlite"


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    taken_at: datetime  # from the name's stamp, else the file's time
    label: str  # before-0005, before-restore, daily…
    size: int


_STAMP = re.compile(r"-(?P<label>[A-Za-z0-9-]+?)-(?P<stamp>\d{8}T\d{6}Z)$")


def list_backups(db_path: Path) -> list[BackupFile]:
    """The copies in the database's ``backups/`` folder, newest first."""
    folder = db_path.parent / "backups"
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{db_path.stem}-*.sqlite"):
        match = _STAMP.search(path.stem)
        stat = path.stat()
        if match:
            taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            label = match["label"]
        else:
            taken, label = datetime.fromtimestamp(stat.st_mtime, UTC), "copy"
        found.append(BackupFile(path, taken, label, stat.st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def check_backup(path: Path) -> str | None:
    """Why ``path`` cannot be restored (not a file, not a database, damaged, not ours)."""
    if not path.is_file():
        return f"{path} is not a file"
    if path.stat().st_size == 0:
        return f"{path} is empty"
    try:
        # the file alone, nothing created beside it (a backup in the folder stays as it is)
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return f"{path} is damaged (quick_check failed)"
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"{path} is not a database ({exc})"
    if "alembic_version" not in tables or "visits" not in tables:
        return f"{path} is not an ART Desk database"
    return None


def restore_with_copy(db_path: Path, backup: Path) -> Path:
    """Restore ``backup`` over the live file after copying the live file aside; the copy's
    path. Other programs must have closed the database (the caller checks)."""
    problem = check_backup(backup)
    if problem:
        raise InvalidInput(f"cannot restore: {problem}")
    copy = backup_sqlite(db_path, timestamped_backup_path(db_path, "before-restore"))
    restore_sqlite(backup, db_path)
    from artdesk.store import anchor

    anchor.forget(db_path)  # the restored file's trail is the one to anchor from now on
    return copy


@dataclass(frozen=True, slots=True)
class PreOpenCopy:
    """The database file and the write-ahead files found beside it, copied before opening."""

    database: Path
    sidecars: tuple[Path, ...]

    @property
    def advice(self) -> str:
        return (
            f"The file as it was before this open is kept as {self.database}, and what lay "
            f"beside it as {', '.join(str(p) for p in self.sidecars)}; to go back to the file "
            f"alone: python main.py restore --db <this file> {self.database} --yes"
        )


def preserve_before_open(db_path: Path) -> PreOpenCopy | None:
    """If a ``-wal`` or ``-journal`` with content lies beside the file, SQLite will replay it
    into the database at the next open — right after a crash, but ruinous when it is stale or
    belongs to another file (an older copy restored over the live one, its WAL kept). Copy
    the file and each such sidecar, as plain files, into ``backups/`` first; the copies'
    names keep SQLite from pairing them again. None when there is nothing beside it."""
    sidecars = [
        Path(str(db_path) + suffix)
        for suffix in ("-wal", "-journal")
        if Path(str(db_path) + suffix).is_file() and Path(str(db_path) + suffix).stat().st_size
    ]
    if not sidecars or in_use_elsewhere(db_path):
        return None  # nothing beside it, or a live WAL of another room that is open now
    folder = db_path.parent / "backups"
    if folder.exists() and not folder.is_dir():
        raise DatabaseUnwritable(
            f"cannot keep a copy in {folder} before opening: it is a file, not a folder — "
            "rename or move that file"
        )
    target = timestamped_backup_path(db_path, "before-open")
    with boundary():
        folder.mkdir(parents=True, exist_ok=True)
        _copy_file(db_path, target)
        kept = []
        for sidecar in sidecars:
            copy = target.with_name(f"{target.name}-{sidecar.name.rsplit('-', 1)[1]}.saved")
            _copy_file(sidecar, copy)
            kept.append(copy)
        _prune_pre_open(db_path)
    return PreOpenCopy(target, tuple(kept))


KEEP_PRE_OPEN = 5  # the newest copies taken before opening that are kept


def in_use_elsewhere(db_path: Path) -> bool:
    """True when another program has the database open in WAL mode: it holds a shared lock
    on the WAL index's "DMS" byte (offset 128 of ``-shm``), which SQLite itself tests before
    it recovers a WAL. POSIX only; elsewhere False (the copy is then simply taken)."""
    shm = Path(str(db_path) + "-shm")
    if not shm.is_file():
        return False
    try:
        import fcntl
    except ImportError:  # Windows
        return False
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
        except OSError:
            return True
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, 128)
        return False
    finally:
        os.close(fd)


def _prune_pre_open(db_path: Path) -> None:
    folder = db_path.parent / "backups"
    copies = sorted(folder.glob(f"{db_path.stem}-before-open-*.sqlite"), reverse=True)
    for old in copies[KEEP_PRE_OPEN:]:
        for path in (old, *folder.glob(old.name + "-*.saved")):
            path.unlink(missing_ok=True)


def _copy_file(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copyfile(source, partial)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


DAILY = "daily"


def daily_backup_due(db_path: Path, now: datetime) -> bool:
    """No daily copy taken yet on ``now``'s (UTC) day."""
    today = now.astimezone(UTC).date()
    return not any(b.label == DAILY and b.taken_at.date() == today for b in list_backups(db_path))


def take_daily_backup(db_path: Path, now: datetime, keep_days: int) -> Path:
    """The day's copy (online backup, atomic) and the daily copies older than ``keep_days``
    removed; the copies taken before upgrades, opens and restores are never removed here."""
    copy = backup_sqlite(db_path, timestamped_backup_path(db_path, DAILY, now))
    cutoff = now.astimezone(UTC) - timedelta(days=keep_days)
    for b in list_backups(db_path):
        if b.label == DAILY and b.taken_at < cutoff and b.path != copy:
            b.path.unlink(missing_ok=True)
    return copy
