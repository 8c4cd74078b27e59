"""The protocols chosen for a visit, each on its side, with a box per structure: a protocol can
run without some of its structures (the lateral-hip protocol as gluteus medius alone, for the
Tak et al. course).

Keys: Up/Down walk the protocols and their structures, Space ticks or unticks the one
highlighted (on a protocol: all of its structures), Delete removes the highlighted protocol.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from artdesk.protocols import Library, Protocol, Side

CHOICE = Qt.ItemDataRole.UserRole  # a protocol row: (protocol id, side); a structure row: key


class StructurePicker(QTreeWidget):
    """Signals: ``changed()`` when a protocol is added or removed or a structure (un)ticked."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(True)
        self.setAccessibleName("Protocols and structures for this visit")
        self.itemChanged.connect(self._on_item_changed)
        self._quiet = False

    # --- what is chosen --------------------------------------------------------------------

    def _top(self, index: int) -> QTreeWidgetItem:
        item = self.topLevelItem(index)
        assert item is not None
        return item

    def count(self) -> int:
        """How many protocol-and-side choices there are."""
        return self.topLevelItemCount()

    def choices(self) -> list[tuple[str, Side]]:
        return [self._top(i).data(0, CHOICE) for i in range(self.count())]

    def plan_choices(self) -> list[tuple[str, Side, tuple[str, ...]]]:
        """(protocol id, side, the structures ticked) — every structure when all are ticked."""
        out = []
        for i in range(self.count()):
            item = self._top(i)
            protocol_id, side = item.data(0, CHOICE)
            out.append((protocol_id, side, tuple(self.ticked(item))))
        return out

    @staticmethod
    def ticked(item: QTreeWidgetItem) -> list[str]:
        if item.childCount() == 0:
            return list(item.data(0, CHOICE + 1) or ())
        children = [item.child(n) for n in range(item.childCount())]
        return [
            child.data(0, CHOICE)
            for child in children
            if child is not None and child.checkState(0) == Qt.CheckState.Checked
        ]

    def without_structures(self) -> list[str]:
        """Protocols with every structure unticked (nothing of them would be treated)."""
        return [self._top(i).text(0) for i in range(self.count()) if not self.ticked(self._top(i))]

    def protocol_row(self, protocol_id: str, side: Side | str) -> QTreeWidgetItem | None:
        for i in range(self.count()):
            item = self._top(i)
            if tuple(item.data(0, CHOICE)) == (protocol_id, Side(side)):
                return item
        return None

    # --- changing it -----------------------------------------------------------------------

    def add(
        self, protocol: Protocol, side: Side, structures: Collection[str] = ()
    ) -> QTreeWidgetItem | None:
        """Add the protocol on ``side`` with ``structures`` ticked (empty: all); None when it
        is chosen already."""
        if (protocol.id, side) in self.choices():
            return None
        was, self._quiet = self._quiet, True
        try:
            item = QTreeWidgetItem([f"{protocol.name} — {side.value}"])
            item.setData(0, CHOICE, (protocol.id, side))
            keys = [s.key for s in protocol.structures]
            wanted = set(structures) & set(keys) or set(keys)
            self.addTopLevelItem(item)
            if len(protocol.structures) > 1:
                flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags | Qt.ItemFlag.ItemIsAutoTristate)
                for structure in protocol.structures:
                    child = QTreeWidgetItem([structure.name])
                    child.setData(0, CHOICE, structure.key)
                    child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    ticked = structure.key in wanted
                    child.setCheckState(
                        0, Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
                    )
                    child.setToolTip(0, "Space ticks or unticks this structure")
                    item.addChild(child)
                item.setExpanded(True)
            else:
                item.setData(0, CHOICE + 1, tuple(keys))  # one structure: always treated
        finally:
            self._quiet = was
        self.setCurrentItem(item)
        if not self._quiet:
            self.changed.emit()
        return item

    def set_choices(self, choices: Sequence[tuple[Protocol, Side, Collection[str]]]) -> None:
        self._quiet = True  # one change said for the whole fill
        try:
            super().clear()
            for protocol, side, structures in choices:
                self.add(protocol, side, structures)
        finally:
            self._quiet = False
        self.changed.emit()

    def fill(self, library: Library, protocols: Sequence[tuple[str, str, Sequence[str]]]) -> None:
        """The protocols (id, side, structures; none: all) the library has, in place of what
        was chosen."""
        self.set_choices(
            [
                (library.get(p), Side(side), keys)
                for p, side, keys in protocols
                if p in library.protocols
            ]
        )

    def shows(self, library: Library, protocols: Sequence[tuple[str, str, Sequence[str]]]) -> bool:
        """Whether the picker is as :meth:`fill` with ``protocols`` left it (nothing changed
        since by the clinician)."""
        expected = []
        for p, side, keys in protocols:
            if p not in library.protocols:
                continue
            every = tuple(s.key for s in library.get(p).structures)
            expected.append((p, Side(side), tuple(k for k in every if k in keys) or every))
        return self.plan_choices() == expected

    def remove_current(self) -> None:
        item = self.currentItem()
        if item is None:
            return
        top = item.parent() or item
        self.takeTopLevelItem(self.indexOfTopLevelItem(top))
        self.changed.emit()

    def clear(self) -> None:
        super().clear()
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_current()
            return
        item = self.currentItem()
        if event.key() == Qt.Key.Key_Space and item is not None and item.childCount() > 1:
            # a protocol row: tick all of its structures (or untick all, when all are ticked)
            state = item.checkState(0)
            new = (
                Qt.CheckState.Unchecked if state == Qt.CheckState.Checked else Qt.CheckState.Checked
            )
            item.setCheckState(0, new)
            return
        if event.key() == Qt.Key.Key_Space and item is not None and item.parent() is not None:
            checked = item.checkState(0) == Qt.CheckState.Checked
            item.setCheckState(0, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)

    def _on_item_changed(self, _item: QTreeWidgetItem, _column: int) -> None:
        if not self._quiet:
            self.changed.emit()
