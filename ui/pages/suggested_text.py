"""A free-text box the clinician writes (the visit's Assessment, its Plan), first filled with a
suggestion made from the visit — marked as one until the clinician changes it, and kept up to
date with the measures only while it is still untouched. Only what is in the box is signed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

SUGGESTED_STYLE = "QPlainTextEdit { background: #fff8dc; }"  # pale: not yet the clinician's


class SuggestedText(QWidget):
    """Signals: ``changed()`` when the clinician edits the text (not when it is suggested)."""

    changed = Signal()

    def __init__(
        self, caption: str, placeholder: str, height: int = 96, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._name = caption.replace("&", "")
        self.caption = QLabel(caption)
        self.box = QPlainTextEdit()
        self.box.setTabChangesFocus(True)
        self.box.setPlaceholderText(placeholder)
        self.box.setMaximumHeight(height)
        self.box.setAccessibleName(self._name)
        self.caption.setBuddy(self.box)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #7a5b00;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.box)
        layout.addWidget(self.note)
        self.edited = False
        self._suggestion = ""
        self._setting = False
        self.box.textChanged.connect(self._on_box_text_changed)

    def begin(self) -> None:
        self.edited = False
        self._suggestion = ""
        self._put("")

    def text(self) -> str:
        return self.box.toPlainText()

    def suggest(self, suggestion: str) -> None:
        """Show ``suggestion`` unless the clinician has written here."""
        self._suggestion = suggestion
        if not self.edited:
            self._put(suggestion)

    def _put(self, text: str) -> None:
        if text != self.box.toPlainText():
            self._setting = True
            try:
                self.box.setPlainText(text)
            finally:
                self._setting = False
        self._mark()

    def _mark(self) -> None:
        suggested = not self.edited and bool(self.box.toPlainText())
        self.box.setStyleSheet(SUGGESTED_STYLE if suggested else "")
        self.note.setText(
            "A suggestion from today's measures — edit it; what is in the box is signed."
            if suggested
            else ""
        )
        self.note.setVisible(suggested)

    def _on_box_text_changed(self) -> None:
        if self._setting:
            return
        self.edited = True
        self._mark()
        self.changed.emit()

    def draft(self) -> dict[str, object]:
        return {"text": self.text(), "edited": self.edited}

    def restore_draft(self, data: object) -> None:
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return
        self.edited = bool(data.get("edited"))
        self._put(data["text"])
