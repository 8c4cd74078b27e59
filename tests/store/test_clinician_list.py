"""The lock screen's names read with plain sqlite3 before the store is imported are the ones
the store gives the lock page (artdesk/clinician_list.py), and only when sign-in is on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from artdesk.clinician_list import read_sign_in
from artdesk.store import ClinicianRepository, CredentialRepository, Database, SecretKind


def test_the_names_read_before_the_store_are_the_lock_pages(db: Database) -> None:
    assert db.path is not None
    clinicians, credentials = ClinicianRepository(db), CredentialRepository(db)
    assert read_sign_in(db.path) is None  # nobody yet
    names = ["Zoë Ægir", "Dr Ana Ruiz", "Анна Иванова", "ana", "Tomás Ferreira", "Ana"]
    ids = {name: clinicians.add(name, "DC" if "Dr" in name else "") for name in names}
    assert read_sign_in(db.path) is None  # sign-in off: the patient list comes first
    credentials.set_secret(ids["Tomás Ferreira"], SecretKind.PASSWORD, "tendon-glide-42")
    credentials.set_secret(ids["ana"], SecretKind.PIN, "482613")
    with sqlite3.connect(db.path) as con:  # no longer at the clinic: not listed
        con.execute("UPDATE clinicians SET active = 0 WHERE id = ?", (ids["Zoë Ægir"],))
    con.close()
    early = read_sign_in(db.path)
    people = credentials.people()
    assert early is not None and len(early) == len(people) == 5
    assert [(p.id, p.full_name, p.credentials, p.kind) for p in early] == [
        (p.id, p.full_name, p.credentials, p.kind) for p in people
    ]
    assert [p.kind for p in early if p.kind] == ["password", "pin"]


def test_an_inactive_clinicians_secret_still_turns_sign_in_on(db: Database) -> None:
    """The same rule as ``any_set``: the session starts locked, so the window does too."""
    assert db.path is not None
    clinicians, credentials = ClinicianRepository(db), CredentialRepository(db)
    gone, here = clinicians.add("Dr Ana Ruiz"), clinicians.add("Tomás Ferreira")
    credentials.set_secret(gone, SecretKind.PIN, "482613")
    with sqlite3.connect(db.path) as con:
        con.execute("UPDATE clinicians SET active = 0 WHERE id = ?", (gone,))
    con.close()
    assert credentials.any_set()
    early = read_sign_in(db.path)
    assert early is not None and [(p.id, p.kind) for p in early] == [(here, None)]


def test_no_names_from_a_missing_or_foreign_file(tmp_path: Path) -> None:
    assert read_sign_in(tmp_path / "none.sqlite") is None
    assert not (tmp_path / "none.sqlite").exists()  # nothing created
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert read_sign_in(other) is None
    (tmp_path / "text.sqlite").write_text("not a database")
    assert read_sign_in(tmp_path / "text.sqlite") is None
