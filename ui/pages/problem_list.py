"""The protocol editor's list of problems at the bottom: each where it is and what is wrong,
as tall as its lines (up to four, then it scrolls), its caption counting them. Enter on one is
the dialog's to act on (``itemActivated``: go to the field or the line)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

from ui.pages.protocol_fields import wrapped_lines

ID = Qt.ItemDataRole.UserRole  # the problem's number in what was shown
SHOWN_LINES = 4


class ProblemList(QListWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.caption = QLabel("Pro&blems")
        self.caption.setBuddy(self)

    def show_lines(self, lines: list[str], spare_width: int, goes_to: str = "its field") -> None:
        """List ``lines`` (``spare_width``: the width to wrap at before the list is laid out;
        ``goes_to``: where Enter on one goes, as the caption says it)."""
        self.clear()
        for n, text in enumerate(lines):
            item = QListWidgetItem(text)
            item.setData(ID, n)
            self.addItem(item)
        count = len(lines)
        self.setVisible(bool(count))
        width = self.viewport().width() or spare_width
        said = sum(wrapped_lines(self, text, width) for text in lines)
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(line * min(max(said, 1), SHOWN_LINES) + 10)
        self.caption.setText(
            f"Pro&blems ({count}): fix them to save — Enter on one goes to {goes_to}"
            if count
            else "Pro&blems: none — ready to save"
        )
