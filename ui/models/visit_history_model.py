"""A patient's visit history: a thin Qt adapter over VisitFlow.history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from artdesk.treatment import treated_minutes
from artdesk.visit import VisitFlow, VisitRow
from ui.icons import lock_icon
from ui.models.row_table_model import Index, RowTableModel


def pain_text(before: float | None, after: float | None) -> str:
    def one(value: float | None) -> str:
        return "–" if value is None else f"{value:g}"

    return f"{one(before)} → {one(after)}"


class VisitHistoryModel(RowTableModel):
    """One patient's visits, newest first."""

    COLUMNS = ("Date", "Protocols", "Pain before → after", "Treated", "Status")

    def __init__(self, flow: VisitFlow, parent: Any = None) -> None:
        super().__init__(parent)
        self._flow = flow
        self._rows: list[VisitRow] = []

    def load(self, patient_id: int) -> None:
        """Show the patient's visits; StoreError leaves the list as it was."""
        rows = self._flow.history(patient_id, limit=500)  # first: a failure resets nothing
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def visit_at(self, row: int) -> VisitRow:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        v = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = "VOIDED (opened in error)" if v.voided else v.status.label
            # a voided visit is kept and listed, never counted as treatment time
            minutes = "—" if v.voided else f"{treated_minutes(v.treated_seconds)} min"
            return (
                v.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                v.protocols or "—",
                pain_text(v.pain_before, v.pain_after),
                minutes,
                status,
            )[index.column()]
        if (
            role == Qt.ItemDataRole.DecorationRole
            and index.column() == 4
            and v.signed
            and not v.voided
        ):
            return lock_icon(16)
        if role == Qt.ItemDataRole.UserRole:
            return v.id
        return None
