"""Child process for the crash test: runs a visit against a file database, command by command.

Reads commands on stdin ("next", "note TEXT", ...); after each one is committed it prints
``seq<TAB>digest<TAB>index<TAB>phase<TAB>pass`` so the parent knows exactly what was committed.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date

from artdesk.protocols import load_shipped_library
from artdesk.store import ClinicianRepository, PatientData, PatientRepository, open_database
from artdesk.treatment import FakeClock, VisitState
from artdesk.visit import VisitFlow
from tests.builders import setup_for


def digest(state: VisitState) -> str:
    return hashlib.sha256(repr(state).encode()).hexdigest()


def main(db_path: str) -> None:
    database = open_database(db_path)
    clinician = ClinicianRepository(database).add("Dr Crash")
    patient = PatientRepository(database).add(PatientData("Zoë Test", date(1990, 1, 1)))
    library = load_shipped_library()
    clock = FakeClock()
    setup = setup_for(library, patient, [("calf-achilles", "both")], complaint="calf strain")
    treatment = VisitFlow(database, clock).open_treatment(clinician, setup)
    visit, runner = treatment.visit_id, treatment.runner
    print(f"visit\t{visit}", flush=True)
    for line in sys.stdin:
        command, _, argument = line.rstrip("\n").partition(" ")
        clock.advance(1.5)
        if command == "note":
            runner.note(argument)
        else:
            getattr(runner, command)()
        s = runner.state
        print(f"{s.seq}\t{digest(s)}\t{s.index}\t{s.phase.value}\t{s.pass_number}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
