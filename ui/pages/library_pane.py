"""The protocol editor's left side: the library with where each protocol comes from, Copy and
New, and the files that did not load (with what is wrong in each).

Signals: ``copy_requested()`` (Copy, or Enter on a protocol), ``new_requested()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from artdesk.protocols import Library
from artdesk.protocols.clinic import SHIPPED, origin_words
from ui.style import ERROR_STYLE

ID = Qt.ItemDataRole.UserRole


class LibraryPane(QWidget):
    copy_requested = Signal()
    new_requested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.list = QListWidget()
        self.list.setWordWrap(True)
        caption = QLabel("Librar&y")
        caption.setBuddy(self.list)
        self.copy_button = QPushButton("Copy  (Ctrl+D)")
        self.copy_button.setToolTip("Edit a copy of the chosen protocol (Enter in the list)")
        self.new_button = QPushButton("New  (Ctrl+N)")
        self.new_button.setToolTip("Start a new, empty protocol")
        self.broken_caption = QLabel("Files that did not load (fix them, or save over them):")
        self.broken_caption.setWordWrap(True)
        self.broken = QListWidget()
        self.broken.setWordWrap(True)
        self.broken.setMaximumHeight(120)
        self.broken.setStyleSheet(ERROR_STYLE)
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.list, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.broken_caption)
        layout.addWidget(self.broken, 1)
        self.setMinimumWidth(210)
        self.copy_button.clicked.connect(self.copy_requested)
        self.new_button.clicked.connect(self.new_requested)
        self.list.itemActivated.connect(self._on_list_item_activated)

    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, _item: QListWidgetItem) -> None:
        self.copy_requested.emit()  # not a lambda: it would hand emit's bool back to Qt

    def fill(self, select: str | None = None) -> None:
        """List the library again (after a save reloaded it), keeping or making a choice."""
        chosen = select or self.chosen()
        self.list.clear()
        for protocol in self._library.sorted():
            origin = origin_words(self._library.origins.get(protocol.id, SHIPPED))
            item = QListWidgetItem(
                f"{protocol.name}\n{protocol.id} · v{protocol.version} · {origin}"
            )
            item.setData(ID, protocol.id)
            item.setToolTip(self._library.sources.get(protocol.id, ""))
            self.list.addItem(item)
            if protocol.id == chosen:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.broken.clear()
        for problem in self._library.problems:
            self.broken.addItem(str(problem))
        has = bool(self._library.problems)
        self.broken_caption.setVisible(has)
        self.broken.setVisible(has)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID) if item is not None else None

    def focus_widgets(self) -> list[QWidget]:
        return [self.list, self.copy_button, self.new_button, self.broken]
