"""Opening a patient with 500 visits in one episode of care, against a bare model.

    python benchmarks/patient_page.py [--folder benchmarks/out] [--runs 15] [--marks]

A real Workspace (sign-in off, so the page is on screen, not behind the lock) on a file
database: one patient with the visits of two demo patients (≈ 510 signed visits — the demo
keeps only the visits of a patient up to today, about 300 of 500 — pain, a ROM test on each
side, the PSFS), all in one episode; the history lists its page of 500. Measured, warm (after
one opening), from Workspace.show_patient:

- the page painted with its 500-visit list (what the UI thread does before the clinician
  sees the visits; the audit entry for the opening is written after the paint, on a worker,
  and each run checks it was written, once);
- everything drawn: the progress over the episode too, read on a worker, and its charts.

Baseline, interleaved in the same run: a bare QTableView over a QStandardItemModel with the
same 500 rows × 5 columns, shown and painted. Medians with min–max. Budget (issue 12): the
patient page ≤ 100 ms; DESIGN.md: ≤ 2 × a bare model of the same rows.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from _common import ROOT, spread
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

from artdesk.demo import build_demo
from artdesk.protocols import load_shipped_library
from artdesk.screening import load_screen
from artdesk.settings import Settings
from artdesk.store import AuditTrail, guards, open_database
from artdesk.treatment import SystemClock
from ui.background import pending, wait_for_background
from ui.sounds import SilentCues
from ui.workspace import Workspace

# where it hurt, as a clinic marks it visit after visit (the demo marks nothing): the same
# few sets, the pain moving from the calf to the heel
MARKS = [
    [{"region": r, "side": s, "feeling": f} for r, s, f in marks]
    for marks in (
        [("calf", "left", "pain"), ("posterior-thigh", "left", "stiffness")],
        [("calf", "left", "pain")],
        [("calf", "left", "pain"), ("plantar-foot", "left", "numbness")],
        [("plantar-foot", "left", "pain")],
        [("low-back", "midline", "stiffness"), ("calf", "left", "pain")],
    )
]


def build(path: Path, marks: bool = False) -> int:
    """The database; the number of visits the patient has. ``marks``: every visit has marks
    on the body chart (one of MARKS), as where the clinic uses it."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    database = open_database(path)
    build_demo(
        database,
        load_shipped_library(),
        patients=2,
        visits_per_patient=(420, 420),
        seed=1,
        courses=False,
    )
    database.close()
    # one long course: both patients' visits given to the first, every visit in its first
    # episode (the demo makes one episode per eight visits), the episode active with a plan
    # of 500 visits; nobody's PIN set, so the window opens unlocked
    con = sqlite3.connect(path)
    for sql in guards.drop_statements("sqlite"):
        con.execute(sql)
    first_patient = con.execute("SELECT min(id) FROM patients").fetchone()[0]
    first = con.execute("SELECT min(id) FROM episodes").fetchone()[0]
    con.execute("UPDATE visits SET patient_id = ?, episode_id = ?", (first_patient, first))
    con.execute(
        "UPDATE episodes SET patient_id = ?, status = 'active', discharged_at = NULL,"
        " plan_visits = 500 WHERE id = ?",
        (first_patient, first),
    )
    con.execute("DELETE FROM episodes WHERE id <> ?", (first,))
    con.execute("UPDATE clinicians SET secret_hash = NULL, secret_kind = NULL")
    if marks:
        ids = [i for (i,) in con.execute("SELECT id FROM visits ORDER BY id")]
        con.executemany(
            "UPDATE visits SET body_marks = ? WHERE id = ?",
            [(json.dumps(MARKS[n * len(MARKS) // len(ids)]), i) for n, i in enumerate(ids)],
        )
    for sql in guards.statements("sqlite"):
        con.execute(sql)
    con.commit()
    (visits,) = con.execute("SELECT count(*) FROM visits").fetchone()
    con.close()
    return int(visits)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", default=str(ROOT / "benchmarks" / "out"))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--marks", action="store_true", help="every visit with marks on the body chart"
    )
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "patient-500.sqlite"
    visits = build(path, args.marks)

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

    page_table = workspace.patient_page.table
    painted: list[bool] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    watch = Watch()
    page_table.viewport().installEventFilter(watch)

    read: list[object] = []
    workspace.patient_page.progress_loaded.connect(read.append)

    trail = AuditTrail(database)

    def viewed() -> int:
        return sum(e.action == "view-patient" for e in trail.entries(patient_id=1))

    def page() -> tuple[float, float]:
        before = viewed()
        workspace.show_patients()
        app.processEvents()
        painted.clear()
        read.clear()
        started = time.perf_counter()
        workspace.show_patient(1)
        app.processEvents()  # the page shown, its visit list painted (as a clinician sees it)
        listed = time.perf_counter() - started
        assert painted, "the visit list was not painted"
        assert workspace.stack.currentWidget() is workspace.patient_page
        assert page_table.model().rowCount() == 500 and page_table.isVisible(), (
            page_table.model().rowCount(),
            page_table.isVisible(),
        )
        while not read or pending():  # the progress, read off the UI thread, drawn
            wait_for_background(50)
            app.processEvents()
        workspace.repaint()
        app.processEvents()
        drawn = time.perf_counter() - started
        assert viewed() == before + 1, "the opening was not audited once"
        return listed, drawn

    page()
    bare()  # warm both once
    listed: list[float] = []
    drawn: list[float] = []
    base: list[float] = []
    for _ in range(args.runs):  # interleaved, so both see the same machine
        first, every = page()
        listed.append(first)
        drawn.append(every)
        base.append(bare())
    m_base = statistics.median(base)
    marked = ", every visit with marks on the body chart" if args.marks else ""
    print(
        f"a patient with {visits} visits in one episode{marked} (the history's page: 500), "
        f"n={args.runs}"
    )
    print(
        f"patient page painted with its 500 visits: {spread(listed)}, "
        f"{statistics.median(listed) / m_base:.2f}× bare (budget 2×; 100 ms)"
    )
    print(
        f"  and everything drawn (progress read on a worker, its charts): {spread(drawn)}, "
        f"{statistics.median(drawn) / m_base:.2f}× bare"
    )
    print(f"bare QTableView + QStandardItemModel, same 500 rows × 5: {spread(base)}")
    wait_for_background()
    app.processEvents()
    database.close()
    os._exit(0)  # PySide6 6.12 can abort at interpreter exit (refcounts); the figures are out


if __name__ == "__main__":
    main()
