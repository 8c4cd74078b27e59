"""Issue 11 item 1: opening never destroys a file — a foreign WAL beside the clinic's file,
a zero-byte file, a foreign or damaged database are left as they were, and said so."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from artdesk.store import NotADatabase, PatientData, PatientRepository, open_database
from tests.cli.test_cli import run


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "-*"))


def _clinic(path: Path) -> None:
    database = open_database(path)
    PatientRepository(database).add(PatientData("Ana Live", date(1980, 1, 1)))
    database.close()


def test_a_zero_byte_file_given_to_a_command_is_left_empty(tmp_path: Path) -> None:
    empty = tmp_path / "clinic.sqlite"
    empty.write_bytes(b"")
    code, _, err = run("patients", "--db", str(empty))
    assert code == 1 and "is empty (0 bytes)" in err and err.count("\n") == 1
    assert empty.stat().st_size == 0 and _sidecars(empty) == []


def test_a_foreign_database_is_refused_and_not_touched(tmp_path: Path) -> None:
    foreign = tmp_path / "stock.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE stock (item TEXT)")
    con.execute("INSERT INTO stock VALUES ('tape')")
    con.commit()
    con.close()
    before = _digest(foreign)
    code, _, err = run("visits", "--db", str(foreign))
    assert code == 1 and "not an ART Desk one" in err and "left as it is" in err
    assert _digest(foreign) == before and _sidecars(foreign) == []
    con = sqlite3.connect(foreign)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    con.close()


def test_flipped_bytes_in_the_header_pages_are_refused_and_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite"
    _clinic(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = bytes(range(256)) * 15 + bytes(range(16))  # the schema page, scrambled
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(NotADatabase, match="left as it is"):
        open_database(path, create=False)
    assert _digest(path) == before


def test_a_wal_from_another_database_is_set_aside_and_the_clinic_opens_as_it_was(
    tmp_path: Path,
) -> None:
    path = tmp_path / "clinic.sqlite"
    _clinic(path)
    other = sqlite3.connect(tmp_path / "other.sqlite", isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("CREATE TABLE stock (item TEXT)")
    other.executemany("INSERT INTO stock VALUES (?)", [("x" * 100,)] * 50)
    shutil.copyfile(tmp_path / "other.sqlite-wal", Path(str(path) + "-wal"))  # a careless copy
    foreign_wal = _digest(Path(str(path) + "-wal"))
    code, out, err = run("patients", "--db", str(path))
    assert code == 0 and "Ana Live" in out
    assert err.count("\n") == 1 and "warning: a write-ahead file that does not belong with" in err
    kept = list((tmp_path / "backups").glob("clinic-before-open-*.sqlite-wal.saved"))
    assert len(kept) == 1 and _digest(kept[0]) == foreign_wal  # nothing thrown away
    assert len(list((tmp_path / "backups").glob("clinic-before-open-*.sqlite"))) == 1
    other.close()


def test_our_own_wal_after_a_crash_is_replayed_and_a_copy_was_kept_first(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite"
    _clinic(path)
    # a program that died with a committed write still in the WAL (never checkpointed)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute(
        "INSERT INTO patients (full_name, name_key, date_of_birth, phone, phone_digits, email,"
        " sport, notes, created_at, updated_at) VALUES ('Ben Crash', 'ben crash', '1990-01-01',"
        " '', '', '', '', '', '2026-12-01 00:00:00', '2026-12-01 00:00:00')"
    )
    shutil.copyfile(Path(str(path) + "-wal"), tmp_path / "wal.bak")
    con.close()  # closing checkpoints: put the crash's WAL back as it was
    shutil.copyfile(tmp_path / "wal.bak", Path(str(path) + "-wal"))
    code, out, err = run("patients", "--db", str(path))
    assert code == 0 and "Ben Crash" in out and err == ""
    assert len(list((tmp_path / "backups").glob("clinic-before-open-*.sqlite-wal.saved"))) == 1


def test_a_wal_in_use_by_another_program_is_left_to_it_and_old_copies_are_pruned(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    from artdesk.store.backup import KEEP_PRE_OPEN, in_use_elsewhere

    path = tmp_path / "clinic.sqlite"
    _clinic(path)
    holder = subprocess.Popen(  # another room's program, with the database open in WAL mode
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            "c.execute('PRAGMA wal_autocheckpoint=0');"
            "c.execute(\"UPDATE patients SET sport = 'x'\");"
            "print('open', flush=True); sys.stdin.readline()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert in_use_elsewhere(path)
        code, out, _ = run("patients", "--db", str(path))
        assert code == 0 and "Ana Live" in out
        assert not (tmp_path / "backups").exists()  # a live WAL is not copied
    finally:
        holder.communicate("\n", timeout=30)
    assert not in_use_elsewhere(path)
    backups = tmp_path / "backups"
    backups.mkdir()
    for n in range(8):  # copies from earlier starts, each with a WAL left behind
        (backups / f"clinic-before-open-2026110{n + 1}T080000Z.sqlite").write_bytes(b"old")
        (backups / f"clinic-before-open-2026110{n + 1}T080000Z.sqlite-wal.saved").write_bytes(b"w")
    Path(str(path) + "-wal").write_bytes(b"\0" * 64)
    from artdesk.store.backup import preserve_before_open

    kept = preserve_before_open(path)
    assert kept is not None
    copies = sorted(p.name for p in backups.glob("clinic-before-open-*.sqlite"))
    assert len(copies) == KEEP_PRE_OPEN and kept.database.name in copies  # the newest kept
    assert len(list(backups.glob("*.saved"))) == KEEP_PRE_OPEN
