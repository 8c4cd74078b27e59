"""The same store on PostgreSQL (several treatment rooms, one database).

Runs when ARTDESK_TEST_POSTGRES names a server URL whose role may create databases (.ci/run
starts one); each test gets a fresh database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

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
        _drop(admin, name)
        admin.dispose()


def _drop(admin: Any, name: str) -> None:
    """Drop the test database. The server's autovacuum may be working in it (a process of the
    server's own role, which FORCE may not end): try again a few times, then leave it — it is
    a scratch database on a throwaway CI server, and the test's verdict stands."""
    import time

    from sqlalchemy.exc import DBAPIError

    for _ in range(10):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError:
            time.sleep(0.3)  # not the test's own timing: waiting out the server's autovacuum


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
    assert patients.count() == 17  # and the two patients on the studies' courses
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
    # the courses of care: episodes, scored measures and progress work on PostgreSQL too
    tak = next(r.id for r in patients.search("Park Ji-woo"))
    progress = flow.progress(tak)
    assert progress.attendance() == "6 of 6 planned visits"
    assert {s.instrument.code for s in progress.series} == {"VAS", "PPT"}
    assert flow.record(row.id).visit_of == "visit 1"


def test_on_postgresql_the_triggers_refuse_tampering_and_verify_sees_it(
    pg: Database, library: Library, clock: FakeClock
) -> None:
    from artdesk.store import guards
    from artdesk.store.verify import verify_database

    build_demo(pg, library, patients=3, seed=2)
    assert verify_database(pg).intact
    for sql in (
        "UPDATE visit_events SET t = t + 1 WHERE id = 3",
        "DELETE FROM visit_events WHERE id = 3",
        "UPDATE visits SET complaint = 'x' WHERE id = 1",
        "DELETE FROM visits WHERE id = 1",
        "UPDATE measurements SET value = 0 WHERE visit_id = 1",
    ):
        with pytest.raises(VisitSigned, match="ART Desk refuses"), pg.write() as session:
            session.execute(text(sql))
    with pg.engine.begin() as connection:  # someone with the server's admin rights
        guards.drop(lambda sql: connection.exec_driver_sql(sql), "postgresql")
        connection.exec_driver_sql("UPDATE measurements SET value = 9 WHERE id = 1")
    result = verify_database(pg)
    assert not result.intact
    assert any(line.startswith("visit 1: measurement 1") for line in result.lines())
    assert result.missing_guards


def test_on_postgresql_one_room_holds_a_live_visit(
    pg: Database, library: Library, clock: FakeClock
) -> None:
    from artdesk.store import ClinicianRepository, VisitElsewhere
    from artdesk.visit import Stage

    clinician = ClinicianRepository(pg).add("Dr A")
    pid = PatientRepository(pg).add(PatientData("Ana", date(1990, 1, 1)))
    room1 = VisitFlow(pg, clock, room="Room 1")
    room2 = VisitFlow(pg, clock, room="Room 2")
    treatment = room1.open_treatment(clinician, setup_for(library, pid))
    clock.advance(3)
    treatment.runner.next()
    assert room2.resume(treatment.visit_id).stage is Stage.ELSEWHERE
    room2.take_over(treatment.visit_id, clinician, confirmed=True)
    with pytest.raises(VisitElsewhere):
        clock.advance(3)
        treatment.runner.next()
    assert room2.resume(treatment.visit_id).stage is Stage.TREATING
    actions = [e.action for e in room2.audit.entries()]
    assert actions == ["open-episode", "start-visit", "take-over-visit", "resume-visit"]
    _, problems = room2.audit.broken()
    assert problems == []
