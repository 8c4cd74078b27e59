"""Signing with a PIN or password: what is about to be signed, then the signer's secret.

A wrong PIN or password is refused with a message and nothing is stored; the dialog stays
with the secret field emptied. The same dialog signs a visit and confirms a restore; voiding
asks a reason too (:class:`VoidDialog`).

The store call (an Argon2 check, then the transaction) runs on a worker: the dialog says
"Signing…" and holds its fields and buttons until the answer, so the window never pauses and
nothing is pressed twice; a refusal keeps the dialog and what was typed (the reason too).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from artdesk.measures import INSTRUMENTS, PAIN, Timing
from artdesk.store import MeasurementData, StoreError, WrongSecret
from artdesk.treatment import treated_minutes
from artdesk.visit import VisitRecord, WrapUp
from ui.background import run_in_background
from ui.pages.secret_fields import hidden_edit
from ui.style import error_label, show_error, sized
from ui.visit_text import structure_line
from ui.working import Working

_DOING = {"Void": "Voiding…", "Restore": "Checking…"}
_REFUSED = {"Void": "Not voided", "Restore": "Not restored"}


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _measure(m: MeasurementData) -> str:
    """'Pressure pain threshold, right: 4.6 kg/cm²' (the instrument's name, never its code)."""
    from artdesk.reports.wording import value_text  # the papers' words (reportlab: not at start)

    spec = INSTRUMENTS.get(str(m.instrument))
    side = f", {m.side}" if str(m.side) != "none" else ""
    if spec is None:
        return f"{m.instrument}{side}: {m.value:g}"
    return f"{spec.name}{side}: {value_text(spec.code, m.value)}"


def sign_summary(record: VisitRecord, wrap: WrapUp) -> str:
    """The visit as it will be signed: who, when, what was treated, pain, home care."""
    e = escape
    when = record.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    after = [
        m.value for m in wrap.measurements if m.instrument == PAIN and m.timing == Timing.AFTER
    ]
    lines = [f"<b>{e(record.patient_name)}</b> — visit {when} with {e(record.clinician)}"]
    lines += [e(structure_line(rec)) for rec in record.state.records]
    lines.append(
        f"Treated {treated_minutes(record.treated_seconds)} min · "
        f"{record.billing_units} billing unit(s)"
    )
    lines.append(
        f"Pain {_score(record.pain_before)} → {_score(after[-1] if after else None)} (0–10)"
    )
    measured = [m for m in wrap.measurements if m.instrument != PAIN]
    if measured:
        lines.append("Measures after: " + "; ".join(e(_measure(m)) for m in measured))
    for label, text in (("Assessment", wrap.assessment), ("Plan", wrap.plan_note)):
        if text:
            short = text if len(text) <= 160 else text[:159].rsplit(" ", 1)[0] + "…"
            lines.append(f"{label}: {e(short)}")
        else:
            lines.append(f"{label}: <i>none written</i>")
    count = len(wrap.home_care)
    lines.append(f"Home care: {count} exercise{'' if count == 1 else 's'}")
    if wrap.next_visit is not None:
        lines.append(f"Next visit: {wrap.next_visit.isoformat()}")
    return "<br>".join(lines)


class SignDialog(QDialog):
    """Shows ``summary`` (HTML) and signs through ``sign(secret)``, called on a worker (it
    must not touch Qt); closes only once that succeeded."""

    def __init__(
        self,
        title: str,
        summary: str,
        secret_label: str | None,
        sign: Callable[[str], object],
        parent: QWidget | None = None,
        action: str = "Sign",
    ) -> None:
        """``secret_label`` None: nobody in the clinic has a PIN or password, none is asked."""
        super().__init__(parent)
        self._sign = sign
        self._action = action
        self.setWindowTitle(title)
        self.summary = QLabel(summary)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        sized(self.summary, 11)
        self.secret = hidden_edit()
        self.error = error_label()
        self.fields = QFormLayout()
        self._asks = secret_label is not None
        if secret_label is not None:
            self.fields.addRow(f"&{secret_label}", self.secret)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons = buttons
        self.sign_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(sized(QLabel(title), 15, bold=True))
        layout.addWidget(self.summary)
        layout.addLayout(self.fields)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.sign_button.setDefault(True)  # once in the dialog: Enter signs, never cancels
        self.secret.setFocus()
        self.working = Working(self, self.error, [self.secret, buttons])

    def _attempt(self, job: Callable[[], object]) -> None:
        """Run ``job`` (built from what is typed, read here on the UI thread) on a worker."""
        if self.working.busy:
            return
        if self._asks and not self.secret.text():
            show_error(self.error, "Type your PIN or password.")
            self.secret.setFocus()
            return
        self.working.hold(_DOING.get(self._action, "Signing…"))
        run_in_background(job, self._on_job_done, self._on_job_failed)

    def _on_job_done(self, _result: object) -> None:
        if shiboken6.isValid(self):
            self.working.release()
            self.accept()

    def _on_job_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.working.release()
        refused = _REFUSED.get(self._action, "Not signed")
        if isinstance(exc, WrongSecret):
            show_error(self.error, f"{refused}: {exc}. Nothing was saved.")
            self.secret.clear()
            self.secret.setFocus()
        elif isinstance(exc, StoreError | OSError):
            show_error(self.error, f"{refused}: {exc}. Nothing was saved; try again.")
        else:
            show_error(self.error, f"{refused}: something went wrong. Nothing was saved.")
            raise exc

    def reject(self) -> None:
        """Cancel, Esc or closing: not while the store is signing (its answer is awaited)."""
        if not self.working.busy:
            super().reject()

    def save(self) -> None:
        secret = self.secret.text()
        self._attempt(lambda: self._sign(secret))


class VoidDialog(SignDialog):
    """Void a visit opened in error: a reason, then the PIN or password."""

    def __init__(
        self,
        summary: str,
        secret_label: str | None,
        void: Callable[[str, str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Void this visit", summary, secret_label, lambda _s: None, parent, "Void")
        self._void = void
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. opened for the wrong patient")
        self.fields.insertRow(0, "&Reason", self.reason)
        self.reason.setFocus()
        self.working = Working(self, self.error, [self.reason, self.secret, self.buttons])

    def save(self) -> None:
        if self.working.busy:
            return
        if len(self.reason.text().strip()) < 5:
            show_error(self.error, "Say why the visit is voided (a few words).")
            self.reason.setFocus()
            return
        reason, secret = self.reason.text(), self.secret.text()
        self._attempt(lambda: self._void(reason, secret))
