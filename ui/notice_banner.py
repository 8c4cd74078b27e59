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

SHOWN = 6  # lines shown at most; more: the first ones, how many more, the last one (Details…)
LINE = 600  # characters of a line shown at most (a path stays whole; Details… has every line)
NOTICE_STYLE = "QFrame#notice { background: #fff3cd; border: 2px solid #e0a800; }"
PROBLEM_STYLE = "QFrame#notice { background: #fde2e1; border: 2px solid #b00020; }"


def _short(line: str, limit: int = LINE) -> str:
    """A line as the banner shows it: a very long one cut (Details… has it whole)."""
    return line if len(line) <= limit else line[: limit - 1] + "…"


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
        # every line, when not all are shown (no Alt key: the pages below use the letters)
        self.details_button = QPushButton("Details…")
        self.details_button.setVisible(False)
        self.dismiss_button = QPushButton("&Dismiss")
        for button in (self.backups_button, self.details_button, self.dismiss_button):
            button.setAutoDefault(False)
        words = QVBoxLayout()
        words.addWidget(self.title)
        words.addWidget(self.text)
        buttons = QVBoxLayout()
        buttons.addWidget(self.backups_button)
        buttons.addWidget(self.details_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(words, 1)
        layout.addLayout(buttons)
        self.backups_button.clicked.connect(self.backups_requested)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.details_button.clicked.connect(self.show_details)
        self._lines: list[str] = []
        self._problems: set[str] = set()  # the lines that are problems (the banner red)
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
            if line and problem:
                self._problems.add(line)
        self._refresh()

    def remove(self, lines: list[str]) -> None:
        """Take away lines no longer true (a protocol file fixed); gone with the last line."""
        said = {line[:1].upper() + line[1:] for line in lines}
        self._lines = [line for line in self._lines if line not in said]
        self._problems -= said
        self._refresh()

    def _refresh(self) -> None:
        self._problem = any(line in self._problems for line in self._lines)
        self.setStyleSheet(PROBLEM_STYLE if self._problem else NOTICE_STYLE)
        self.title.setText(
            "The clinic database has a problem" if self._problem else "About the clinic database"
        )
        shown = self._lines
        if len(shown) > SHOWN:  # a long list (every altered visit) would cover the window
            more = len(shown) - (SHOWN - 2)
            shown = [*shown[: SHOWN - 2], f"… and {more - 1} more (Details… lists them all)"]
            shown.append(self._lines[-1])  # the last says what to do (how to restore)
        cut = len(self._lines) > SHOWN or any(len(line) > LINE for line in self._lines)
        self.details_button.setVisible(cut)
        self.text.setText("\n".join(f"• {_short(line)}" for line in shown))
        self.setVisible(bool(self._lines))

    def lines(self) -> list[str]:
        return list(self._lines)

    def is_problem(self) -> bool:
        return self._problem

    def show_details(self) -> None:
        """Every line, in a dialog that scrolls (and can be copied from)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Warning if self._problem else QMessageBox.Icon.Information,
            self.title.text(),
            f"{len(self._lines)} lines; all of them under Show Details.",
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setDetailedText("\n".join(self._lines))
        box.open()
        self.details = box

    def dismiss(self) -> None:
        self._lines, self._problem = [], False
        self._problems.clear()
        self.details_button.setVisible(False)
        self.setVisible(False)
        self.dismissed.emit()
