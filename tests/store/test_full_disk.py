"""Issue 11: a real full disk (a small tmpfs; root only — CI runs as root): every write says so
in one line, nothing half-written is left, and nothing is lost once there is room again."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from artdesk.protocols import Library
from artdesk.store import DiskFull, MeasurementData, StoreError, open_database
from artdesk.store.verify import verify_database
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow, WrapUp
from tests.cli.test_cli import run
from tests.store.helpers import treated_visit


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        except OSError:
            pass
        with contextlib.suppress(OSError):
            out.close()
    return filler


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith((".partial", ".part")))


def test_the_journal_and_signing_on_a_full_disk_lose_nothing(
    small_disk: Path, library: Library, clock: FakeClock
) -> None:
    db = open_database(small_disk / "clinic.sqlite")
    try:
        visit, treatment = treated_visit(db, library, clock, finish=False)
        events = len(VisitFlow(db, clock).visits.events(visit))
        filler = _fill(small_disk)
        with pytest.raises(DiskFull) as caught:
            for _ in range(200):  # the WAL has some room left; keep writing until it has none
                clock.advance(2)
                treatment.runner.note("x" * 2000)
        assert "disk is full" in str(caught.value) and "\n" not in str(caught.value)
        saved = len(VisitFlow(db, clock).visits.events(visit))
        assert saved >= events and saved == len(treatment.runner.events)  # nothing half-saved
        flow = VisitFlow(db, clock)
        filler.unlink()  # room again: the visit goes on and signs
        flow.finish(treatment)
        flow.wrap_up(treatment, 1, WrapUp((MeasurementData("NPRS", 2, "after"),), ()))
        assert flow.record(visit).signed and verify_database(db).intact
    finally:
        db.close()


def test_backup_and_a_paper_on_a_full_disk_are_one_line_and_leave_nothing(
    small_disk: Path,
) -> None:
    path = small_disk / "clinic.sqlite"
    assert run("demo", "--db", str(path), "--patients", "3")[0] == 0
    _fill(small_disk)

    def errors(err: str) -> list[str]:  # besides the warnings: open to read only, no header
        return [
            ln
            for ln in err.splitlines()
            if "open to read only" not in ln and "no clinic header" not in ln
        ]

    code, _, err = run("backup", "--db", str(path), "-o", str(small_disk / "copy.sqlite"))
    assert code == 1 and len(errors(err)) == 1 and "disk is full" in err
    code, _, err = run("note", "--db", str(path), "--visit", "1", "-o", str(small_disk / "n.pdf"))
    assert code == 1 and len(errors(err)) == 1 and ("disk is full" in err or "No space" in err)
    assert "Traceback" not in err
    assert _leftovers(small_disk) == [] and not (small_disk / "copy.sqlite").exists()


def test_an_upgrade_on_a_full_disk_says_so_and_leaves_the_file_as_it_was(
    small_disk: Path,
) -> None:
    fixture = Path(__file__).parent / "fixtures" / "schema-0004.sqlite"
    path = small_disk / "clinic.sqlite"
    shutil.copyfile(fixture, path)
    before = _digest(path)
    _fill(small_disk)
    with pytest.raises(StoreError) as caught:
        open_database(path)
    said = str(caught.value)
    assert "disk is full" in said and "disk I/O error" not in said and "\n" not in said
    assert _digest(path) == before
    assert _leftovers(small_disk) == []


def test_read_only_commands_still_read_a_database_on_a_full_disk(small_disk: Path) -> None:
    path = small_disk / "clinic.sqlite"
    assert run("demo", "--db", str(path), "--patients", "3")[0] == 0
    _fill(small_disk)
    code, out, err = run("patients", "--db", str(path))
    # three made-up patients and the two on the studies' courses
    assert code == 0 and len(out.splitlines()) == 5 and "open to read only" in err
    assert run("verify", "--db", str(path))[0] == 0
    elsewhere = small_disk.parent / "copy.sqlite"  # a backup to another drive, first of all
    code, _, err = run("backup", "--db", str(path), "-o", str(elsewhere))
    assert code == 0 and elsewhere.exists(), err
    assert sorted(p.name for p in small_disk.iterdir()) == ["clinic.sqlite", "filler"]


def test_a_database_on_read_only_media_is_read_and_nothing_is_written(
    small_disk: Path, tmp_path: Path
) -> None:
    path = small_disk / "clinic.sqlite"
    assert run("demo", "--db", str(path), "--patients", "3")[0] == 0
    done = subprocess.run(
        ["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {done.stderr.strip()}")
    before = _digest(path)
    code, out, err = run("visits", "--db", str(path))
    assert code == 0 and out and "open to read only" in err
    code, _, err = run("note", "--db", str(path), "--visit", "1", "-o", str(tmp_path / "n.pdf"))
    assert code == 0 and (tmp_path / "n.pdf").exists()
    assert "not recorded" in err  # the paper is made; its audit entry cannot be written there
    assert run("verify", "--db", str(path))[0] == 0
    assert _digest(path) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["clinic.sqlite"]


def test_on_a_full_disk_the_last_writes_still_in_the_wal_are_read(
    small_disk: Path, tmp_path: Path
) -> None:
    """The power went while the clinic worked and the disk is now full: the last writes are
    only in the WAL. Read-only opening must read the WAL too: the main file alone is an
    older (here: empty) database, refused as "not a usable database" (or, half folded,
    "malformed" — found when the demo filled a 4 MB disk)."""
    import sqlite3

    made = tmp_path / "made.sqlite"
    assert run("demo", "--db", str(made), "--patients", "2")[0] == 0
    building = tmp_path / "building.sqlite"
    lost = small_disk / "clinic.sqlite"
    target = sqlite3.connect(building)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA wal_autocheckpoint=0")
    reader = sqlite3.connect(building)  # a reader held open: nothing folded into the file
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
    source = sqlite3.connect(made)
    source.backup(target)  # the whole clinic, written into the WAL only
    source.close()
    for suffix in ("", "-wal", "-shm"):  # what the disk held when the power went
        shutil.copyfile(str(building) + suffix, str(lost) + suffix)
    target.close()
    reader.close()
    assert (small_disk / "clinic.sqlite-wal").stat().st_size > 0
    _fill(small_disk)
    code, out, err = run("patients", "--db", str(lost))
    assert code == 0, err
    assert "Park Ji-woo" in out and "open to read only" in err
