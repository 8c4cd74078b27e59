from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from artdesk.store import Database, open_database, resolve_url
from artdesk.store.engine import default_db_path


def test_url_comes_from_db_then_environment_then_user_folder(tmp_path: Path) -> None:
    env = {"ARTDESK_DB": str(tmp_path / "env.sqlite")}
    assert resolve_url(tmp_path / "arg.sqlite", env).database == str(tmp_path / "arg.sqlite")
    assert resolve_url(None, env).database == str(tmp_path / "env.sqlite")
    assert resolve_url(None, {}).database == str(default_db_path())
    pg = resolve_url("postgresql://clinic@db/artdesk", env)
    assert (pg.get_backend_name(), pg.host, pg.database) == ("postgresql", "db", "artdesk")


def test_a_folder_name_with_url_characters_is_the_folder_used(tmp_path: Path) -> None:
    folder = tmp_path / "Dr O'Brien's Clinic #2? (Ω) 50%"
    folder.mkdir()
    database = open_database(folder / "clinic.sqlite")
    database.close()
    assert (folder / "clinic.sqlite").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no stray file beside


def test_default_database_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    # conftest points XDG_DATA_HOME at a temporary folder
    assert str(default_db_path()).startswith(str(Path.home().parent))
    database = open_database()
    try:
        assert default_db_path().exists()
    finally:
        database.close()


def test_every_connection_gets_the_pragmas(db: Database) -> None:
    with db.read() as session:
        get = lambda name: session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert get("foreign_keys") == 1
        assert get("journal_mode") == "wal"
        assert get("synchronous") == 2  # FULL
        assert get("busy_timeout") == 5000


def test_writes_begin_immediate_and_reads_deferred(db: Database) -> None:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement.split()[0] + (" IMMEDIATE" if "IMMEDIATE" in statement else ""))

    event.listen(db.engine, "before_cursor_execute", record)
    with db.write() as session:
        session.execute(text("SELECT 1"))
    with db.read() as session:
        session.execute(text("SELECT 1"))
    assert seen == ["BEGIN IMMEDIATE", "SELECT", "BEGIN", "SELECT"]


def test_a_write_transaction_holds_the_lock_from_its_first_statement(
    db: Database, db_path: Path
) -> None:
    import sqlite3

    with db.write() as session:
        session.execute(text("SELECT 1"))  # only a read so far, yet the write lock is taken
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
