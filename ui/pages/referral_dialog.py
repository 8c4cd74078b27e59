"""Refer instead of treating: to whom, how urgently, and the advice given to the patient."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
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

from artdesk.store import URGENCIES, Referral, StoreError
from ui.style import error_label, show_error


class ReferralDialog(QDialog):
    """Saves (and signs) through ``save(referral, secret) -> visit id``; closes only once that
    succeeded (a refused save — a wrong PIN too — keeps what was typed). ``secret_label``: ask
    the clinician's PIN or password (None: nobody in the clinic has one). Signals:
    ``saved(int)`` with the visit id."""

    saved = Signal(int)

    def __init__(
        self,
        emergency: bool,
        reason: str,
        save: Callable[[Referral, str | None], int],
        parent: QWidget | None = None,
        secret_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle("Refer instead of treating")
        self.to = QLineEdit("Emergency department" if emergency else "")
        self.to.setPlaceholderText("e.g. GP, sports physician, orthopaedics, emergency department")
        self.urgency = QComboBox()
        self.urgency.addItems(list(URGENCIES))
        self.urgency.setCurrentText("emergency now" if emergency else "same day")
        self.advice = QPlainTextEdit()
        self.advice.setTabChangesFocus(True)
        self.advice.setPlaceholderText("What the patient was told to do until seen")
        self.error = error_label()
        why = QLabel(reason)
        why.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Referred &to", self.to)
        form.addRow("&Urgency", self.urgency)
        form.addRow("&Advice given", self.advice)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self._asks = secret_label is not None
        if secret_label is not None:
            form.addRow(f"{secret_label} (signs the referral)", self.secret)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(why)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        if not self.to.text().strip():
            show_error(self.error, "Write whom the patient is referred to.")
            self.to.setFocus()
            return
        referral = Referral(
            self.to.text().strip(), self.urgency.currentText(), self.advice.toPlainText()
        )
        if self._asks and not self.secret.text():
            show_error(self.error, "Type your PIN or password to sign the referral.")
            self.secret.setFocus()
            return
        try:
            visit_id = self._save(referral, self.secret.text() if self._asks else None)
        except (StoreError, OSError) as exc:
            show_error(self.error, f"Not saved: {exc}. Everything typed is still here.")
            self.secret.clear()
            return
        self.accept()
        self.saved.emit(visit_id)

    def show_problem(self, message: str) -> None:
        show_error(self.error, message)
