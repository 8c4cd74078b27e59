"""Issue 10 in the store: sign-in secrets, authenticated signing, tamper evidence (triggers,
the ORM guard, ``verify``), the audit trail, voids and one room per live visit."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, update

from artdesk.protocols import Library
from artdesk.store import (
    Action,
    ClinicianRepository,
    CredentialRepository,
    Database,
    InvalidInput,
    MeasurementData,
    VisitElsewhere,
    VisitSigned,
    WrongSecret,
)
from artdesk.store import credentials as secrets
from artdesk.store.models import Amendment, Visit, VisitEvent
from artdesk.store.verify import verify_database
from artdesk.treatment import FakeClock
from artdesk.visit import Stage, VisitFlow, WrapUp
from tests.builders import setup_for
from tests.store.helpers import patient, treated_visit, unguarded

PIN = "482915"


def _signed(db: Database, library: Library, clock: FakeClock, pin: str | None = PIN) -> int:
    """A treated visit signed with its clinician's PIN (who gets one when ``pin`` is set)."""
    visit, treatment = treated_visit(db, library, clock)
    flow = VisitFlow(db, clock)
    if pin is not None and flow.credentials.kind(1) is None:
        flow.credentials.set_secret(1, "pin", pin)
    wrap = WrapUp((MeasurementData("NPRS", 3, "after"),), ())
    flow.wrap_up(treatment, 1, wrap, pin)
    flow.amend(visit, 1, "late entry", "pain eased further that evening", pin)
    return visit


# --- sign-in secrets ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "secret", "ok"),
    [
        ("pin", "482915", True),
        ("pin", "48291", False),  # too short
        ("pin", "111111", False),  # one digit
        ("pin", "123456", False),  # a run
        ("pin", "987654", False),
        ("pin", "48 291", False),
        ("pin", "４８２９１５", False),  # full-width digits are not typed on a clinic keypad
        ("password", "correct horse", True),
        ("password", "short", False),
        ("password", "1234567890", False),  # only digits: a PIN
        ("password", "Ægir-Łukasiewicz 🦵", True),
    ],
)
def test_the_rules_for_a_pin_or_password(kind: str, secret: str, ok: bool) -> None:
    assert (secrets.problem(kind, secret) is None) is ok


def test_the_shipped_hasher_is_argon2id_at_rfc_9106_low_memory() -> None:
    from argon2 import PasswordHasher

    p = secrets.PROFILE  # what the module's HASHER is built from (tests swap in a cheap one)
    assert p.type.name == "ID" and (p.time_cost, p.memory_cost, p.parallelism) == (3, 65536, 4)
    assert PasswordHasher.from_parameters(p).hash("x").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_secret_is_stored_as_argon2id_and_checked(db: Database, clock: FakeClock) -> None:
    who = ClinicianRepository(db).add("Dr A")
    repo = CredentialRepository(db, clock.now)
    assert not repo.any_set()
    repo.set_secret(who, "pin", PIN)
    assert repo.any_set()
    con = sqlite3.connect(db.engine.url.database or "")
    stored = con.execute("SELECT secret_hash FROM clinicians").fetchone()[0]
    con.close()
    assert stored.startswith("$argon2id$") and PIN not in stored
    repo.verify(who, PIN)
    with pytest.raises(WrongSecret, match="not right"):
        repo.verify(who, "000001")
    with pytest.raises(WrongSecret):  # changing one's own needs the current one
        repo.set_secret(who, "password", "a new long password", current="wrong")
    repo.set_secret(who, "password", "a new long password", current=PIN)
    repo.verify(who, "a new long password")


def test_five_wrong_tries_make_the_next_wait(db: Database, clock: FakeClock) -> None:
    who = ClinicianRepository(db).add("Dr A")
    repo = CredentialRepository(db, clock.now)
    repo.set_secret(who, "pin", PIN)
    for _ in range(5):
        with pytest.raises(WrongSecret, match="not right"):
            repo.verify(who, "000001")
    with pytest.raises(WrongSecret, match="wait 30 s"):
        repo.verify(who, PIN)  # even the right one, until the wait is over
    clock.advance(31)
    repo.verify(who, PIN)


def test_only_an_admin_resets_another_and_it_is_audited(db: Database, clock: FakeClock) -> None:
    clinicians = ClinicianRepository(db)
    admin, other = clinicians.add("Dr Admin"), clinicians.add("Dr Other")  # the first is admin
    flow = VisitFlow(db, clock, room="Room 1")
    repo = flow.credentials
    repo.set_secret(other, "pin", PIN)
    with pytest.raises(InvalidInput, match="admin"):
        repo.set_secret(admin, "pin", "739164", by=other)
    repo.set_secret(other, "pin", "739164", by=admin)
    repo.verify(other, "739164")
    actions = [(e.action, e.clinician, e.detail) for e in flow.audit.entries()]
    assert ("credential-reset", "Dr Admin", "pin for Dr Other") in actions


# --- authenticated signing ------------------------------------------------------------------


def test_signing_needs_the_signers_pin_and_a_wrong_one_stores_nothing(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit, treatment = treated_visit(db, library, clock)
    flow = VisitFlow(db, clock)
    flow.credentials.set_secret(1, "pin", PIN)
    wrap = WrapUp((MeasurementData("NPRS", 3, "after"),), ())
    with pytest.raises(WrongSecret):
        flow.wrap_up(treatment, 1, wrap, "000001")
    with pytest.raises(WrongSecret):
        flow.wrap_up(treatment, 1, wrap, None)
    assert not flow.record(visit).signed and flow.record(visit).pain_after is None
    flow.wrap_up(treatment, 1, wrap, PIN)
    record = flow.record(visit)
    assert record.signed and record.signed_with == "pin" and len(record.seal or "") == 64
    with pytest.raises(WrongSecret):
        flow.amend(visit, 1, "late entry", "text", "000001")
    assert flow.record(visit).amendments == ()


def test_a_clinic_without_sign_in_signs_as_before_but_a_signer_without_one_cannot(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit = _signed(db, library, clock, pin=None)
    assert VisitFlow(db, clock).record(visit).signed_with == "none"
    second = ClinicianRepository(db).add("Dr Second")
    flow = VisitFlow(db, clock)
    flow.credentials.set_secret(second, "pin", PIN)  # now the clinic uses sign-in
    with pytest.raises(WrongSecret, match="set your PIN"):
        flow.amend(visit, 1, "late entry", "text", None)


# --- tamper evidence ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE visit_events SET t = t + 1 WHERE seq = 3",
        "DELETE FROM visit_events WHERE seq = 3",
        "INSERT INTO visit_events (visit_id, seq, kind, t, at, data) "
        "VALUES (1, 99, 'note', 1, '2026-01-01 00:00:00', '{}')",
        "UPDATE visits SET complaint = 'something else'",
        "UPDATE visits SET status = 'in_progress', signed_at = signed_at",
        "DELETE FROM visits",
        "UPDATE measurements SET value = 0",
        "DELETE FROM measurements",
        "UPDATE amendments SET text = 'nothing happened'",
        "DELETE FROM amendments",
        "UPDATE audit_events SET detail = ''",
        "DELETE FROM audit_events",
        # INSERT OR REPLACE removes the old row without firing DELETE triggers (the review)
        "INSERT OR REPLACE INTO visits SELECT * FROM visits WHERE id = 1",
        "INSERT OR REPLACE INTO amendments SELECT * FROM amendments WHERE id = 1",
        "INSERT OR REPLACE INTO audit_events SELECT * FROM audit_events WHERE id = 1",
        "INSERT OR REPLACE INTO visit_events SELECT * FROM visit_events WHERE seq = 2",
    ],
)
def test_the_database_refuses_raw_changes_to_a_signed_visit(
    sql: str, db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    _signed(db, library, clock)
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(sqlite3.IntegrityError, match="ART Desk refuses"):
        con.execute(sql)
    con.close()
    assert verify_database(db).intact


def test_the_orm_guard_refuses_deletes_bulk_statements_and_changed_amendments(
    db: Database, library: Library, clock: FakeClock
) -> None:
    visit = _signed(db, library, clock)
    with pytest.raises(VisitSigned), db.write() as session:
        session.delete(session.get(Visit, visit))
    with pytest.raises(VisitSigned, match="bulk update"), db.write() as session:
        session.execute(update(VisitEvent).values(t=0))
    with pytest.raises(VisitSigned, match="bulk delete"), db.write() as session:
        session.execute(delete(Amendment))
    with pytest.raises(VisitSigned, match="permanent"), db.write() as session:
        session.scalars(Amendment.__table__.select()).all()
        amendment = session.get(Amendment, 1)
        assert amendment is not None
        amendment.text = "changed"
    assert verify_database(db).intact


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        ("UPDATE visit_events SET t = t + 1 WHERE seq = 3", "journal event 3 does not match"),
        ("DELETE FROM visit_events WHERE seq = 3", "journal event 3 is missing"),
        ("UPDATE visits SET complaint = 'other'", "content or its records changed"),
        ("UPDATE measurements SET value = 0 WHERE timing = 'after'", "measurement"),
        ("UPDATE amendments SET text = 'nothing happened'", "amendment 1 does not match"),
    ],
)
def test_with_the_triggers_removed_verify_names_the_visit_and_what_changed(
    sql: str, said: str, db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    from artdesk.reports import render_visit
    from artdesk.settings import Settings
    from tests.cli.test_cli import run

    visit = _signed(db, library, clock)
    code, out, _ = run("verify", "--db", str(db_path))
    assert code == 0 and out.startswith("intact: 1 visits")
    con = unguarded(db_path)
    con.execute(sql)
    con.commit()
    con.close()
    code, out, err = run("verify", "--db", str(db_path))
    assert code == 1
    assert any(line.startswith(f"visit {visit}: ") and said in line for line in out.splitlines())
    assert "guards are missing" in out and "1 of 1 visits" in err
    # the papers check before printing: no signature over an altered record
    import io

    from pypdf import PdfReader

    if "DELETE" in sql:  # a gap in the journal: the record cannot be replayed at all
        from artdesk.store import DamagedRecord

        with pytest.raises(DamagedRecord, match="gap"):
            render_visit("note", VisitFlow(db, clock), visit, library, Settings())
        return
    note = render_visit("note", VisitFlow(db, clock), visit, library, Settings())
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(note.pdf)).pages)
    text = " ".join(text.split())
    assert "RECORD ALTERED AFTER SIGNING" in text and "Signed electronically" not in text


def test_an_intact_note_prints_the_signature_with_how_it_was_signed_and_the_seal(
    db: Database, library: Library, clock: FakeClock
) -> None:
    import io

    from pypdf import PdfReader

    from artdesk.reports import render_visit
    from artdesk.settings import Settings

    visit = _signed(db, library, clock)
    flow = VisitFlow(db, clock)
    note = render_visit("note", flow, visit, library, Settings())
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(note.pdf)).pages).split()
    )
    assert "confirmed with their PIN" in text
    assert f"Record seal {flow.record(visit).seal[:16]}" in text  # type: ignore[index]
    assert "ALTERED" not in text


# --- the audit trail ------------------------------------------------------------------------


def test_the_audit_trail_records_each_action_and_the_cli_prints_it(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    from tests.cli.test_cli import run

    visit = _signed(db, library, clock)
    flow = VisitFlow(db, clock, room="Room 1")
    flow.audit.record(Action.VIEW_PATIENT, 1, patient_id=1)
    with pytest.raises(WrongSecret):
        flow.credentials.verify(1, "000001")
    other = flow.open_treatment(1, setup_for(library, 1))
    flow.void(other.visit_id, 1, "opened for the wrong patient", PIN)
    wanted = [
        "open-episode",  # the patient's first visit opens their first episode of care
        "start-visit",
        "finish-visit",
        "credential-set",
        "sign-visit",
        "amend-visit",
        "view-patient",
        "sign-in-failed",
        "start-visit",
        "void-visit",
    ]
    assert [e.action for e in flow.audit.entries()] == wanted
    code, out, _ = run("audit", "--db", str(db_path), "--patient", "1")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and all(len(r) == 8 for r in rows)
    assert [r[2] for r in rows] == [
        a for a in wanted if a not in ("credential-set", "sign-in-failed")
    ]
    sign = next(r for r in rows if r[2] == "sign-visit")
    assert sign[3] == "Dr Test" and sign[4] == "1" and sign[5] == str(visit)
    assert rows[-1][6] == "Room 1" and rows[-1][5] == str(other.visit_id)
    code, out, _ = run("audit", "--db", str(db_path), "--since", "2999-01-01")
    assert code == 0 and out == ""
    with pytest.raises(SystemExit) as exit_:  # argparse: a wrong command line
        run("audit", "--db", str(db_path), "--since", "yesterday")
    assert exit_.value.code == 2


def test_a_changed_audit_entry_is_caught_by_verify(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    from tests.cli.test_cli import run

    _signed(db, library, clock)
    con = unguarded(db_path)
    con.execute("UPDATE audit_events SET clinician_id = NULL WHERE action = 'sign-visit'")
    con.commit()
    con.close()
    code, out, err = run("verify", "--db", str(db_path))
    assert code == 1 and "audit trail: audit entry" in out and "audit trail is altered" in err


def test_a_solo_practitioner_resets_a_forgotten_pin_at_the_command_line(
    db: Database, db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from tests.cli.test_cli import run

    who = ClinicianRepository(db).add("Dr Solo")
    CredentialRepository(db, clock.now).set_secret(who, "pin", PIN)
    monkeypatch.setattr("sys.stdin", io.StringIO("739164\n739164\n"))
    code, out, _ = run("credentials", "--db", str(db_path), "--reset", "dr solo")
    assert code == 0 and "reset for Dr Solo" in out
    CredentialRepository(db, clock.now).verify(who, "739164")
    code, out, _ = run("audit", "--db", str(db_path))
    assert "credential-reset" in out and "reset at the command line by" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("111111\n111111\n"))
    code, _, err = run("credentials", "--db", str(db_path), "--reset", "Dr Solo")
    assert code == 1 and "6 to 12 digits" in err


# --- voids ----------------------------------------------------------------------------------


def test_a_voided_visit_is_kept_labelled_and_left_out(
    db: Database, library: Library, clock: FakeClock
) -> None:
    flow = VisitFlow(db, clock)
    clinician = ClinicianRepository(db).add("Dr A")
    pid = patient(db)
    wrong = flow.open_treatment(clinician, setup_for(library, pid, pain_before=8))
    assert [v.id for v in flow.unfinished()] == [wrong.visit_id]
    with pytest.raises(InvalidInput):
        flow.void(wrong.visit_id, clinician, "")
    flow.void(wrong.visit_id, clinician, "opened for the wrong patient")
    assert flow.unfinished() == []
    (row,) = flow.history(pid)
    assert row.voided and row.pain_before is None  # out of the pain history and its chart
    record = flow.record(wrong.visit_id)
    assert record.void is not None and record.void.reason == "opened for the wrong patient"
    assert flow.resume(wrong.visit_id).stage is Stage.VOIDED
    with pytest.raises(VisitSigned, match="voided"):
        clock.advance(3)
        wrong.runner.next()
    assert flow.pain_history(record) == []
    with pytest.raises(InvalidInput, match="already voided"):
        flow.void(wrong.visit_id, clinician, "again, for the record")
    from tests.cli.test_cli import run

    url = str(db.engine.url.database)
    code, out, _ = run("visits", "--db", url)
    (line,) = out.splitlines()
    cells = line.split("\t")
    assert code == 0 and cells[4] == "voided" and cells[9:] == ["", ""]  # never billed


# --- one room per live visit ----------------------------------------------------------------


def test_another_room_reads_a_live_visit_and_writes_only_after_taking_it_over(
    db: Database, library: Library, clock: FakeClock
) -> None:
    room1 = VisitFlow(db, clock, room="Room 1")
    room2 = VisitFlow(db, clock, room="Room 2")
    clinician = ClinicianRepository(db).add("Dr A")
    treatment = room1.open_treatment(clinician, setup_for(library, patient(db)))
    clock.advance(5)
    treatment.runner.next()
    seen = room2.resume(treatment.visit_id)
    assert seen.stage is Stage.ELSEWHERE and seen.treatment is None
    assert seen.holder is not None and seen.holder.text().startswith("in progress in “Room 1”")
    with pytest.raises(VisitElsewhere, match="confirm"):
        room2.take_over(treatment.visit_id, clinician)  # Room 1 was active 0 s ago
    room2.take_over(treatment.visit_id, clinician, confirmed=True)
    events = len(room1.visits.events(treatment.visit_id))
    with pytest.raises(VisitElsewhere, match="Room 2"):
        clock.advance(5)
        treatment.runner.next()  # Room 1's next key press: refused, never a collision
    assert len(room1.visits.events(treatment.visit_id)) == events
    carried = room2.resume(treatment.visit_id)
    assert carried.stage is Stage.TREATING and carried.treatment is not None
    carried.treatment.runner.resume()
    after = room2.visits.events(treatment.visit_id)
    assert len(after) > events and after[-1].kind.value == "resumed"  # Room 2 writes on
    actions = [(e.action, e.room, e.detail) for e in room2.audit.entries()]
    assert ("take-over-visit", "Room 2", "from “Room 1”") in actions


def test_a_quiet_lease_can_be_taken_over_without_confirmation(
    db: Database, library: Library, clock: FakeClock
) -> None:
    room1 = VisitFlow(db, clock, room="Room 1")
    room2 = VisitFlow(db, clock, room="Room 2")
    clinician = ClinicianRepository(db).add("Dr A")
    treatment = room1.open_treatment(clinician, setup_for(library, patient(db)))
    clock.advance(60)
    room1.heartbeat(treatment.visit_id)  # the window's "still here"
    clock.advance(60)
    with pytest.raises(VisitElsewhere):
        room2.take_over(treatment.visit_id, clinician)
    clock.advance(timedelta(seconds=31).total_seconds())
    room2.take_over(treatment.visit_id, clinician)  # quiet for 91 s: expired
    assert room2.resume(treatment.visit_id).stage is Stage.TREATING


def test_two_processes_the_second_room_cannot_write_into_the_first_rooms_live_visit(
    db_path: Path, clock: FakeClock
) -> None:
    import subprocess
    import sys

    from artdesk.store import open_database
    from artdesk.treatment import Event, EventKind

    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store.room_child", str(db_path)],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None

    def step() -> str:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write("next\n")
        child.stdin.flush()
        return child.stdout.readline().strip()

    try:
        visit = int(child.stdout.readline())
        assert step() == "ok"
        database = open_database(db_path)
        try:
            room_b = VisitFlow(database, clock, room="Room B")
            assert room_b.resume(visit).stage is Stage.ELSEWHERE
            events = room_b.visits.events(visit)
            stray = Event(
                seq=len(events) + 1,
                kind=EventKind.NOTE,
                t=1.0,
                at=clock.now(),
                data={"text": "from the wrong room"},
            )
            with pytest.raises(VisitElsewhere, match="Room A"):
                room_b.visits.append_event(visit, stray)
            assert step() == "ok"  # Room A carries on, its journal unbroken
            room_b.take_over(visit, 1, confirmed=True)
            said = step()
            assert said.startswith("refused:") and "Room B" in said  # Room A is told, not lost
            after = room_b.visits.events(visit)
            assert [e.seq for e in after] == list(range(1, len(after) + 1))
            assert "from the wrong room" not in str([e.data for e in after])
            assert verify_database(database).intact
        finally:
            database.close()
    finally:
        child.communicate("quit\n", timeout=30)
    assert child.returncode == 0


def test_backups_and_papers_written_at_the_command_line_are_audited(
    db: Database, library: Library, clock: FakeClock, db_path: Path, tmp_path: Path
) -> None:
    from tests.cli.test_cli import run

    visit = _signed(db, library, clock)
    assert run("backup", "--db", str(db_path), "-o", str(tmp_path / "copy.sqlite"))[0] == 0
    assert (
        run("note", "--db", str(db_path), "--visit", str(visit), "-o", str(tmp_path / "n.pdf"))[0]
        == 0
    )
    _, out, _ = run("audit", "--db", str(db_path))
    rows = [line.split("\t") for line in out.splitlines()]
    backup = next(r for r in rows if r[2] == "backup")
    export = next(r for r in rows if r[2] == "export")
    assert "copied to" in backup[7] and "command line" in backup[7]
    assert export[5] == str(visit) and export[4] == "1" and "note →" in export[7]


def test_the_startup_check_finds_an_altered_recent_visit_and_damaged_pages(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    from artdesk.store.verify import quick_check, startup_check

    visit = _signed(db, library, clock)
    assert startup_check(db) == [] and quick_check(db) == []
    con = unguarded(db_path)
    con.execute("UPDATE visits SET complaint = 'x'")
    con.commit()
    con.close()
    found = startup_check(db)
    assert any(line.startswith(f"visit {visit}: the signed visit") for line in found)
    assert any("guards are missing" in line for line in found)


def test_damaged_pages_are_found_by_the_startup_check_and_verify(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    from artdesk.demo import build_demo
    from artdesk.store import open_database
    from artdesk.store.verify import startup_check
    from tests.cli.test_cli import run

    build_demo(db, library, patients=20, seed=4)
    db.close()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = con.execute("PRAGMA page_size").fetchone()[0]
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    data = bytearray(db_path.read_bytes())
    page = pages // 2  # flipped bytes in the middle of the file
    data[page * size + 8 : (page + 1) * size] = b"\xff" * (size - 8)
    db_path.write_bytes(bytes(data))
    reopened = open_database(db_path)
    try:
        (line,) = startup_check(reopened)
        assert line.startswith("the file is damaged: SQLite's check found") and "restore" in line
    finally:
        reopened.close()
    code, out, _ = run("verify", "--db", str(db_path))
    assert code == 1 and out.startswith("the file is damaged")


def test_renaming_a_clinician_changes_no_signature_and_the_name_is_sealed(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    visit = _signed(db, library, clock)
    flow = VisitFlow(db, clock)
    assert flow.record(visit).signed_by == "Dr Test"
    con = sqlite3.connect(db_path)  # a legitimate rename (or an attacker's): clinicians
    con.execute("UPDATE clinicians SET full_name = 'Dr Someone Else' WHERE id = 1")
    con.commit()
    con.close()
    assert flow.record(visit).signed_by == "Dr Test"  # the paper shows who signed, then
    assert verify_database(db).intact
    con = unguarded(db_path)
    con.execute("UPDATE visits SET signed_name = 'Dr Someone Else'")
    con.commit()
    con.close()
    assert any("changed after signing" in line for line in verify_database(db).lines())


def _raw(db_path: Path, *statements: str) -> None:
    con = unguarded(db_path)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_verify_crosses_the_audit_trail_with_the_records_it_names(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    """What the review did with the guards out of the way: unsign a visit and delete it, drop
    the last amendment, forge one that chains from the seal — each shows against the trail."""
    from artdesk.store import chain

    visit = _signed(db, library, clock)
    second = _signed(db, library, clock)
    assert verify_database(db).intact
    # a forged amendment, chained correctly from the last one, never recorded as made
    con = sqlite3.connect(db_path)
    last = con.execute("SELECT hash FROM amendments WHERE visit_id = ?", (second,)).fetchone()[0]
    con.close()
    forged = SimpleNamespace(
        visit_id=second,
        author_id=1,
        created_at=clock.now(),
        reason="late entry",
        text="patient consented to manipulation",
    )
    digest = chain.link(last, chain.amendment_content(forged))
    _raw(
        db_path,
        f"INSERT INTO amendments (visit_id, author_id, created_at, reason, text, hash) VALUES "
        f"({second}, 1, '{clock.now():%Y-%m-%d %H:%M:%S.%f}', 'late entry', "
        f"'patient consented to manipulation', '{digest}')",
    )
    lines = verify_database(db).lines()
    assert any(f"visit {second}: amendment" in ln and "never recorded" in ln for ln in lines)
    # the last amendments deleted (the forged one and the real one): the trail still names it
    _raw(db_path, f"DELETE FROM amendments WHERE visit_id = {second}")
    lines = verify_database(db).lines()
    assert any(
        f"visit {second}: the amendment of audit entry" in ln and "is gone" in ln for ln in lines
    )
    # the signed visit unsigned, then deleted with its records
    _raw(
        db_path,
        f"DELETE FROM amendments WHERE visit_id = {visit}",
        f"DELETE FROM visit_events WHERE visit_id = {visit}",
        f"DELETE FROM measurements WHERE visit_id = {visit}",
        f"DELETE FROM visits WHERE id = {visit}",
    )
    lines = verify_database(db).lines()
    assert any(f"visit {visit} is missing" in ln for ln in lines)


def test_only_the_visits_clinician_or_an_admin_voids_and_never_a_visit_live_elsewhere(
    db: Database, library: Library, clock: FakeClock
) -> None:
    clinicians = ClinicianRepository(db)
    admin, ana, ben = clinicians.add("Dr Admin"), clinicians.add("Ana"), clinicians.add("Ben")
    room1 = VisitFlow(db, clock, room="Room 1")
    room2 = VisitFlow(db, clock, room="Room 2")
    live = room1.open_treatment(ana, setup_for(library, patient(db)))
    with pytest.raises(InvalidInput, match=r"own clinician or .* admin"):
        room1.void(live.visit_id, ben, "opened for the wrong patient")
    with pytest.raises(VisitElsewhere):
        room2.void(live.visit_id, admin, "opened for the wrong patient")
    room1.void(live.visit_id, admin, "opened for the wrong patient")  # the admin, here
    assert room1.record(live.visit_id).voided


def test_two_programs_in_one_room_are_two_holders_and_a_crashed_ones_visit_carries_on(
    db: Database, library: Library, clock: FakeClock
) -> None:
    import subprocess
    import sys

    from artdesk.store import lease

    clinician = ClinicianRepository(db).add("Dr A")
    window1 = VisitFlow(db, clock, room="Room 1")
    treatment = window1.open_treatment(clinician, setup_for(library, patient(db)))
    window2 = VisitFlow(db, clock, room="Room 1", program=f"{lease.THIS_PROGRAM}-second")
    assert window2.resume(treatment.visit_id).stage is Stage.ELSEWHERE  # a second window
    with pytest.raises(VisitElsewhere, match="another window"):
        window2.visits.heartbeat(treatment.visit_id)
    # a program on this computer that is gone (it crashed): its successor carries on
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    host = lease.THIS_PROGRAM.rpartition(":")[0]
    crashed = VisitFlow(db, clock, room="Room 2", program=f"{host}:{dead}")
    other = crashed.open_treatment(clinician, setup_for(library, patient(db)))
    after = VisitFlow(db, clock, room="Room 2")
    assert after.resume(other.visit_id).stage is Stage.TREATING


def test_wrong_tries_are_remembered_across_a_restart(db: Database, clock: FakeClock) -> None:
    who = ClinicianRepository(db).add("Dr A")
    CredentialRepository(db, clock.now).set_secret(who, "pin", PIN)
    for _ in range(5):
        with pytest.raises(WrongSecret, match="not right"):
            CredentialRepository(db, clock.now).verify(who, "000001")  # a new program each time
    with pytest.raises(WrongSecret, match="wait"):
        CredentialRepository(db, clock.now).verify(who, PIN)
    clock.advance(31)
    CredentialRepository(db, clock.now).verify(who, PIN)
    assert CredentialRepository(db, clock.now).wait_left(who).total_seconds() == 0


def test_a_signed_visit_whose_patient_row_is_gone_is_damaged_in_one_line_and_verify_says_so(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    from artdesk.store import DamagedRecord
    from tests.cli.test_cli import run

    visit = _signed(db, library, clock)
    con = sqlite3.connect(db_path)  # foreign keys are off on a plain connection
    con.execute("DELETE FROM patient_name_tokens")
    con.execute("DELETE FROM patients")
    con.commit()
    con.close()
    with pytest.raises(DamagedRecord, match=r"its patient .* is gone"):
        VisitFlow(db, clock).record(visit)
    code, _, err = run(
        "note", "--db", str(db_path), "--visit", str(visit), "-o", str(db_path) + ".pdf"
    )
    assert code == 1 and err.count("\n") == 1 and "is gone" in err
    assert any("points at a patients row that is gone" in ln for ln in verify_database(db).lines())


def test_verify_goes_on_past_a_visit_whose_row_cannot_be_read(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    first = _signed(db, library, clock)
    second = _signed(db, library, clock)
    _raw(db_path, f"UPDATE visits SET screening_answers = '{{broken' WHERE id = {first}")
    lines = verify_database(db).lines()
    assert any(ln.startswith(f"visit {first}: its record cannot be read") for ln in lines)
    assert not any(ln.startswith(f"visit {second}:") for ln in lines)


def test_with_another_admin_a_command_line_reset_needs_their_pin(
    db: Database, db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from tests.cli.test_cli import run

    clinicians = ClinicianRepository(db)
    admin, other = clinicians.add("Dr Admin"), clinicians.add("Dr Other")
    repo = CredentialRepository(db, clock.now)
    repo.set_secret(admin, "pin", PIN)
    repo.set_secret(other, "pin", "739164")
    monkeypatch.setattr("sys.stdin", io.StringIO("551234\n551234\n"))
    code, _, err = run("credentials", "--db", str(db_path), "--reset", "Dr Other")
    assert code == 1 and "an admin must confirm the reset: add --admin NAME (Dr Admin)" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("000001\n551234\n551234\n"))
    code, _, err = run(
        "credentials", "--db", str(db_path), "--reset", "Dr Other", "--admin", "Dr Admin"
    )
    assert code == 1 and "not right" in err  # the admin's PIN is checked first
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PIN}\n551234\n551234\n"))
    code, out, _ = run(
        "credentials", "--db", str(db_path), "--reset", "Dr Other", "--admin", "Dr Admin"
    )
    assert code == 0 and "reset for Dr Other" in out
    CredentialRepository(db, clock.now).verify(other, "551234")


def test_an_anchor_outside_the_file_shows_a_cut_or_rewritten_audit_trail(
    db: Database, library: Library, clock: FakeClock, db_path: Path
) -> None:
    from artdesk.store import chain

    _signed(db, library, clock)
    assert verify_database(db).intact  # and the anchor moves to the last entry
    VisitFlow(db, clock).audit.record(Action.VIEW_PATIENT, 1, patient_id=1)
    assert verify_database(db).intact  # a later entry: the anchor moves on
    con = sqlite3.connect(db_path)
    last_id = con.execute("SELECT max(id) FROM audit_events").fetchone()[0]
    con.close()
    _raw(db_path, f"DELETE FROM audit_events WHERE id >= {last_id - 1}")  # the tail cut off
    lines = verify_database(db).lines()
    assert any(f"no longer holds entry {last_id}" in ln for ln in lines), lines
    # a whole trail rewritten and chained again (the chain itself then checks out)
    con = unguarded(db_path)
    rows = con.execute(
        "SELECT id, at, action, clinician_id, patient_id, visit_id, room, detail"
        " FROM audit_events ORDER BY id"
    ).fetchall()
    head = chain.GENESIS
    for r in rows:
        row = SimpleNamespace(
            at=datetime.fromisoformat(r[1]).replace(tzinfo=UTC),
            action=r[2],
            clinician_id=r[3],
            patient_id=r[4],
            visit_id=r[5],
            room=r[6],
            detail=r[7],
        )
        head = chain.link(head, chain.audit_content(row))
        con.execute("UPDATE audit_events SET hash = ? WHERE id = ?", (head, r[0]))
    con.commit()
    con.close()
    lines = verify_database(db).lines()
    assert not any("audit entry" in ln and "does not match" in ln for ln in lines)
    assert any("no longer holds entry" in ln for ln in lines)
