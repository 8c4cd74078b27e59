"""Journal append (the autosave): one runner event committed per transaction.

    python benchmarks/journal_append.py [--events 1000] [--folder benchmarks/out]

Measures the journal append (a VisitFlow treatment's runner → VisitRepository.append_event) on a
file database, against a bare
sqlite3 INSERT + COMMIT with the same pragmas (WAL, synchronous=FULL) in the same run.
Budget (DESIGN.md): median ≤ 5 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from datetime import date
from pathlib import Path

from _common import ROOT, summary

from artdesk.protocols import load_shipped_library
from artdesk.screening import load_screen
from artdesk.store import ClinicianRepository, PatientData, PatientRepository, open_database
from artdesk.treatment import FakeClock, plan_visit
from artdesk.visit import TreatmentSetup, VisitFlow


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--folder", default=str(ROOT / "benchmarks" / "out"))
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "journal-bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)

    database = open_database(path)
    clinician = ClinicianRepository(database).add("Dr Bench")
    patient = PatientRepository(database).add(PatientData("Bench Mark", date(1990, 1, 1)))
    library = load_shipped_library()
    plan = plan_visit([(p, "both") for p in library.sorted()])
    clock = FakeClock()
    screen, _ = load_screen()
    assert screen is not None
    flow = VisitFlow(database, clock, screen)
    setup = TreatmentSetup(patient, "bench", screen.decide({}, none_apply=True), {}, 5, plan)
    runner = flow.open_treatment(clinician, setup).runner
    times = []
    for n in range(args.events):
        clock.advance(2)
        started = time.perf_counter()
        if n % 10 == 9:
            runner.note(f"note {n}: tender at the junction <b>&")
        else:
            runner.next()
        times.append(time.perf_counter() - started)
        if runner.state.phase.value == "complete" and runner.state.index == len(plan) - 1:
            runner.finish()
            runner = flow.open_treatment(clinician, setup).runner
    database.close()

    bare_path = folder / "journal-bare.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(bare_path) + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(bare_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(
        "CREATE TABLE e (id INTEGER PRIMARY KEY, v INTEGER, seq INTEGER, kind TEXT,"
        " t REAL, at TEXT, data TEXT)"
    )
    bare = []
    for n in range(args.events):
        started = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO e (v, seq, kind, t, at, data) VALUES (1, ?, 'next', ?, "
            "'2026-01-01 09:00:00', '{}')",
            (n, float(n)),
        )
        con.execute("COMMIT")
        bare.append(time.perf_counter() - started)
    con.close()
    print(summary("runner command + journal append (one transaction)", times))
    print(summary("bare sqlite3 INSERT + COMMIT baseline", bare))
    import statistics

    print(f"ratio of medians: {statistics.median(times) / statistics.median(bare):.1f}x")


if __name__ == "__main__":
    main()
