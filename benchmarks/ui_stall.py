"""The longest UI-thread stall during a visit with autosave (every event committed).

    python benchmarks/ui_stall.py [--folder benchmarks/out] [--presses 400]

A real Workspace on a file database runs visits driven by key presses on the treatment page
(with notes and findings in between); a 5 ms heartbeat timer measures how late the event loop
gets to it. Reported: the longest gap beyond the heartbeat's interval, the 99th percentile, and
each key press's own handling time (runner + journal commit + repaint). Baseline in the same
run: the same heartbeat with an idle bare window. Budget (DESIGN.md): ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from _common import ROOT, percentile
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from artdesk.protocols import Side, load_shipped_library
from artdesk.screening import load_screen
from artdesk.settings import Settings
from artdesk.store import PatientData, open_database
from artdesk.treatment import Phase, SystemClock
from ui.sounds import SilentCues
from ui.workspace import Workspace

INTERVAL_MS = 5


def heartbeat(app: QApplication, run_ms: int, work: object = None) -> list[float]:
    """Run the event loop for run_ms; return how late each heartbeat tick was (ms)."""
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        lateness.append(max(0.0, (now - last[0]) / 1e6 - INTERVAL_MS))
        last[0] = now

    timer = QTimer()
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(tick)
    timer.start()
    if work is not None:
        QTimer.singleShot(0, work)  # type: ignore[arg-type]
    QTimer.singleShot(run_ms, app.quit)
    app.exec()
    timer.stop()
    return lateness


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", default=str(ROOT / "benchmarks" / "out"))
    parser.add_argument("--presses", type=int, default=400)
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ui-stall.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)

    app = QApplication([])
    bare = QWidget()
    bare.resize(1366, 768)
    bare.show()
    idle = heartbeat(app, 3000)
    bare.close()

    database = open_database(path)
    screen, _ = load_screen()
    assert screen is not None
    library = load_shipped_library()
    settings = Settings(folder / "ui-stall-settings.json")
    from ui.background import run_in_background

    database.defer_checkpoints()  # as ui/app.py does: commits never run the checkpoint
    checkpoints = QTimer()
    checkpoints.setInterval(2_000)  # the program uses 20 s; more often here, to be measured
    checkpoints.timeout.connect(lambda: run_in_background(database.checkpoint))
    checkpoints.start()
    workspace = Workspace(database, SystemClock(), library, screen, settings, SilentCues())
    clinician = workspace.clinicians.add("Dr Bench")
    settings.set("clinician_id", clinician)
    workspace.reload_clinicians()
    patient = workspace.patients.add(PatientData("Bench Mark", date(1990, 1, 1)))
    workspace.resize(1366, 768)
    workspace.show()
    from ui.app import settle_heap

    settle_heap()  # as the program does once its workspace is built
    handling: list[float] = []
    slowest: list[tuple[float, str]] = []

    def start_visit() -> None:
        workspace.start_visit(patient)
        page = workspace.setup_page
        page.complaint.setText("calf and shin")
        page.pain.set_value(5)
        for text, side in (("calf", Side.BOTH), ("shin", Side.RIGHT)):
            page.filter.setText(text)
            page.add_current(side)
        page.screening.none_apply.setChecked(True)
        page.start()

    presses = [0]

    def press() -> None:
        if presses[0] >= args.presses:
            return
        presses[0] += 1
        page = workspace.treatment_page
        runner = workspace.runner
        if workspace.stack.currentWidget() is not page or runner is None:
            start_visit()
        else:
            started = time.perf_counter()
            what = f"{runner.state.phase.value} of structure {runner.state.index + 1}"
            if presses[0] % 15 == 0:
                page._on_note_written(f"note {presses[0]} <b>&amp; tender at the junction")
            elif presses[0] % 11 == 0 and runner.state.phase is Phase.COMPLETE:
                page._on_finding_made(
                    {"tension": 2, "texture": 1, "tenderness": 5, "response": "eased"}
                )
            else:
                QTest.keyClick(page, Qt.Key.Key_Space)
            handling.append(time.perf_counter() - started)
            slowest.append((handling[-1], what))
            if workspace.stack.currentWidget() is workspace.wrapup_page:
                started = time.perf_counter()
                workspace.wrapup_page.pain.set_value(3)
                workspace.wrapup_page.sign()
                slowest.append((time.perf_counter() - started, "sign and show the signed visit"))
        QTimer.singleShot(20, press)

    import gc

    pauses: list[tuple[float, int]] = []
    gc_started = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            pauses.append((time.perf_counter() - gc_started[0], info["generation"]))

    gc.callbacks.append(on_gc)
    busy = heartbeat(app, args.presses * 25 + 2000, press)
    gc.callbacks.remove(on_gc)
    longest = max(pauses, default=(0.0, 0))
    print(
        f"garbage collections: {len(pauses)}, longest {longest[0] * 1000:.1f} ms "
        f"(generation {longest[1]})"
    )
    database.close()
    print(f"{len(handling)} key presses / notes / findings, each committed to the journal")
    print(
        f"idle bare window: heartbeat late by max {max(idle):.1f} ms, "
        f"p99 {percentile(idle, 0.99):.1f} ms"
    )
    print(
        f"during visits:    heartbeat late by max {max(busy):.1f} ms, "
        f"p99 {percentile(busy, 0.99):.1f} ms (budget: longest stall ≤ 50 ms)"
    )
    ms = [h * 1000 for h in handling]
    print(
        f"handling one press (runner + commit + repaint): median {statistics.median(ms):.1f} ms,"
        f" p95 {percentile(ms, 0.95):.1f} ms, max {max(ms):.1f} ms"
    )
    for seconds, what in sorted(slowest, reverse=True)[:4]:
        print(f"  slowest: {seconds * 1000:.1f} ms — {what}")
    os._exit(0)  # skip interpreter teardown of the Qt objects


if __name__ == "__main__":
    main()
