"""Rows of a structure as an editable table: its home-care exercises, the joints it crosses.

One table is one Tab stop: arrows move between cells, typing starts editing, Enter or Tab
commits; Ctrl+Ins adds a row and Ctrl+Del removes the current one (as the wrap-up's home-care
table). A column is text, a whole number, one of a list (a combo box while editing), a few
names of a vocabulary ('flexion + abduction') or a yes/no ticked by default (Space unticks it:
written as ``false``, left out when ticked). What is typed is written as typed; the loader says
what is wrong, and the problem line under the table names the row and the column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from artdesk.protocols.draft import names, whole_number

VALUE = Qt.ItemDataRole.UserRole
EXTRA = Qt.ItemDataRole.UserRole + 1  # on a row's first cell: its keys the table has no column for


@dataclass(frozen=True)
class Column:
    name: str  # the TOML key
    header: str
    kind: str = "text"  # text | number | choice | names | check
    choices: tuple[tuple[str, str], ...] = field(default=())  # (value, label) for a choice
    blank: str = ""  # what a new row starts with (a value)

    def label(self, value: Any) -> str:
        if self.kind == "check":
            return dict(self.choices).get("no" if value is False else "yes", "")
        if self.kind == "choice":
            return dict(self.choices).get(str(value), str(value))
        if self.kind == "names":
            items = value if isinstance(value, list) else [value]
            return " + ".join(str(v).replace("-", " ") for v in items)
        return str(value)

    def read(self, text: str, value: Any) -> Any:
        """The cell as a TOML value, None when empty (left out)."""
        if self.kind == "choice":
            return value if value not in (None, "") else None
        if self.kind == "number":
            return whole_number(text)
        if self.kind == "names":  # one name as the files write it, several as a list
            found = names(text)
            return found[0] if len(found) == 1 else found or None
        return text


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box while a choice cell is edited; the cell keeps the value, shows the label."""

    def __init__(self, column: Column, parent: QWidget) -> None:
        super().__init__(parent)
        self._column = column

    def createEditor(
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: QModelIndex | Any
    ) -> QWidget:
        editor = QComboBox(parent)
        editor.addItem("—", "")
        for value, label in self._column.choices:
            editor.addItem(label, value)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(VALUE) or ""), 0))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        value = editor.currentData()
        model.setData(index, value, VALUE)
        model.setData(index, self._column.label(value) if value else "", Qt.ItemDataRole.EditRole)


class RowsTable(QTableWidget):
    """Signals: ``changed()``."""

    changed = Signal()

    def __init__(self, columns: Sequence[Column], stretch: int | None = 0) -> None:
        """``stretch``: the column that takes the width left (None: all share it)."""
        super().__init__(0, len(columns))
        self.columns = list(columns)
        self.setHorizontalHeaderLabels([c.header for c in columns])
        header = self.horizontalHeader()
        for n, column in enumerate(columns):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if (stretch is None or n == stretch) and column.kind != "check":  # a tick: narrow
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(n, mode)
            if column.kind == "choice":
                self.setItemDelegateForColumn(n, ChoiceDelegate(column, self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table: the next field
        # C++ signals forwarded to ``changed``, never a Python emit() per cell: PySide6 6.12
        # loses a reference to True on each SignalInstance.emit(), and the interpreter
        # aborts ('deallocating True or False') once enough were typed
        self.itemChanged.connect(self.changed)
        self.itemChanged.connect(self._on_item_changed)  # a tick's words follow it
        self.model().rowsInserted.connect(self.changed)
        self.model().rowsRemoved.connect(self.changed)
        self.model().rowsInserted.connect(self._fit)
        self.model().rowsRemoved.connect(self._fit)
        self._fit()
        for keys, slot in (("Ctrl+Ins", self.add_row), ("Ctrl+Del", self.remove_current)):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        column = self.columns[item.column()]
        if column.kind == "check":
            said = column.label(item.checkState() == Qt.CheckState.Checked)
            if item.text() != said:
                item.setText(said)

    @Slot()
    def _fit(self) -> None:
        """As tall as its rows and one to spare (2 to 6), so a short table takes no room."""
        rows = min(max(self.rowCount() + 1, 2), 6)
        header = self.horizontalHeader().sizeHint().height()
        self.setFixedHeight(header + rows * self.verticalHeader().defaultSectionSize() + 4)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _append(self, row_values: dict[str, Any]) -> None:
        row = self.rowCount()
        self.insertRow(row)
        names = {c.name for c in self.columns}
        for n, column in enumerate(self.columns):
            value = row_values.get(column.name)
            item = QTableWidgetItem("" if value in (None, "") else column.label(value))
            item.setData(VALUE, value)
            if column.kind == "check":  # Space ticks or unticks it; nothing to type
                item.setFlags(
                    (item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable
                )
                ticked = Qt.CheckState.Unchecked if value is False else Qt.CheckState.Checked
                item.setCheckState(ticked)
                item.setText(column.label(value is not False))
            if n == 0:  # kept and written back, so the loader still says what is wrong
                item.setData(EXTRA, {k: v for k, v in row_values.items() if k not in names})
            self.setItem(row, n, item)

    def set_value(self, rows: Any) -> None:
        """Show the rows; one table on its own (a hand-written file's) is one row."""
        self.setRowCount(0)
        for row_values in [rows] if isinstance(rows, dict) else rows or ():
            if isinstance(row_values, dict):
                self._append(row_values)

    def _typed(self) -> list[tuple[int, dict[str, Any]]]:
        """(table row, its values) for each row with something typed, in order."""
        out = []
        for row in range(self.rowCount()):
            first = self.item(row, 0)
            extra = first.data(EXTRA) if first is not None else None
            values: dict[str, Any] = dict(extra) if isinstance(extra, dict) else {}
            for n, column in enumerate(self.columns):
                item = self.item(row, n)
                text = item.text().strip() if item is not None else ""
                value = column.read(text, item.data(VALUE) if item is not None else None)
                if column.kind == "check":  # ticked: the default, left out
                    unticked = item is not None and item.checkState() == Qt.CheckState.Unchecked
                    value = False if unticked else None
                if value not in (None, ""):
                    values[column.name] = value
            if values:
                out.append((row, values))
        return out

    def value(self) -> Any:
        """The rows as typed, in order; a row with nothing typed is left out."""
        return [values for _row, values in self._typed()] or None

    def table_row(self, written: int) -> int:
        """The table row of the ``written``-th row ``value()`` gives (blank rows are skipped)."""
        typed = [row for row, _values in self._typed()]
        return typed[written] if 0 <= written < len(typed) else max(self.rowCount() - 1, 0)

    def commit_editing(self) -> None:
        """Put what the open cell editor holds into its cell (before a save: Ctrl+S while
        typing in a cell saves what was typed)."""
        editor = QApplication.focusWidget()
        editing = self.state() == QAbstractItemView.State.EditingState
        if editing and editor is not None and self.viewport().isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def add_row(self) -> None:
        self._append({c.name: c.blank or None for c in self.columns})
        self.setCurrentCell(self.rowCount() - 1, 0)
        self.setFocus()

    def remove_current(self) -> None:
        row = self.currentRow()
        if row < 0:
            return
        self.removeRow(row)
        if self.rowCount():
            self.setCurrentCell(min(row, self.rowCount() - 1), 0)
