"""Dialogs open at the size they read best at, or smaller on a small screen (a 1024×600
netbook): their buttons are never below the bottom edge."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

TITLE_AND_PANEL = 48  # the window's title bar and a desktop panel, in pixels
SIDES = 24


def fitted(dialog: QWidget, width: int, height: int) -> None:
    """Resize ``dialog`` to ``width`` × ``height``, or to the screen's free area less room for
    its title bar, whichever is smaller."""
    screen = dialog.screen().availableGeometry()
    dialog.resize(
        min(width, screen.width() - SIDES), min(height, screen.height() - TITLE_AND_PANEL)
    )
