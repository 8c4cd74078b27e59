"""The set-up's protocol list and its search box. With regions marked on the body chart, the
protocols for those regions (``Library.for_region``) come first, each saying what it matches
("matches: left calf"), then the rest."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from artdesk.protocols import Library, Protocol, Side
from artdesk.protocols.body_chart import place_name
from artdesk.protocols.clinic import CLINIC, REPLACES, SHIPPED
from artdesk.protocols.marks import BodyMark

SIDE_KEYS = {Qt.Key.Key_L: Side.LEFT, Qt.Key.Key_R: Side.RIGHT, Qt.Key.Key_B: Side.BOTH}
CLINIC_TAGS = {CLINIC: "clinic's own", REPLACES: "clinic's version"}
MATCHES = Qt.ItemDataRole.UserRole + 1  # the places a protocol matches ("left calf", …)


class ProtocolList(QListWidget):
    """L, R or B adds the highlighted protocol on that side; Enter uses the side box.
    ``note`` (a label for the page to place) says what the highlighted protocol matches on the
    body chart, in full (the row may be too narrow for it). Signals: ``add_requested``."""

    add_requested = Signal(object)  # Side | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("color: #1b5e20; font-weight: 600;")
        self.note.setVisible(False)
        self.currentRowChanged.connect(self._on_current_row_changed)

    @Slot(int)
    def _on_current_row_changed(self, row: int) -> None:
        places = self.matches_at(row)
        self.note.setText(f"✓ Matches the body chart: {', '.join(places)}" if places else "")
        self.note.setVisible(bool(places))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in SIDE_KEYS:
            self.add_requested.emit(SIDE_KEYS[Qt.Key(event.key())])
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_requested.emit(None)
            return
        super().keyPressEvent(event)

    def fill(self, library: Library, text: str, marks: Sequence[BodyMark] = ()) -> None:
        """The protocols the search finds, those for the marked regions first."""
        self.clear()
        self._on_current_row_changed(-1)
        for protocol, places in ordered(library, text, marks):
            label = f"{protocol.name}  ·  {protocol.region}"
            origin = library.origins.get(protocol.id, SHIPPED)
            if origin in CLINIC_TAGS:  # the clinic's own, or its version of a shipped one
                label += f"  ·  {CLINIC_TAGS[origin]}"
            item = QListWidgetItem(
                f"✓ {label}  —  matches: {', '.join(places)}" if places else label
            )
            item.setData(Qt.ItemDataRole.UserRole, protocol.id)
            item.setData(MATCHES, tuple(places))
            complaints = ", ".join(protocol.complaints)
            item.setToolTip(f"Matches: {', '.join(places)}\n{complaints}" if places else complaints)
            if places:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)

    def matches_at(self, row: int) -> tuple[str, ...]:
        item = self.item(row)
        return () if item is None else tuple(item.data(MATCHES) or ())


def ordered(
    library: Library, text: str, marks: Sequence[BodyMark]
) -> list[tuple[Protocol, list[str]]]:
    """Each protocol the search finds with the marked places it treats: first those treating
    the most places (then the earliest marked), then the rest in the library's order."""
    found = library.search(text)
    places: dict[str, list[str]] = {}
    first: dict[str, int] = {}
    for n, mark in enumerate(marks):
        place = place_name(mark.region, mark.side)
        for protocol in library.for_region(mark.region):
            at = places.setdefault(protocol.id, [])
            if place not in at:
                at.append(place)
            first.setdefault(protocol.id, n)
    matching = sorted(
        (p for p in found if p.id in places), key=lambda p: (-len(places[p.id]), first[p.id])
    )
    rest = [p for p in found if p.id not in places]
    return [(p, places[p.id]) for p in matching] + [(p, []) for p in rest]


class FilterBox(QLineEdit):
    move_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move_down.emit()
            return
        super().keyPressEvent(event)
