"""Backups: the copies kept beside the clinic database, Back up now, Copy to a file…, Restore….

It lays out and asks; :class:`ui.file_care.FileCare` decides and does the work. Signals:
``back_up_requested()``, ``copy_requested()``, ``restore_requested(object)`` (the chosen
:class:`artdesk.store.backup.BackupFile`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from artdesk.store.backup import BackupFile
from ui.style import error_label, show_error, sized

COLUMNS = ("Taken", "Kind", "Size")


def kind_in_words(label: str) -> str:
    """What a backup's label means, as the clinic would say it."""
    if label == "daily":
        return "daily"
    if label == "before-open":
        return "before opening, with files found beside it"
    if label == "before-restore":
        return "before a restore"
    if label.startswith("before-down-"):
        return f"before going back to version {label.removeprefix('before-down-')}"
    if label.startswith("before-"):
        return f"before upgrade to {label.removeprefix('before-')}"
    if label == "manual":
        return "backed up by hand"
    return "copy"


def size_in_words(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def when_in_words(backup: BackupFile) -> str:
    return backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")


class BackupsDialog(QDialog):
    back_up_requested = Signal()
    copy_requested = Signal()
    restore_requested = Signal(object)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.setMinimumWidth(620)
        self._backups: list[BackupFile] = []
        intro = QLabel(
            f"Copies of the clinic database kept in {folder}. ART Desk takes one before every "
            "upgrade, before opening a file that had another file beside it, before every "
            "restore, and once a day while it is open."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("Backups, newest first")
        self.empty = QLabel("No backups yet: Back up now takes the first.")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.error = error_label()
        self.back_up_button = QPushButton("&Back up now")
        self.copy_button = QPushButton("&Copy to a file…")
        self.restore_button = QPushButton("&Restore…")
        self.close_button = QPushButton("Close")
        for button in (self.back_up_button, self.copy_button, self.restore_button):
            button.setAutoDefault(False)  # Enter in the list must never start a restore
        self.close_button.setDefault(True)
        caption = QLabel("Backups, newest &first")
        caption.setBuddy(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_up_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(sized(QLabel("Backups"), 15, bold=True))
        layout.addWidget(intro)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.back_up_button.clicked.connect(self.back_up_requested)
        self.copy_button.clicked.connect(self.copy_requested)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.close_button.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.show_backups([])

    def show_backups(self, backups: Sequence[BackupFile]) -> None:
        """The list, newest first; the newest is selected."""
        self._backups = list(backups)
        self.table.setRowCount(0)
        for row, backup in enumerate(self._backups):
            self.table.insertRow(row)
            cells = (when_in_words(backup), kind_in_words(backup.label), size_in_words(backup.size))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self.empty.setVisible(not self._backups)
        if self._backups:
            self.table.selectRow(0)
        self._on_table_selection_changed()

    def selected(self) -> BackupFile | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        show_error(self.error, None)

    def show_problem(self, text: str) -> None:
        self.status.setText("")
        show_error(self.error, text)

    def set_busy(self, busy: bool) -> None:
        """While a backup or a restore runs: nothing else can be started."""
        for button in (self.back_up_button, self.copy_button, self.restore_button):
            button.setEnabled(not busy)
        if not busy:
            self._on_table_selection_changed()

    def focus_first_field(self) -> None:
        self.table.setFocus()

    def _on_table_selection_changed(self) -> None:
        self.restore_button.setEnabled(
            self.selected() is not None and self.back_up_button.isEnabled()
        )

    def _on_restore_button_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.restore_requested.emit(chosen)
