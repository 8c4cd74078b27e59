"""Issue 11, as a careless IT person tried it (the review): outputs never overwrite what they
should not, a restore starts the audit anchor afresh, a stale WAL of the clinic's own older
copy is set aside, a backup that is only looked at is left as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from datetime import date
from pathlib import Path

from artdesk.store import PatientData, PatientRepository, open_database
from tests.cli.test_cli import run


def _demo(path: Path) -> None:
    assert run("demo", "--db", str(path), "--patients", "2")[0] == 0


def test_backup_never_writes_over_a_file_unless_asked_and_never_over_the_database(
    tmp_path: Path,
) -> None:
    clinic, other = tmp_path / "clinic.sqlite", tmp_path / "old-usb.sqlite"
    _demo(clinic)
    _demo(other)
    before = clinic.read_bytes()
    code, _, err = run("backup", "--db", str(other), "-o", str(clinic))
    assert code == 1 and "exists already" in err and "--replace" in err
    assert clinic.read_bytes() == before
    code, _, err = run("backup", "--db", str(clinic), "-o", str(tmp_path / "." / "clinic.sqlite"))
    assert code == 1 and "is the database itself" in err
    code, _, err = run("backup", "--db", str(clinic), "-o", str(tmp_path))
    assert code == 1 and "it is a folder" in err
    copy = tmp_path / "copy.sqlite"
    assert run("backup", "--db", str(clinic), "-o", str(copy))[0] == 0
    assert run("backup", "--db", str(clinic), "-o", str(copy), "--replace")[0] == 0


def test_a_paper_never_writes_over_another_kind_of_file_and_says_why_it_cannot_write(
    tmp_path: Path,
) -> None:
    clinic = tmp_path / "clinic.sqlite"
    _demo(clinic)
    letter = tmp_path / "important.docx"
    letter.write_bytes(b"PK\x03\x04 a letter")
    code, _, err = run("note", "--db", str(clinic), "--visit", "1", "-o", str(letter))
    assert code == 1 and "is not a PDF" in err and letter.read_bytes().startswith(b"PK")
    pdf = tmp_path / "note.pdf"
    assert run("note", "--db", str(clinic), "--visit", "1", "-o", str(pdf))[0] == 0
    assert run("note", "--db", str(clinic), "--visit", "1", "-o", str(pdf))[0] == 0  # a PDF: ok
    mode = stat.S_IMODE(pdf.stat().st_mode)
    assert mode & 0o044  # others may open a saved paper (not mkstemp's 0600)
    if os.geteuid() != 0:  # root writes anywhere; otherwise a read-only folder
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        code, _, err = run("note", "--db", str(clinic), "--visit", "1", "-o", str(locked / "n.pdf"))
        assert code == 1 and "cannot write" in err and ".part" not in err


def test_after_a_restore_verify_starts_from_the_restored_trail(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.sqlite"
    _demo(clinic)
    monday = tmp_path / "monday.sqlite"
    assert run("backup", "--db", str(clinic), "-o", str(monday))[0] == 0
    assert run("verify", "--db", str(clinic))[0] == 0  # anchors at the backup's entry
    database = open_database(clinic)
    from artdesk.store import AuditTrail

    AuditTrail(database).record(
        __import__("artdesk.store", fromlist=["Action"]).Action.VIEW_PATIENT, 1
    )
    database.close()
    assert run("verify", "--db", str(clinic))[0] == 0  # anchors at the later entry
    assert run("restore", "--db", str(clinic), str(monday), "--yes")[0] == 0
    code, out, err = run("verify", "--db", str(clinic))
    assert code == 0, out + err


def test_a_stale_wal_left_from_before_an_older_copy_was_put_back_is_set_aside(
    tmp_path: Path,
) -> None:
    clinic = tmp_path / "clinic.sqlite"
    _demo(clinic)
    older = tmp_path / "older.sqlite"
    shutil.copyfile(clinic, older)
    con = sqlite3.connect(clinic, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("SELECT count(*) FROM patients").fetchone()  # attached: the WAL outlives us
    database = open_database(clinic)
    repo = PatientRepository(database)
    for n in range(150):  # writes that stay in the WAL
        repo.add(PatientData(f"Later Patient {n}", date(1990, 1, 1)))
    database.close()
    wal = Path(str(clinic) + "-wal")
    assert wal.stat().st_size > 0  # the later writes are in the WAL, not yet in the file
    kept_wal = wal.read_bytes()
    con.close()
    shutil.copyfile(older, clinic)  # an older copy put back, the WAL kept beside it
    wal.write_bytes(kept_wal)
    Path(str(clinic) + "-shm").unlink(missing_ok=True)
    code, out, err = run("patients", "--db", str(clinic))
    assert code == 0, err
    assert "warning: a write-ahead file that does not belong with" in err
    # the older copy, whole: two made-up patients and the two on the studies' courses
    assert "Later Patient" not in out and len(out.splitlines()) == 4
    kept = list((tmp_path / "backups").glob("clinic-before-open-*.sqlite-wal.saved"))
    assert len(kept) == 1 and kept[0].read_bytes() == kept_wal  # and the WAL is kept


def test_looking_at_a_backup_leaves_nothing_beside_it(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.sqlite"
    _demo(clinic)
    (tmp_path / "backups").mkdir()
    copy = tmp_path / "backups" / "clinic-daily-20261201T080000Z.sqlite"
    assert run("backup", "--db", str(clinic), "-o", str(copy))[0] == 0
    code, _, _ = run("restore", "--db", str(clinic), str(copy))  # a look: no --yes
    assert code == 2
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [copy.name]


def test_direction_overrides_are_taken_out_of_names(tmp_path: Path) -> None:
    database = open_database(tmp_path / "clinic.sqlite")
    try:
        repo = PatientRepository(database)
        pid = repo.add(PatientData("Evil \u202egnp.exe", date(1990, 1, 1)))
        assert repo.get(pid).full_name == "Evil gnp.exe"
        assert [p.id for p in repo.search("gnp")] == [pid]
    finally:
        database.close()
