from __future__ import annotations

import sqlite3
from pathlib import Path

from artdesk.store.backup import backup_sqlite, restore_sqlite


def _rows(path: Path) -> list[tuple[int]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT x FROM t ORDER BY x").fetchall()
    finally:
        con.close()


def test_backup_and_restore_in_a_folder_with_uri_characters(tmp_path: Path) -> None:
    folder = tmp_path / "Dr O'Brien's Clinic #2? (Ω) 50%"
    folder.mkdir()
    live = folder / "clinic.sqlite"
    con = sqlite3.connect(live)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (x INTEGER)")
    con.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(100)])
    con.commit()  # left open: the backup copies a live database, WAL and all
    copy = backup_sqlite(live, folder / "backups" / "copy.sqlite")
    assert _rows(copy) == [(n,) for n in range(100)]
    con.execute("DELETE FROM t WHERE x >= 10")
    con.commit()
    con.close()
    restore_sqlite(copy, live)
    assert len(_rows(live)) == 100
    assert not list(folder.glob("**/*.partial"))
