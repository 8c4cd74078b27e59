"""A visit, read-only once signed (with a lock mark); Amend adds a labelled amendment (saved on
a worker while the dialog says so: the window never pauses)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from artdesk.store import StoreError
from artdesk.treatment import treated_minutes
from artdesk.visit import VisitRecord
from ui.background import run_in_background
from ui.icons import lock_pixmap
from ui.style import BANNER_STYLE, ERROR_STYLE, error_label, show_error, sized
from ui.visit_text import structure_result
from ui.working import Working


def _result(record: VisitRecord) -> str:
    return record.screening_result.label if record.screening_result else "not recorded"


def visit_html(record: VisitRecord) -> str:
    """The record as simple HTML; every piece of user text is escaped."""
    e = escape
    when = record.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    s = record.state
    parts = [f"<h2>{e(record.patient_name)}</h2>"]
    if record.void is not None:
        voided = record.void.at.astimezone().strftime("%Y-%m-%d %H:%M")
        parts.append(
            f"<p style='color:#b00020'><b>VOIDED</b> {voided} by {e(record.void.by)} — "
            f"{e(record.void.reason)}</p>"
        )
    parts += [
        f"<p><b>Visit</b> {when} with {e(record.clinician)} · {record.status.label}</p>",
        f"<p><b>Complaint:</b> {e(record.complaint) or '—'}</p>",
        f"<p><b>Safety screen:</b> {e(_result(record))}",
    ]
    if record.screening_override:
        parts.append(f" — <b>override:</b> {e(record.screening_override)}")
    parts.append("</p>")
    before, after = record.pain_before, record.pain_after
    parts.append(
        f"<p><b>Pain</b> {'–' if before is None else f'{before:g}'} → "
        f"{'–' if after is None else f'{after:g}'} (0–10)</p>"
    )
    others = record.retests
    if others:
        parts.append(
            "<p><b>Re-test:</b> "
            + "; ".join(
                f"{e(m.instrument)} {m.side} {m.value:g} {e(m.unit)} ({m.timing})" for m in others
            )
            + "</p>"
        )
    if record.referral is not None:
        r = record.referral
        parts.append(
            f"<h3>Referred, not treated</h3><p>To {e(r.to)} — urgency: {e(r.urgency)}"
            + (f"<br>Advice given: {e(r.advice)}" if r.advice else "")
            + "</p>"
        )
    parts.append("<h3>Treatment</h3><ul>")
    for rec in s.records:
        plan = rec.plan
        line = (
            f"<li><b>{e(plan.structure_name)}</b> ({plan.side.value}) — {e(plan.protocol_name)}: "
        )
        line += e(structure_result(rec))
        for f in rec.findings:
            grades = f.grades
            line += f"<br>Findings: {grades}{'; ' if grades and f.response else ''}"
            line += e(f.response)
        for n in rec.notes:
            line += f"<br>Note: {e(n.text)}"
        parts.append(line + "</li>")
    parts.append(
        f"</ul><p>Treated {treated_minutes(record.treated_seconds)} min · "
        + (
            f"assessment {treated_minutes(record.assessment_seconds)} min · "
            if record.assessment_seconds >= 60
            else ""
        )
        + f"{record.billing_units} billing unit(s)</p>"
    )
    if record.home_care or record.home_care_notes:
        parts.append("<h3>Home care</h3><ul>")
        parts += [
            f"<li>{e(h.exercise)}: {h.sets} × {h.reps}"
            + (f", hold {h.hold_seconds} s" if h.hold_seconds else "")
            + f", {e(h.frequency)}</li>"
            for h in record.home_care
        ]
        parts.append(f"</ul><p>{e(record.home_care_notes)}</p>")
    if record.next_visit:
        parts.append(f"<p><b>Next visit:</b> {record.next_visit.isoformat()}</p>")
    if record.signed:
        signed = (
            record.signed_at.astimezone().strftime("%Y-%m-%d %H:%M") if record.signed_at else ""
        )
        parts.append(f"<p><b>Signed</b> by {e(record.signed_by or '')} at {signed}</p>")
    for number, a in enumerate(record.amendments, start=1):
        stamp = a.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        parts.append(
            f"<h3>Amendment {number}</h3><p><i>{stamp}, {e(a.author)} — reason: "
            f"{e(a.reason)}</i><br>{e(a.text)}</p>"
        )
    return "".join(parts)


class AmendDialog(QDialog):
    """Reason and text of an amendment, saved by ``save_amendment(reason, text, secret)`` on a
    worker (it must not touch Qt); the dialog closes only once that has succeeded, so a
    refused save keeps every word typed."""

    def __init__(
        self,
        save_amendment: Callable[[str, str, str | None], object],
        parent: QWidget | None = None,
        secret_label: str | None = None,
        about: str = "",
    ) -> None:
        """``save_amendment(reason, text, secret)``; ``secret_label``: ask the author's PIN or
        password to sign it (None: nobody in the clinic has one); ``about``: which visit."""
        super().__init__(parent)
        self._save_amendment = save_amendment
        self.setWindowTitle("Amend the signed visit")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. late entry, correction of pain after")
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        if about:
            form.addRow(QLabel(about))
        form.addRow("&Reason", self.reason)
        form.addRow("&Amendment", self.text)
        self._asks = secret_label is not None
        if secret_label is not None:
            form.addRow(f"&{secret_label}", self.secret)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "The original stays as it was; the amendment is added, dated "
                "and signed with your name."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.working = Working(self, self.error, [self.reason, self.text, self.secret, buttons])

    def save(self) -> None:
        if self.working.busy:
            return
        if not self.reason.text().strip() or not self.text.toPlainText().strip():
            show_error(self.error, "An amendment needs a reason and a text.")
            return
        if self._asks and not self.secret.text():
            show_error(self.error, "Type your PIN or password to sign the amendment.")
            self.secret.setFocus()
            return
        reason, text = self.reason.text(), self.text.toPlainText()
        secret = self.secret.text() if self._asks else None
        self.working.hold("Saving the amendment…")
        run_in_background(
            lambda: self._save_amendment(reason, text, secret),
            self._on_save_done,
            self._on_save_failed,
        )

    def _on_save_done(self, _result: object) -> None:
        if shiboken6.isValid(self):
            self.working.release()
            self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.working.release()
        self.secret.clear()
        if not isinstance(exc, StoreError | OSError):
            show_error(self.error, "Not saved: something went wrong. Your text is still here.")
            raise exc
        show_error(self.error, f"Not saved: {exc}. Your text is still here.")

    def reject(self) -> None:
        """Cancel, Esc or closing: not while the amendment is being saved."""
        if not self.working.busy:
            super().reject()

    def show_problem(self, message: str) -> None:
        show_error(self.error, message)


class VisitViewPage(QWidget):
    """Signals: ``amend_requested()``, ``back()``, ``document_requested(str, str)`` with the
    document (summary / note) and what to do (preview / print / save), ``void_requested()``,
    ``take_over_requested()`` (a visit live in another room)."""

    amend_requested = Signal()
    back = Signal()
    document_requested = Signal(str, str)
    void_requested = Signal()
    take_over_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: VisitRecord | None = None
        self.lock_mark = QLabel()
        self.lock_mark.setPixmap(lock_pixmap(28))
        self.lock = sized(QLabel(), 16, bold=True)
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        sized(self.body, 12)
        self.back_button = QPushButton("← &Back  (Esc)")
        self.amend_button = QPushButton("&Amend…  (Ctrl+M)")
        self.void_button = QPushButton("&Void…")
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.lock_mark)
        top.addWidget(self.lock, 1)
        top.addWidget(self.void_button)
        top.addWidget(self.amend_button)
        self.elsewhere = QLabel()
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setStyleSheet(BANNER_STYLE)
        self.take_over_button = QPushButton("&Take over…")
        held = QHBoxLayout()
        held.addWidget(self.elsewhere, 1)
        held.addWidget(self.take_over_button)
        documents = QHBoxLayout()
        self.document_buttons: dict[tuple[str, str], QPushButton] = {}
        for document, label in (("summary", "Patient summary"), ("note", "SOAP note")):
            documents.addWidget(QLabel(f"<b>{label}:</b>"))
            for action, text in (
                ("preview", "Preview"),
                ("print", "Print…"),
                ("save", "Save as PDF…"),
            ):
                button = QPushButton(text)
                button.clicked.connect(
                    lambda _=False, d=document, a=action: self.document_requested.emit(d, a)
                )
                self.document_buttons[(document, action)] = button
                documents.addWidget(button)
            documents.addSpacing(16)
        documents.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(held)
        layout.addWidget(self.body, 1)
        layout.addLayout(documents)
        layout.addWidget(self.status)
        self.back_button.clicked.connect(self.back)
        self.amend_button.clicked.connect(self.amend_requested)
        self.void_button.clicked.connect(self.void_requested)
        self.take_over_button.clicked.connect(self.take_over_requested)

    def show_status(self, text: str) -> None:
        """A line under the documents: progress, what was saved, what went wrong."""
        self.status.setText(text)

    def show_record(self, record: VisitRecord, elsewhere: str = "") -> None:
        """``elsewhere``: the visit is live in another room ("in progress in room X since
        …"): read-only here, with Take over."""
        self.record = record
        if record.voided:
            self.lock.setText("VOIDED — read-only")
        elif record.signed:
            self.lock.setText("Signed — read-only")
        else:
            self.lock.setText("In progress — read-only here" if elsewhere else "In progress")
        self.lock.setStyleSheet(ERROR_STYLE if record.voided else "")
        self.lock_mark.setVisible(record.signed or record.voided)
        self.amend_button.setVisible(record.signed and not record.voided)
        self.void_button.setVisible(not record.voided and not elsewhere)
        self.elsewhere.setText(f"This visit is {elsewhere}." if elsewhere else "")
        self.elsewhere.setVisible(bool(elsewhere))
        self.take_over_button.setVisible(bool(elsewhere))
        self.body.setHtml(visit_html(record))
        self.body.setFocus()
