"""The protocol editor's left side: the library with where each protocol comes from, Copy and
New, and the clinic's files that do not load, each marked with what is wrong in it (Alt+F,
then Enter, or "Open to fix", opens one in the editor to fix it).

Signals: ``copy_requested()`` (Copy, or Enter on a protocol), ``new_requested()``,
``fix_requested()`` (Open to fix, or Enter on a file that does not load).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
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
from artdesk.protocols.draft import place_of, problem_words
from artdesk.protocols.loader import BrokenFile
from ui.style import ERROR_STYLE

ID = Qt.ItemDataRole.UserRole
WHY = 90  # characters of a broken file's first problem in the list (its tooltip has all)


class LibraryPane(QWidget):
    copy_requested = Signal()
    new_requested = Signal()
    fix_requested = Signal()

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
        self.broken_caption = QLabel("&Files that do not load — Enter opens one to fix it:")
        self.broken_caption.setWordWrap(True)
        self.broken = QListWidget()
        self.broken.setWordWrap(True)
        self.broken.setMaximumHeight(120)
        self.broken.setStyleSheet(ERROR_STYLE)
        self.broken_caption.setBuddy(self.broken)
        self.fix_button = QPushButton("Open to fix  (Enter)")
        self.fix_button.setToolTip("Open the chosen file, each problem at its field, to fix it")
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
        layout.addWidget(self.fix_button)
        self.setMinimumWidth(210)
        self.copy_button.clicked.connect(self.copy_requested)
        self.new_button.clicked.connect(self.new_requested)
        self.fix_button.clicked.connect(self.fix_requested)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.broken.itemActivated.connect(self._on_broken_item_activated)
        self.broken.currentRowChanged.connect(self._on_broken_current_row_changed)

    # Enter is still being handled when a list says it was activated: a question opened now
    # ("save the changes first?") would be answered by the same key — the dialog hands an
    # Enter the list leaves to every default button it holds, the question's Save too. So
    # the news goes out once the key is done.
    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, _item: QListWidgetItem) -> None:
        QTimer.singleShot(0, self._copy_now)

    @Slot(QListWidgetItem)
    def _on_broken_item_activated(self, _item: QListWidgetItem) -> None:
        QTimer.singleShot(0, self._fix_now)

    @Slot()
    def _copy_now(self) -> None:
        self.copy_requested.emit()  # not a lambda: it would hand emit's bool back to Qt

    @Slot()
    def _fix_now(self) -> None:
        self.fix_requested.emit()

    @Slot(int)
    def _on_broken_current_row_changed(self, _row: int) -> None:
        self.fix_button.setEnabled(self.chosen_broken() is not None)

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
        self._fill_broken()

    def _fill_broken(self) -> None:
        """Each clinic file that does not load, openable; any other problem (a folder that is
        a file) as it is said."""
        self.broken.clear()
        files = {b.path for b in self._library.broken}
        for n, broken in enumerate(self._library.broken):
            item = QListWidgetItem(f"⚠ {broken.name} — does not load\n{_why(broken)}")
            item.setData(ID, n)
            item.setToolTip("\n".join([broken.path, *(str(p) for p in broken.problems)]))
            self.broken.addItem(item)
        for problem in self._library.problems:
            if problem.file not in files:
                self.broken.addItem(str(problem))
        if self._library.broken:
            self.broken.setCurrentRow(0)
        has = self.broken.count() > 0
        self.broken_caption.setVisible(has)
        self.broken.setVisible(has)
        self.fix_button.setVisible(bool(self._library.broken))
        self._on_broken_current_row_changed(self.broken.currentRow())

    def chosen_broken(self) -> BrokenFile | None:
        """The file that does not load chosen in its list (None: none, or not a file)."""
        item = self.broken.currentItem()
        n = item.data(ID) if item is not None else None
        return self._library.broken[n] if isinstance(n, int) else None

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID) if item is not None else None

    def focus_widgets(self) -> list[QWidget]:
        return [self.list, self.copy_button, self.new_button, self.broken, self.fix_button]


def _why(broken: BrokenFile) -> str:
    """What is wrong, in a line or two: the first problem (cut, whole in the tooltip) and how
    many more."""
    if not broken.problems:
        return ""
    first = broken.problems[0]
    place = place_of(first.field)
    field = place.field.replace("_", " ")
    if place.line is not None:
        where = f"line {place.line}"
    elif place.structure is not None:
        where = f"structure {place.structure + 1}, {field or 'structure'}"
    else:
        where = field or "file"
    said = f"{where}: {problem_words(place, first.message)}"
    said = said if len(said) <= WHY else said[: WHY - 1] + "…"
    more = len(broken.problems) - 1
    return said + (f" (and {more} more)" if more else "")
