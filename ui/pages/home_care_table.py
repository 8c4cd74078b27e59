"""The home-care plan as an editable table: exercise, sets, reps, hold, how often (suggested from
today's protocols, edited freely)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from artdesk.protocols import HomeCare
from artdesk.store import HomeCareData

COLUMNS = ("Exercise", "Sets", "Reps", "Hold (s)", "How often")


class HomeCareTable(QTableWidget):
    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setHorizontalHeaderLabels(COLUMNS)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):  # numbers: as wide as their heading, the exercise gets the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)
        self.setMinimumHeight(100)
        self.setMaximumHeight(170)

    def fill(self, suggestions: Sequence[HomeCare]) -> None:
        self.setRowCount(0)
        for item in suggestions:
            numbers = (str(item.sets), str(item.reps), str(item.hold_seconds))
            self.append_row([item.exercise, *numbers, item.frequency])

    def append_row(self, values: Sequence[str]) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for column, value in enumerate(values):
            self.setItem(row, column, QTableWidgetItem(value))

    def add_blank(self) -> None:
        self.append_row(["", "3", "10", "0", "once a day"])
        self.setCurrentCell(self.rowCount() - 1, 0)
        self.setFocus()

    def remove_current(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)

    def cells(self) -> list[list[str]]:
        """Every cell as typed (the draft)."""
        return [
            [
                (item.text() if (item := self.item(row, column)) else "")
                for column in range(len(COLUMNS))
            ]
            for row in range(self.rowCount())
        ]

    def set_cells(self, rows: Sequence[object]) -> None:
        self.setRowCount(0)
        for cells in rows:
            if isinstance(cells, list):
                self.append_row([str(c) for c in cells[: len(COLUMNS)]])

    def plan_items(self) -> tuple[list[HomeCareData], str | None]:
        """The plan, or the first problem in it (blank rows are left out)."""
        items = []
        for row, cells in enumerate(self.cells()):
            if not any(cell.strip() for cell in cells):
                continue
            try:
                sets, reps, hold = (int(cells[n].strip()) for n in (1, 2, 3))
            except ValueError:
                return [], f"Row {row + 1}: sets, reps and hold are whole numbers."
            items.append(HomeCareData(cells[0], sets, reps, hold, cells[4]))
        return items, None
