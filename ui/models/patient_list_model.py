"""The patient list: a thin Qt adapter over PatientRepository.search, paged."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from artdesk.store import PatientRepository, PatientRow, StoreError
from ui.models.row_table_model import Index, RowTableModel


class PatientListModel(RowTableModel):
    """Patients matching the search text, fetched a page at a time as the view scrolls.

    Signals: ``problem(str)`` when a page cannot be read while scrolling.
    """

    problem = Signal(str)

    PAGE = 100
    COLUMNS = ("Name", "Date of birth", "Phone", "Sport")

    def __init__(self, patients: PatientRepository, parent: Any = None) -> None:
        super().__init__(parent)
        self._patients = patients
        self._rows: list[PatientRow] = []
        self._query = ""
        self._exhausted = True

    def set_query(self, text: str) -> None:
        """Show the patients matching ``text``; StoreError leaves the list as it was."""
        rows = self._patients.search(text, limit=self.PAGE)  # first: a failure resets nothing
        self.beginResetModel()
        self._query = text
        self._rows = rows
        self._exhausted = len(self._rows) < self.PAGE
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._query)

    def patient_at(self, row: int) -> PatientRow:
        return self._rows[row]

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._exhausted:
            return
        try:
            more = self._patients.search(self._query, limit=self.PAGE, offset=len(self._rows))
        except StoreError as exc:  # asked by the view while scrolling: say it, stop paging
            self._exhausted = True
            self.problem.emit(str(exc))
            return
        self._exhausted = len(more) < self.PAGE
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.full_name, row.date_of_birth.isoformat(), row.phone, row.sport)[
                index.column()
            ]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
