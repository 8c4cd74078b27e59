"""Start the window: paint it first, then open the database and build the workspace.

Only Qt is imported before the first paint; settings, SQLAlchemy, the store and the pages
come right after it (benchmarks/startup.py measures the difference).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.main_window import MainWindow, first_lock, first_page

if TYPE_CHECKING:
    from artdesk.settings import Settings
    from artdesk.store import Database
    from ui.sounds import Cues
    from ui.workspace import Workspace

TITLE = "ART Desk"


class Application:
    """Owns the open database and its window; swaps both when the demo clinic is chosen."""

    def __init__(self, settings: Settings, cues: Cues | None = None) -> None:
        self.settings = settings
        self.window: MainWindow | None = None
        self.database: Database | None = None
        self._cues = cues

    def cues(self) -> Cues:
        if self._cues is None:
            from ui.sounds import SoundCues

            self._cues = SoundCues(self.settings["sounds"])
        return self._cues

    def attach(self, window: MainWindow, database: Database) -> Workspace:
        """Fill ``window`` with the workspace over ``database``; StoreError if unusable."""
        from artdesk import __version__
        from artdesk.protocols import load_shipped_library
        from artdesk.protocols.clinic import clinic_folder, load_with_clinic
        from artdesk.screening import load_screen
        from artdesk.store import StoreError
        from artdesk.treatment import SystemClock
        from ui.workspace import Workspace

        screen, problems = load_screen()
        if screen is None:
            raise StoreError(
                "the safety screen (screening.toml) is broken: "
                + "; ".join(str(p) for p in problems)
            )
        folder = clinic_folder(self.settings["protocol_folder"], database.path)
        library = load_with_clinic(folder, load_shipped_library())
        if self.database is not None and self.database is not database:
            self.database.close()
        self.database = database
        workspace = Workspace(database, SystemClock(), library, screen, self.settings, self.cues())
        window.set_workspace(workspace)
        from ui.quitting import install_quit

        install_quit(window)
        if window.windowTitle() == TITLE:
            window.setWindowTitle(f"{TITLE} {__version__}")
        workspace.demo_requested.connect(self._on_demo_requested)
        workspace.file_care.restored.connect(self.reopen_after_restore)
        notes = self.settings.problems  # a broken protocol file: the workspace's banner says it
        if notes:
            window.statusBar().showMessage("; ".join(notes[:3]), 20000)
        self.window = window
        # with a context object, so a window closed before they fire cancels them
        QTimer.singleShot(0, workspace, workspace.first_run)
        QTimer.singleShot(0, workspace, workspace.offer_resume)
        QTimer.singleShot(0, workspace, workspace.file_care.start)  # notices, check, backups
        QTimer.singleShot(300, window, lambda: self._prepare_cues(workspace))
        from ui.setup_wiring import prepare_setup

        prepare_setup(workspace, after_ms=600)  # the first visit's set-up, built while idle
        self._start_checkpoints(database)
        QTimer.singleShot(0, settle_heap)
        return workspace

    def _prepare_cues(self, workspace: Workspace) -> None:
        """Load the sounds; where they cannot play, say so once and flash the screen instead
        (a cue the clinician never hears is no cue)."""
        cues = self.cues()
        cues.prepare()
        if cues.unavailable and self.settings["sounds"]:
            workspace.treatment_page.visual_cue = True
            workspace.file_care.banner.add(
                [
                    f"Sounds cannot play on this PC ({cues.unavailable}): the treatment screen "
                    "flashes at each cue instead (Settings → Visual cue)."
                ]
            )

    def _start_checkpoints(self, database: Database) -> None:
        """Commits never wait for a WAL checkpoint; a worker folds the WAL in every 20 s."""
        from ui.background import run_in_background

        database.defer_checkpoints()
        timer = QTimer(self.window)
        timer.setInterval(20_000)
        timer.timeout.connect(lambda: run_in_background(database.checkpoint))
        timer.start()

    def open(self, database: Database, title: str = TITLE) -> Workspace:
        """A new window over ``database`` (the demo clinic, the tour, the crash test)."""
        old = self.window
        window = MainWindow(title=title)
        fit_to_screen(window)
        workspace = self.attach(window, database)
        window.show()
        if old is not None:
            old.close()
        return workspace

    def reopen_after_restore(self, path: str, message: str, detail: str, clinician: int) -> None:
        """A backup was written over the file: open it afresh (upgraded if it is older) in a
        new window, and record the restore in the restored file's audit trail."""
        from artdesk.store import Action, StoreError, open_database

        old = self.window
        try:
            database = open_database(path)
        except StoreError as exc:
            QMessageBox.critical(
                old,
                "ART Desk",
                f"The backup was restored, but the file could not be opened again: {exc}. "
                "Close ART Desk and start it again.",
            )
            return
        title = old.windowTitle() if old is not None else TITLE
        workspace = self.open(database, title=title)
        workspace.file_care.banner.add([message])
        workspace.file_care.audit(Action.RESTORE, detail, clinician or None)

    def _on_demo_requested(self) -> None:
        from artdesk.demo import build_demo
        from artdesk.protocols import load_shipped_library
        from artdesk.store import PatientRepository, StoreError, open_database
        from artdesk.store.engine import default_db_path, sqlite_path

        # beside the file the program was opened on (--db), else in the user data folder
        here = sqlite_path(self.database.engine.url) if self.database is not None else None
        path = (
            here.with_name(f"{here.stem}-demo.sqlite")
            if here is not None
            else default_db_path().with_name("artdesk-demo.sqlite")
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            demo = open_database(path)
            if PatientRepository(demo).count() == 0:
                build_demo(demo, load_shipped_library(), patients=60, seed=1)
            self.open(demo, title=f"{TITLE} — DEMO CLINIC ({path})")
        except StoreError as exc:
            QMessageBox.warning(None, "Demo clinic", f"The demo clinic could not be made: {exc}")


def fit_to_screen(window: MainWindow) -> None:
    """1366×768, or the screen's free area if smaller (a 1024×600 netbook): nothing below the
    bottom edge."""
    window.resize(1366, 768)
    screen = QApplication.primaryScreen()
    free = screen.availableGeometry() if screen is not None else None
    if free is not None and (free.width() < 1366 or free.height() < 768):
        from PySide6.QtCore import Qt  # only here: the Qt namespace costs the first paint time

        window.resize(free.size())
        window.setWindowState(Qt.WindowState.WindowMaximized)  # the title bar inside it too


def settle_heap() -> None:
    """Move everything built at start-up out of the garbage collector's way.

    Without this a full collection walks every Qt wrapper and SQLAlchemy object made at
    start-up: a ~45 ms stall in the middle of a pass (benchmarks/ui_stall.py).
    """
    import gc

    gc.collect()
    gc.freeze()


def open_store(target: str | None) -> Database:
    """On a worker, while the early lock screen answers keys: the store imported and the
    database opened (upgraded if older), and the visit flow imported. Core code only: the
    window's own modules are imported on the UI thread (PySide6 makes its classes the first
    time they are read, which is not for two threads at once)."""
    from artdesk.store import open_database

    database = open_database(target)
    import artdesk.visit  # noqa: F401

    return database


def run_gui(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="artdesk", description="ART Desk window")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file or URL")
    args = parser.parse_args(list(argv[1:]))
    app = QApplication(list(argv[:1]))
    app.setApplicationName("ART Desk")
    from artdesk.settings import Settings  # no database code: it names the database

    settings = Settings.load()
    target = args.db or os.environ.get("ARTDESK_DB") or settings["database"] or None
    # read with plain sqlite3 before the store is imported: with sign-in on the lock screen and
    # its names (no patient's name before sign-in), else the patient list with its first page
    people = first_lock(target)
    window = MainWindow(title=TITLE, rows=None if people else first_page(target), people=people)
    fit_to_screen(window)
    from ui.errors import ErrorReporter

    ErrorReporter(window).install()  # nothing uncaught reaches the clinician as a traceback
    holder: list[Application] = []

    def refuse(exc: BaseException) -> None:
        from artdesk.store import StoreError

        if not isinstance(exc, StoreError):
            raise exc  # a bug: said by the error reporter
        QMessageBox.critical(window, "ART Desk cannot start", str(exc))
        app.exit(1)

    def attach(database: Database) -> None:
        from artdesk.store import StoreError

        try:
            holder[0].attach(window, database)
        except StoreError as exc:
            refuse(exc)

    def load() -> None:
        holder.append(Application(settings))
        if window.early_lock is not None:
            # the lock screen answers keys meanwhile: the name chosen, the PIN typed and Enter
            # go on to the session's lock page (MainWindow.set_workspace)
            from ui.background import run_in_background

            run_in_background(lambda: open_store(target), attach, refuse)
            return
        # the list's Enter would open nobody, the loading line takes no key: the store opens
        # here, and keys typed meanwhile wait for the workspace
        from artdesk.store import StoreError, open_database

        try:
            database = open_database(target)
        except StoreError as exc:
            refuse(exc)
            return
        attach(database)

    window.first_painted.connect(lambda: QTimer.singleShot(0, load))
    window.show()
    return app.exec()
