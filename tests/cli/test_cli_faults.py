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


def test_invalid_utf8_on_the_command_line_is_one_clear_line(tmp_path: Path) -> None:
    """Issue 11: bytes that are not UTF-8 (a file name from an old USB stick, a mistyped
    search) get one line and exit 2, from the real program."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    db = tmp_path / "clinic.sqlite"
    assert (
        subprocess.run(
            [sys.executable, "main.py", "demo", "--db", str(db), "--patients", "2"],
            cwd=root,
            capture_output=True,
            timeout=120,
        ).returncode
        == 0
    )
    result = subprocess.run(
        [
            sys.executable,
            b"main.py",
            b"patients",
            b"--db",
            str(db).encode(),
            b"--search",
            b"Ana \xff\xfe",
        ],
        cwd=root,
        capture_output=True,
        timeout=120,
    )
    err = result.stderr.decode()
    assert result.returncode == 2 and err.count("\n") == 1, err
    assert "argument 5 is not valid text (not UTF-8)" in err and "\\xff\\xfe" in err
    assert "Traceback" not in err


def test_an_unexpected_error_is_one_line_and_debug_shows_it_whole(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from artdesk import cli

    def broken(*_args: object) -> int:
        raise KeyError("the unforeseen")

    db = tmp_path / "clinic.sqlite"
    assert run("demo", "--db", str(db), "--patients", "1")[0] == 0
    monkeypatch.setattr(cli, "_cmd_patients", broken)
    code, _, err = run("patients", "--db", str(db))
    assert code == 1 and err.count("\n") == 1
    assert "unexpected error (KeyError" in err and "--debug" in err
    with pytest.raises(KeyError):
        run("--debug", "patients", "--db", str(db))


def test_debug_before_a_command_still_means_the_command_line() -> None:
    from artdesk.commands import is_command_line

    assert is_command_line(["--debug", "verify", "--db", "x"])
    assert not is_command_line(["--debug"]) and not is_command_line(["--db", "x"])
