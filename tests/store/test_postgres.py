"""The same store on PostgreSQL (several treatment rooms, one database).

Runs when ARTDESK_TEST_POSTGRES names a server URL whose role may create databases (.ci/run
starts one); each test gets a fresh database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from artdesk.demo import build_demo
from artdesk.protocols import Library, Side
from artdesk.store import (
    Database,
    PatientData,
    PatientRepository,
    VisitRepository,
    VisitSigned,
    open_database,
)
from artdesk.store.models import Base
from artdesk.treatment import FakeClock, Runner, plan_visit

SERVER = os.environ.get("ARTDESK_TEST_POSTGRES", "")
pytestmark = pytest.mark.skipif(not SERVER, reason="ARTDESK_TEST_POSTGRES is not set")


@pytest.fixture
def pg() -> Iterator[Database]:
    name = f"artdesk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database = open_database(
        make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    )
    try:
        yield database
    finally:
        database.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_reach_head_and_match_the_models(pg: Database) -> None:
    with pg.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_demo_search_journal_and_signing_work_on_postgresql(
    pg: Database, library: Library, clock: FakeClock
) -> None:
    report = build_demo(pg, library, patients=15, seed=5)
    patients = PatientRepository(pg)
    visits = VisitRepository(pg, now=clock.now)
    assert patients.count() == 15
    pid = patients.add(
        PatientData("Zoë Ægir-Łukasiewicz <b>&amp;", date(1990, 4, 3), phone="+48 601 222 333")
    )  # ids continue after the demo
    assert [r.full_name for r in patients.search("ægir-łuk")] == ["Zoë Ægir-Łukasiewicz <b>&amp;"]
    assert [r.id for r in patients.search("1990-04-03")] == [pid]
    visit, runner = visits.open_treatment(
        pid,
        1,
        complaint="calf",
        screening_result="clear",
        screening_answers={},
        screening_override=None,
        pain_before=6,
        plan=plan_visit([(library.get("foot"), Side.LEFT)]),
        clock=clock,
    )
    for _ in range(6):
        clock.advance(4)
        runner.next()
    runner.note("note <b>&amp; 😀 שלום")
    runner.finish()
    assert Runner.replay(visits.events(visit)).state == runner.state
    assert visit > report.visits
    visits.sign(visit, 1)
    with pytest.raises(VisitSigned):
        visits.add_measurement(visit, "NPRS", 2, "after")
    visits.add_amendment(visit, 1, "late entry", "pain after 2")
    assert visits.for_patient(pid)[0].status == "signed"
