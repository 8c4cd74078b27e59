"""Unlock to screen: PIN typed, Enter, until the locked screen is back and painted.

    python benchmarks/unlock.py [--runs 15] [--folder benchmarks/out]

A demo clinic (PIN 246810) in the real window (offscreen); each run locks (Ctrl+L's path),
then types the PIN and presses Enter on the lock page, and stops the clock once the screen
that was locked is current again and the event queue is drained. Baseline in the same run:
the bare Argon2id verify of the same stored hash (the part no window code can shorten).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from _common import ROOT, summary

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--folder", default=str(ROOT / "benchmarks" / "out"))
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "unlock-bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from artdesk.demo import DEMO_PIN, build_demo
    from artdesk.protocols import load_shipped_library
    from artdesk.settings import Settings
    from artdesk.store import credentials, open_database
    from ui.app import Application

    database = open_database(path)
    build_demo(database, load_shipped_library(), patients=30)
    app = QApplication([])
    application = Application(Settings(folder / "unlock-settings.json"))
    window = application.open(database)
    session = window.session
    page = session.lock_page
    stored = (
        database.engine.connect()
        .exec_driver_sql("SELECT secret_hash FROM clinicians ORDER BY id LIMIT 1")
        .scalar()
    )
    unlock, bare = [], []
    page.secret.setText(DEMO_PIN)
    page.request_sign_in()
    while session.locked:  # the PIN is checked on a worker
        app.processEvents()
    if window.dialog is not None:
        window.dialog.reject()
    window.show_patient(1)
    app.processEvents()
    shown = window.stack.currentWidget()
    for _ in range(args.runs):
        started = time.perf_counter()
        credentials.HASHER.verify(stored, DEMO_PIN)
        bare.append(time.perf_counter() - started)
        session.request_lock()
        app.processEvents()
        assert session.locked
        page.secret.setText(DEMO_PIN)
        started = time.perf_counter()
        QTest.keyClick(page.secret, Qt.Key.Key_Return)
        while session.locked or window.stack.currentWidget() is not shown:
            app.processEvents()
        app.processEvents()
        unlock.append(time.perf_counter() - started)
    print(summary("unlock to screen (PIN + Enter → the screen that was locked)", unlock))
    print(summary("bare Argon2id verify of the same hash (baseline)", bare))
    med = sorted(unlock)[len(unlock) // 2] / sorted(bare)[len(bare) // 2]
    print(f"ratio of medians: {med:.2f}x")
    window.close()
    database.close()


if __name__ == "__main__":
    main()
