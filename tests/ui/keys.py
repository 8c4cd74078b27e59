"""What the clinician's hands do in treatment mode, as key presses on the treatment page.

Plain QTest, no pytest-qt: the crash child (``tests.ui.gui_child``) and the screenshot tour
(``tests.ui.tour``) drive the real program with these too. Each helper presses the key the
hints line shows, waits for the dialog it opens to be active with the focus inside, types, and
confirms the way a person does (Ctrl+Enter, Enter).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ui.treatment.treatment_dialogs import NoteDialog, SkipDialog
from ui.treatment.treatment_page import TreatmentPage

D = TypeVar("D", bound=QWidget)

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def wait_until(condition: Callable[[], object], what: str, timeout_ms: int = 3000) -> None:
    """Let Qt run until ``condition()`` holds; fail with ``what`` after ``timeout_ms``."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_ms} ms waiting for {what}")
        QTest.qWait(10)


def press(widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    QTest.keyClick(widget, key, modifier)


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as key presses; letters no key code covers (Ł, Ω, Ж…) arrive as a keyboard
    layout or an input method delivers them: a key event carrying the text."""
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, NO_MODIFIER, ch))


def paste_text(widget: QWidget, text: str) -> None:
    """Put ``text`` on the clipboard and paste it with Ctrl+V (a long text typed key by key
    takes seconds)."""
    QApplication.clipboard().setText(text)
    press(widget, Qt.Key.Key_V, CTRL)


def open_dialog(page: TreatmentPage, key: Qt.Key, kind: type[D]) -> D:
    """Press ``key`` on the page; return the dialog it opens once it is active and focused."""
    press(page, key)
    wait_until(lambda: isinstance(page.dialog, kind), f"a {kind.__name__} after {key.name}")
    dialog = page.dialog
    assert isinstance(dialog, kind)
    wait_until(lambda: QApplication.activeWindow() is dialog, f"the {kind.__name__} to be active")
    wait_until(lambda: _has_focus_in(dialog), f"the focus inside the {kind.__name__}")
    return dialog


def _has_focus_in(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and widget.isAncestorOf(focus)


def write_note(page: TreatmentPage, text: str, *, paste: bool = False) -> NoteDialog:
    """N, type (or paste) the note, Ctrl+Enter. Returns the dialog written in: closed, and
    when the note could not be stored, reopened as ``page.dialog`` with the text kept."""
    dialog = open_dialog(page, Qt.Key.Key_N, NoteDialog)
    (paste_text if paste else type_text)(dialog.text, text)
    press(dialog.text, Qt.Key.Key_Return, CTRL)
    return dialog


def skip_structure(page: TreatmentPage, reason: str) -> SkipDialog:
    """S, type the reason, Enter."""
    dialog = open_dialog(page, Qt.Key.Key_S, SkipDialog)
    type_text(dialog.reason, reason)
    press(dialog.reason, Qt.Key.Key_Return)
    return dialog


def finish_treatment(page: TreatmentPage) -> str:
    """W, then Enter on the confirmation (its default button is Yes), then the wrap-up's
    reading on a worker handed back; returns the question."""
    from ui.background import pending

    wait_until(
        lambda: page.isVisible() and page.runner is not None,
        "treatment mode (the visit is opened on a worker)",
    )
    box = open_dialog(page, Qt.Key.Key_W, QMessageBox)
    question = box.text()
    press(box, Qt.Key.Key_Return)
    wait_until(lambda: not box.isVisible(), "the finish confirmation to close")
    wait_until(lambda: not pending(), "the wrap-up to be read")
    return question


__all__ = [
    "CTRL",
    "finish_treatment",
    "open_dialog",
    "paste_text",
    "press",
    "skip_structure",
    "type_text",
    "wait_until",
    "write_note",
]
