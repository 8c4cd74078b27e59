"""Small builders for store tests."""

from __future__ import annotations

from datetime import date

from artdesk.protocols import Library
from artdesk.store import Database, PatientData, PatientRepository, VisitRepository
from artdesk.treatment import FakeClock, Runner, plan_visit


def patient(
    db: Database,
    name: str = "Ana Núñez",
    born: date = date(1988, 5, 17),
    phone: str = "+34 600 123 456",
) -> int:
    return PatientRepository(db).add(PatientData(name, born, phone=phone))


def treated_visit(
    db: Database,
    library: Library,
    clock: FakeClock,
    protocol: str = "posterior-thigh",
    finish: bool = True,
) -> tuple[int, Runner]:
    visits = VisitRepository(db)
    clinician = visits.add_clinician("Dr Test")
    visit = visits.open(patient(db), clinician, "right hamstring strain")
    runner = visits.start_treatment(visit, plan_visit([(library.get(protocol), "right")]), clock)
    for _ in range(5):
        clock.advance(6)
        runner.next()
    runner.note("tender <b>&amp; tight")
    runner.finding(tension=2, texture=1, tenderness=5, response="eased")
    if finish:
        runner.finish()
    return visit, runner
