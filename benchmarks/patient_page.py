"""Opening a patient with 500 visits in one episode of care, against a bare model.

    python benchmarks/patient_page.py [--folder benchmarks/out] [--runs 15]

A real Workspace on a file database: one patient whose 500 signed visits (demo visits: pain,
a ROM test on each side, the PSFS) all belong to one episode. Measured: Workspace.show_patient
until the page is painted (history, the active episode and its progress charts), warm
(after one opening). Baseline, interleaved in the same run: a bare QTableView over a
QStandardItemModel with the same 500 rows × 5 columns, shown and painted. Budget
(issue 12): the patient page ≤ 100 ms; DESIGN.md: ≤ 2 × a bare model of the same rows.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from _common import ROOT
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

from artdesk.demo import build_demo
from artdesk.protocols import load_shipped_library
from artdesk.screening import load_screen
from artdesk.settings import Settings
from artdesk.store import guards, open_database
from artdesk.treatment import SystemClock
from ui.background import pending, wait_for_background
from ui.sounds import SilentCues
from ui.workspace import Workspace


def build(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    database = open_database(path)
    build_demo(
        database,
        load_shipped_library(),
        patients=1,
        visits_per_patient=(500, 500),
        seed=11,
        courses=False,
    )
    database.close()
    # one long course: every visit in the patient's first episode (the demo makes one
    # episode per eight visits), the episode active with a plan of 500 visits
    con = sqlite3.connect(path)
    for sql in guards.drop_statements("sqlite"):
        con.execute(sql)
    first = con.execute("SELECT min(id) FROM episodes").fetchone()[0]
    con.execute("UPDATE visits SET episode_id = ?", (first,))
    con.execute(
        "UPDATE episodes SET status = 'active', discharged_at = NULL, plan_visits = 500"
        " WHERE id = ?",
        (first,),
    )
    con.execute("DELETE FROM episodes WHERE id <> ?", (first,))
    for sql in guards.statements("sqlite"):
        con.execute(sql)
    con.commit()
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", default=str(ROOT / "benchmarks" / "out"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "patient-500.sqlite"
    build(path)

    app = QApplication([])
    database = open_database(path)
    screen, _ = load_screen()
    assert screen is not None
    settings = Settings(folder / "patient-page-settings.json")
    workspace = Workspace(
        database, SystemClock(), load_shipped_library(), screen, settings, SilentCues()
    )
    settings.set("clinician_id", 1)
    workspace.reload_clinicians()
    workspace.resize(1366, 768)
    workspace.show()
    app.processEvents()
    rows = [
        [f"2026-01-{1 + n % 28:02d} 09:00", "Dr Amelia Hart", "Posterior thigh", "6 → 3", "signed"]
        for n in range(500)
    ]
    view = QTableView()
    view.resize(1366, 768)

    def bare() -> float:
        started = time.perf_counter()
        model = QStandardItemModel(len(rows), 5)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                model.setItem(r, c, QStandardItem(value))
        view.setModel(model)
        view.show()
        view.repaint()
        app.processEvents()
        return time.perf_counter() - started

    def page() -> float:
        workspace.show_patients()
        app.processEvents()
        started = time.perf_counter()
        workspace.show_patient(1)
        app.processEvents()
        while pending():  # anything the page loads off the UI thread, drawn
            wait_for_background()
            app.processEvents()
        workspace.repaint()
        app.processEvents()
        return time.perf_counter() - started

    page()
    bare()  # warm both once
    ours: list[float] = []
    base: list[float] = []
    for _ in range(args.runs):  # interleaved, so both see the same machine
        ours.append(page())
        base.append(bare())
    ms_ours = [s * 1000 for s in ours]
    ms_base = [s * 1000 for s in base]
    m_ours, m_base = statistics.median(ms_ours), statistics.median(ms_base)
    print(
        f"patient page, 500 visits in one episode: median {m_ours:.1f} ms "
        f"(min {min(ms_ours):.1f}, max {max(ms_ours):.1f}); budget 100 ms"
    )
    print(
        f"bare QTableView, same 500 rows: median {m_base:.1f} ms "
        f"(min {min(ms_base):.1f}, max {max(ms_base):.1f})"
    )
    print(f"ratio {m_ours / m_base:.2f}× (budget 2×), n={args.runs} each, interleaved")
    wait_for_background()
    app.processEvents()
    database.close()


if __name__ == "__main__":
    main()
