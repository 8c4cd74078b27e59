"""New / edit patient: inline errors under each field, and nothing typed is ever thrown away."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from artdesk.store import InvalidInput, PatientData, PatientRepository, StoreError
from artdesk.store.patients import parse_birth_date
from ui.style import error_label, show_error


class PatientForm(QDialog):
    """Signals: ``saved(int)`` with the patient's id once stored."""

    saved = Signal(int)

    FIELDS = ("full_name", "date_of_birth", "sex", "phone", "email", "sport", "notes")

    def __init__(
        self,
        patients: PatientRepository,
        patient_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._patients = patients
        self._patient_id = patient_id
        self.setWindowTitle("Edit patient" if patient_id else "New patient")
        self.setMinimumWidth(520)

        self.full_name = QLineEdit()
        self.date_of_birth = QLineEdit()
        self.date_of_birth.setPlaceholderText("1990-04-03 or 3.4.1990")
        self.sex = QComboBox()
        self.sex.setEditable(True)
        self.sex.addItems(["", "female", "male", "other"])
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.sport = QLineEdit()
        self.sport.setPlaceholderText("e.g. trail running, marathon")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.errors = {name: error_label() for name in self.FIELDS}
        self.general_error = error_label()

        form = QFormLayout()
        for name, label, widget in (
            ("full_name", "&Full name", self.full_name),
            ("date_of_birth", "&Date of birth", self.date_of_birth),
            ("sex", "Se&x (optional)", self.sex),
            ("phone", "&Phone", self.phone),
            ("email", "&Email", self.email),
            ("sport", "S&port", self.sport),
            ("notes", "&Notes", self.notes),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(self.errors[name])
            form.addRow(caption, column)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

        if patient_id is not None:
            patient = patients.get(patient_id)
            self.full_name.setText(patient.full_name)
            self.date_of_birth.setText(patient.date_of_birth.isoformat())
            self.sex.setCurrentText(patient.sex or "")
            self.phone.setText(patient.phone)
            self.email.setText(patient.email)
            self.sport.setText(patient.sport)
            self.notes.setPlainText(patient.notes)

    def save(self) -> None:
        born = parse_birth_date(self.date_of_birth.text())
        data = PatientData(
            full_name=self.full_name.text(),
            date_of_birth=born if not isinstance(born, str) else None,
            sex=self.sex.currentText(),
            phone=self.phone.text(),
            email=self.email.text(),
            sport=self.sport.text(),
            notes=self.notes.toPlainText(),
        )
        errors = data.validate(self._patients.today())
        if isinstance(born, str):
            errors["date_of_birth"] = born
        if not errors:
            try:
                if self._patient_id is None:
                    self._patient_id = self._patients.add(data)
                else:
                    self._patients.update(self._patient_id, data)
            except InvalidInput as exc:
                errors = exc.errors or {"": str(exc)}
            except StoreError as exc:
                errors = {"": f"Could not save: {exc}. What you typed is still here."}
        for name, label in self.errors.items():
            show_error(label, errors.get(name))
        show_error(self.general_error, errors.get(""))
        if errors:
            first = next((n for n in self.FIELDS if n in errors), None)
            if first:
                getattr(self, first).setFocus()
            return
        assert self._patient_id is not None
        self.saved.emit(self._patient_id)
        self.accept()
