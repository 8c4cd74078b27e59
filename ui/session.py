"""Who is signed in at this PC, the lock screen, and the auto-lock.

Once any clinician of the clinic has a PIN or password (``credentials.any_set()``) the window
starts locked and whoever works signs in; before that it works as it always did (the toolbar
chooses the clinician) and never locks.

Locking only hides: the pages stay as they are behind the lock screen, open dialogs are hidden
and shown again, and the widget that had the keys gets them back — so the same clinician
unlocking finds every typed word where it was. The auto-lock counts idle time on the injected
clock from the last key, click or mouse move anywhere in the program (an application event
filter); a one-second timer calls :meth:`Session.check_idle`. It never locks while a pass is
running: it locks once the pass is paused or stopped, if nobody has touched anything since.

Signing in checks the PIN or password (Argon2, a tenth of a second or more) on a worker while
the lock page says "Checking…"; an answer that comes back after the lock screen was begun again
(or someone was signed in) signs nobody in. While locked the keys stay on the lock screen, and a
dialog closed behind it meanwhile (its save came back from a worker) is not shown again.

Signals: ``signed_in(int)`` (a clinician other than the one before signed in: the window goes
to the patient list), ``changed()`` (who is signed in, or whether sign-in is on),
``message(str, int)``.
"""

from __future__ import annotations

from typing import Protocol

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QStackedWidget, QWidget

from artdesk.settings import Settings
from artdesk.store import Action, CredentialRepository, SignInRow, StoreError, WrongSecret
from artdesk.treatment import Clock
from artdesk.visit import VisitFlow
from ui.background import run_in_background
from ui.pages.lock_page import CHOOSE, LockPage, Typed
from ui.sentence import sentence

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class Desk(Protocol):
    """What the session asks of the window about the visit that is open in it."""

    def pass_running(self) -> bool: ...
    def hold_pass(self) -> bool: ...
    def open_visit_owner(self) -> tuple[int, str] | None: ...
    def leave_visit(self) -> None: ...
    def go_home(self) -> None: ...
    def chosen_clinician(self) -> int | None: ...


def _dialogs_of(window: QWidget) -> list[QWidget]:
    """The window's visible dialogs (note, amendment, settings…), each a window of its own."""
    found: list[QWidget] = []
    for widget in QApplication.topLevelWidgets():
        if not isinstance(widget, QDialog) or not widget.isVisible():
            continue
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            parent = parent.parentWidget()
        if parent is window:
            found.append(widget)
    return found


class Session(QObject):
    signed_in = Signal(int)
    changed = Signal()
    message = Signal(str, int)

    def __init__(
        self,
        flow: VisitFlow,
        clock: Clock,
        settings: Settings,
        content: QWidget,
        desk: Desk,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._flow = flow
        self.credentials: CredentialRepository = flow.credentials
        self._clock = clock
        self._settings = settings
        self._desk = desk
        self._host = parent
        self.content = content
        self.lock_page = LockPage()
        self.screens = QStackedWidget()
        self.screens.addWidget(content)
        self.screens.addWidget(self.lock_page)
        self.clinician: int | None = None  # signed in (it stays while locked, for unlocking)
        self.signed_out = False  # Switch: whoever signs in next is a new sign-in
        self.locked = False
        self.enabled = False
        self._pending: int | None = None  # verified, waiting for the open-visit answer
        self._checking: int | None = None  # whose PIN or password is being checked now
        self._attempt = 0  # the lock screen up now: a check's answer counts only for it
        self._hidden: list[QWidget] = []
        self._focus: QWidget | None = None
        self._last_input = clock.monotonic()
        self.lock_page.sign_in_requested.connect(self._on_lock_page_sign_in_requested)
        self.lock_page.proceed_requested.connect(self._on_lock_page_proceed_requested)
        self.lock_page.cancel_requested.connect(self._on_lock_page_cancel_requested)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.installEventFilter(self)
        app.focusChanged.connect(self._on_app_focus_changed)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(1000)
        self.idle_timer.timeout.connect(self.check_idle)

    # --- what the window reads -------------------------------------------------------------

    def clinician_id(self) -> int | None:
        if not self.enabled:
            return self._desk.chosen_clinician()
        return None if self.locked else self.clinician

    def name(self, clinician_id: int | None) -> str:
        for person in self._people():
            if person.id == clinician_id:
                return person.full_name
        return ""

    def _people(self) -> list[SignInRow]:
        try:
            return self.credentials.people()
        except StoreError as exc:
            self.message.emit(f"The clinicians could not be read: {exc}", 10000)
            return []

    # --- start, and when a PIN or password is set ------------------------------------------

    def start(self) -> None:
        """At start-up: locked if anyone in the clinic signs in."""
        try:
            self.enabled = self.credentials.any_set()
        except StoreError as exc:
            self.message.emit(f"Sign-in could not be checked: {exc}", 15000)
            self.enabled = True  # fail closed: the lock screen says what is wrong next
        if self.enabled:
            self._lock(audited=False)
            # after the main window has given the keys to the workspace it was just handed
            QTimer.singleShot(0, self.lock_page, self.lock_page.focus_first_field)
        self.idle_timer.start()
        self.changed.emit()

    def refresh(self, candidate: int | None = None) -> None:
        """A secret was set: sign-in turns on the first time, with ``candidate`` (who just
        set theirs, or the clinician the toolbar had) signed in — no one is locked out."""
        was = self.enabled
        try:
            self.enabled = self.credentials.any_set()
        except StoreError:
            return
        if self.enabled and not was:
            self.clinician = candidate
            self.signed_out = candidate is None
            if candidate is None:  # a colleague's PIN: whoever works here now signs in
                self._lock(audited=False)
            else:
                self.record(Action.SIGN_IN, detail="sign-in turned on")
        self._last_input = self._clock.monotonic()
        self.changed.emit()

    def carry_over(self, typed: Typed) -> None:
        """What was chosen and typed on the lock page painted before the store opened goes on
        here; a sign-in asked for there is checked now, by this session (ui.main_window)."""
        page = self.lock_page
        taken = self.locked and not (page.held() or page.asking())
        if taken and page.carry_over(typed.clinician, typed.secret) and typed.submitted:
            page.request_sign_in()

    # --- locking ---------------------------------------------------------------------------

    @Slot()
    def request_lock(self) -> None:
        """Ctrl+L, the toolbar's Lock: now, pausing a running pass first (saved in the
        journal like any pause), so the time away is not counted as treatment."""
        if not self.enabled:
            self.message.emit(
                "Nothing to lock with: set a PIN or password first (Your PIN/password…).", 8000
            )
            return
        if self._desk.pass_running() and not self._desk.hold_pass():
            return  # the pause could not be saved: the page says why; the pass goes on
        self._lock()

    @Slot()
    def switch(self) -> None:
        """Switch clinician: sign out, and the lock screen asks who signs in."""
        if not self.enabled:
            return
        if self._desk.pass_running() and not self._desk.hold_pass():
            return
        self.record(Action.SIGN_OUT)
        self.signed_out = True
        self._lock(audited=False)

    @Slot()
    def check_idle(self) -> None:
        """Lock after ``lock_minutes`` without input — never in the middle of a running pass."""
        if not self.enabled or self.locked:
            return
        idle = self._clock.monotonic() - self._last_input
        if idle < float(self._settings["lock_minutes"]) * 60 or self._desk.pass_running():
            return
        self._lock(detail=f"idle for {idle / 60:.0f} min")

    def _lock(self, *, audited: bool = True, detail: str = "") -> None:
        if self.locked:
            if self.signed_out:
                self._show_lock_page()
            return
        if audited and self.clinician is not None:
            self.record(Action.LOCK, detail=detail)
        focus = QApplication.focusWidget()
        self._focus = (
            focus if focus is not None and not self.lock_page.isAncestorOf(focus) else None
        )
        self._hidden = _dialogs_of(self._host.window())
        for dialog in self._hidden:
            dialog.hide()
            if isinstance(dialog, QDialog):  # closed while hidden: not shown again
                dialog.finished.connect(
                    self._on_hidden_dialog_finished, Qt.ConnectionType.UniqueConnection
                )
        self.locked = True
        self.screens.setCurrentWidget(self.lock_page)
        self._host.window().activateWindow()  # the keys come back from a hidden dialog
        self._show_lock_page()
        self.message.emit("", 1)  # a status line may name a patient
        self.changed.emit()

    def _show_lock_page(self) -> None:
        detail = CHOOSE
        if self.clinician is not None and not self.signed_out:
            detail = (
                f"Locked by {self.name(self.clinician)}. Everything on the screen is kept: "
                "signing in again returns to it. " + detail
            )
        preselect = None if self.signed_out else self.clinician
        self._pending = None
        self._attempt += 1
        self._checking = None
        self.lock_page.release()
        self.lock_page.begin(self._people(), preselect, detail)
        self.lock_page.focus_first_field()

    # --- signing in ------------------------------------------------------------------------

    @Slot(int, str)
    def _on_lock_page_sign_in_requested(self, clinician_id: int, secret: str) -> None:
        """The PIN or password is checked (Argon2) on a worker while the lock page says
        "Checking…" and holds its fields: Enter pressed twice checks once."""
        if self._checking is not None:
            return
        credentials, attempt = self.credentials, self._attempt
        self._checking = clinician_id
        self.lock_page.hold("Checking…")
        run_in_background(
            lambda: credentials.verify(clinician_id, secret),  # store calls only, no Qt
            lambda _none: self._on_verified(attempt, clinician_id),
            lambda exc: self._on_not_verified(attempt, exc),
        )

    def _stale(self, attempt: int) -> bool:
        """The check's answer is for a lock screen no longer up (begun again for whoever signs
        in next, or unlocked meanwhile): it signs nobody in."""
        if not shiboken6.isValid(self) or not shiboken6.isValid(self.lock_page):
            return True
        if attempt != self._attempt:
            return True
        self._checking = None
        return not self.locked

    def _on_verified(self, attempt: int, clinician_id: int) -> None:
        if self._stale(attempt):
            return
        self.lock_page.release()
        self.lock_page.clear_secret()
        if clinician_id == self.clinician:  # the same clinician: back to their screen
            self.record(Action.SIGN_IN if self.signed_out else Action.UNLOCK)
            self.signed_out = False
            self._unlock()
            return
        owner = self._desk.open_visit_owner()
        if (owner is not None and owner[0] != clinician_id) or self._hidden:
            self._pending = clinician_id
            self.lock_page.ask(self._question(clinician_id, owner))
            return
        self._sign_in_as(clinician_id)

    def _on_not_verified(self, attempt: int, exc: BaseException) -> None:
        if self._stale(attempt):
            return
        self.lock_page.release()
        if isinstance(exc, WrongSecret):
            self.lock_page.show_problem(f"{sentence(str(exc))}.")
        elif isinstance(exc, StoreError | OSError):  # the secret kept: Enter tries again
            self.lock_page.show_problem(f"Sign-in could not be checked: {exc}.", retype=False)
        else:
            self.lock_page.show_problem("Sign-in could not be checked: something went wrong.")
            raise exc

    def _question(self, clinician_id: int, owner: tuple[int, str] | None) -> str:
        parts = []
        if owner is not None and owner[0] != clinician_id:
            parts.append(
                f"{owner[1]} is open. It is {self.name(owner[0])}'s: only they can carry it "
                "on or sign it. If you sign in, it stays unfinished (paused) for them to "
                "resume later."
            )
        if self._hidden:
            parts.append(
                f"What {self.name(self.clinician)} was typing in an open window is discarded."
            )
        return " ".join(parts) + f" Sign in as {self.name(clinician_id)}?"

    @Slot()
    def _on_lock_page_proceed_requested(self) -> None:
        if self._pending is not None:
            self._sign_in_as(self._pending)

    @Slot()
    def _on_lock_page_cancel_requested(self) -> None:
        self._pending = None
        self.lock_page.ask(None)

    def _sign_in_as(self, clinician_id: int) -> None:
        """Someone else: the open visit is left for its clinician, their dialogs closed."""
        self._desk.leave_visit()
        for dialog in self._hidden:
            if shiboken6.isValid(dialog) and isinstance(dialog, QDialog):
                dialog.reject()
        self._hidden, self._focus = [], None
        if self.clinician is not None and not self.signed_out:
            self.record(Action.SIGN_OUT)
        self.clinician = clinician_id
        self.signed_out = False
        self.record(Action.SIGN_IN)
        self._unlock()
        self._desk.go_home()
        self.signed_in.emit(clinician_id)

    @Slot()
    def _on_hidden_dialog_finished(self) -> None:
        """A dialog hidden by the lock closed meanwhile (its save came back from a worker,
        e.g. a referral signed just before Ctrl+L): unlocking does not open it again."""
        dialog = self.sender()
        self._hidden = [d for d in self._hidden if d is not dialog]

    def _unlock(self) -> None:
        self._pending = None
        self._attempt += 1
        self.locked = False
        self._last_input = self._clock.monotonic()
        self.screens.setCurrentWidget(self.content)
        hidden, self._hidden = self._hidden, []
        for dialog in hidden:
            if shiboken6.isValid(dialog):
                dialog.show()
                dialog.raise_()
                dialog.activateWindow()
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.activateWindow()
            focus.setFocus()
        elif not hidden:
            self._host.window().activateWindow()
        self.changed.emit()

    def end(self) -> None:
        """The program closes: whoever is signed in is signed out."""
        if self.enabled and self.clinician is not None and not self.signed_out:
            self.record(Action.SIGN_OUT, detail="the program closed")
            self.signed_out = True

    # --- the audit trail -------------------------------------------------------------------

    def record(
        self,
        action: Action,
        *,
        patient_id: int | None = None,
        visit_id: int | None = None,
        detail: str = "",
    ) -> None:
        """One line in the audit trail, by the clinician signed in (or chosen)."""
        who = self.clinician if self.enabled else self._desk.chosen_clinician()
        try:
            self._flow.audit.record(
                action, who, patient_id=patient_id, visit_id=visit_id, detail=detail
            )
        except StoreError as exc:
            self.message.emit(f"The audit trail could not be written: {exc}", 10000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Every key and click counts as activity; Ctrl+L locks from anywhere in the window,
        a dialog included (a QShortcut would be blocked by a window-modal dialog)."""
        kind = event.type()
        if kind in _INPUT and not self.locked:
            self._last_input = self._clock.monotonic()
            if (
                kind == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_L
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
                and isinstance(watched, QWidget)
                and self._ours(watched)
            ):
                self.request_lock()
                return True
        return False

    @Slot(QWidget, QWidget)
    def _on_app_focus_changed(self, old: QWidget | None, now: QWidget | None) -> None:
        """While locked the keys stay on the lock screen, in the PIN field as the window comes
        back: a page behind it that takes them (an answer back from a worker, e.g. the signed
        referral shown while locked) has them only at unlock."""
        lock = self.lock_page
        if not self.locked or now is None or not self._ours(now):
            return
        inside = now is lock or lock.isAncestorOf(now)
        if inside and (old is not None or now is lock.secret):
            return  # moved on the lock screen by the clinician (Tab, a click)
        lock.focus_first_field()
        focus = QApplication.focusWidget()
        if focus is None or not lock.isAncestorOf(focus):  # held: "Checking…"
            lock.setFocus()

    def _ours(self, widget: QWidget) -> bool:
        window = self._host.window()
        found: QWidget | None = widget
        while found is not None and found is not window:
            found = found.parentWidget()
        return found is window
