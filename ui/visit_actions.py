"""What the window does with a visit beyond routing: sign, amend, refer and void it (each with
the clinician's PIN or password once the clinic signs in), take over a visit live in another
room, keep this room's lease alive, and answer the session's questions about the open visit.

It is given the workspace, whose pages, flow and dialog opener it uses; the visit's rules are
:class:`artdesk.visit.VisitFlow`'s. Nothing here records start/resume/finish/sign/amend/void
or take-over in the audit trail: the flow writes those with the change itself.

Signing and reading a visit run on a worker (:func:`ui.background.run_in_background`; the flow
is safe to call from one: each call opens its own session): the wrap-up page or the dialog
says so meanwhile and holds its buttons, and a refusal comes back to where it was asked with
everything typed still there.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QMessageBox

from artdesk.store import StoreError, VisitElsewhere
from ui.background import run_in_background

if TYPE_CHECKING:
    from artdesk.store import Referral
    from artdesk.visit import Treatment, TreatmentSetup, VisitRecord, WrapUp
    from ui.workspace import Workspace

HEARTBEAT_MS = 30_000


class VisitActions(QObject):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self._w = workspace
        self.heartbeat_timer = QTimer(self)
        self.heartbeat_timer.setInterval(HEARTBEAT_MS)
        self.heartbeat_timer.timeout.connect(self.heartbeat)
        self.heartbeat_timer.start()
        self._signing: int | None = None  # the visit being signed on a worker now
        self._draft_waiting = False  # a change to the wrap-up not yet kept when Sign was pressed
        self._asking = False  # the signer's credentials being read for a dialog

    def secret_label(self) -> str | None:
        """What the PIN field is called in a confirming dialog (None: no sign-in)."""
        return self._secret_label()

    def _secret_label(self) -> str | None:
        """'Your PIN (Dr Ana Ruiz)', or None when nobody in the clinic has one."""
        w = self._w
        if not w.session.enabled:
            return None
        clinician = w.clinician_id()
        try:
            kind = w.flow.credentials.kind(clinician) if clinician is not None else None
        except StoreError:
            kind = None
        word = "password" if kind is not None and kind.value == "password" else "PIN"
        return f"Your {word} ({w.session.name(clinician)})"

    def _signer(self, clinician: int | None) -> tuple[str, str]:
        """On a worker (store reads only, no Qt): the PIN field's label and the signer's
        name (without it when the clinicians cannot be read)."""
        credentials = self._w.flow.credentials
        try:
            kind = credentials.kind(clinician) if clinician is not None else None
        except StoreError:
            kind = None
        try:
            name = next((p.full_name for p in credentials.people() if p.id == clinician), "")
        except StoreError:
            name = ""
        word = "password" if kind is not None and kind.value == "password" else "PIN"
        return f"Your {word} ({name})", name

    def _with_signer(self, clinician: int | None, then: Callable[[str | None, str], None]) -> None:
        """``then(label, name)`` on the UI thread: at once with no label in a clinic without
        sign-in, else once the credentials are read on a worker (queries that can exceed a
        frame); asked again meanwhile (a key pressed twice), once."""
        if not self._w.session.enabled:
            then(None, "")
            return
        if self._asking:
            return
        self._asking = True

        def read(signer: tuple[str, str]) -> None:
            self._asking = False
            if shiboken6.isValid(self._w):
                then(*signer)

        def failed(exc: BaseException) -> None:
            self._asking = False
            raise exc

        run_in_background(lambda: self._signer(clinician), read, failed)

    # --- the session's questions (ui.session.Desk) -----------------------------------------

    def pass_running(self) -> bool:
        w = self._w
        return w.stack.currentWidget() is w.treatment_page and w.treatment_page.running()

    def hold_pass(self) -> bool:
        return self._w.treatment_page.hold()

    def open_visit_owner(self) -> tuple[int, str] | None:
        treatment = self._w.treatment
        if treatment is None:
            return None
        try:
            owner = self._w.flow.owner(treatment.visit_id)
        except StoreError:
            return None
        return owner, f"The visit with {treatment.patient_name}"

    def leave_visit(self) -> None:
        if self._w.treatment is not None:
            self._w.treatment_page.leave()
            self._w.treatment = None

    def go_home(self) -> None:
        self._w.show_patients()

    def chosen_clinician(self) -> int | None:
        return self._w.toolbar.clinician_id()

    # --- the live visit --------------------------------------------------------------------

    @Slot()
    def heartbeat(self) -> None:
        """While a live visit is open here, other rooms see this one holding it."""
        treatment = self._w.treatment
        if treatment is None or treatment.visit_id == self._signing:
            return  # (a visit being signed may be signed already: no more writes to it)
        try:
            self._w.flow.heartbeat(treatment.visit_id)
        except StoreError as exc:
            self._w.message.emit(f"This room's hold on the visit: {exc}", 15000)

    def owned_elsewhere(self, record: VisitRecord) -> bool:
        """An unfinished visit of another clinician: shown, never resumed as the one signed
        in (it stays for its clinician)."""
        w = self._w
        if record.signed or record.voided or not w.session.enabled:
            return False
        if record.clinician_id == w.clinician_id():
            return False
        w.show_visit(
            record.id,
            status=f"This visit is {record.clinician}'s and not finished: only they can carry "
            "it on (they sign in and open it). It stays as it is.",
        )
        return True

    @Slot()
    def take_over(self) -> None:
        record = self._w.view_page.record
        clinician = self._w.clinician_id()
        if record is None or clinician is None:
            return
        self._ask_take_over(record.id, clinician, confirmed=False)

    def _ask_take_over(
        self, visit_id: int, clinician: int, *, confirmed: bool, why: str = ""
    ) -> None:
        text = (
            f"{why}\n\nTake it over anyway? That room can then no longer save to it."
            if why
            else "Carry this visit on in this room? The other room can then no longer save to it."
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning if why else QMessageBox.Icon.Question,
            "Take over the visit",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self._w,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self._take_over(visit_id, clinician, confirmed))
        self._w.dialogs.open(box)

    def _take_over(self, visit_id: int, clinician: int, confirmed: bool) -> None:
        try:
            self._w.flow.take_over(visit_id, clinician, confirmed=confirmed)
        except VisitElsewhere as exc:  # that room was busy a moment ago: say so, ask again
            why = str(exc)
            again = lambda: self._ask_take_over(visit_id, clinician, confirmed=True, why=why)  # noqa: E731
            QTimer.singleShot(0, self, again)
            return
        except StoreError as exc:
            self._w.view_page.show_status(f"Not taken over: {exc}.")
            return
        self._w.open_visit(visit_id)

    # --- signing ---------------------------------------------------------------------------

    @Slot(object)
    def sign(self, wrap: WrapUp) -> None:
        """Sign on the wrap-up: with the clinic signing in, a dialog shows what is signed and
        asks the signer's PIN or password; without, it signs at once (as it always did). The
        store works on a worker while the page (or the dialog) says so."""
        w = self._w
        clinician, treatment = w.clinician_id(), w.treatment
        if clinician is None or treatment is None or w.wrapup_page.held():
            return
        page, visit_id = w.wrapup_page, treatment.visit_id
        # no draft written into a visit being signed; a refusal arms it again (_sign_failed)
        self._draft_waiting = w.drafts.timer.isActive()
        w.drafts.timer.stop()
        if not w.session.enabled:  # nobody in the clinic has a PIN: signed at once
            page.hold("Signing…")
            self._signing = visit_id
            run_in_background(
                lambda: w.flow.wrap_up(treatment, clinician, wrap),
                lambda _none: self._signed(visit_id),
                self._sign_failed,
            )
            return

        def ask(read: tuple[VisitRecord, tuple[str, str]]) -> None:
            from ui.pages.sign_dialog import SignDialog, sign_summary

            record, (label, _name) = read
            if not shiboken6.isValid(page):
                return
            page.release()
            if draft is not None:
                page.show_draft_problem(None)  # kept
            if w.treatment is not treatment:
                return  # left meanwhile (a lock by someone else): nothing to sign here

            def sign(secret: str) -> None:  # on the worker
                self._signing = visit_id
                try:
                    w.flow.wrap_up(treatment, clinician, wrap, secret)
                except BaseException:
                    self._signing = None
                    raise

            dialog = SignDialog("Sign the visit", sign_summary(record, wrap), label, sign, w)
            dialog.accepted.connect(lambda: self._signed(visit_id))
            w.dialogs.open(dialog)

        # a change still waiting is kept now, with the reading (not during the sign)
        draft = page.draft() if self._draft_waiting else None

        def read() -> tuple[VisitRecord, tuple[str, str]]:  # on the worker
            if draft is not None:
                w.flow.save_draft(visit_id, draft)
            return w.flow.record(visit_id), self._signer(clinician)

        page.hold("Reading the visit to sign…")
        run_in_background(read, ask, self._sign_failed)

    def _signed(self, visit_id: int) -> None:
        self._signing = None
        if shiboken6.isValid(self._w):
            self._w.wrapup_page.hold("Signed. Opening the signed visit…")
            self._w.signed(visit_id)

    def _sign_failed(self, exc: BaseException) -> None:
        self._signing = None
        if not shiboken6.isValid(self._w):
            return
        if self._draft_waiting:
            self._w.drafts.timer.start()
        if not isinstance(exc, StoreError | OSError):
            self._w.wrapup_page.show_problem("something went wrong")
            raise exc
        self._w.wrapup_page.show_problem(exc)

    @Slot()
    def amend(self) -> None:
        from artdesk.store import InvalidInput
        from ui.pages.visit_view_page import AmendDialog

        w = self._w
        record = w.view_page.record
        if record is None or not record.signed or record.voided:
            return
        # read now, not on the worker: nobody else is chosen while the window-modal dialog is
        # open (a lock by someone else closes it)
        clinician = w.clinician_id()

        def save(reason: str, text: str, secret: str | None) -> None:  # on the worker
            if clinician is None:
                raise InvalidInput("choose the clinician who amends the visit")
            w.flow.amend(record.id, clinician, reason, text, secret)

        def ask(label: str | None, name: str) -> None:
            if w.view_page.record is not record or w.dialog is not None:
                return  # moved on meanwhile
            when = record.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
            about = f"Amending the visit of {record.patient_name}, {when}"
            if label is not None:
                about += f", as {name}"
            dialog = AmendDialog(save, w, label, about)
            dialog.accepted.connect(lambda: w.show_visit(record.id, "The amendment is saved. "))
            w.dialogs.open(dialog)

        self._with_signer(clinician, ask)

    @Slot(object)
    def refer(self, setup: TreatmentSetup) -> None:
        """Refer instead of treating: the dialog asks to whom (and the PIN once the clinic
        signs in) and signs the referral on a worker; the referred visit is shown after, to
        the clinician who referred — not to someone who signed in meanwhile."""
        from ui.pages.referral_dialog import ReferralDialog

        w = self._w
        clinician, flow = w.clinician_id(), w.flow
        if clinician is None:
            return
        reason, emergency = setup.decision.problem or "", bool(setup.decision.emergencies)

        def save(referral: Referral, secret: str | None) -> int:  # on the worker
            return flow.refer(clinician, setup, referral, secret)

        def referred(visit_id: int) -> None:
            if not shiboken6.isValid(w):
                return
            if w.session.enabled and w.session.clinician != clinician:
                w.message.emit("The referral is saved and signed.", 15000)
                return  # someone else works here now: not shown as theirs
            w.show_visit(visit_id, "Referred and signed. ")

        def ask(label: str | None, _name: str) -> None:
            if w.dialog is not None or w.stack.currentWidget() is not w.setup_page:
                return  # moved on meanwhile
            dialog = ReferralDialog(emergency, reason, save, w, label)
            dialog.saved.connect(referred)
            w.dialogs.open(dialog)

        self._with_signer(clinician, ask)

    @Slot()
    def void(self) -> None:
        """Void a visit opened in error (a reason and the PIN): kept, labelled VOIDED."""
        w = self._w
        record, clinician = w.view_page.record, w.clinician_id()
        live = w.treatment if w.stack.currentWidget() is not w.view_page else None
        if live is None:
            if record is not None and not record.voided and clinician is not None:
                shown, who = record, clinician

                def ask(label: str | None, _name: str) -> None:
                    if w.view_page.record is shown and w.dialog is None:  # not moved on
                        self._ask_void(shown, who, None, label)

                self._with_signer(who, ask)
            return
        # the visit under way here (treatment or wrap-up): opened in error
        if self.pass_running() and not self.hold_pass():
            return  # hands off first: the pause could not be saved (the page says why)
        if clinician is None:
            return

        def read(read: tuple[VisitRecord, str | None]) -> None:
            record, label = read
            if shiboken6.isValid(w) and w.treatment is live and not record.voided:
                self._ask_void(record, clinician, live, label)

        def unreadable(exc: BaseException) -> None:
            if not isinstance(exc, StoreError):
                raise exc
            if shiboken6.isValid(w):
                w.message.emit(f"The visit could not be read: {exc}", 15000)

        enabled = w.session.enabled
        run_in_background(
            lambda: (
                w.flow.record(live.visit_id),
                self._signer(clinician)[0] if enabled else None,
            ),
            read,
            unreadable,
        )

    def _ask_void(
        self, record: VisitRecord, clinician: int, live: Treatment | None, label: str | None
    ) -> None:
        from ui.pages.sign_dialog import VoidDialog

        w = self._w
        when = record.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        summary = (
            f"<b>{escape(record.patient_name)}</b> — visit {when} with {escape(record.clinician)} "
            f"({record.status.label}). It is kept and labelled VOIDED, left out of the "
            "history's counts, the charts and billing."
        )

        def void(reason: str, secret: str) -> None:  # on the worker
            w.flow.void(record.id, clinician, reason, secret or None)

        def voided() -> None:
            if live is not None and live is w.treatment:
                self.leave_visit()
            w.show_visit(record.id, "The visit is voided. ")

        dialog = VoidDialog(summary, label, void, w)
        dialog.accepted.connect(voided)
        w.dialogs.open(dialog)
