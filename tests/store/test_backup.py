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


def test_a_real_restore_from_the_command_line_keeps_the_current_file_first(
    tmp_path: Path,
) -> None:
    from datetime import date

    from artdesk.store import AuditTrail, PatientData, PatientRepository, open_database
    from tests.cli.test_cli import run

    db = tmp_path / "clinic.sqlite"
    database = open_database(db)
    PatientRepository(database).add(PatientData("Ana Before", date(1980, 1, 1)))
    database.close()
    (tmp_path / "backups").mkdir()
    assert (
        run(
            "backup",
            "--db",
            str(db),
            "-o",
            str(tmp_path / "backups" / "clinic-daily-20261201T080000Z.sqlite"),
        )[0]
        == 0
    )
    database = open_database(db)
    PatientRepository(database).add(PatientData("Ben After", date(1981, 1, 1)))
    database.close()

    code, out, _ = run("restore", "--db", str(db))  # the list, newest first
    listed = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and listed[0][2] == "daily"
    source = listed[0][0]
    code, _, err = run("restore", "--db", str(db), source)  # no --yes: nothing happens
    assert code == 2 and "--yes" in err
    assert "warning: the copy has 0 audit events where the current file has 1" in err
    code, out, _ = run("restore", "--db", str(db), source, "--yes")
    assert code == 0 and "kept as" in out
    database = open_database(db)
    try:
        names = [p.full_name for p in PatientRepository(database).search("")]
        assert names == ["Ana Before"]
        assert [e.action for e in AuditTrail(database).entries()][-1] == "restore"
    finally:
        database.close()
    kept = Path(out.rsplit("kept as ", 1)[1].strip())
    assert "before-restore" in kept.name
    con = sqlite3.connect(kept)
    assert {r[0] for r in con.execute("SELECT full_name FROM patients")} == {
        "Ana Before",
        "Ben After",
    }
    con.close()


def test_restore_refuses_what_is_not_an_art_desk_backup(tmp_path: Path) -> None:
    from artdesk.store import open_database
    from tests.cli.test_cli import run

    db = tmp_path / "clinic.sqlite"
    open_database(db).close()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    for source, said in (
        (empty, "is empty"),
        (other, "not an ART Desk database"),
        (tmp_path / "nope.sqlite", "not a file"),
    ):
        code, _, err = run("restore", "--db", str(db), str(source), "--yes")
        assert code == 1 and said in err and err.count("\n") == 1


def test_a_file_named_backups_beside_the_database_is_a_clear_error(tmp_path: Path) -> None:
    from artdesk.store import open_database
    from tests.cli.test_cli import run

    db = tmp_path / "clinic.sqlite"
    open_database(db).close()
    (tmp_path / "backups").write_text("not a folder")
    code, _, err = run("backup", "--db", str(db), "-o", str(tmp_path / "backups" / "x.sqlite"))
    assert code == 1 and "is a file, not a folder" in err and "Traceback" not in err
    # the copy an upgrade takes first goes to the same folder: a clear refusal, nothing changed
    from artdesk.store import DatabaseUnwritable
    from artdesk.store.engine import make_engine
    from artdesk.store.migrate import upgrade

    old = tmp_path / "old.sqlite"
    upgrade(make_engine(f"sqlite:///{old}"), target="0004")
    try:
        open_database(old)
        raise AssertionError("opened")
    except DatabaseUnwritable as exc:
        assert "it is a file, not a folder" in str(exc)
    con = sqlite3.connect(old)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0004"
    con.close()


def test_a_daily_backup_once_a_day_keeping_n_days(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from artdesk.store import open_database
    from artdesk.store.backup import daily_backup_due, list_backups, take_daily_backup

    db = tmp_path / "clinic.sqlite"
    open_database(db).close()
    backups = tmp_path / "backups"
    backups.mkdir()
    now = datetime(2031, 6, 1, 9, 0, tzinfo=UTC)  # not today: the copy is named by "now"
    for days in (20, 15, 3):  # earlier days' copies, and one taken before an upgrade
        stamp = (now - timedelta(days=days)).strftime("%Y%m%dT%H%M%SZ")
        (backups / f"clinic-daily-{stamp}.sqlite").write_bytes(b"x")
    (backups / "clinic-before-0005-20261101T080000Z.sqlite").write_bytes(b"x")
    assert daily_backup_due(db, now)
    copy = take_daily_backup(db, now, keep_days=14)
    assert not daily_backup_due(db, now + timedelta(hours=3))
    assert daily_backup_due(db, now + timedelta(days=1))
    left = {(b.label, b.taken_at.date().isoformat()) for b in list_backups(db)}
    assert ("daily", "2031-05-29") in left and ("before-0005", "2026-11-01") in left
    assert ("daily", "2031-05-12") not in left and ("daily", "2031-05-17") not in left
    assert copy.exists() and _rows_of(copy) >= 1


def _rows_of(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    finally:
        con.close()
