"""A dialog or page waiting for its save on a worker (:mod:`ui.background`).

While the store works the owner says so where the clinician looks ("Signing…") and holds its
fields and buttons: nothing can be pressed twice, and nothing can be typed into what is already
being saved (it would be silently left out). Every word stays where it was. Released, the
fields come back with the keyboard focus where it was, so a refused save (a wrong PIN, a full
disk) is corrected and tried again without retyping.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ui.style import ERROR_STYLE

WORKING_STYLE = "color: #1f3b57; font-weight: 600;"


class Working:
    """Holds ``parts`` of ``owner`` and says what is being done in ``note`` (the owner's error
    line: the place the clinician looks for the outcome)."""

    def __init__(self, owner: QWidget, note: QLabel, parts: Sequence[QWidget]) -> None:
        self._owner = owner
        self._note = note
        self._parts = tuple(parts)
        self._focus: QWidget | None = None
        self.busy = False

    def hold(self, text: str) -> None:
        """Say ``text`` and hold the parts until :meth:`release`."""
        if not self.busy:
            focus = QApplication.focusWidget()
            inside = focus is not None and (focus is self._owner or self._owner.isAncestorOf(focus))
            self._focus = focus if inside else None
        self.busy = True
        self._note.setStyleSheet(WORKING_STYLE)
        self._note.setText(text)
        self._note.setVisible(True)
        for part in self._parts:
            part.setEnabled(False)

    def release(self) -> None:
        """Give the parts back (the focus too) and clear the note, for the outcome to fill."""
        if not self.busy or not shiboken6.isValid(self._owner):
            self.busy = False
            return
        self.busy = False
        for part in self._parts:
            part.setEnabled(True)
        self._note.setStyleSheet(ERROR_STYLE)
        self._note.setText("")
        self._note.setVisible(False)
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isEnabled():
            focus.setFocus()
