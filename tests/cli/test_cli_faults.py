"""The command line meets the same database faults as the window: one line on stderr, exit 1,
no traceback — and a refused write leaves the file as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.faults import FAULTS, SAYS, failing


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("artdesk: "), err
    assert "Traceback" not in err and "sqlalchemy" not in err.lower()
    return err


def journal_rows(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM visit_events").fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize("fault", FAULTS)
def test_writing_the_journal_fails_in_one_line(tmp_path: Path, fault: str) -> None:
    db = tmp_path / "clinic.sqlite"
    assert run("demo", "--db", str(db), "--patients", "2", "--seed", "3")[0] == 0
    before = journal_rows(db)
    with failing(fault, "INSERT INTO visit_events") as hits:
        code, _, err = run("demo", "--db", str(db), "--patients", "2", "--seed", "4")
    assert hits and code == 1
    assert SAYS[fault] in one_line(err) and "nothing was saved" in err
    assert journal_rows(db) == before  # the failed batch left nothing half-written


@pytest.mark.parametrize("fault", FAULTS)
def test_reading_visits_fails_in_one_line(tmp_path: Path, fault: str) -> None:
    db = tmp_path / "clinic.sqlite"
    assert run("demo", "--db", str(db), "--patients", "2", "--seed", "3")[0] == 0
    with failing(fault, "SELECT visits.id") as hits:
        code, out, err = run("visits", "--db", str(db))
    assert hits and code == 1 and out == ""
    assert SAYS[fault] in one_line(err)
    out_pdf = tmp_path / "note.pdf"
    with failing(fault, "SELECT visits.id") as hits:
        code, _, err = run("note", "--db", str(db), "--visit", "1", "-o", str(out_pdf))
    assert hits and code == 1 and SAYS[fault] in one_line(err) and not out_pdf.exists()
