"""Start the window: settings, database, protocol library and safety screen, then the pages."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from artdesk import __version__
from artdesk.protocols import load_shipped_library
from artdesk.screening import load_screen
from artdesk.settings import Settings
from artdesk.store import Database, StoreError, open_database
from artdesk.store.engine import default_db_path
from artdesk.treatment import SystemClock
from ui.main_window import MainWindow
from ui.sounds import SoundCues


def _fail(message: str) -> int:
    QMessageBox.critical(None, "ART Desk cannot start", message)
    return 1


class Application:
    """Owns the open database and the window; swaps both when the demo clinic is chosen."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.library = load_shipped_library()
        self.cues = SoundCues(settings["sounds"])
        self.window: MainWindow | None = None
        self.database: Database | None = None

    def open(self, database: Database, title: str = f"ART Desk {__version__}") -> MainWindow:
        screen, problems = load_screen()
        if screen is None:
            raise StoreError(
                "the safety screen (screening.toml) is broken: "
                + "; ".join(str(p) for p in problems)
            )
        if self.window is not None:
            self.window.close()
        if self.database is not None:
            self.database.close()
        self.database = database
        window = MainWindow(
            database, SystemClock(), self.library, screen, self.settings, self.cues, title=title
        )
        window.demo_requested.connect(self._on_demo_requested)
        if self.library.problems:
            window.statusBar().showMessage(
                f"{len(self.library.problems)} protocol file problem(s): "
                + "; ".join(str(p) for p in self.library.problems[:3]),
                20000,
            )
        window.resize(1366, 768)
        window.show()
        self.window = window
        QTimer.singleShot(0, window.first_run)
        QTimer.singleShot(0, window.offer_resume)
        return window

    def _on_demo_requested(self) -> None:
        from artdesk.demo import build_demo

        path = default_db_path().with_name("artdesk-demo.sqlite")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            demo = open_database(path)
            if not demo_has_patients(demo):
                build_demo(demo, self.library, patients=60, seed=1)
        except StoreError as exc:
            QMessageBox.warning(None, "Demo clinic", f"The demo clinic could not be made: {exc}")
            return
        self.open(demo, title=f"ART Desk {__version__} — DEMO CLINIC ({path})")


def demo_has_patients(database: Database) -> bool:
    from artdesk.store import PatientRepository

    return PatientRepository(database).count() > 0


def run_gui(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="artdesk", description="ART Desk window")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file or URL")
    args = parser.parse_args(list(argv[1:]))
    app = QApplication(list(argv[:1]))
    app.setApplicationName("ART Desk")
    app.setApplicationVersion(__version__)
    settings = Settings.load()
    target = args.db or os.environ.get("ARTDESK_DB") or settings["database"] or None
    try:
        database = open_database(target)
    except StoreError as exc:
        return _fail(str(exc))
    application = Application(settings)
    try:
        application.open(database)
    except StoreError as exc:
        return _fail(str(exc))
    if settings.problems:
        assert application.window is not None
        application.window.statusBar().showMessage("; ".join(settings.problems), 20000)
    return app.exec()
