"""The safety screen as checkboxes grouped stop / not at the site / precaution."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from artdesk.screening import Decision, Group, Screen
from ui.style import STOP_BANNER_STYLE, error_label, show_error


class ScreeningWidget(QWidget):
    """A ticked box means the patient has it. Signals: ``changed()``."""

    changed = Signal()

    def __init__(self, screen: Screen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._screen = screen
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for group in Group:
            items = screen.in_group(group)
            if not items:
                continue
            box = QGroupBox(group.heading)
            inner = QVBoxLayout(box)
            inner.setSpacing(2)
            for item in items:
                check = QCheckBox(item.question)
                check.toggled.connect(self._on_box_toggled)
                self.boxes[item.id] = check
                inner.addWidget(check)
            layout.addWidget(box)
        self.stop_note = QLabel()
        self.stop_note.setWordWrap(True)
        self.stop_note.setStyleSheet(STOP_BANNER_STYLE)
        self.stop_note.setVisible(False)
        self.override = QPlainTextEdit()
        self.override.setTabChangesFocus(True)
        self.override.setPlaceholderText(
            "Reason for treating despite a stop answer (e.g. cleared by the GP today, letter seen)"
        )
        self.override.setMaximumHeight(70)
        self.override.setVisible(False)
        self.override.textChanged.connect(self.changed)
        self.error = error_label()
        layout.addWidget(self.stop_note)
        layout.addWidget(self.override)
        layout.addWidget(self.error)

    def answers(self) -> dict[str, bool]:
        return {key: box.isChecked() for key, box in self.boxes.items()}

    def decision(self) -> Decision:
        return self._screen.decide(self.answers(), self.override.toPlainText())

    def show_problem(self, message: str | None) -> None:
        show_error(self.error, message)

    @Slot(bool)
    def _on_box_toggled(self, _checked: bool) -> None:
        decision = self.decision()
        stopped = bool(decision.stops)
        self.stop_note.setVisible(stopped)
        self.override.setVisible(stopped)
        if stopped:
            self.stop_note.setText(
                "Stop and refer. Treatment is blocked unless you write why you treat anyway."
            )
        self.changed.emit()
