"""The patient list with search as you type (built before the store is imported: the main
window paints it with its first page while the database opens)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.patient_list_model import FirstPageModel, PatientListModel, store_error
from ui.pages.table_columns import size_columns
from ui.style import error_label, show_error, sized

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent


class _SearchBox(QLineEdit):
    """Down arrow moves into the list; Enter opens the first match."""

    move_down = Signal()
    open_first = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # here, not at import: the list paints before it is read

        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_first.emit()
            return
        super().keyPressEvent(event)


class PatientsPage(QWidget):
    """Signals: ``patient_opened(int)``, ``new_patient_requested()``."""

    patient_opened = Signal(int)
    new_patient_requested = Signal()

    def __init__(
        self, model: PatientListModel | FirstPageModel, parent: QWidget | None = None
    ) -> None:
        """``model``: a :class:`FirstPageModel` for the list painted before the store opens."""
        super().__init__(parent)
        self.model = model
        title = sized(QLabel("Patients"), 20, bold=True)
        self.search = _SearchBox()
        self.search.setPlaceholderText("Search by name, date of birth (1990-04-03) or phone")
        self.search.setClearButtonEnabled(True)
        sized(self.search, 14)
        self.new_button = QPushButton("&New patient  (Ctrl+N)")
        self.count = QLabel()
        self.problem = error_label()
        model.problem.connect(
            lambda problem: self.show_problem(f"The patient list could not be read: {problem}.")
        )
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        sized(self.table, 12)
        size_columns(self.table, model.COLUMNS, model.WIDEST, stretch=0)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.problem)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.move_down.connect(self._on_search_move_down)
        self.search.open_first.connect(self._on_search_open_first)
        self.table.activated.connect(self._on_table_activated)
        self.new_button.clicked.connect(self.new_patient_requested)
        self.setFocusProxy(self.search)
        if model.rowCount():  # the first page, read before the store opened
            self._show_count()

    def focus_first_field(self) -> None:
        self.search.setFocus()

    def show_problem(self, message: str | None) -> None:
        """What could not be done here (None: clear it); the list keeps what it showed."""
        show_error(self.problem, message)

    def refresh(self) -> None:
        self._search(self.search.text())

    def _search(self, text: str) -> None:
        try:
            self.model.set_query(text)
        except store_error() as exc:
            self.show_problem(f"The patient list could not be read: {exc}.")
            return
        self.show_problem(None)
        self._show_count()

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        more = "+" if self.model.canFetchMore(QModelIndex()) else ""
        noun = "patient" if shown == 1 and not more else "patients"
        self.count.setText(f"{shown}{more} {noun}" if shown else "No patient matches.")

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        self._search(text)

    @Slot()
    def _on_search_move_down(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    @Slot()
    def _on_search_open_first(self) -> None:
        if self.model.rowCount():
            self.patient_opened.emit(self.model.patient_at(0).id)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self.patient_opened.emit(self.model.patient_at(index.row()).id)
