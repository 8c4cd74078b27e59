"""A clinician's own profile: name, credentials, licence number and NPI, as the payer-grade
SOAP note and the progress report print them under the signature. A visit already signed
keeps what it was signed with; the NPI is checked (10 digits and its check digit)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from artdesk.store import ClinicianRepository, InvalidInput, StoreError
from ui.pages.episode_fields import said
from ui.style import error_label, show_error, sized

FIELDS = ("full_name", "credentials", "licence", "npi")
# the store names the field in its message
ROUTES = (
    ("NPI", "npi"),
    ("licence", "licence"),
    ("credentials", "credentials"),
    ("name", "full_name"),
)


class ClinicianProfileDialog(QDialog):
    """Signals: ``saved(int)`` (the clinician's id)."""

    saved = Signal(int)

    def __init__(
        self,
        clinicians: ClinicianRepository,
        clinician_id: int,
        by: int | None = None,
        room: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """``by``: who makes the change (the audit line's), when not the clinician."""
        super().__init__(parent)
        self._clinicians = clinicians
        self._id = clinician_id
        self._by = by
        self._room = room
        profile = clinicians.profile(clinician_id)
        self.setWindowTitle(f"Profile — {profile.full_name}")
        self.setMinimumWidth(520)
        sized(self, 11)
        self.full_name = QLineEdit(profile.full_name)
        self.credentials = QLineEdit(profile.credentials)
        self.credentials.setPlaceholderText("e.g. DC, DPT, PT")
        self.licence = QLineEdit(profile.licence)
        self.licence.setPlaceholderText("the state or board licence number")
        self.npi = QLineEdit(profile.npi)
        self.npi.setPlaceholderText("10 digits (US National Provider Identifier), or empty")
        self.errors = {name: error_label() for name in FIELDS}
        self.general_error = error_label()
        form = QFormLayout()
        for name, label, field in (
            ("full_name", "&Full name", self.full_name),
            ("credentials", "&Credentials", self.credentials),
            ("licence", "&Licence number", self.licence),
            ("npi", "&NPI", self.npi),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(field)
            column.addWidget(self.errors[name])
            form.addRow(caption, column)
        note = QLabel(
            "Printed under your signature on the SOAP note and the progress report. Visits "
            "already signed keep the details they were signed with."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save  (Ctrl+S)")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    @Slot()
    def save(self) -> None:
        errors: dict[str, str] = {}
        try:
            self._clinicians.update_profile(
                self._id,
                full_name=self.full_name.text(),
                credentials=self.credentials.text(),
                licence=self.licence.text(),
                npi=self.npi.text(),
                by=self._by,
                room=self._room,
            )
        except InvalidInput as exc:
            field = next((f for words, f in ROUTES if words in str(exc)), "")
            errors[field] = said(str(exc))
        except StoreError as exc:
            errors[""] = f"Could not save: {exc}. What you typed is still here."
        for name, label in self.errors.items():
            show_error(label, errors.get(name))
        show_error(self.general_error, errors.get(""))
        if errors:
            first = next((n for n in FIELDS if n in errors), None)
            if first:
                getattr(self, first).setFocus()
            return
        self.saved.emit(self._id)
        self.accept()
