"""A patient's visit history: a thin Qt adapter over VisitFlow.history."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QIcon

from artdesk.treatment import treated_minutes
from artdesk.visit import VisitFlow, VisitRow
from ui.icons import lock_icon
from ui.models.row_table_model import (
    DECORATION_ROLE,
    DISPLAY_ROLE,
    USER_ROLE,
    Index,
    RowTableModel,
)


def pain_text(before: float | None, after: float | None, scale: str = "") -> str:
    """``scale``: when the pain was scored on another scale than the NPRS (``VAS 62 → 40``)."""
    said = f"{'–' if before is None else f'{before:g}'} → {'–' if after is None else f'{after:g}'}"
    return f"{scale} {said}" if scale else said


VOIDED = "VOIDED (opened in error)"


def visit_texts(v: VisitRow) -> tuple[str, str, str, str, str]:
    """What the history shows of a visit: formatted once, when the history is read."""
    # a voided visit is kept and listed, never counted as treatment time
    return (
        # local time, "2026-01-05 10:00" (isoformat: a third of strftime's time, 500 rows)
        v.started_at.astimezone().isoformat(" ", "minutes")[:16],
        v.protocols or "—",
        pain_text(*v.other_pain[1:], v.other_pain[0])
        if v.other_pain
        else pain_text(v.pain_before, v.pain_after),
        "—" if v.voided else f"{treated_minutes(v.treated_seconds)} min",
        VOIDED if v.voided else v.status.label,
    )


class VisitHistoryModel(RowTableModel):
    """One patient's visits, newest first."""

    COLUMNS = ("Date", "Protocols", "Pain before → after", "Treated", "Status")
    # the widest usual text of each column: the view sizes its columns from these once
    # (Protocols stretches); the status column leaves room for the lock
    WIDEST = ("2026-12-31 23:59", "", "10 → 10", "120 min", "VOIDED (opened in error)")
    STATUS = 4

    def __init__(self, flow: VisitFlow, parent: Any = None) -> None:
        super().__init__(parent)
        self._flow = flow
        self._rows: list[VisitRow] = []
        self._texts: list[tuple[str, str, str, str, str]] = []
        self._lock: QIcon | None = None  # drawn once, for every signed visit

    def load(self, patient_id: int) -> None:
        """Show the patient's visits; StoreError leaves the list as it was."""
        rows = self._flow.history(patient_id, limit=500)  # first: a failure resets nothing
        texts = [visit_texts(v) for v in rows]
        self.beginResetModel()
        self._rows, self._texts = rows, texts
        self.endResetModel()

    def visit_at(self, row: int) -> VisitRow:
        return self._rows[row]

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        # asked ~10 times per cell painted (every role): the display text first, no Qt
        # namespace read per call
        row = index.row()
        if row >= len(self._texts) or row < 0:
            return None
        if role == DISPLAY_ROLE:
            return self._texts[row][index.column()]
        if role == DECORATION_ROLE and index.column() == self.STATUS:
            v = self._rows[row]
            if v.signed and not v.voided:
                if self._lock is None:
                    self._lock = lock_icon(16)
                return self._lock
            return None
        if role == USER_ROLE:
            return self._rows[row].id
        return None
