"""A scroll area that keeps the field with the keys in view, however the keys got there (Tab,
a mnemonic, a field focused because it needs correcting): on a 1024×600 screen the clinician
never types into a field scrolled out of sight."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget


def show_in(area: QScrollArea, widget: QWidget, margin: int = 30) -> None:
    """Scroll ``area`` up or down (never sideways: every line's start stays in view) until
    ``widget`` is in view."""
    inner = area.widget()
    if inner is None or not inner.isAncestorOf(widget):
        return
    bar = area.verticalScrollBar()
    top = widget.mapTo(inner, widget.rect().topLeft()).y()
    height = area.viewport().height()
    bottom = top + min(widget.height(), height - 2 * margin)
    if top - margin < bar.value():
        bar.setValue(top - margin)
    elif bottom + margin > bar.value() + height:
        bar.setValue(bottom + margin - height)


class _Follower(QObject):
    """Lives as the area's child: Qt drops its connection to the application's focus signal
    when the area (and so it) is destroyed — no closure over a dead widget, and no disconnect
    from a ``destroyed`` handler, which crashed the interpreter at exit."""

    def __init__(self, area: QScrollArea, margin: int) -> None:
        super().__init__(area)
        self._area = area
        self._margin = margin

    @Slot(QWidget, QWidget)
    def on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self._area.isVisible():
            show_in(self._area, new, self._margin)


def follow_focus(area: QScrollArea, margin: int = 30) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    follower = _Follower(area, margin)
    app.focusChanged.connect(follower.on_focus_changed)


class ColumnArea(QScrollArea):
    """The set-up's scrolling column, saying when its visible width changes (a signal from
    an override: an event filter on the page was still called while the page was being
    destroyed, and crashed the interpreter at exit)."""

    viewport_resized = Signal(int)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.viewport_resized.emit(self.viewport().width())
        return super().viewportEvent(event)
