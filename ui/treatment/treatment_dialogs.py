"""Small keyboard-first dialogs used in treatment mode: note, findings, skip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.style import error_label, show_error, sized


class _PhraseList(QListWidget):
    """Digits 1–9 (or Enter) pick a phrase; any other character typed here is the start of a
    note of one's own (``typed``): N, then the words, with no key to reach the text box."""

    picked = Signal(str)
    typed = Signal(str)

    def __init__(self, phrases: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for n, phrase in enumerate(phrases, start=1):
            self.addItem(f"{n}. {phrase}" if n < 10 else phrase)
        self._phrases = list(phrases)
        self.setMaximumHeight(24 * max(2, len(phrases)) + 8)
        sized(self, 13)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= min(9, len(self._phrases)):
            self.picked.emit(self._phrases[int(text) - 1])
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.picked.emit(self._phrases[self.currentRow()])
            return
        commands = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if text and text.isprintable() and not event.modifiers() & commands:
            self.typed.emit(text)
            return
        super().keyPressEvent(event)


class NoteDialog(QDialog):
    """A note on the current structure. Signals: ``note_written(str)``."""

    note_written = Signal(str)

    def __init__(self, phrases: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.setMinimumWidth(560)
        self.phrases = _PhraseList(phrases)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        sized(self.text, 13)
        self.error = error_label()
        hint = QLabel("1–9 picks a phrase · or just type · Ctrl+Enter saves · Esc cancels")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.phrases)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.phrases.picked.connect(self._on_phrases_picked)
        self.phrases.typed.connect(self._on_phrases_typed)
        self.phrases.setFocus()

    @Slot(str)
    def _on_phrases_picked(self, phrase: str) -> None:
        current = self.text.toPlainText().rstrip()
        self.text.setPlainText(f"{current}\n{phrase}".strip() if current else phrase)
        self.text.setFocus()
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)

    @Slot(str)
    def _on_phrases_typed(self, text: str) -> None:
        self.text.setFocus()
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)
        self.text.insertPlainText(text)

    def save(self) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            show_error(self.error, "The note is empty: pick a phrase or type one.")
            return
        self.note_written.emit(text)
        self.accept()

    def show_problem(self, message: str) -> None:
        """Keep the dialog (and what was typed) open when the note could not be stored."""
        show_error(self.error, message)


class FindingDialog(QDialog):
    """Palpation findings. Signals: ``finding_made(object)`` with a dict of the values."""

    finding_made = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Findings")
        self.tension = self._grade(3)
        self.texture = self._grade(3)
        self.tenderness = self._grade(10)
        self.response = QLineEdit()
        self.response.setPlaceholderText("e.g. looser, familiar ache eased")
        self.error = error_label()
        form = QFormLayout()
        form.addRow("&Tension (0–3)", self.tension)
        form.addRow("Te&xture (0–3)", self.texture)
        form.addRow("Te&nderness (0–10)", self.tenderness)
        form.addRow("Patient &response", self.response)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Type a number in each box · Tab moves on · Enter saves"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.tension.setFocus()

    @staticmethod
    def _grade(high: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(-1, high)
        box.setSpecialValueText("—")  # -1: not graded
        box.setValue(-1)
        sized(box, 14)
        return box

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the form again (a finding whose save failed)."""
        for box, key in ((self.tension, "tension"), (self.texture, "texture")):
            box.setValue(-1 if values.get(key) is None else int(values[key]))
        tenderness = values.get("tenderness")
        self.tenderness.setValue(-1 if tenderness is None else int(tenderness))
        self.response.setText(str(values.get("response") or ""))

    def save(self) -> None:
        def value(box: QSpinBox) -> int | None:
            return None if box.value() < 0 else box.value()

        data = {
            "tension": value(self.tension),
            "texture": value(self.texture),
            "tenderness": value(self.tenderness),
            "response": self.response.text().strip(),
        }
        if all(v in (None, "") for v in data.values()):
            show_error(self.error, "Give at least one grade, a tenderness score or a response.")
            return
        self.finding_made.emit(data)
        self.accept()

    def show_problem(self, message: str) -> None:
        show_error(self.error, message)


class SkipDialog(QDialog):
    """Skip the current structure. Signals: ``skip_reason(str)``."""

    skip_reason = Signal(str)

    def __init__(
        self, reasons: Sequence[str], structure: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Skip structure")
        self.reasons = _PhraseList(reasons)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Reason")
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Skip {structure}? 1–9 picks a reason; Enter confirms."))
        layout.addWidget(self.reasons)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.reasons.picked.connect(self._on_reasons_picked)
        self.reasons.setFocus()

    @Slot(str)
    def _on_reasons_picked(self, reason: str) -> None:
        self.reason.setText(reason)
        self.reason.setFocus()

    def save(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            show_error(self.error, "A skip needs a reason.")
            return
        self.skip_reason.emit(reason)
        self.accept()

    def show_problem(self, message: str) -> None:
        show_error(self.error, message)
