"""The one way the window opens a dialog: window-modal, without blocking the event loop.

``open()`` (not ``exec()``) keeps the treatment timers painting and lets the keyboard tests
drive a dialog like any other widget; ``current`` is the dialog that is open now, if any.
"""

from __future__ import annotations

from datetime import datetime

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ui.fitting import fit_on_screen


class DialogOpener(QObject):
    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self._owner = owner
        self.current: QDialog | QMessageBox | None = None

    def open(
        self,
        dialog: QDialog | QMessageBox,
        refocus: QWidget | None = None,
        over: QDialog | None = None,
    ) -> None:
        """Open ``dialog``; when it closes the keys go back to ``over`` (the dialog it asks
        for, e.g. a confirmation over the Backups list) if still open, else to ``refocus``
        (or the window)."""
        under = over if over is not None and over.isVisible() else None
        fit_on_screen(dialog)  # its buttons in view on a 1024×600 screen
        self.current = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog, refocus, under))
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()

    def _closed(
        self,
        dialog: QDialog | QMessageBox,
        refocus: QWidget | None,
        under: QDialog | QMessageBox | None = None,
    ) -> None:
        if dialog is not self.current:
            return  # e.g. a refused note closing after its reopened copy: that one stays current
        if under is not None and shiboken6.isValid(under) and under.isVisible():
            self.current = under
            under.activateWindow()
            return
        self.current = None
        self._owner.window().activateWindow()  # give the keys back to the page underneath
        if refocus is not None:
            refocus.setFocus()


def resume_question(parent: QWidget, patient_name: str, started_at: datetime) -> QMessageBox:
    """After a crash or a power cut: carry on with the unfinished visit? (Yes is the default.)"""
    when = started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Resume the visit?",
        f"The visit with {patient_name} started {when} was not finished.\n"
        "Resume it where it stopped?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box
