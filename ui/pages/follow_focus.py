"""A scroll area that keeps the field with the keys in view, however the keys got there (Tab,
a mnemonic, a field focused because it needs correcting): on a 1024×600 screen the clinician
never types into a field scrolled out of sight."""

from __future__ import annotations

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


def follow_focus(area: QScrollArea, margin: int = 30) -> None:
    def on_focus_changed(_old: QWidget | None, new: QWidget | None) -> None:
        try:
            if new is not None and area.isVisible():
                show_in(area, new, margin)
        except RuntimeError:  # the area is gone (a window closed): nothing to follow
            pass

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.focusChanged.connect(on_focus_changed)
    area.destroyed.connect(lambda *_: app.focusChanged.disconnect(on_focus_changed))
