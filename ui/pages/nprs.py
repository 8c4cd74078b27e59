"""Pain 0–10 as eleven large buttons; the digit keys pick too ("1" then "0" is 10)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from ui.style import sized


class NprsPicker(QWidget):
    """Signals: ``value_changed(int)`` when the clinician picks a score."""

    value_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Pain 0 to 10")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for score in range(11):
            button = QPushButton(str(score))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the picker takes the keys
            button.setMinimumSize(44, 44)
            button.setStyleSheet(
                "QPushButton:checked { background: #1f5fbf; color: white; border-radius: 4px; }"
            )
            sized(button, 16, bold=True)
            self._group.addButton(button, score)
            layout.addWidget(button)
        self._group.idClicked.connect(self._on_group_id_clicked)
        self._last_key: str | None = None

    def value(self) -> int | None:
        checked = self._group.checkedId()
        return None if checked < 0 else checked

    def set_value(self, value: int | None) -> None:
        if value is None:
            self._group.setExclusive(False)
            for button in self._group.buttons():
                button.setChecked(False)
            self._group.setExclusive(True)
            return
        self._group.button(value).setChecked(True)
        self.value_changed.emit(value)

    def _on_group_id_clicked(self, score: int) -> None:
        self.value_changed.emit(score)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and len(text) == 1:
            if text == "0" and self._last_key == "1" and self.value() == 1:
                self.set_value(10)
            else:
                self.set_value(int(text))
            self._last_key = text
            return
        self._last_key = None
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Down) and self.value():
            self.set_value(max(0, (self.value() or 0) - 1))
            return
        if event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            current = self.value()
            self.set_value(0 if current is None else min(10, current + 1))
            return
        super().keyPressEvent(event)
