"""Another treatment room, as its own process: opens a visit and writes on command.

stdin lines: ``next`` (one runner step; prints ``ok`` or ``refused: …``), ``quit``.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from artdesk.protocols.loader import load_shipped_library
from artdesk.store import ClinicianRepository, StoreError, open_database
from artdesk.treatment import FakeClock
from artdesk.visit import VisitFlow
from tests.builders import setup_for
from tests.store.helpers import patient


def main() -> None:
    database = open_database(Path(sys.argv[1]))
    clock = FakeClock(start=datetime.now(UTC))
    flow = VisitFlow(database, clock, room="Room A")
    clinician = ClinicianRepository(database).add("Dr A")
    treatment = flow.open_treatment(clinician, setup_for(load_shipped_library(), patient(database)))
    print(treatment.visit_id, flush=True)
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        clock.advance(3)
        try:
            treatment.runner.next()
            print("ok", flush=True)
        except StoreError as exc:
            print(f"refused: {exc}", flush=True)
    database.close()


if __name__ == "__main__":
    main()
