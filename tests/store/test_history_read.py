"""A patient's history is read in one statement (issue 14 item 2: a patient with 500 visits
opened ≤ 2× a bare model), and it reads what the records say: the date, the clinician, the
protocols, pain before → after (taken twice, the last counts), signed / in progress / voided,
the treated time, where it hurt — page by page, newest first. On SQLite, and on PostgreSQL
when ARTDESK_TEST_POSTGRES is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url

from artdesk.demo import DEMO_PIN, build_demo
from artdesk.measures import Timing
from artdesk.protocols import Library
from artdesk.protocols.marks import BodyMark, Feeling, MarkSide
from artdesk.store import Database, MeasurementData, open_database
from artdesk.store.models import Measurement, Visit, VisitVoid
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow, VisitRow, WrapUp, definitions
from tests.builders import setup_for

SERVER = os.environ.get("ARTDESK_TEST_POSTGRES", "")
PATIENT = 1  # the demo's one patient; the visits made here are his too
CALF = BodyMark("calf", MarkSide.LEFT, Feeling.PAIN)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def clinic(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """One demo patient with ≈ 560 signed visits up to 2026-01-01, and on top, through the
    visit flow from 2026-01-05: pain taken twice before and after, marks on the body chart,
    a visit still in progress, a voided one, one without any pain score, two started in the
    same second. Read-only for the tests."""
    if request.param == "postgresql":
        if not SERVER:
            pytest.skip("ARTDESK_TEST_POSTGRES is not set")
        from tests.store.test_postgres import _drop

        name = f"artdesk_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
        database = open_database(url)
    else:
        database = open_database(tmp_path_factory.mktemp("history") / "clinic.sqlite")
    from artdesk.protocols import load_shipped_library

    library = load_shipped_library()
    build_demo(
        database,
        library,
        patients=1,
        visits_per_patient=(900, 900),
        seed=3,
        today=date(2026, 1, 1),
        courses=False,
    )
    made = make_visits(database, library, FakeClock(datetime(2026, 1, 5, 9, tzinfo=UTC)))
    yield database, made
    database.close()
    if request.param == "postgresql":
        _drop(admin, name)
        admin.dispose()


def make_visits(database: Database, library: Library, clock: FakeClock) -> dict[str, int]:
    flow = VisitFlow(database, clock)
    clinician = 1  # a demo clinician (the demo's PIN)
    made: dict[str, int] = {}

    def treat(key: str, pain_before: int | None = 6, steps: int = 4, **changes: Any) -> Any:
        setup = replace(setup_for(library, PATIENT, pain_before=pain_before), **changes)
        treatment = flow.open_treatment(clinician, setup)
        for _ in range(steps):
            clock.advance(30)
            treatment.runner.next()
        made[key] = treatment.visit_id
        return treatment

    twice = treat("pain taken twice", marks=(CALF,))
    flow.finish(twice)
    readings = (
        MeasurementData("NPRS", 5, "before"),  # the set-up's 6 re-taken: 5 counts
        MeasurementData("NPRS", 4, "after"),
        MeasurementData("NPRS", 3, "after"),  # the last counts
    )
    flow.wrap_up(twice, clinician, WrapUp(readings, ()), DEMO_PIN)
    clock.advance(3600)
    no_pain = treat("no pain score", pain_before=None)
    flow.finish(no_pain)
    flow.wrap_up(no_pain, clinician, WrapUp((), ()), DEMO_PIN)
    clock.advance(3600)
    voided = treat("voided")
    flow.void(voided.visit_id, clinician, "opened for the wrong patient", DEMO_PIN)
    clock.advance(3600)
    treat("same second", steps=0)  # opened, never started; the next in the same second
    treat("in progress", pain_before=7)
    return made


def reference(database: Database) -> list[tuple[Any, ...]]:
    """What the history must say of each of the patient's visits, from the stored rows: the
    pain by :func:`definitions.pain` over every reading in the order recorded, none for a
    voided visit; newest first."""
    with database.read() as session:
        visits = session.execute(
            select(
                Visit.id,
                Visit.started_at,
                Visit.clinician_id,
                Visit.status,
                Visit.protocols,
                Visit.treated_seconds,
                Visit.billing_units,
                VisitVoid.visit_id,
            )
            .outerjoin(VisitVoid, VisitVoid.visit_id == Visit.id)
            .where(Visit.patient_id == PATIENT)
        ).all()
        readings: dict[int, list[tuple[str, float]]] = {v[0]: [] for v in visits}
        for visit_id, timing, value in session.execute(
            select(Measurement.visit_id, Measurement.timing, Measurement.value)
            .where(Measurement.instrument == "NPRS")
            .order_by(Measurement.id)
        ):
            if visit_id in readings:
                readings[visit_id].append((timing, value))
    rows = [
        (
            v[0],
            v[1],
            v[2],
            v[3],
            v[4],
            v[5],
            v[6],
            v[7] is not None,
            None if v[7] is not None else definitions.pain(readings[v[0]], Timing.BEFORE),
            None if v[7] is not None else definitions.pain(readings[v[0]], Timing.AFTER),
        )
        for v in visits
    ]
    return sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)


def shown(row: VisitRow) -> tuple[Any, ...]:
    return (
        row.id,
        row.started_at,
        row.clinician_id,
        row.status,
        row.protocols,
        row.treated_seconds,
        row.billing_units,
        row.voided,
        row.pain_before,
        row.pain_after,
    )


def selects_of(database: Database, read: Any) -> tuple[Any, list[str]]:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        rows = read()
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    return rows, [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_a_page_of_500_visits_is_one_select(clinic: Any) -> None:
    database, _ = clinic
    flow = VisitFlow(database, FakeClock())
    rows, selects = selects_of(database, lambda: flow.history(PATIENT, limit=500, offset=10))
    assert len(rows) == 500
    assert len(selects) == 1, selects  # the visits and their pain, together
    # a page with a visit that has no NPRS: one more, for the pain on another scale (VAS, VRS)
    rows, selects = selects_of(database, lambda: flow.history(PATIENT, limit=500))
    assert len(rows) == 500 and any(r.pain_before is None and not r.voided for r in rows)
    assert len(selects) == 2, selects


def test_the_history_reads_what_the_records_say_page_by_page(clinic: Any) -> None:
    database, made = clinic
    flow = VisitFlow(database, FakeClock())
    expected = reference(database)
    assert len(expected) > 560
    whole = flow.history(PATIENT, limit=1000)
    assert [shown(r) for r in whole] == expected
    pages = [
        r for start in range(0, 700, 100) for r in flow.history(PATIENT, limit=100, offset=start)
    ]
    assert [r.id for r in pages] == [r.id for r in whole]  # every visit once, in order
    assert [shown(r) for r in flow.history(PATIENT, limit=500)] == expected[:500]
    assert len(flow.history(PATIENT, limit=500, offset=500)) == len(expected) - 500

    by_id = {r.id: r for r in whole}
    twice = by_id[made["pain taken twice"]]
    assert (twice.pain_before, twice.pain_after) == (5, 3) and twice.signed
    assert twice.body_marks == (CALF,) and twice.clinician_name == "Dr Amelia Hart"
    assert twice.patient_name == flow.record(twice.id).patient_name
    assert (by_id[made["no pain score"]].pain_before, by_id[made["no pain score"]].pain_after) == (
        None,
        None,
    )
    voided = by_id[made["voided"]]
    assert voided.voided and (voided.pain_before, voided.pain_after) == (None, None)
    draft = by_id[made["in progress"]]
    assert not draft.signed and (draft.pain_before, draft.pain_after) == (7, None)
    assert whole[0].id == made["in progress"]  # newest first; the same second: the later id
    assert whole[1].id == made["same second"]
    assert whole[1].started_at == whole[0].started_at

    # and as the records (their replay) say, for the visits made here and every 50th
    for row in [by_id[v] for v in made.values()] + whole[::50]:
        record = flow.record(row.id)
        assert (row.started_at, row.clinician_name, row.status) == (
            record.started_at,
            record.clinician,
            record.status,
        )
        assert row.voided == record.voided and row.body_marks == record.body_marks
        if not row.voided:
            assert (row.pain_before, row.pain_after) == (record.pain_before, record.pain_after)
        if record.state.finished_at is not None:
            assert row.treated_seconds == record.treated_seconds


def test_the_unfinished_and_recent_lists_read_the_same_rows(clinic: Any) -> None:
    database, made = clinic
    flow = VisitFlow(database, FakeClock())
    whole = {r.id: r for r in flow.history(PATIENT, limit=1000)}
    unfinished = flow.unfinished()
    assert made["in progress"] in [r.id for r in unfinished]
    assert made["voided"] not in [r.id for r in unfinished]  # voided: never offered again
    assert all(r == whole[r.id] for r in unfinished)
    assert all(r == whole[r.id] for r in flow.recent(limit=50))


def test_marks_read_as_the_record_reads_them_and_a_damaged_text_is_a_damaged_record(
    database: Database, db_path: Any, library: Library, clock: FakeClock
) -> None:
    from artdesk.store import DamagedRecord
    from tests.store.helpers import unguarded
    from tests.store.test_body_marks import MARKS, signed_with_marks

    visit = signed_with_marks(database, library, clock)
    flow = VisitFlow(database, clock)
    patient = flow.record(visit).patient_id
    (row,) = flow.history(patient)
    assert row.body_marks == MARKS == flow.record(visit).body_marks
    con = unguarded(db_path)
    con.execute("UPDATE visits SET body_marks = '[{\"region\": ' WHERE id = ?", (visit,))
    con.commit()
    con.close()
    with pytest.raises(DamagedRecord):
        flow.history(patient)


def test_a_visit_scored_on_another_pain_scale_lists_that_scale(tmp_path: Any) -> None:
    """A course that scores pain on the VAS (Tak et al.) or the verbal rating: the history said
    '– → –' for every one of its visits. It says the scale and its readings now; a visit with
    the NPRS is listed as before, and a voided one shows no pain."""
    from artdesk.protocols import load_shipped_library
    from artdesk.store import PatientData, PatientRepository
    from ui.models.visit_history_model import visit_texts

    database = open_database(tmp_path / "clinic.sqlite")
    library = load_shipped_library()
    clock = FakeClock(datetime(2026, 1, 5, 9, tzinfo=UTC))
    flow = VisitFlow(database, clock)
    from artdesk.store import ClinicianRepository

    clinician = ClinicianRepository(database).add("Dr Ana Ruiz")
    patient = PatientRepository(database).add(PatientData("Ana Silva", date(1980, 1, 1)))

    def visit(before: tuple[MeasurementData, ...], after: tuple[MeasurementData, ...]) -> int:
        setup = replace(setup_for(library, patient, pain_before=None), measurements=before)
        treatment = flow.open_treatment(clinician, setup)
        clock.advance(30)
        treatment.runner.next()
        flow.finish(treatment)
        flow.wrap_up(treatment, clinician, WrapUp(after, ()))
        clock.advance(86_400)
        return treatment.visit_id

    vas = visit((MeasurementData("VAS", 62, "before"),), (MeasurementData("VAS", 40, "after"),))
    vrs = visit((MeasurementData("VRS", 2, "before"),), ())
    both = visit(
        (MeasurementData("VAS", 50, "before"), MeasurementData("VRS", 2, "before")),
        (MeasurementData("VAS", 35, "after"), MeasurementData("VAS", 30, "after")),
    )
    nprs = visit((MeasurementData("NPRS", 6, "before"), MeasurementData("VAS", 55, "before")), ())
    voided = visit((MeasurementData("VAS", 70, "before"),), ())
    flow.void(voided, clinician, "opened for the wrong patient")
    pain = {r.id: visit_texts(r)[2] for r in flow.history(patient)}
    assert pain[vas] == "VAS 62 → 40"
    assert pain[vrs] == "VRS 2 → –"
    assert pain[both] == "VAS 50 → 30"  # the VAS first, the last reading counts
    assert pain[nprs] == "6 → –"  # the NPRS taken: listed as it always was
    assert pain[voided] == "– → –"
    rows = {r.id: r for r in flow.history(patient)}
    assert rows[vas].pain_before is None and rows[vas].other_pain == ("VAS", 62, 40)
    database.close()
