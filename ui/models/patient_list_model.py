"""The patient list: a thin Qt adapter over PatientRepository.search, paged by key.

This module imports no SQLAlchemy (nor the store): the main window paints the list with its
first page before the store is imported (``artdesk.patient_list``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, Qt, Signal

from artdesk.patient_list import PatientRow
from ui.models.row_table_model import Index, RowTableModel


class PatientSource(Protocol):
    """Where the list's pages come from (``artdesk.store.PatientRepository``)."""

    def search(
        self, text: str = "", *, limit: int = 50, after: PatientRow | None = None
    ) -> list[PatientRow]: ...


def store_error() -> type[Exception]:
    """``StoreError``, imported when one is being caught (``except store_error():`` runs only
    then), so the list paints before the store is imported; only the store raises it."""
    from artdesk.store import StoreError

    return StoreError


def patient_texts(row: PatientRow) -> tuple[str, str, str, str]:
    """What the list shows of a patient: formatted once, when the row's page is read."""
    return (row.full_name, row.date_of_birth.isoformat(), row.phone, row.sport)


class PatientListModel(RowTableModel):
    """Patients matching the search text, fetched a page at a time as the view scrolls.

    ``first_page``: rows read before the store opened (shown until the first query);
    with no ``patients`` the list is only those rows.

    Signals: ``problem(str)`` when a page cannot be read while scrolling.
    """

    problem = Signal(str)

    PAGE = 100
    COLUMNS = ("Name", "Date of birth", "Phone", "Sport")
    # the widest usual text of each column: the view sizes its columns from these once,
    # never by asking every row (Name stretches)
    WIDEST = ("", "2026-12-31", "+44 (0)20 7946 0018", "Brazilian jiu-jitsu")

    def __init__(
        self,
        patients: PatientSource | None,
        parent: Any = None,
        first_page: Sequence[PatientRow] = (),
    ) -> None:
        super().__init__(parent)
        self._patients = patients
        self._rows: list[PatientRow] = list(first_page)
        self._texts = [patient_texts(row) for row in self._rows]
        self._query = ""
        self._exhausted = patients is None or len(self._rows) < self.PAGE

    def set_query(self, text: str) -> None:
        """Show the patients matching ``text``; StoreError leaves the list as it was."""
        if self._patients is None:
            return
        rows = self._patients.search(text, limit=self.PAGE)  # first: a failure resets nothing
        texts = [patient_texts(row) for row in rows]
        self.beginResetModel()
        self._query = text
        self._rows, self._texts = rows, texts
        self._exhausted = len(rows) < self.PAGE
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._query)

    def patient_at(self, row: int) -> PatientRow:
        return self._rows[row]

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._exhausted or self._patients is None:
            return
        last = self._rows[-1] if self._rows else None
        try:
            more = self._patients.search(self._query, limit=self.PAGE, after=last)
        except store_error() as exc:  # asked by the view while scrolling: say it, stop paging
            self._exhausted = True
            self.problem.emit(str(exc))
            return
        self._exhausted = len(more) < self.PAGE
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self._texts.extend(patient_texts(row) for row in more)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            return self._texts[row][index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[row].id
        return None
