"""Measures before or after treatment, as rows the clinician fills by keyboard: any instrument,
several per visit, each on its side and at its site; the episode's course measures come as rows
to fill. The set-up and the wrap-up both use it (pain 0–10 keeps its own picker).

Keys: Tab walks the fields, Enter moves to the next field to type in (never onto Remove),
Alt+M adds a measure, Tab to a row's Remove and Space removes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from artdesk.measures import INSTRUMENTS, MeasureSide, ScoringError, Timing
from artdesk.store import MeasurementData
from ui.pages.measure_fields import offered
from ui.pages.measure_row import MeasureRow
from ui.style import error_label, show_error, sized


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A row to fill: which instrument, on which side, at which site (and the activities, for
    a PSFS taken before)."""

    instrument: str
    side: str = MeasureSide.NONE
    site: str = ""
    labels: tuple[str, ...] = ()


class MeasuresEntry(QWidget):
    """Signals: ``changed()`` whenever the clinician changes something (not while filling)."""

    changed = Signal()

    def __init__(self, timing: Timing, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timing = timing
        self._instruments = offered(before_after_only=timing is Timing.BEFORE)
        self._sides: tuple[str, ...] = ()
        self._activities: tuple[str, ...] = ()
        self._filling = False
        self.rows: list[MeasureRow] = []
        self.caption = sized(QLabel(caption), 12, bold=True)
        self.add_button = QPushButton("Add a measure (Alt+M)")
        self.add_button.setToolTip("Another measure: any instrument, on either side")
        # a shortcut, not a mnemonic: a mnemonic clicks a moment later, after the next keys
        # have already gone to the field that had them
        QShortcut(QKeySequence("Alt+M"), self, self._on_add_button_clicked)
        self.empty = QLabel("No measures besides pain. Alt+M adds one.")
        self.error = error_label()
        head = QHBoxLayout()
        head.addWidget(self.caption)
        head.addStretch(1)
        head.addWidget(self.add_button)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.empty)
        layout.addLayout(self._rows_layout)
        layout.addWidget(self.error)
        self.add_button.clicked.connect(self._on_add_button_clicked)

    # --- filling ---------------------------------------------------------------------------

    def clear(self) -> None:
        for row in list(self.rows):
            self._drop(row)
        show_error(self.error, None)
        self._refresh()

    def set_episode(self, sides: Sequence[str] = (), activities: Sequence[str] = ()) -> None:
        """The sides a sided instrument defaults to, and the PSFS activities the episode keeps
        (for rows added from now on)."""
        self._sides = tuple(s for s in sides if s in (MeasureSide.LEFT, MeasureSide.RIGHT))
        self._activities = tuple(activities)

    def prefill(self, specs: Sequence[RowSpec]) -> None:
        """Rows to fill, in order (what the course asks, or what was taken before)."""
        self._filling = True
        try:
            for spec in specs:
                if spec.instrument in INSTRUMENTS:
                    self.add_row(spec.instrument, spec.side, spec.site, labels=spec.labels)
        finally:
            self._filling = False

    def add_row(
        self,
        code: str = "",
        side: str | None = None,
        site: str = "",
        texts: Sequence[str] = (),
        labels: Sequence[str] = (),
    ) -> MeasureRow:
        activities = tuple(labels) or self._activities
        row = MeasureRow(self._instruments, activities, self)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        row.show()  # now, not once the event loop runs: the keys go to it straight away
        was, self._filling = self._filling, True
        try:
            row.set_instrument(code)
            if side is not None:
                row.set_side(side)
                row.side_by_hand = True  # a course's or a draft's side stays
            row.site.setText(site)
            row.set_texts(texts, labels)
        finally:
            self._filling = was
        for field in row.findChildren(QWidget):
            field.installEventFilter(self)
        row.changed.connect(self._on_row_changed)
        row.instrument_chosen.connect(lambda r=row: self._on_row_instrument_chosen(r))
        row.remove_requested.connect(lambda r=row: self._on_row_remove_requested(r))
        self._refresh()
        return row

    def _drop(self, row: MeasureRow) -> None:
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def _refresh(self) -> None:
        self.empty.setVisible(not self.rows)
        self._chain()

    def _chain(self) -> None:
        """Tab goes Add → each row's fields in order, whenever rows or their fields change
        (new widgets would otherwise join the end of the window's focus chain)."""
        widgets: list[QWidget] = [self.add_button]
        for row in self.rows:
            widgets += row.fields()
        for first, second in pairwise(widgets):
            QWidget.setTabOrder(first, second)

    # --- reading ---------------------------------------------------------------------------

    def measurements(self) -> tuple[MeasurementData, ...] | None:
        """Every filled row as a measurement, or None when any row has a problem (each shown
        under its row, the first one focused); blank rows store nothing."""
        problems: list[MeasureRow] = []
        taken: list[MeasurementData] = []
        seen: dict[tuple[str, str, str], int] = {}
        for n, row in enumerate(self.rows, start=1):
            if row.is_blank():
                row.check(final=False)
                continue
            if row.check(final=True):
                problems.append(row)
                continue
            if row.key() in seen:
                show_error(row.error, f"The same measure, side and site as row {seen[row.key()]}.")
                problems.append(row)
                continue
            seen[row.key()] = n
            try:
                taken.append(row.measurement(self.timing.value))
            except ScoringError as exc:  # the row's own check found none: never expected
                show_error(row.error, str(exc))
                problems.append(row)
        if problems:
            count = len(problems)
            what = "1 measure" if count == 1 else f"{count} measures"
            show_error(self.error, f"{what} to correct: see the red lines.")
            problems[0].first_value_field().setFocus()
            return None
        show_error(self.error, None)
        return tuple(taken)

    def filled_codes(self) -> list[tuple[str, str, str, list[str]]]:
        """(instrument, side, site, typed values) of each row with an instrument: what the
        today-against-baseline line reads while the clinician types."""
        return [
            (row.code, row.side_value, row.site.text().strip(), row.texts())
            for row in self.rows
            if row.code
        ]

    def focus_first_field(self) -> None:
        target = next((r.first_value_field() for r in self.rows), self.add_button)
        target.setFocus()

    # --- the draft (plain JSON) -----------------------------------------------------------

    def draft(self) -> list[dict[str, object]]:
        return [
            {
                "instrument": row.code,
                "side": row.side_value,
                "site": row.site.text(),
                "values": row.texts(),
                "labels": [f.text() for f in row.labels],
            }
            for row in self.rows
        ]

    def restore_draft(self, rows: object) -> None:
        if not isinstance(rows, list):
            return
        self.clear()
        self._filling = True
        try:
            for data in rows:
                if not isinstance(data, dict):
                    continue
                values, labels = data.get("values"), data.get("labels")
                self.add_row(
                    str(data.get("instrument") or ""),
                    str(data.get("side") or MeasureSide.NONE),
                    str(data.get("site") or ""),
                    [str(v) for v in values] if isinstance(values, list) else (),
                    [str(v) for v in labels] if isinstance(labels, list) else (),
                )
        finally:
            self._filling = False

    # --- keys and slots --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QWidget)
        ):
            return self._enter_from(watched)
        return False

    def _enter_from(self, widget: QWidget) -> bool:
        """Enter moves to the next field to type in; from the last one, on to what follows
        the measures (Enter never presses Remove)."""
        every = [w for row in self.rows for w in row.fields()]
        if widget not in every:
            return False
        targets = {w for row in self.rows for w in row.entry_fields()}
        after = [w for w in every[every.index(widget) + 1 :] if w in targets]
        if after:
            after[0].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        following = every[-1].nextInFocusChain()
        while following is not None and self.isAncestorOf(following):
            following = following.nextInFocusChain()
        if following is not None:
            following.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def _on_add_button_clicked(self) -> None:
        row = self.add_row()
        row.instrument.setFocus()
        self._on_row_changed()

    def _on_row_instrument_chosen(self, row: MeasureRow) -> None:
        spec = row.spec
        if spec is not None and spec.sided and not row.side_by_hand and self._sides:
            used = {r.side_value for r in self.rows if r is not row and r.code == row.code}
            free = [s for s in self._sides if s not in used]
            row.set_side((free or list(self._sides))[0])
        for field in row.findChildren(QWidget):
            field.removeEventFilter(self)
            field.installEventFilter(self)
        self._chain()

    def _on_row_remove_requested(self, row: MeasureRow) -> None:
        at = self.rows.index(row)
        self._drop(row)
        self._refresh()
        following = self.rows[at] if at < len(self.rows) else (self.rows[-1] if self.rows else None)
        (following.instrument if following else self.add_button).setFocus()
        self._on_row_changed()

    def _on_row_changed(self) -> None:
        if not self._filling:
            self.changed.emit()
