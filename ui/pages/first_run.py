"""First run on an empty database: create the first clinician profile, or open a demo clinic."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from artdesk.settings import Settings
from artdesk.store import ClinicianRepository, CredentialRepository, InvalidInput, StoreError
from ui.pages.secret_fields import SecretFields
from ui.sentence import sentence
from ui.style import error_label, show_error, sized


class FirstRunDialog(QDialog):
    """Signals: ``clinician_created(int)``, ``demo_requested()``."""

    clinician_created = Signal(int)
    demo_requested = Signal()

    def __init__(
        self,
        clinicians: ClinicianRepository,
        parent: QWidget | None = None,
        first_run: bool = True,
        settings: Settings | None = None,
        credentials: CredentialRepository | None = None,
    ) -> None:
        """On the first run with ``settings``, the clinic's name, phone and address are asked
        too: the patient's summary prints them (and 'call us' needs the phone). With
        ``credentials`` the clinician chooses a PIN or password (required once anyone in the
        clinic signs in: without one they could not)."""
        super().__init__(parent)
        self._clinicians = clinicians
        self._credentials = credentials
        self._created: int | None = None  # the profile is made; only its secret failed
        self._settings = settings if first_run else None
        self.setWindowTitle("Welcome to ART Desk" if first_run else "Add a clinician")
        intro = QLabel(
            "This database has no clinician yet. Create your profile to start, "
            "or open a demo clinic to look around."
            if first_run
            else "Each clinician signs their own visits. Add a profile for a colleague; "
            "they sign in with their own PIN or password."
        )
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Dr Amelia Hart")
        self.credentials = QLineEdit()
        self.credentials.setPlaceholderText("e.g. DC, PT, DPT")
        self.error = error_label()
        self.create_button = QPushButton("&Create profile")
        self.create_button.setDefault(True)
        self.demo_button = QPushButton("Open a &demo clinic instead")
        form = QFormLayout()
        form.addRow("Your &name", self.name)
        form.addRow("C&redentials", self.credentials)
        self.clinic: dict[str, QLineEdit | QPlainTextEdit] = {}
        if self._settings is not None:
            for key, label, widget in (
                ("clinic_name", "C&linic name", QLineEdit()),
                ("clinic_phone", "Clinic &phone", QLineEdit()),
                ("clinic_address", "Clinic &address", QPlainTextEdit()),
            ):
                if isinstance(widget, QPlainTextEdit):
                    widget.setTabChangesFocus(True)
                    widget.setMaximumHeight(60)
                widget.setPlaceholderText(
                    "printed on the patient's summary (Settings can change it)"
                )
                self.clinic[key] = widget
                form.addRow(label, widget)
        self.secret: SecretFields | None = None
        if credentials is not None:
            self.secret = SecretFields(optional=not credentials.any_set())
            form.addRow(self.secret)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addWidget(sized(QLabel("Welcome" if first_run else "New clinician"), 18, bold=True))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.create_button.clicked.connect(self.create_profile)
        self.demo_button.setVisible(first_run)
        self.demo_button.clicked.connect(self._on_demo_clicked)

    def _save_clinic(self) -> bool:
        if self._settings is None:
            return True
        try:
            for key, widget in self.clinic.items():
                text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
                self._settings.set(key, text.strip())
            self._settings.save()
        except (ValueError, OSError) as exc:
            show_error(self.error, f"The clinic's details were not saved: {exc}.")
            return False
        return True

    def create_profile(self) -> None:
        why = self.secret.problem() if self.secret is not None else None
        if why:
            show_error(self.error, why)
            self.secret.secret.setFocus()  # type: ignore[union-attr]
            return
        if not self._save_clinic():
            return
        try:
            clinician = self._created or self._clinicians.add(
                self.name.text(), self.credentials.text()
            )
        except InvalidInput as exc:
            show_error(self.error, sentence(str(exc)))
            self.name.setFocus()
            return
        except StoreError as exc:  # locked, full disk…: the name stays typed, try again
            show_error(self.error, f"Not saved: {exc}.")
            return
        self._created = clinician
        if self.secret is not None and self._credentials is not None and not self.secret.is_empty():
            try:
                self._credentials.set_secret(
                    clinician, self.secret.chosen_kind(), self.secret.chosen()
                )
            except StoreError as exc:
                show_error(self.error, f"The profile is made, its PIN/password not: {exc}.")
                return
        self.clinician_created.emit(clinician)
        self.accept()

    def _on_demo_clicked(self) -> None:
        self.demo_requested.emit()
        self.accept()
