"""The main window: painted first, then given the workspace.

This module imports nothing but Qt (and, for a clinic that has patients, the patient list and
its rows read with plain ``sqlite3``), so the window paints as soon as a bare Qt window would:
with the first page of the patient list when the database has one to show; with sign-in on
(no patient's name before sign-in) with the lock screen itself, its names read the same way;
else a title and a loading line. SQLAlchemy, the store and the other pages come after the
first paint (benchmarks/startup.py measures the difference).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow

if TYPE_CHECKING:
    from artdesk.clinician_list import SignInName
    from artdesk.patient_list import PatientRow
    from ui.pages.lock_page import LockPage
    from ui.workspace import Workspace


def first_page(target: str | None) -> list[PatientRow] | None:
    """The patient list's first page from the database ``--db``/``ARTDESK_DB``/the settings
    name (``target``, None: the default file), read before the store is imported; None when
    there is none to show early (see :func:`artdesk.patient_list.read_first_page`)."""
    from artdesk.patient_list import database_file, read_first_page
    from ui.models.patient_list_model import PatientListModel

    path = database_file(target)
    return read_first_page(path, PatientListModel.PAGE) if path is not None else None


def first_lock(target: str | None) -> list[SignInName] | None:
    """With sign-in on, the lock screen's names from the database ``target`` (as for
    :func:`first_page`), read before the store is imported; None when the window does not open
    on the lock screen early (see :func:`artdesk.clinician_list.read_sign_in`)."""
    from artdesk.clinician_list import read_sign_in
    from artdesk.patient_list import database_file

    path = database_file(target)
    return read_sign_in(path) if path is not None else None


class MainWindow(QMainWindow):
    """Signals: ``first_painted()`` once, after the window has been painted for the first time.

    ``rows``: the patient list's first page (:func:`first_page`): the window opens on the
    patient list with them, and the workspace's own list (the same rows, from the store) takes
    its place when the database is open — nothing blank or loading in between.

    ``people``: sign-in is on (:func:`first_lock`): the window opens on the lock screen with
    them instead. The clinician chooses their name and types their PIN at once; Enter says
    "Checking…" and waits. The session's lock page takes over the name, what was typed and the
    sign-in asked for (:meth:`set_workspace`): only the session checks a secret and signs
    anyone in, never this page.
    """

    first_painted = Signal()

    def __init__(
        self,
        title: str = "ART Desk",
        rows: list[PatientRow] | None = None,
        people: list[SignInName] | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.workspace: Workspace | None = None
        self.early_lock: LockPage | None = None
        self._painted = False
        if people:
            from ui.pages.lock_page import CHOOSE, LockPage

            self.early_lock = page = LockPage()
            page.begin(people, None, CHOOSE)
            page.sign_in_requested.connect(self._on_early_lock_sign_in_requested)
            self.statusBar()  # the workspace's window has one: the page stays where it is
            self.setCentralWidget(page)
            page.focus_first_field()  # in the window now: its keys once it is shown
            return
        if rows:
            from ui.models.patient_list_model import FirstPageModel
            from ui.pages.patients_page import PatientsPage

            self.setCentralWidget(PatientsPage(FirstPageModel(rows)))
            return
        loading = QLabel("ART Desk\nOpening the clinic database…")
        # A style sheet rather than Qt.AlignmentFlag: touching the Qt namespace builds ~110
        # enums (≈15 ms), which this first paint does not need to wait for.
        loading.setStyleSheet("qproperty-alignment: AlignCenter; font-size: 18pt;")
        self.setCentralWidget(loading)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    @Slot(int, str)
    def _on_early_lock_sign_in_requested(self, _clinician: int, _secret: str) -> None:
        """Enter before the store is open: said as the session's page says it; the session
        checks it once it is there (the secret stays in the field until then)."""
        if self.early_lock is not None:
            self.early_lock.hold("Checking…")

    def set_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        early = getattr(self.centralWidget(), "search", None)  # the early list's search box
        typed = early.text() if early is not None else ""
        locked = None
        if self.early_lock is not None:  # what was chosen and typed on the early lock screen
            locked = self.early_lock.typed()
            self.early_lock.clear_secret()  # nothing typed stays behind in a widget
            self.early_lock = None
        self.setCentralWidget(workspace)
        workspace.message.connect(self.statusBar().showMessage)
        if typed and workspace.stack.currentWidget() is workspace.patients_page:
            workspace.patients_page.search.setText(typed)  # typed before the store opened
        # the keys where the page shown takes them (the list's search box, the lock screen's
        # PIN): the early list's search box went with it, and a name typed at once (queued
        # while the store opened) would have gone nowhere
        page = workspace.session.screens.currentWidget()
        if page is workspace.session.content:
            page = workspace.stack.currentWidget()
        focus_first = getattr(page, "focus_first_field", None)
        if callable(focus_first):
            focus_first()
        else:
            workspace.setFocus()
        if locked is not None and workspace.session.locked:  # (sign-in off now: dropped)
            workspace.session.carry_over(locked)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace is not None:
            self.workspace.shutdown()
        super().closeEvent(event)
