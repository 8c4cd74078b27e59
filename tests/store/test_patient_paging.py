"""The patient list pages by key: every patient once, in order, while patients are added."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event

from artdesk.patient_list import PatientRow, read_first_page
from artdesk.store import CredentialRepository, Database, PatientData, PatientRepository
from artdesk.store.models import Patient, PatientNameToken
from artdesk.store.text import fold

TODAY = date(2026, 11, 24)
BORN = date(1990, 4, 3)


def key(row: PatientRow) -> tuple[str, int]:
    return (row.name_key, row.id)


def every_page(patients: PatientRepository, text: str = "", size: int = 3) -> list[PatientRow]:
    rows: list[PatientRow] = []
    while True:
        page = patients.search(text, limit=size, after=rows[-1] if rows else None)
        rows += page
        if len(page) < size:
            return rows


def test_pages_by_key_give_the_whole_list_in_order_with_equal_names(db: Database) -> None:
    patients = PatientRepository(db, today=lambda: TODAY)
    for name in ["Ana Núñez", "ana nunez", "Zoë Ægir", "Bo Li", "Ana Núñez", "Ægir Bo", "Ana"]:
        patients.add(PatientData(name, BORN))
    whole = patients.search("", limit=100)
    assert [r.name_key for r in whole] == sorted(r.name_key for r in whole)
    for size in (1, 2, 3, 7, 50):
        assert every_page(patients, size=size) == whole
    assert every_page(patients, "ana", size=2) == patients.search("ana", limit=100)
    assert len(every_page(patients, "ana", size=2)) == 4


def test_a_page_by_key_reads_the_name_index_with_no_sort(db: Database) -> None:
    """The keyset query is served by ix_patients_name_key (name_key, then the rowid): no
    temporary sort, so the last page of 100 000 costs what the first does."""
    patients = PatientRepository(db, today=lambda: TODAY)
    for n in range(30):
        patients.add(PatientData(f"Runner {n:02d}", BORN))
    seen: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM patients" in statement and "count" not in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        page = patients.search("", limit=10, after=patients.search("", limit=10)[-1])
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert [r.full_name for r in page] == [f"Runner {n:02d}" for n in range(10, 20)]
    statement, parameters = seen[-1]
    assert "notes" not in statement  # only the list's columns
    assert db.path is not None
    con = sqlite3.connect(db.path)
    plan = " ".join(row[-1] for row in con.execute(f"EXPLAIN QUERY PLAN {statement}", parameters))
    con.close()
    assert "ix_patients_name_key" in plan and "TEMP B-TREE" not in plan, plan


names = st.text(alphabet="aAbBäÄ -ëz", min_size=1, max_size=6).filter(lambda s: s.strip())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.lists(names, min_size=0, max_size=25),
    added=st.lists(st.lists(names, max_size=4), max_size=12),
    size=st.integers(1, 6),
)
def test_paging_while_patients_are_added_lists_each_once_in_order(
    db: Database, first: list[str], added: list[list[str]], size: int
) -> None:
    """Between two pages other rooms add patients, before and after where the list stands:
    everyone there at the start is listed exactly once, nobody twice, all in name order."""
    with db.write() as session:
        session.execute(delete(PatientNameToken))
        session.execute(delete(Patient))
    patients = PatientRepository(db, today=lambda: TODAY)
    at_start = {patients.add(PatientData(name, BORN)) for name in first}
    listed: list[PatientRow] = []
    arrivals = iter(added)
    while True:
        page = patients.search("", limit=size, after=listed[-1] if listed else None)
        listed += page
        for name in next(arrivals, []):  # added while the clinician looks at this page
            patients.add(PatientData(name, BORN))
        if len(page) < size:
            break
    ids = [r.id for r in listed]
    assert len(ids) == len(set(ids))  # nobody twice
    assert at_start <= set(ids)  # nobody there at the start is skipped
    assert [key(r) for r in listed] == sorted(key(r) for r in listed)  # in the list's order
    assert all(r.name_key == fold(r.full_name) for r in listed)


def test_the_first_page_read_before_the_store_is_the_stores_first_page(db: Database) -> None:
    patients = PatientRepository(db, today=lambda: TODAY)
    assert db.path is not None
    assert read_first_page(db.path, 100) is None  # no patient yet: nothing to show early
    for name in ["Zoë Ægir-Łukasiewicz", "Анна Иванова", "Mary-Kate O'Connor", "Ana", "ana"]:
        patients.add(PatientData(name, BORN, phone="+48 601 222 333", sport="run"))
    assert read_first_page(db.path, 100) == patients.search("", limit=100)
    assert read_first_page(db.path, 2) == patients.search("", limit=2)

    from artdesk.store import ClinicianRepository, SecretKind

    clinician = ClinicianRepository(db).add("Dr Ana Ruiz")
    CredentialRepository(db).set_secret(clinician, SecretKind.PIN, "482613")
    assert CredentialRepository(db).any_set()
    assert read_first_page(db.path, 100) is None  # sign-in on: no name before the lock screen


def test_no_first_page_from_a_missing_or_foreign_file(tmp_path: Path) -> None:
    assert read_first_page(tmp_path / "none.sqlite", 100) is None
    assert not (tmp_path / "none.sqlite").exists()  # nothing created
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert read_first_page(other, 100) is None
    (tmp_path / "text.sqlite").write_text("not a database")
    assert read_first_page(tmp_path / "text.sqlite", 100) is None


@pytest.mark.parametrize("target", ["postgresql://clinic/artdesk", "sqlite:///x.sqlite"])
def test_a_database_url_has_no_first_page_file(target: str) -> None:
    from artdesk.patient_list import database_file

    assert database_file(target) is None
    assert database_file(None) is not None
