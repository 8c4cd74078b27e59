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

from artdesk.demo import DEMO_PIN, build_demo
from artdesk.protocols import Library, Side
from artdesk.store import (
    Database,
    MeasurementData,
    PatientData,
    PatientRepository,
    VisitSigned,
    open_database,
)
from artdesk.store.models import Base
from artdesk.treatment import FakeClock, Runner
from artdesk.visit import VisitFlow, WrapUp
from tests.builders import setup_for

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
    flow = VisitFlow(pg, clock)
    visits = flow.visits
    assert patients.count() == 15
    pid = patients.add(
        PatientData("Zoë Ægir-Łukasiewicz <b>&amp;", date(1990, 4, 3), phone="+48 601 222 333")
    )  # ids continue after the demo
    assert [r.full_name for r in patients.search("ægir-łuk")] == ["Zoë Ægir-Łukasiewicz <b>&amp;"]
    assert [r.id for r in patients.search("1990-04-03")] == [pid]
    treatment = flow.open_treatment(
        1, setup_for(library, pid, [("foot", Side.LEFT)], complaint="calf", pain_before=6)
    )
    visit, runner = treatment.visit_id, treatment.runner
    for _ in range(6):
        clock.advance(4)
        runner.next()
    runner.note("note <b>&amp; 😀 שלום")
    runner.finish()
    assert Runner.replay(visits.events(visit)).state == runner.state
    assert visit > report.visits
    flow.wrap_up(treatment, 1, WrapUp((MeasurementData("NPRS", 3, "after"),), ()), DEMO_PIN)
    with pytest.raises(VisitSigned):
        flow.wrap_up(treatment, 1, WrapUp((MeasurementData("NPRS", 2, "after"),), ()), DEMO_PIN)
    flow.amend(visit, 1, "late entry", "pain after 2", DEMO_PIN)
    (row,) = flow.history(pid)
    assert row.status == "signed" and (row.pain_before, row.pain_after) == (6, 3)
