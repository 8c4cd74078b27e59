"""Refer instead of treating: to whom, how urgently, and the advice given to the patient.

Saving signs the referral: the PIN or password is checked (Argon2) and the visit stored in one
transaction, on a worker. Meanwhile the dialog says "Signing the referral…" and holds its fields
and buttons (Enter pressed twice signs once); a refusal keeps every word typed.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
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

from artdesk.store import URGENCIES, Referral, StoreError, WrongSecret
from ui.background import run_in_background
from ui.style import error_label, show_error
from ui.working import Working


class ReferralDialog(QDialog):
    """Saves (and signs) through ``save(referral, secret) -> visit id``, called on a worker (it
    must not touch Qt); closes only once that succeeded (a refused save — a wrong PIN too —
    keeps what was typed). ``secret_label``: ask the clinician's PIN or password (None: nobody
    in the clinic has one). Signals: ``saved(int)`` with the visit id."""

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
        self.buttons = buttons
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(why)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.working = Working(
            self, self.error, [self.to, self.urgency, self.advice, self.secret, buttons]
        )

    def save(self) -> None:
        if self.working.busy:
            return  # pressed again while the first is being signed: signed once
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
        secret = self.secret.text() if self._asks else None
        self.working.hold("Signing the referral…")
        run_in_background(
            lambda: self._save(referral, secret), self._on_save_done, self._on_save_failed
        )

    def _on_save_done(self, visit_id: int) -> None:
        if not shiboken6.isValid(self):
            return  # the window went meanwhile: the referral is stored all the same
        self.working.release()
        self.accept()
        self.saved.emit(visit_id)

    def _on_save_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.working.release()
        if isinstance(exc, WrongSecret):
            show_error(self.error, f"Not saved: {exc}. Everything else typed is still here.")
            self.secret.clear()
            self.secret.setFocus()
        elif isinstance(exc, StoreError | OSError):
            show_error(self.error, f"Not saved: {exc}. Everything typed is still here.")
        else:
            show_error(self.error, "Not saved: something went wrong. Your text is still here.")
            raise exc

    def reject(self) -> None:
        """Cancel, Esc or closing: not while the referral is being signed (its answer is
        awaited: closed meanwhile, a signed referral would be lost from view)."""
        if not self.working.busy:
            super().reject()

    def show_problem(self, message: str) -> None:
        show_error(self.error, message)
