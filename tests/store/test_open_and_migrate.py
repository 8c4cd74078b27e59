from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from artdesk.store import (
    DatabaseMissing,
    DatabaseTooNew,
    DatabaseUnwritable,
    MigrationFailed,
    NotADatabase,
    open_database,
)
from artdesk.store import migrate as migrate_module
from artdesk.store.engine import make_engine
from artdesk.store.migrate import head_revision, upgrade
from artdesk.store.models import Base

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_an_empty_database_is_brought_to_head_matching_the_models(db_path: Path) -> None:
    database = open_database(db_path)
    try:
        with database.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                == head_revision()
            )
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        database.close()


def _populate_first_schema(db_path: Path) -> dict[str, int]:
    """A clinic on schema 0001 with visits and their child rows."""
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine, target="0001")
    stamp = NOW.replace(tzinfo=None).isoformat(sep=" ")
    with engine.begin() as c:
        c.execute(text("INSERT INTO clinicians VALUES (1, 'Dr A', 'DC', 1, :t)"), {"t": stamp})
        c.execute(
            text(
                "INSERT INTO patients VALUES (1, 'Ana', 'ana', '1990-01-01', NULL,"
                " '', '', '', '', '', :t, :t)"
            ),
            {"t": stamp},
        )
        for v in range(1, 4):
            c.execute(
                text(
                    "INSERT INTO visits (id, patient_id, clinician_id, status, started_at,"
                    " complaint, screening_answers, protocols, treated_seconds, billing_units,"
                    " home_care_notes, signed_at)"
                    " VALUES (:v, 1, 1, 'signed', :t, '', '{}', '', 0, 0, '', :t)"
                ),
                {"v": v, "t": stamp},
            )
            for seq in range(1, 11):
                c.execute(
                    text(
                        "INSERT INTO visit_events (visit_id, seq, kind, t, at, data)"
                        " VALUES (:v, :s, 'next', :s, :t, '{}')"
                    ),
                    {"v": v, "s": seq, "t": stamp},
                )
            for timing in ("before", "after"):
                c.execute(
                    text(
                        "INSERT INTO measurements (visit_id, instrument, side, timing, value, unit,"
                        " recorded_at) VALUES (:v, 'NPRS', 'none', :tm, 5, '', :t)"
                    ),
                    {"v": v, "tm": timing, "t": stamp},
                )
            c.execute(
                text(
                    "INSERT INTO amendments (visit_id, author_id, created_at, reason, text)"
                    " VALUES (:v, 1, :t, 'late entry', 'x')"
                ),
                {"v": v, "t": stamp},
            )
    engine.dispose()
    return _counts(db_path)


def _counts(db_path: Path) -> dict[str, int]:
    con = sqlite3.connect(db_path)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("visits", "visit_events", "measurements", "amendments")
        }
    finally:
        con.close()


def test_the_visits_rebuild_keeps_every_child_row(db_path: Path) -> None:
    before = _populate_first_schema(db_path)
    assert before == {"visits": 3, "visit_events": 30, "measurements": 6, "amendments": 3}
    database = open_database(db_path)
    database.close()
    assert _counts(db_path) == before
    con = sqlite3.connect(db_path)
    schema = con.execute("SELECT sql FROM sqlite_master WHERE name = 'visits'").fetchone()[0]
    assert "ck_visits_status" in schema  # the table really was rebuilt
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    backups = list((db_path.parent / "backups").glob("*before-*.sqlite"))  # before head
    assert len(backups) == 1 and _counts(backups[0]) == before


def test_with_foreign_keys_on_the_rebuild_would_empty_the_journal_and_is_rolled_back(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _populate_first_schema(db_path)
    monkeypatch.setattr(migrate_module, "FOREIGN_KEYS_OFF", "PRAGMA foreign_keys=ON")
    with pytest.raises(MigrationFailed) as failure:
        open_database(db_path)
    message = str(failure.value)
    assert "visit_events: 30 → 0" in message and "restored from the backup" in message
    assert _counts(db_path) == before
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()


def test_a_database_from_a_newer_program_is_refused(db_path: Path) -> None:
    open_database(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '0999'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseTooNew, match="newer ART Desk"):
        open_database(db_path)


def test_missing_foreign_and_unwritable_files_get_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing, match="no database at"):
        open_database(tmp_path / "nope.sqlite", create=False)
    with pytest.raises(DatabaseUnwritable, match="does not exist"):
        open_database(tmp_path / "no-folder" / "x.sqlite")
    junk = tmp_path / "notes.sqlite"
    junk.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 10)
    with pytest.raises(NotADatabase, match="not a database"):
        open_database(junk)
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE recipes (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(NotADatabase, match="not an ART Desk one"):
        open_database(other)
    with pytest.raises(NotADatabase, match="folder"):
        open_database(tmp_path)


def test_a_read_only_folder_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, who may write anywhere: make the folder read-only as the OS reports it
    import artdesk.store.open as open_module

    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = open_module.os.access
    monkeypatch.setattr(
        open_module.os,
        "access",
        lambda p, mode: False if Path(p) == locked else real_access(p, mode),
    )
    with pytest.raises(DatabaseUnwritable, match="not writable"):
        open_database(locked / "x.sqlite")
    assert list(locked.iterdir()) == []


def test_an_up_to_date_database_is_not_backed_up_again(db_path: Path) -> None:
    open_database(db_path).close()
    open_database(db_path).close()
    assert not (db_path.parent / "backups").exists()


def test_the_head_constant_is_alembics_head() -> None:
    assert head_revision() == migrate_module.HEAD


def test_opening_an_up_to_date_database_does_not_import_alembic(db_path: Path) -> None:
    import subprocess
    import sys

    open_database(db_path).close()
    code = (
        "import sys\nfrom artdesk.store import open_database\n"
        f"open_database({str(db_path)!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "False", result.stderr


def test_schema_0004_stores_each_grade_and_its_downgrade_keeps_every_visit(db_path: Path) -> None:
    """A not-at-site answer is stored as such, an emergency as such (issue 9); going back to
    0003 maps them to the nearest grade that schema knows, with no visit lost."""
    from alembic import command

    from artdesk.store.migrate import alembic_config

    before = _populate_first_schema(db_path)
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine, target="0004")
    engine.dispose()
    con = sqlite3.connect(db_path)
    for visit, grade in ((1, "not_at_site"), (2, "emergency"), (3, "precaution")):
        con.execute("UPDATE visits SET screening_result = ? WHERE id = ?", (grade, visit))
    con.commit()
    with pytest.raises(sqlite3.IntegrityError):  # the CHECK still refuses a made-up grade
        con.execute("UPDATE visits SET screening_result = 'fine' WHERE id = 1")
    con.close()

    engine = make_engine(f"sqlite:///{db_path}")
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # before BEGIN, as artdesk.store.migrate does
        with connection.begin():
            command.downgrade(alembic_config(connection, "0003"), "0003")
    engine.dispose()
    assert _counts(db_path) == before
    con = sqlite3.connect(db_path)
    grades = con.execute("SELECT id, screening_result FROM visits ORDER BY id").fetchall()
    assert grades == [(1, "precaution"), (2, "stop"), (3, "precaution")]
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0003"
    con.close()


def test_every_migration_goes_down_and_up_again_with_every_row_kept(
    db_path: Path,
    library,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    """Issue 11 item 6: a populated clinic (demo visits, a PIN-signed and amended visit, a
    voided one) taken down to the first schema and up again keeps every row, and its records
    verify as before."""
    from artdesk.demo import DEMO_PIN, build_demo
    from artdesk.store.migrate import downgrade
    from artdesk.store.verify import verify_database
    from artdesk.visit import VisitFlow
    from tests.builders import setup_for

    database = open_database(db_path)
    build_demo(database, library, patients=4, seed=3)
    flow = VisitFlow(database, clock)
    flow.amend(1, 1, "late entry", "more", DEMO_PIN)
    wrong = flow.open_treatment(1, setup_for(library, 1))
    flow.void(wrong.visit_id, 1, "opened for the wrong patient", DEMO_PIN)
    database.close()
    first = _counts(db_path)
    engine = make_engine(f"sqlite:///{db_path}")
    for target in ("0004", "0003", "0002", "0001"):
        report = downgrade(engine, target)
        assert report.after == target and report.backup is not None
        assert _counts(db_path) == first, target
    con = sqlite3.connect(db_path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "audit_events" not in tables and "visit_voids" not in tables
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger'").fetchone()[0] == 0
    con.close()
    upgrade(engine)
    engine.dispose()
    assert _counts(db_path) == first
    database = open_database(db_path)
    try:
        result = verify_database(database)
        assert result.intact, result.lines()[:3]
    finally:
        database.close()
