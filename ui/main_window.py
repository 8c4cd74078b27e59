"""The main window: painted first, then given the workspace.

This module imports nothing but Qt (and, for a clinic that has patients, the patient list and
its rows read with plain ``sqlite3``), so the window paints as soon as a bare Qt window would:
with the first page of the patient list when the database has one to show, else a title and
a loading line. SQLAlchemy, the store and the other pages come after the first paint
(benchmarks/startup.py measures the difference).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow

if TYPE_CHECKING:
    from artdesk.patient_list import PatientRow
    from ui.workspace import Workspace


def first_page(target: str | None) -> list[PatientRow] | None:
    """The patient list's first page from the database ``--db``/``ARTDESK_DB``/the settings
    name (``target``, None: the default file), read before the store is imported; None when
    there is none to show early (see :func:`artdesk.patient_list.read_first_page`)."""
    from artdesk.patient_list import database_file, read_first_page
    from ui.models.patient_list_model import PatientListModel

    path = database_file(target)
    return read_first_page(path, PatientListModel.PAGE) if path is not None else None


class MainWindow(QMainWindow):
    """Signals: ``first_painted()`` once, after the window has been painted for the first time.

    ``rows``: the patient list's first page (:func:`first_page`): the window opens on the
    patient list with them, and the workspace's own list (the same rows, from the store) takes
    its place when the database is open — nothing blank or loading in between.
    """

    first_painted = Signal()

    def __init__(self, title: str = "ART Desk", rows: list[PatientRow] | None = None) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.workspace: Workspace | None = None
        self._painted = False
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

    def set_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        early = getattr(self.centralWidget(), "search", None)  # the early list's search box
        typed = early.text() if early is not None else ""
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

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace is not None:
            self.workspace.shutdown()
        super().closeEvent(event)
