"""The main window: painted first (a title and a loading line), then given the workspace.

This module imports nothing but Qt, so the window paints as soon as a bare Qt window would;
the database, the store and the pages come after the first paint (benchmarks/startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow

if TYPE_CHECKING:
    from ui.workspace import Workspace


class MainWindow(QMainWindow):
    """Signals: ``first_painted()`` once, after the window has been painted for the first time."""

    first_painted = Signal()

    def __init__(self, title: str = "ART Desk") -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.workspace: Workspace | None = None
        self._painted = False
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
        self.setCentralWidget(workspace)
        workspace.message.connect(self.statusBar().showMessage)
        workspace.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace is not None:
            self.workspace.shutdown()
        super().closeEvent(event)
