"""One patient: details, visit history, Start visit, and who saw or changed the record."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from artdesk.store import AuditEntry, PatientRepository, StoreError
from ui.models.visit_history_model import VisitHistoryModel
from ui.style import error_label, show_error, sized


class PatientPage(QWidget):
    """Signals: ``start_visit(int)``, ``edit_patient(int)``, ``visit_opened(int)``, ``back()``."""

    start_visit = Signal(int)
    edit_patient = Signal(int)
    visit_opened = Signal(int)
    back = Signal()

    def __init__(
        self,
        patients: PatientRepository,
        history: VisitHistoryModel,
        parent: QWidget | None = None,
        access: Callable[[int], list[AuditEntry]] | None = None,
    ) -> None:
        """``access(patient_id)``: the record's audit lines, newest first."""
        super().__init__(parent)
        self._patients = patients
        self._access = access
        self.history = history
        self.patient_id: int | None = None
        self.name = sized(QLabel(), 22, bold=True)
        self.name.setWordWrap(True)
        self.details = QLabel()
        self.problem = error_label()
        self.details.setWordWrap(True)
        sized(self.details, 12)
        self.start_button = QPushButton("&Start visit  (Ctrl+Enter)")
        sized(self.start_button, 14, bold=True)
        self.edit_button = QPushButton("&Edit patient")
        self.back_button = QPushButton("← &Patients  (Esc)")
        self.table = QTableView()
        self.table.setModel(history)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        sized(self.table, 12)
        self.access = QListWidget()
        self.access.setMaximumHeight(92)
        self.access.setVisible(access is not None)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        top.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addWidget(self.problem)
        layout.addWidget(sized(QLabel("Visits"), 14, bold=True))
        layout.addWidget(self.table, 1)
        caption = QLabel("<b>Record access</b> — who saw or changed this record, newest first")
        caption.setVisible(access is not None)
        layout.addWidget(caption)
        layout.addWidget(self.access)

        self.start_button.clicked.connect(self.request_start)
        self.edit_button.clicked.connect(self.request_edit)
        self.back_button.clicked.connect(self.back)
        self.table.activated.connect(self._on_table_activated)

    def show_patient(self, patient_id: int) -> None:
        """Show the patient and their visits; StoreError if they cannot be read."""
        patient = self._patients.get(patient_id)
        self.history.load(patient_id)
        self.show_problem(None)
        self.patient_id = patient_id
        self.name.setText(patient.full_name)
        parts = [f"Born {patient.date_of_birth.isoformat()}"]
        parts += [p for p in (patient.sex, patient.phone, patient.email, patient.sport) if p]
        self.details.setText("  ·  ".join(parts) + (f"\n{patient.notes}" if patient.notes else ""))
        self._show_access(patient_id)
        self.start_button.setFocus()

    def _show_access(self, patient_id: int) -> None:
        self.access.clear()
        if self._access is None:
            return
        try:
            entries = self._access(patient_id)
        except StoreError as exc:
            self.access.addItem(f"The record access could not be read: {exc}.")
            return
        for entry in entries:
            when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
            words = [when, entry.clinician or "(nobody signed in)", access_text(entry)]
            if entry.room:
                words.append(entry.room)
            self.access.addItem("  ·  ".join(words))

    def focus_first_field(self) -> None:
        self.start_button.setFocus()

    def show_problem(self, message: str | None) -> None:
        """Something asked from this page could not be done (None: clear it)."""
        show_error(self.problem, message)

    @Slot()
    def request_start(self) -> None:
        """Start a visit for the patient shown (the button, Ctrl+Enter)."""
        if self.patient_id is not None:
            self.start_visit.emit(self.patient_id)

    @Slot()
    def request_edit(self) -> None:
        if self.patient_id is not None:
            self.edit_patient.emit(self.patient_id)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self.visit_opened.emit(self.history.visit_at(index.row()).id)


ACCESS_WORDS = {
    "view-patient": "viewed the patient",
    "add-patient": "added the patient",
    "edit-patient": "changed the patient's details",
    "view-visit": "viewed visit",
    "start-visit": "started visit",
    "resume-visit": "resumed visit",
    "finish-visit": "finished visit",
    "sign-visit": "signed visit",
    "refer-visit": "referred, visit",
    "amend-visit": "amended visit",
    "void-visit": "voided visit",
    "take-over-visit": "took over visit",
    "print": "printed visit",
    "save-document": "saved as PDF: visit",
    "export": "exported",
}


def access_text(entry: AuditEntry) -> str:
    """'viewed the patient', 'signed visit 12'…: one audit line in words."""
    words = ACCESS_WORDS.get(entry.action, entry.action.replace("-", " "))
    if entry.visit_id is not None:
        words += f" {entry.visit_id}"
    if entry.detail and entry.action in ("print", "export"):
        words += f" ({entry.detail})"
    return words
