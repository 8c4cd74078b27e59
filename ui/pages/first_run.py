"""First run on an empty database: create the first clinician profile, or open a demo clinic."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from artdesk.store import ClinicianRepository, InvalidInput, StoreError
from ui.style import error_label, show_error, sized


class FirstRunDialog(QDialog):
    """Signals: ``clinician_created(int)``, ``demo_requested()``."""

    clinician_created = Signal(int)
    demo_requested = Signal()

    def __init__(
        self, clinicians: ClinicianRepository, parent: QWidget | None = None, first_run: bool = True
    ) -> None:
        super().__init__(parent)
        self._clinicians = clinicians
        self.setWindowTitle("Welcome to ART Desk" if first_run else "Add a clinician")
        intro = QLabel(
            "This database has no clinician yet. Create your profile to start, "
            "or open a demo clinic to look around."
            if first_run
            else "Each clinician signs their own visits. Add a profile for a colleague; "
            "choose who is treating in the toolbar."
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

    def create_profile(self) -> None:
        try:
            clinician = self._clinicians.add(self.name.text(), self.credentials.text())
        except InvalidInput as exc:
            show_error(self.error, str(exc).capitalize())
            self.name.setFocus()
            return
        except StoreError as exc:  # locked, full disk…: the name stays typed, try again
            show_error(self.error, f"Not saved: {exc}.")
            return
        self.clinician_created.emit(clinician)
        self.accept()

    def _on_demo_clicked(self) -> None:
        self.demo_requested.emit()
        self.accept()
