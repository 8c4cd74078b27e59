"""Issue 14 item 3, the rest: signing a referral and signing in at the lock screen check the
PIN or password (Argon2) and write the store on a worker, so the window keeps painting. While
the worker runs the dialog or the lock page says so and holds its fields and buttons (Enter
twice signs once); a refusal (a wrong PIN, a full disk) keeps it up with what was typed and the
keys where they were.

Each test holds the store call on an Event (``tests.ui.test_no_stall.held``) to look at the
window mid-way; no test sleeps or measures time (benchmarks/ui_stall.py measures the stall)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.faults import SAYS, failing
from tests.ui.conftest import focused, wait_for_dialog, wait_for_focus_in
from tests.ui.helpers import finish_background
from tests.ui.keys import CTRL, press, type_text
from tests.ui.test_no_stall import Held, held, ticking
from tests.ui.test_who_did_what import ANA_PIN, TOMAS_PASSWORD, actions, clinic, desk, sign_in
from ui.pages.referral_dialog import ReferralDialog
from ui.workspace import Workspace

__all__ = ["clinic", "desk"]  # fixtures, used by name

ADVICE = "Go now; do not drive yourself <b>& — Łódź"


@contextmanager
def checking(window: Workspace) -> Iterator[Held]:
    """``credentials.verify`` (the Argon2 check) held until the test sets ``go``; the lock
    page and the flow's signature both call it through the one repository."""
    credentials = window.flow.credentials
    wrapper = Held(credentials.verify)
    credentials.verify = wrapper  # type: ignore[method-assign]
    try:
        yield wrapper
    finally:
        wrapper.go.set()
        finish_background()
        credentials.verify = wrapper.real  # type: ignore[method-assign]


def off_the_ui_thread(call: Held) -> bool:
    return bool(call.threads) and threading.main_thread() not in call.threads


def referral_dialog(qtbot: QtBot, window: Workspace, patient: int) -> ReferralDialog:
    """The set-up of ``patient`` with a suspected DVT (treatment cannot start), Refer instead…
    pressed, the advice written and the keys in the PIN field."""
    window.show_patient(patient)
    window.patient_page.start_visit.emit(patient)
    finish_background()
    page = window.setup_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page, timeout=3000)
    page.complaint.setText("calf swollen after a long flight")
    page.pain.set_value(6)
    page.screening.boxes["dvt"].setChecked(True)
    qtbot.keyClick(page.refer_button, Qt.Key.Key_Space)
    dialog = wait_for_dialog(qtbot, window, ReferralDialog)
    dialog.advice.setPlainText(ADVICE)
    dialog.secret.setFocus()
    wait_for_focus_in(qtbot, dialog.secret)
    return dialog


def referrals(window: Workspace, patient: int) -> list[int]:
    return [row.id for row in window.flow.history(patient)]


def test_a_referral_is_signed_on_a_worker_once_while_the_window_keeps_going(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    patient = clinic["patient"]
    dialog = referral_dialog(qtbot, desk, patient)
    type_text(focused(), ANA_PIN)
    with checking(desk) as verify, held(desk, "refer") as refer:
        verify.hold = False  # only recorded: the referral itself is held
        press(focused(), Qt.Key.Key_Return)
        assert refer.started.wait(5)
        ticking(qtbot)  # the UI thread runs while the referral is being signed
        assert dialog.error.text() == "Signing the referral…" and dialog.error.isVisible()
        for part in (dialog.to, dialog.urgency, dialog.advice, dialog.secret, dialog.buttons):
            assert not part.isEnabled()
        press(dialog, Qt.Key.Key_Return)  # Enter again: nothing more
        dialog.save()
        press(dialog, Qt.Key.Key_Escape)  # not closed while the answer is awaited
        assert dialog.isVisible() and desk.dialog is dialog
        refer.go.set()
        finish_background()
    assert len(refer.threads) == 1 and off_the_ui_thread(refer)
    assert len(verify.threads) == 1 and off_the_ui_thread(verify)  # the Argon2 check too
    assert not dialog.isVisible() and desk.dialog is None
    assert desk.stack.currentWidget() is desk.view_page
    record = desk.view_page.record
    assert record is not None and record.signed and record.signed_with == "pin"
    assert record.referral is not None and record.referral.advice == ADVICE
    assert referrals(desk, patient) == [record.id]  # saved once
    assert [a for a in actions(desk) if a[0] == "refer-visit"] == [("refer-visit", "Dr Ana Ruiz")]


def test_a_wrong_pin_keeps_the_referral_dialog_and_what_was_typed(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    patient = clinic["patient"]
    dialog = referral_dialog(qtbot, desk, patient)
    dialog.to.setText("Vascular clinic")
    dialog.urgency.setCurrentText("same day")
    type_text(dialog.secret, "135792")  # not Ana's PIN
    with checking(desk) as verify:
        press(dialog.secret, Qt.Key.Key_Return)
        assert verify.started.wait(5)
        ticking(qtbot)
        assert dialog.error.text() == "Signing the referral…"
        assert not dialog.secret.isEnabled() and not dialog.buttons.isEnabled()
        verify.go.set()
        finish_background()
    assert off_the_ui_thread(verify)
    assert dialog.isVisible() and desk.dialog is dialog
    said = dialog.error.text()
    assert "not right" in said and "Everything else typed is still here" in said
    assert dialog.to.text() == "Vascular clinic" and dialog.urgency.currentText() == "same day"
    assert dialog.advice.toPlainText() == ADVICE and dialog.secret.text() == ""
    assert dialog.secret.isEnabled() and dialog.buttons.isEnabled()
    wait_for_focus_in(qtbot, dialog.secret)  # retype and press Enter
    assert referrals(desk, patient) == []  # nothing stored
    type_text(focused(), ANA_PIN)
    press(focused(), Qt.Key.Key_Return)
    finish_background()
    assert desk.stack.currentWidget() is desk.view_page
    assert len(referrals(desk, patient)) == 1


def test_a_full_disk_while_referring_says_so_and_enter_tries_again(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    patient = clinic["patient"]
    dialog = referral_dialog(qtbot, desk, patient)
    type_text(focused(), ANA_PIN)
    with (
        held(desk, "refer") as refer,
        failing("full", "INSERT INTO visits", desk.database.engine) as hits,
    ):
        press(focused(), Qt.Key.Key_Return)
        assert refer.started.wait(5)
        ticking(qtbot)
        refer.go.set()
        finish_background()
    assert hits and off_the_ui_thread(refer)
    said = dialog.error.text()
    assert said.startswith("Not saved") and SAYS["full"] in said and "\n" not in said
    assert dialog.isVisible() and dialog.advice.toPlainText() == ADVICE
    assert dialog.secret.text() == ANA_PIN  # kept: the disk has room again, Enter signs
    wait_for_focus_in(qtbot, dialog.secret)
    assert referrals(desk, patient) == []
    press(focused(), Qt.Key.Key_Return)
    finish_background()
    assert desk.stack.currentWidget() is desk.view_page and len(referrals(desk, patient)) == 1


def test_a_referral_signed_while_the_window_was_locked_is_shown_but_not_opened_again(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    patient = clinic["patient"]
    dialog = referral_dialog(qtbot, desk, patient)
    type_text(focused(), ANA_PIN)
    with held(desk, "refer") as refer:
        press(focused(), Qt.Key.Key_Return)
        assert refer.started.wait(5)
        press(dialog, Qt.Key.Key_L, CTRL)  # Ctrl+L while the referral is being signed
        assert desk.session.locked and not dialog.isVisible()
        refer.go.set()
        finish_background()
    assert desk.session.locked  # signed behind the lock screen, which keeps the keys
    wait_for_focus_in(qtbot, desk.session.lock_page.secret)
    assert desk.view_page.record is not None  # shown behind it, the keys not taken
    assert focused() is desk.session.lock_page.secret
    sign_in(qtbot, desk, ANA_PIN)
    assert not desk.session.locked
    assert not dialog.isVisible() and desk.dialog is None  # not opened again: saved once
    (visit,) = referrals(desk, patient)
    assert desk.stack.currentWidget() is desk.view_page
    assert desk.view_page.record is not None and desk.view_page.record.id == visit
    wait_for_focus_in(qtbot, desk.view_page)  # the keys on the referred visit


def test_a_referral_signed_after_another_clinician_signed_in_is_not_shown_to_them(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    patient = clinic["patient"]
    dialog = referral_dialog(qtbot, desk, patient)
    type_text(focused(), ANA_PIN)
    lock = desk.session.lock_page
    with held(desk, "refer") as refer:
        press(focused(), Qt.Key.Key_Return)
        assert refer.started.wait(5)
        press(dialog, Qt.Key.Key_L, CTRL)
        wait_for_focus_in(qtbot, lock)
        press(focused(), Qt.Key.Key_Down)  # Tomás
        type_text(focused(), TOMAS_PASSWORD)
        press(focused(), Qt.Key.Key_Return)
        qtbot.waitUntil(lock.asking, timeout=3000)  # Ana's open window is discarded: sure?
        press(focused(), Qt.Key.Key_Return)  # Sign in anyway
        assert desk.clinician_id() == clinic["tomas"]
        refer.go.set()
        finish_background()
    (visit,) = referrals(desk, patient)  # Ana's referral, stored and signed as hers
    record = desk.flow.record(visit)
    assert record.signed and record.clinician_id == clinic["ana"]
    assert desk.stack.currentWidget() is desk.patients_page  # not shown to Tomás
    assert not dialog.isVisible() and desk.dialog is None


def test_signing_in_is_checked_on_a_worker_once_and_the_window_is_signed_in_after(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    session, lock = desk.session, desk.session.lock_page
    wait_for_focus_in(qtbot, lock)
    type_text(focused(), ANA_PIN)
    with checking(desk) as verify:
        press(focused(), Qt.Key.Key_Return)
        assert verify.started.wait(5)
        ticking(qtbot)  # the UI thread runs while Argon2 works
        assert lock.error.text() == "Checking…" and lock.error.isVisible()
        for part in (lock.people, lock.secret, lock.sign_in_button):
            assert not part.isEnabled()
        assert session.locked and desk.clinician_id() is None
        press(lock, Qt.Key.Key_Return)  # Enter again, the button, the request: one check
        lock.sign_in_button.click()
        lock.request_sign_in()
        lock.sign_in_requested.emit(clinic["ana"], ANA_PIN)
        verify.go.set()
        finish_background()
    assert len(verify.threads) == 1 and off_the_ui_thread(verify)
    assert not session.locked and desk.clinician_id() == clinic["ana"]
    assert desk.stack.isVisible() and "Dr Ana Ruiz" in desk.toolbar.signed_in.text()
    assert lock.secret.text() == ""  # nothing typed left behind the window
    assert actions(desk).count(("sign-in", "Dr Ana Ruiz")) == 1


def test_a_wrong_password_at_the_lock_screen_keeps_who_was_chosen_and_the_keys(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    session, lock = desk.session, desk.session.lock_page
    wait_for_focus_in(qtbot, lock)
    press(focused(), Qt.Key.Key_Down)  # Tomás
    type_text(focused(), "tendon-glide-41")
    with checking(desk) as verify:
        press(focused(), Qt.Key.Key_Return)
        assert verify.started.wait(5)
        ticking(qtbot)
        assert lock.error.text() == "Checking…" and not lock.secret.isEnabled()
        verify.go.set()
        finish_background()
    assert off_the_ui_thread(verify)
    assert session.locked and session.screens.currentWidget() is lock
    assert "not right" in lock.error.text() and lock.error.isVisible()
    assert lock.chosen() == clinic["tomas"] and lock.secret.text() == ""
    assert lock.people.isEnabled() and lock.secret.isEnabled()
    wait_for_focus_in(qtbot, lock.secret)  # retype and press Enter
    type_text(focused(), TOMAS_PASSWORD)
    press(focused(), Qt.Key.Key_Return)
    finish_background()
    assert not session.locked and desk.clinician_id() == clinic["tomas"]
    assert ("sign-in-failed", "") in actions(desk)


def test_a_full_disk_at_the_lock_screen_keeps_the_secret_for_enter_to_try_again(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    session, lock = desk.session, desk.session.lock_page
    wait_for_focus_in(qtbot, lock)
    type_text(focused(), "135792")  # a wrong try first: the right one then resets the count
    press(focused(), Qt.Key.Key_Return)
    finish_background()
    wait_for_focus_in(qtbot, lock.secret)
    type_text(focused(), ANA_PIN)
    with failing("full", "UPDATE clinicians", desk.database.engine) as hits:
        press(focused(), Qt.Key.Key_Return)
        finish_background()
    assert hits and session.locked
    said = lock.error.text()
    assert said.startswith("Sign-in could not be checked") and SAYS["full"] in said
    assert lock.secret.text() == ANA_PIN
    wait_for_focus_in(qtbot, lock.secret)
    press(focused(), Qt.Key.Key_Return)
    finish_background()
    assert not session.locked and desk.clinician_id() == clinic["ana"]


def test_a_check_answered_after_someone_else_signed_in_signs_nobody_in(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    session, lock = desk.session, desk.session.lock_page
    wait_for_focus_in(qtbot, lock)
    press(focused(), Qt.Key.Key_Down)  # Tomás
    type_text(focused(), TOMAS_PASSWORD)
    with checking(desk) as verify:
        press(focused(), Qt.Key.Key_Return)
        assert verify.started.wait(5)
        verify.hold = False  # the next check (Ana's) goes straight on
        session.switch()  # the lock screen begun again: whoever signs in next
        assert lock.secret.isEnabled() and lock.error.text() == ""
        wait_for_focus_in(qtbot, lock.secret)
        type_text(focused(), ANA_PIN)
        press(focused(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not session.locked, timeout=3000)
        assert desk.clinician_id() == clinic["ana"]
        verify.go.set()  # Tomás's check answers now: too late
        finish_background()
    assert len(verify.threads) == 2
    assert not session.locked and desk.clinician_id() == clinic["ana"]
    assert session.clinician == clinic["ana"] and "Dr Ana Ruiz" in desk.toolbar.signed_in.text()
    assert ("sign-in", "Tomás Ferreira") not in actions(desk)
    assert QApplication.activeWindow() is desk.window()
