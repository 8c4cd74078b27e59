"""The one way the window opens a dialog: window-modal, without blocking the event loop.

``open()`` (not ``exec()``) keeps the treatment timers painting and lets the keyboard tests
drive a dialog like any other widget; ``current`` is the dialog that is open now, if any.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


class DialogOpener(QObject):
    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self._owner = owner
        self.current: QDialog | QMessageBox | None = None

    def open(self, dialog: QDialog | QMessageBox) -> None:
        self.current = dialog
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        self.current = None
        self._owner.window().activateWindow()  # give the keys back to the page underneath
