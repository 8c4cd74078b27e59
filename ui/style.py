"""Fonts and colours used across the window, in one place."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

W = TypeVar("W", bound=QWidget)

ERROR_STYLE = "color: #b00020; font-weight: 600;"
# a structure's precautions on the treatment screen: dark amber on pale, readable at two metres
CAUTION_STYLE = "color: #7a3e00; background: #fff4e0; padding: 0 6px;"
BANNER_STYLE = (
    "background: #fff3cd; color: #5c4400; border: 2px solid #e0a800; border-radius: 6px;"
    " padding: 6px 10px; font-weight: 600;"
)
STOP_BANNER_STYLE = (
    "background: #fde2e1; color: #7a0010; border: 2px solid #b00020; border-radius: 6px;"
    " padding: 6px 10px; font-weight: 600;"
)


def sized(widget: W, points: float, *, bold: bool = False) -> W:
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    widget.setFont(font)
    return widget


def error_label() -> QLabel:
    """An inline error under a field: empty (and taking no space) until there is a problem."""
    label = QLabel()
    # a problem may quote what was typed: <b>&. By name, not Qt.TextFormat: the lock screen
    # paints before anything reads the Qt namespace (ui/icons.py)
    label.setProperty("textFormat", "PlainText")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))
