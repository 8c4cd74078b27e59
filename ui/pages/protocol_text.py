"""A protocol file as its text, in the editor: for a clinic file that is not TOML the form can
read (a quote left open half-way), or any protocol the clinician would rather fix by hand.

The lines a problem names are marked; the line and column of the cursor are said under the
text, as the problem list says them. Tab moves on (it types no tab: TOML needs none).
Signals: ``changed()`` (typed into; forwarded from Qt's own signal).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

MARK = QColor("#fde2e1")  # the problem colour of the banner, pale: the text stays readable
NOTE = (
    "The file as text, checked as you type: the lines marked have a problem (the list below "
    "says what). Fix them here and Save writes the file in place, its comments kept and its "
    "version moved on; or, once it reads, Ctrl+E opens it in the form (the form keeps every "
    "value, not the comments)."
)


class ProtocolTextPane(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel(NOTE)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName("The protocol file's text")
        self.edit.setStyleSheet('QPlainTextEdit { font-family: "DejaVu Sans Mono", monospace; }')
        self.position = QLabel()
        self.position.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.position)
        self._marked: list[int] = []
        self.edit.textChanged.connect(self.changed)  # C++ to C++: no Python emit() per key
        self.edit.cursorPositionChanged.connect(self._on_edit_cursor_position_changed)
        self._on_edit_cursor_position_changed()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str, *, keep_cursor: bool = False) -> None:
        """Show ``text``; ``keep_cursor``: at the same line and column (after a save)."""
        cursor = self.edit.textCursor()
        line, column = cursor.blockNumber() + 1, cursor.positionInBlock() + 1
        self.edit.setPlainText(text)
        if keep_cursor:
            self.go_to(line, column, focus=False)

    def mark(self, lines: list[int]) -> None:
        """Mark these lines (1-based) as having a problem; no others."""
        self._marked = sorted(set(lines))
        marks = []
        document = self.edit.document()
        for line in self._marked:
            block = document.findBlockByNumber(line - 1)
            if not block.isValid():
                block = document.lastBlock()
            mark = QTextEdit.ExtraSelection()
            mark.format.setBackground(MARK)
            mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            mark.cursor = QTextCursor(block)
            marks.append(mark)
        self.edit.setExtraSelections(marks)
        self._on_edit_cursor_position_changed()

    def marked(self) -> list[int]:
        return list(self._marked)

    def go_to(self, line: int, column: int | None = None, *, focus: bool = True) -> None:
        """The cursor to ``line`` (and ``column``, 1-based), in view, the keys in the text."""
        document = self.edit.document()
        block = document.findBlockByNumber(max(line, 1) - 1)
        if not block.isValid():
            block = document.lastBlock()
        cursor = QTextCursor(block)
        if column is not None:
            offset = min(max(column, 1) - 1, max(block.length() - 1, 0))
            cursor.movePosition(
                QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, offset
            )
        self.edit.setTextCursor(cursor)
        self.edit.centerCursor()
        if focus:
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_edit_cursor_position_changed(self) -> None:
        cursor = self.edit.textCursor()
        line = cursor.blockNumber() + 1
        lines = self.edit.document().blockCount()
        said = f"Line {line} of {lines}, column {cursor.positionInBlock() + 1}"
        if line in self._marked:
            said += " — this line has a problem"
        self.position.setText(said)
