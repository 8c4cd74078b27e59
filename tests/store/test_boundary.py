"""The store's error boundary: every driver error leaves the store as a one-line StoreError,
and a refused write changes nothing — the runner, the journal, the visit stay as they were."""

from __future__ import annotations

import errno
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from artdesk.protocols import Library
from artdesk.store import (
    Database,
    DatabaseBusy,
    DatabaseCorrupt,
    DiskFull,
    MeasurementData,
    PatientData,
    PatientRepository,
    StoreError,
    VisitRepository,
    WriteConflict,
    open_database,
)
from artdesk.store import engine as engine_module
from artdesk.store.boundary import translate
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow, WrapUp
from tests.faults import FAULTS, SAYS, failing
from tests.store.helpers import treated_visit, unguarded

KINDS = {"locked": DatabaseBusy, "full": DiskFull, "malformed": DatabaseCorrupt}


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text and text.strip() == text and len(text) < 200, text
    assert "sqlalchemy" not in text.lower() and "Traceback" not in text
    return text


@pytest.mark.parametrize("fault", FAULTS)
def test_a_journal_append_that_fails_changes_nothing(
    fault: str, db: Database, library: Library, clock: FakeClock
) -> None:
    visit, treatment = treated_visit(db, library, clock, finish=False)
    runner = treatment.runner
    before_state = repr(runner.state)
    before_journal = VisitRepository(db).events(visit)
    clock.advance(3)
    with failing(fault, "INSERT INTO visit_events", db.engine), pytest.raises(StoreError) as caught:
        runner.next()
    assert isinstance(caught.value, KINDS[fault])
    assert SAYS[fault] in one_line(caught.value) and "nothing was saved" in str(caught.value)
    assert repr(runner.state) == before_state
    assert VisitRepository(db).events(visit) == before_journal
    runner.next()  # the fault is gone: the same press is saved
    assert len(VisitRepository(db).events(visit)) == len(before_journal) + 1


@pytest.mark.parametrize("fault", FAULTS)
def test_a_sign_that_fails_leaves_the_visit_unsigned_and_whole(
    fault: str, db: Database, library: Library, clock: FakeClock
) -> None:
    visit, treatment = treated_visit(db, library, clock, pain_before=6)
    flow = VisitFlow(db, clock)
    clinician = flow.visits.get(visit)[0].clinician_id
    wrap = WrapUp((MeasurementData("NPRS", 3, "after"),), ())
    with failing(fault, "UPDATE visits", db.engine), pytest.raises(StoreError) as caught:
        flow.wrap_up(treatment, clinician, wrap)
    assert isinstance(caught.value, KINDS[fault]) and SAYS[fault] in one_line(caught.value)
    record = flow.record(visit)
    assert not record.signed and record.pain_after is None  # all or nothing
    assert record.state == treatment.state
    flow.wrap_up(treatment, clinician, wrap)
    assert flow.record(visit).signed and flow.record(visit).pain_after == 3


@pytest.mark.parametrize("fault", FAULTS)
def test_an_amendment_that_fails_adds_nothing(
    fault: str, db: Database, library: Library, clock: FakeClock
) -> None:
    visit, treatment = treated_visit(db, library, clock)
    flow = VisitFlow(db, clock)
    clinician = flow.visits.get(visit)[0].clinician_id
    flow.wrap_up(treatment, clinician, WrapUp((), ()))
    with failing(fault, "INSERT INTO amendments", db.engine), pytest.raises(StoreError) as caught:
        flow.amend(visit, clinician, "late entry", "pain after was 2")
    assert isinstance(caught.value, KINDS[fault]) and SAYS[fault] in one_line(caught.value)
    assert flow.record(visit).amendments == ()
    flow.amend(visit, clinician, "late entry", "pain after was 2")
    assert [a.text for a in flow.record(visit).amendments] == ["pain after was 2"]


def test_another_program_holding_the_write_lock_is_said_plainly(
    tmp_path: Path, library: Library, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)  # not 5 s: a quick test
    database = open_database(tmp_path / "clinic.sqlite")
    try:
        visit, treatment = treated_visit(database, library, clock, finish=False)
        before = repr(treatment.state)
        other = sqlite3.connect(tmp_path / "clinic.sqlite", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program writing, for longer than the timeout
        try:
            with pytest.raises(DatabaseBusy) as caught:
                treatment.runner.next()
            assert "busy in another program" in one_line(caught.value)
            assert repr(treatment.state) == before
        finally:
            other.execute("ROLLBACK")
            other.close()
        treatment.runner.next()
        assert len(VisitRepository(database).events(visit)) == len(treatment.runner.events)
    finally:
        database.close()


def test_a_constraint_violation_is_a_write_conflict(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit, treatment = treated_visit(db, library, clock, finish=False)
    with pytest.raises(WriteConflict) as caught:  # the same seq twice: two rooms on one visit
        VisitRepository(db).append_event(visit, treatment.runner.events[-1])
    assert "conflicts with one already saved" in one_line(caught.value)
    assert isinstance(caught.value.__cause__, IntegrityError)


def test_operating_system_and_server_errors_are_translated_too() -> None:
    full = translate(OSError(errno.ENOSPC, "No space left on device"))
    assert isinstance(full, DiskFull) and "disk is full" in one_line(full)

    class ServerError(Exception):  # what psycopg raises: a SQLSTATE on the exception
        sqlstate = "53100"

    assert isinstance(translate(ServerError("could not extend file")), DiskFull)
    ServerError.sqlstate = "40P01"  # deadlock detected
    assert isinstance(translate(ServerError("deadlock")), DatabaseBusy)
    unknown = translate(sqlite3.OperationalError("something new\nover two lines"))
    assert isinstance(unknown, StoreError) and "something new over two lines" in one_line(unknown)


def test_a_failed_read_says_what_to_do_not_that_nothing_was_saved() -> None:
    from tests.faults import driver_error

    for fault in FAULTS:
        read = translate(driver_error(fault), reading=True)
        write = translate(driver_error(fault))
        assert type(read) is type(write) is KINDS[fault]
        assert SAYS[fault] in one_line(read) and "nothing was saved" not in str(read)
        assert "nothing was saved" in one_line(write)


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        (
            "UPDATE visit_events SET kind = 'teleport' WHERE seq = 2",
            "entry 2 of visit 1 has an unknown kind",
        ),
        (
            "UPDATE visit_events SET data = '{not json' WHERE seq = 2",
            "entry 2 of visit 1 has data that does not parse",
        ),
        (
            "UPDATE visit_events SET data = '[1, 2]' WHERE seq = 2",
            "entry 2 of visit 1 has data that is list",
        ),
        (
            "UPDATE visit_events SET t = 'nan' WHERE seq = 3",
            "entry 3 of visit 1 has an impossible clock",
        ),
        (
            "UPDATE visit_events SET t = -5 WHERE seq = 3",
            "entry 3 of visit 1 has an impossible clock",
        ),
        (
            "UPDATE visit_events SET at = '2999-01-01 00:00:00' WHERE seq = 3",
            "entry 3 of visit 1 has an impossible time",
        ),
        (
            "UPDATE visit_events SET at = 'soon' WHERE seq = 3",
            "entry 3 of visit 1 has an unreadable time",
        ),
        ("UPDATE visit_events SET data = '{}' WHERE seq = 1", "journal of visit"),
        ("UPDATE visits SET screening_answers = 'nul' ", "does not parse"),
    ],
)
def test_a_damaged_row_is_a_damaged_record_not_a_traceback(
    sql: str, what: str, db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    from artdesk.store import DamagedRecord
    from tests.cli.test_cli import run

    visit, _ = treated_visit(db, library, clock)
    con = unguarded(db_path)
    con.execute(sql)  # what a flipped byte or another program could leave behind
    con.commit()
    con.close()
    with pytest.raises(DamagedRecord) as caught:
        VisitFlow(db, clock).record(visit)
    said = one_line(caught.value)
    assert what in said and "the other records are not affected" in said
    code, _, err = run(
        "note", "--db", str(db_path), "--visit", str(visit), "-o", str(db_path) + ".pdf"
    )
    assert code == 1 and err.count("\n") == 1 and "damaged" in err and "Traceback" not in err


def test_a_database_locked_by_another_program_is_still_read_and_a_write_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: the schema version is read without the write lock, so a program holding it
    stops no read-only command; a write waits, then says so in one line."""
    from tests.cli.test_cli import run

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "clinic.sqlite"
    assert run("demo", "--db", str(path), "--patients", "1", "--seed", "1")[0] == 0
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = run("visits", "--db", str(path))
        assert code == 0 and out.count("\n") >= 4 and err == ""
        database = open_database(path)
        try:
            with pytest.raises(DatabaseBusy) as caught:
                PatientRepository(database).add(PatientData("Ana", date(1990, 1, 1)))
        finally:
            database.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    said = one_line(caught.value)
    assert "busy in another program — nothing was saved; try again" in said


def test_a_server_that_cannot_be_reached_is_said_plainly() -> None:
    pytest.importorskip("psycopg")
    from artdesk.store import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable) as caught:  # nothing listens on port 9 here
        open_database("postgresql+psycopg://artdesk:secret@127.0.0.1:9/artdesk")
    text = one_line(caught.value)
    assert "cannot be reached" in text and "check the network" in text
    assert "secret" not in text and "sqlalche.me" not in text


def test_one_damaged_journal_leaves_the_rest_of_the_clinic_working(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    from artdesk.store import DamagedRecord
    from artdesk.store.verify import verify_database

    first, _ = treated_visit(db, library, clock)
    second, _ = treated_visit(db, library, clock)
    con = unguarded(db_path)
    con.execute("UPDATE visit_events SET data = '{broken' WHERE visit_id = ? AND seq = 3", (first,))
    con.commit()
    con.close()
    flow = VisitFlow(db, clock)
    with pytest.raises(DamagedRecord, match=f"entry 3 of visit {first}"):
        flow.record(first)
    assert flow.record(second).state.records  # the other visit reads as ever
    assert {v.id for v in flow.recent()} == {first, second}  # and the history lists both
    lines = verify_database(db).lines()
    assert any(line.startswith(f"visit {first}: journal entry 3") for line in lines)
    assert not any(line.startswith(f"visit {second}:") for line in lines)
