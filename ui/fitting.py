"""Dialogs open at the size they read best at, or smaller on a small screen (a 1024×600
netbook): their buttons are never below the bottom edge."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

TITLE_AND_PANEL = 48  # the window's title bar and a desktop panel, in pixels
SIDES = 24


def fitted(dialog: QWidget, width: int, height: int) -> None:
    """Resize ``dialog`` to ``width`` × ``height``, or to the screen's free area less room for
    its title bar, whichever is smaller."""
    screen = available(dialog)
    dialog.resize(
        min(width, screen.width() - SIDES), min(height, screen.height() - TITLE_AND_PANEL)
    )


def available(widget: QWidget) -> QRect:
    """The free area of the widget's screen (tests put a 1024×600 netbook here)."""
    return widget.screen().availableGeometry()


def fit_on_screen(dialog: QWidget) -> None:
    """No bigger than the screen's free area less its title bar (every dialog the window opens
    goes through this): a dialog that would run off a 1024×600 screen is made smaller, and its
    content scrolls where it was built to."""
    screen = available(dialog)
    room_w, room_h = screen.width() - SIDES, screen.height() - TITLE_AND_PANEL
    hint = dialog.size() if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized) else None
    hint = hint or dialog.sizeHint()
    if hint.width() > room_w or hint.height() > room_h:
        dialog.resize(min(hint.width(), room_w), min(hint.height(), room_h))
