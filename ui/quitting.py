"""Ctrl+Q quits, from any page (issue 14 item 7). With a visit under way it asks first: the
visit is saved as it goes and is offered again at the next start, and the question says so —
a clinician with a patient on the table never loses one to a slipped key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from ui.main_window import MainWindow

QUIT_KEYS = "Ctrl+Q"  # QKeySequence.Quit is empty on Windows: the same key everywhere


def install_quit(window: MainWindow) -> QAction:
    """Ctrl+Q on this window (once, however often the window is given a workspace)."""
    found = window.findChild(QAction, "quit")
    if found is not None:
        return found
    action = QAction("&Quit", window)
    action.setObjectName("quit")
    action.setShortcut(QKeySequence(QUIT_KEYS))
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.triggered.connect(lambda: ask_to_quit(window))
    window.addAction(action)
    return action


def ask_to_quit(window: MainWindow) -> None:
    workspace = window.workspace
    treatment = workspace.treatment if workspace is not None else None
    if workspace is None or treatment is None:
        _quit(window)
        return
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Quit ART Desk?",
        f"The visit with {treatment.patient_name or 'this patient'} is under way. Everything "
        "is saved: it is offered again, paused where it stopped, when ART Desk starts.\n\n"
        "Quit now?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)  # a slipped key does not quit
    box.setEscapeButton(QMessageBox.StandardButton.No)
    box.buttonClicked.connect(
        lambda button: (
            _quit(window) if box.standardButton(button) == QMessageBox.StandardButton.Yes else None
        )
    )
    workspace.dialogs.open(box)


def _quit(window: QMainWindow) -> None:
    window.close()  # the workspace's shutdown: drafts flushed, timers stopped, signed out
    app = QApplication.instance()
    if app is not None and not any(
        w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)
    ):
        app.quit()
