"""Wrap-up: pain after, an optional re-test, the home-care plan, the next visit, and Sign."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from artdesk.measures import INSTRUMENTS, PAIN, Code, MeasureSide, Timing
from artdesk.protocols import HomeCare
from artdesk.store import HomeCareData, MeasurementData
from artdesk.store.patients import parse_date
from artdesk.treatment import VisitState, treated_minutes
from artdesk.visit import Outcome, WrapUp, definitions, outcome
from ui.icons import lock_icon
from ui.pages.nprs import NprsPicker
from ui.sentence import sentence
from ui.style import error_label, show_error, sized
from ui.visit_text import structure_line

COLUMNS = ("Exercise", "Sets", "Reps", "Hold (s)", "How often")


SIGN_KEY = "Ctrl+Shift+S"


class WrapUpPage(QWidget):
    """Signals: ``sign_requested(object)`` with the wrap-up (a :class:`WrapUp`);
    ``changed()`` whenever the clinician changes a field (not when the page fills them)."""

    sign_requested = Signal(object)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = sized(QLabel("Wrap-up"), 18, bold=True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.pain = NprsPicker()
        self.pain_error = error_label()
        self.retest_instrument = QComboBox()
        self.retest_instrument.addItem("— no re-test —", "")
        for code, spec in INSTRUMENTS.items():
            if code not in (Code.NPRS, Code.VAS):
                self.retest_instrument.addItem(f"{spec.name} ({spec.unit})", code)
        self.retest_side = QComboBox()
        self.retest_side.addItems([MeasureSide.NONE, MeasureSide.LEFT, MeasureSide.RIGHT])
        self.retest_value = QLineEdit()
        self.retest_value.setPlaceholderText("value")
        self.retest_error = error_label()
        self.home_care = QTableWidget(0, len(COLUMNS))
        self.home_care.setHorizontalHeaderLabels(COLUMNS)
        self.home_care.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.home_care.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.home_care.setTabKeyNavigation(False)
        self.add_row = QPushButton("Add exercise (Ctrl+Ins)")
        self.remove_row = QPushButton("Remove exercise (Ctrl+Del)")
        self.home_care_error = error_label()
        self.home_notes = QPlainTextEdit()
        self.home_notes.setTabChangesFocus(True)
        self.home_notes.setPlaceholderText("Running and load advice, anything else for home")
        self.home_notes.setMaximumHeight(70)
        self.next_visit = QLineEdit()
        self.next_visit.setPlaceholderText("2026-12-01 or 1.12.2026 (empty: none booked)")
        self.next_error = error_label()
        self.general_error = error_label()
        self.draft_error = error_label()
        self._filling = False
        self.sign_button = QPushButton(lock_icon(20), "&Sign the visit  (Ctrl+Shift+S)")
        sized(self.sign_button, 14, bold=True)

        pain_caption = QLabel("&Pain after (0–10)")
        pain_caption.setBuddy(self.pain)
        retest_caption = QLabel("&Re-test")
        retest_caption.setBuddy(self.retest_instrument)
        retest = QHBoxLayout()
        retest.addWidget(self.retest_instrument, 2)
        retest.addWidget(self.retest_side)
        retest.addWidget(self.retest_value, 1)
        rows = QHBoxLayout()
        rows.addWidget(self.add_row)
        rows.addWidget(self.remove_row)
        rows.addStretch(1)
        home_caption = QLabel("&Home-care plan (suggestions from today's protocols; edit freely)")
        home_caption.setBuddy(self.home_care)
        notes_caption = QLabel("Home-care &notes")
        notes_caption.setBuddy(self.home_notes)
        next_caption = QLabel("Ne&xt visit")
        next_caption.setBuddy(self.next_visit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        for widget in (pain_caption, self.pain, self.pain_error, retest_caption):
            layout.addWidget(widget)
        layout.addLayout(retest)
        layout.addWidget(self.retest_error)
        layout.addWidget(home_caption)
        layout.addWidget(self.home_care, 1)
        layout.addLayout(rows)
        layout.addWidget(self.home_care_error)
        layout.addWidget(notes_caption)
        layout.addWidget(self.home_notes)
        layout.addWidget(next_caption)
        layout.addWidget(self.next_visit)
        layout.addWidget(self.next_error)
        layout.addWidget(self.general_error)
        layout.addWidget(self.draft_error)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.sign_button)
        layout.addLayout(bottom)

        self.add_row.clicked.connect(self._on_add_row_clicked)
        self.remove_row.clicked.connect(self._on_remove_row_clicked)
        self.sign_button.clicked.connect(self.sign)
        # its own key: Ctrl+Enter starts a visit and a treatment, so a habit cannot sign
        QShortcut(QKeySequence(SIGN_KEY), self, self.sign)
        QShortcut(QKeySequence("Ctrl+Ins"), self, self._on_add_row_clicked)
        QShortcut(QKeySequence("Ctrl+Del"), self, self._on_remove_row_clicked)
        for signal in (
            self.pain.value_changed,
            self.retest_instrument.currentIndexChanged,
            self.retest_side.currentIndexChanged,
            self.retest_value.textChanged,
            self.home_care.itemChanged,
            self.home_care.model().rowsInserted,
            self.home_care.model().rowsRemoved,
            self.home_notes.textChanged,
            self.next_visit.textChanged,
        ):
            signal.connect(self._on_field_changed)

    def _on_field_changed(self, *_args: object) -> None:
        if not self._filling:
            self.changed.emit()

    def begin(
        self,
        patient_name: str,
        state: VisitState,
        suggestions: list[HomeCare],
        today: date,
        left_out: Sequence[str] = (),
    ) -> None:
        """``left_out``: suggestions the safety screen kept out, with why (said, not hidden)."""
        self._filling = True
        self.title.setText(f"Wrap-up — {patient_name}")
        lines = [structure_line(r) for r in state.records if outcome(r) is not Outcome.NOT_REACHED]
        if left_out:
            lines.append("Not suggested because of the safety screen: " + "; ".join(left_out))
        minutes = treated_minutes(definitions.treated_seconds(state))
        self.summary.setText("\n".join(lines) + f"\nTreated {minutes} min.")
        self.pain.set_value(None)
        self.retest_instrument.setCurrentIndex(0)
        self.retest_value.clear()
        self.home_care.setRowCount(0)
        for item in suggestions:
            self._append_row(
                [
                    item.exercise,
                    str(item.sets),
                    str(item.reps),
                    str(item.hold_seconds),
                    item.frequency,
                ]
            )
        self.home_notes.clear()
        self.next_visit.setText((today + timedelta(days=3)).isoformat())
        for label in (*self._error_labels(), self.draft_error):
            show_error(label, None)
        self._filling = False
        self.pain.setFocus()

    def _error_labels(self) -> tuple[QLabel, ...]:
        return (
            self.pain_error,
            self.retest_error,
            self.home_care_error,
            self.next_error,
            self.general_error,
        )

    def _append_row(self, values: list[str]) -> None:
        row = self.home_care.rowCount()
        self.home_care.insertRow(row)
        for column, value in enumerate(values):
            self.home_care.setItem(row, column, QTableWidgetItem(value))

    def _on_add_row_clicked(self) -> None:
        self._append_row(["", "3", "10", "0", "once a day"])
        self.home_care.setCurrentCell(self.home_care.rowCount() - 1, 0)
        self.home_care.setFocus()

    def _on_remove_row_clicked(self) -> None:
        row = self.home_care.currentRow()
        if row >= 0:
            self.home_care.removeRow(row)

    def home_care_rows(self) -> tuple[list[HomeCareData], str | None]:
        items = []
        for row in range(self.home_care.rowCount()):
            cells = []
            for column in range(len(COLUMNS)):
                item = self.home_care.item(row, column)
                cells.append(item.text() if item is not None else "")
            if not any(cell.strip() for cell in cells):
                continue
            try:
                sets, reps, hold = (int(cells[n].strip()) for n in (1, 2, 3))
            except ValueError:
                return [], f"Row {row + 1}: sets, reps and hold are whole numbers."
            items.append(HomeCareData(cells[0], sets, reps, hold, cells[4]))
        return items, None

    def sign(self) -> None:
        errors: dict[QLabel, str] = {}
        pain = self.pain.value()
        if pain is None:
            errors[self.pain_error] = "Choose pain after, 0–10."
        measurements = [] if pain is None else [MeasurementData(PAIN, pain, Timing.AFTER)]
        code = self.retest_instrument.currentData()
        if code:
            try:
                value = float(self.retest_value.text().replace(",", "."))
            except ValueError:
                errors[self.retest_error] = "The re-test value is a number."
            else:
                problem = INSTRUMENTS[code].check(value)
                if problem:
                    errors[self.retest_error] = problem
                else:
                    measurements.append(
                        MeasurementData(code, value, Timing.AFTER, self.retest_side.currentText())
                    )
        items, problem = self.home_care_rows()
        if problem:
            errors[self.home_care_error] = problem
        next_visit = None
        if self.next_visit.text().strip():
            parsed = parse_date(self.next_visit.text())
            if isinstance(parsed, str):
                errors[self.next_error] = sentence(parsed)
            else:
                next_visit = parsed
        for label in self._error_labels():
            show_error(label, errors.get(label))
        if errors:
            return
        self.sign_requested.emit(
            WrapUp(
                measurements=tuple(measurements),
                home_care=tuple(items),
                home_care_notes=self.home_notes.toPlainText(),
                next_visit=next_visit,
            )
        )

    # --- the draft: what is typed, kept so a crash loses none of it (ui.wrapup_draft) -------

    def draft(self) -> dict[str, object]:
        """Every field as typed (plain JSON), errors or not."""
        rows = [
            [
                (item.text() if (item := self.home_care.item(row, column)) else "")
                for column in range(len(COLUMNS))
            ]
            for row in range(self.home_care.rowCount())
        ]
        return {
            "pain_after": self.pain.value(),
            "retest": {
                "instrument": str(self.retest_instrument.currentData() or ""),
                "side": self.retest_side.currentText(),
                "value": self.retest_value.text(),
            },
            "home_care": rows,
            "home_care_notes": self.home_notes.toPlainText(),
            "next_visit": self.next_visit.text(),
        }

    def restore_draft(self, draft: dict[str, object]) -> None:
        """Put a kept draft back (after :meth:`begin`); what it lacks stays as begin left it."""
        self._filling = True
        try:
            pain = draft.get("pain_after")
            if isinstance(pain, int) and 0 <= pain <= 10:
                self.pain.set_value(pain)
            retest = draft.get("retest")
            if isinstance(retest, dict):
                found = self.retest_instrument.findData(retest.get("instrument") or "")
                self.retest_instrument.setCurrentIndex(max(found, 0))
                side = self.retest_side.findText(str(retest.get("side", "")))
                self.retest_side.setCurrentIndex(max(side, 0))
                self.retest_value.setText(str(retest.get("value", "")))
            rows = draft.get("home_care")
            if isinstance(rows, list):
                self.home_care.setRowCount(0)
                for cells in rows:
                    if isinstance(cells, list):
                        self._append_row([str(c) for c in cells[: len(COLUMNS)]])
            notes, next_visit = draft.get("home_care_notes"), draft.get("next_visit")
            if isinstance(notes, str):
                self.home_notes.setPlainText(notes)
            if isinstance(next_visit, str):
                self.next_visit.setText(next_visit)
        finally:
            self._filling = False

    def show_draft_problem(self, message: str | None) -> None:
        """Why what is typed could not be kept yet (None: it is kept)."""
        show_error(self.draft_error, message)

    def show_problem(self, message: object) -> None:
        """Why the visit was not signed; nothing typed is touched."""
        show_error(self.general_error, f"Not signed: {message}. Everything typed is still here.")

    def focus_first_field(self) -> None:
        self.pain.setFocus()
