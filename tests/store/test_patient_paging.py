"""The patient list pages by key: every patient once, in order, while patients are added."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event

from artdesk.patient_list import PatientRow, read_first_page
from artdesk.store import (
    CredentialRepository,
    Database,
    PatientData,
    PatientRepository,
    open_database,
)
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
    for name in [
        "Ana Núñez",
        "ana nunez",
        "Zoë Ægir",
        "Bo Li",
        "Ana Núñez",
        "Ægir Bo",
        "Ana Anand",
    ]:
        patients.add(PatientData(name, BORN))
    whole = patients.search("", limit=100)
    assert [r.name_key for r in whole] == sorted(r.name_key for r in whole)
    for size in (1, 2, 3, 7, 50):
        assert every_page(patients, size=size) == whole
    for size in (1, 2, 3):  # "Ana Anand" matches "an" twice: listed once
        assert every_page(patients, "an", size=size) == patients.search("an", limit=100)
        assert every_page(patients, "n a", size=size) == patients.search("n a", limit=100)
    assert len(every_page(patients, "an", size=1)) == 4
    assert [r.full_name for r in patients.search("an", limit=2, offset=2)] == [
        r.full_name for r in patients.search("an", limit=100)[2:4]
    ]


def plans(db: Database, search: Any) -> list[tuple[str, str]]:
    """Each statement ``search()`` sends, with SQLite's plan for it."""
    seen: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        search()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert db.path is not None
    con = sqlite3.connect(db.path)
    found = [
        (sql, " ".join(row[-1] for row in con.execute(f"EXPLAIN QUERY PLAN {sql}", args)))
        for sql, args in seen
    ]
    con.close()
    return found


def test_a_page_by_key_reads_the_name_index_with_no_sort(db: Database) -> None:
    """The keyset query is served by ix_patients_name_key (name_key, then the rowid): no
    temporary sort, so the last page of 100 000 costs what the first does."""
    patients = PatientRepository(db, today=lambda: TODAY)
    for n in range(30):
        patients.add(PatientData(f"Runner {n:02d}", BORN))
    after = patients.search("", limit=10)[-1]
    ((statement, plan),) = plans(db, lambda: patients.search("", limit=10, after=after))
    assert [r.full_name for r in patients.search("", limit=10, after=after)] == [
        f"Runner {n:02d}" for n in range(10, 20)
    ]
    assert "notes" not in statement  # only the list's columns
    assert "ix_patients_name_key" in plan and "TEMP B-TREE" not in plan, plan


def test_a_typed_word_is_read_in_name_order_from_the_words_index(db: Database) -> None:
    """A word matching thousands of patients (one letter) sorts only the index's entries
    (name_key kept with each word): no matching patient is looked up to be sorted; a word
    only one stored word starts is read in order with no sort; the page's rows are then
    read by id."""
    patients = PatientRepository(db, today=lambda: TODAY)
    for n in range(30):
        patients.add(PatientData(f"Runner {n:02d} Smith", BORN))
    for typed in ("r s", "runner s"):  # "runner": one stored word, read already in order
        search = lambda typed=typed: patients.search(typed, limit=10)  # noqa: E731
        (_, spans), (_, words), (_, rows) = plans(db, search)
        seeks = "SEARCH patient_name_tokens USING COVERING INDEX ix_patient_name_tokens_order"
        assert spans.count(seeks) == 4 and "TEMP B-TREE" not in spans, spans  # 2 a word
        assert "COVERING INDEX ix_patient_name_tokens_order" in words, words
        assert "SEARCH patients" not in words and "SCAN patients" not in words, words
        assert "SEARCH patients USING INTEGER PRIMARY KEY" in rows, rows
    assert "TEMP B-TREE" not in words, words  # "runner": no sort at all
    assert [r.full_name for r in patients.search("r s", limit=3)] == [
        "Runner 00 Smith",
        "Runner 01 Smith",
        "Runner 02 Smith",
    ]


def test_the_search_words_carry_their_patients_sort_key(db: Database, library: Any) -> None:
    patients = PatientRepository(db, today=lambda: TODAY)
    ana = patients.add(PatientData("Ana Núñez", BORN))
    patients.update(ana, PatientData("Zoë Ægir-Łukasiewicz", BORN))  # renamed: words again
    from artdesk.demo import build_demo

    build_demo(db, library, patients=3, visits_per_patient=(0, 0), courses=False)
    assert db.path is not None
    assert unkeyed(db.path) == 0
    assert [r.full_name for r in patients.search("zo")] == ["Zoë Ægir-Łukasiewicz"]


def unkeyed(path: Path) -> int:
    """Search words whose name_key is not their patient's."""
    con = sqlite3.connect(path)
    try:
        (n,) = con.execute(
            "SELECT count(*) FROM patient_name_tokens t JOIN patients p ON p.id = t.patient_id"
            " WHERE t.name_key <> p.name_key"
        ).fetchone()
        return int(n)
    finally:
        con.close()


def test_upgrading_to_0009_gives_the_words_their_sort_key(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.sqlite"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "schema-0008.sqlite", clinic)
    database = open_database(clinic, create=False)
    try:
        names = [r.full_name for r in PatientRepository(database).search("", limit=100)]
        assert names and [
            r.full_name for r in PatientRepository(database).search(names[-1], limit=100)
        ] == [names[-1]]
    finally:
        database.close()
    assert unkeyed(clinic) == 0


names = st.text(alphabet="aAbBäÄ -ëz", min_size=1, max_size=6).filter(lambda s: s.strip())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=st.lists(names, min_size=0, max_size=25),
    added=st.lists(st.lists(names, max_size=4), max_size=12),
    size=st.integers(1, 6),
    text=st.sampled_from(["", "a", "b ä", "ë"]),
)
def test_paging_while_patients_are_added_lists_each_once_in_order(
    db: Database, first: list[str], added: list[list[str]], size: int, text: str
) -> None:
    """Between two pages other rooms add patients, before and after where the list stands:
    everyone there at the start (who matches the search) is listed exactly once, nobody
    twice, all in name order."""
    with db.write() as session:
        session.execute(delete(PatientNameToken))
        session.execute(delete(Patient))
    patients = PatientRepository(db, today=lambda: TODAY)
    for name in first:
        patients.add(PatientData(name, BORN))
    at_start = {r.id for r in patients.search(text, limit=1000)}
    listed: list[PatientRow] = []
    arrivals = iter(added)
    while True:
        page = patients.search(text, limit=size, after=listed[-1] if listed else None)
        listed += page
        for name in next(arrivals, []):  # added while the clinician looks at this page
            patients.add(PatientData(name, BORN))
        if len(page) < size:
            break
    ids = [r.id for r in listed]
    assert len(ids) == len(set(ids))  # nobody twice
    assert at_start <= set(ids)  # nobody there at the start is skipped
    assert set(ids) <= {r.id for r in patients.search(text, limit=1000)}  # only matches
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
