"""A banner across the top of the window for what the clinic must read about its file: what
opening found and set aside, what the start-up check found, a daily backup that failed.

It stays until dismissed (a status line is gone in seconds). Signals: ``backups_requested()``
(its Backups… button), ``dismissed()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

NOTICE_STYLE = "QFrame#notice { background: #fff3cd; border: 2px solid #e0a800; }"
PROBLEM_STYLE = "QFrame#notice { background: #fde2e1; border: 2px solid #b00020; }"


class NoticeBanner(QFrame):
    backups_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setStyleSheet(NOTICE_STYLE)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 700; background: transparent; border: none;")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setStyleSheet("background: transparent; border: none;")
        self.backups_button = QPushButton("&Backups…")
        self.dismiss_button = QPushButton("&Dismiss")
        for button in (self.backups_button, self.dismiss_button):
            button.setAutoDefault(False)
        words = QVBoxLayout()
        words.addWidget(self.title)
        words.addWidget(self.text)
        buttons = QVBoxLayout()
        buttons.addWidget(self.backups_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(words, 1)
        layout.addLayout(buttons)
        self.backups_button.clicked.connect(self.backups_requested)
        self.dismiss_button.clicked.connect(self.dismiss)
        self._lines: list[str] = []
        self._problem = False
        # as tall as its lines, never more: a page below that does not fill the window (the
        # lock screen) leaves the room empty, not to a banner half the screen high
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setVisible(False)

    def add(self, lines: list[str], *, problem: bool = False) -> None:
        """Show ``lines`` (after any already shown); a problem turns the banner red."""
        for line in lines:
            line = line[:1].upper() + line[1:]
            if line and line not in self._lines:
                self._lines.append(line)
        self._problem = self._problem or problem
        self.setStyleSheet(PROBLEM_STYLE if self._problem else NOTICE_STYLE)
        self.title.setText(
            "The clinic database has a problem" if self._problem else "About the clinic database"
        )
        self.text.setText("\n".join(f"• {line}" for line in self._lines))
        self.setVisible(bool(self._lines))

    def lines(self) -> list[str]:
        return list(self._lines)

    def is_problem(self) -> bool:
        return self._problem

    def dismiss(self) -> None:
        self._lines, self._problem = [], False
        self.setVisible(False)
        self.dismissed.emit()
