"""Small builders for store tests: visits go through the visit flow, as the window's do."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from artdesk.protocols import Library
from artdesk.store import ClinicianRepository, Database, PatientData, PatientRepository
from artdesk.treatment import FakeClock
from artdesk.visit import Treatment, VisitFlow
from tests.builders import setup_for


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
    pain_before: int | None = None,
) -> tuple[int, Treatment]:
    """A visit treated for five steps (locate → two passes), noted and graded."""
    flow = VisitFlow(db, clock)
    clinician = ClinicianRepository(db).add("Dr Test")
    setup = setup_for(library, patient(db), [(protocol, "right")], pain_before=pain_before)
    treatment = flow.open_treatment(clinician, setup)
    runner = treatment.runner
    for _ in range(5):
        clock.advance(6)
        runner.next()
    runner.note("tender <b>&amp; tight")
    runner.finding(tension=2, texture=1, tenderness=5, response="eased")
    if finish:
        flow.finish(treatment)
    return treatment.visit_id, treatment


def unguarded(db_path: Path) -> sqlite3.Connection:
    """A raw connection with the database's guard triggers dropped: what a flipped byte, a
    disk editor or a program that removes the triggers first could do to the file."""
    from artdesk.store import guards

    con = sqlite3.connect(db_path)
    guards.drop(con.execute, "sqlite")
    return con
