"""A read-only table model over a list of rows: the part both list models share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

Index = QModelIndex | QPersistentModelIndex

# Qt.ItemDataRole's values, as data() receives them. The patient list paints before anything
# reads the Qt namespace: its first reading builds ~110 enums (≈ 60 ms on a clinic PC), which
# the first paint does not wait for (a test holds these to Qt's).
DISPLAY_ROLE, DECORATION_ROLE, TOOLTIP_ROLE, USER_ROLE = 0, 1, 3, 256


class RowTableModel(QAbstractTableModel):
    """Subclasses set ``COLUMNS`` and fill ``self._rows``; they answer ``data``."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        if (
            role == DISPLAY_ROLE
            and orientation.name == "Horizontal"  # not Qt.Orientation: see DISPLAY_ROLE
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None
