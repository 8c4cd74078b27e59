"""The patient list: a thin Qt adapter over PatientRepository.search, paged by key.

This module imports no SQLAlchemy (nor the store) and reads nothing of the Qt namespace: the
main window paints the list with its first page before either (``artdesk.patient_list``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from artdesk.patient_list import PatientRow
from ui.models.row_table_model import (
    DISPLAY_ROLE,
    TOOLTIP_ROLE,
    USER_ROLE,
    Index,
    RowTableModel,
)


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
    """Patients matching the search text, fetched a page at a time (by key) as the view
    scrolls.

    Signals: ``problem(str)`` when a page cannot be read while scrolling.
    """

    problem = Signal(str)

    PAGE = 100
    COLUMNS = ("Name", "Date of birth", "Phone", "Sport")
    # the widest usual text of each column: the view sizes its columns from these once,
    # never by asking every row (Name stretches)
    WIDEST = ("", "2026-12-31", "+44 (0)20 7946 0018", "Brazilian jiu-jitsu")

    def __init__(self, patients: PatientSource, parent: Any = None) -> None:
        super().__init__(parent)
        self._patients = patients
        self._rows: list[PatientRow] = []
        self._texts: list[tuple[str, str, str, str]] = []
        self._query = ""
        self._exhausted = True

    def set_query(self, text: str) -> None:
        """Show the patients matching ``text``; StoreError leaves the list as it was."""
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
        if parent.isValid() or self._exhausted:
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

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        if role in (DISPLAY_ROLE, TOOLTIP_ROLE):
            return self._texts[row][index.column()]
        if role == USER_ROLE:
            return self._rows[row].id
        return None


class FirstPageModel(QStandardItemModel):
    """The patient list's first page, read before the store opened, in Qt's own item model:
    painting it runs no Python (a Python ``headerData`` alone costs the first paint ≈ 50 ms:
    its orientation argument builds the Qt namespace). The workspace's
    :class:`PatientListModel` takes its place, with the same rows, once the store is open.

    Signals: ``problem(str)`` (never: it reads nothing).
    """

    problem = Signal(str)

    PAGE = PatientListModel.PAGE
    COLUMNS = PatientListModel.COLUMNS
    WIDEST = PatientListModel.WIDEST

    def __init__(self, rows: Sequence[PatientRow], parent: Any = None) -> None:
        super().__init__(len(rows), len(self.COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(self.COLUMNS))
        self._rows = list(rows)
        for r, row in enumerate(self._rows):
            for c, text in enumerate(patient_texts(row)):
                self.setItem(r, c, QStandardItem(text))

    def set_query(self, text: str) -> None:
        """Nothing to search in before the store is open (the window is not answering keys)."""

    def refresh(self) -> None:
        """As :meth:`set_query`."""

    def patient_at(self, row: int) -> PatientRow:
        return self._rows[row]

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) >= self.PAGE  # "100+ patients"
