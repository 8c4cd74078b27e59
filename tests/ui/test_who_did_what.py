"""Issue 10 through the real window: sign-in, the lock and the auto-lock, signing and amending
with a PIN, the record's access list, and a visit live in another room."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library
from artdesk.screening import Screen
from artdesk.settings import Settings
from artdesk.store import (
    Action,
    ClinicianRepository,
    CredentialRepository,
    Database,
    PatientData,
    PatientRepository,
    VisitElsewhere,
)
from artdesk.treatment import FakeClock, Status
from artdesk.visit import VisitFlow
from tests.builders import setup_for
from tests.ui.conftest import (
    TODAY,
    focused,
    shown_workspace,
    wait_for_dialog,
    wait_for_focus_in,
)
from tests.ui.helpers import finish_background, into_treatment
from tests.ui.keys import CTRL, finish_treatment, open_dialog, press, type_text
from ui.pages.sign_dialog import SignDialog
from ui.pages.visit_view_page import AmendDialog
from ui.sounds import SilentCues
from ui.treatment.treatment_dialogs import NoteDialog
from ui.workspace import Workspace

SHIFT = Qt.KeyboardModifier.ShiftModifier
ANA_PIN = "246810"
TOMAS_PASSWORD = "tendon-glide-42"


@pytest.fixture
def clinic(database: Database) -> dict[str, int]:
    """Two clinicians with their secrets (Ana a PIN, Tomás a password) and a patient."""
    clinicians = ClinicianRepository(database)
    ana = clinicians.add("Dr Ana Ruiz", "DC")
    tomas = clinicians.add("Tomás Ferreira", "PT")
    credentials = CredentialRepository(database)
    credentials.set_secret(ana, "pin", ANA_PIN)
    credentials.set_secret(tomas, "password", TOMAS_PASSWORD)
    patients = PatientRepository(database, today=lambda: TODAY)
    patient = patients.add(PatientData("Γιώργος Παπαδόπουλος", date(1985, 12, 1)))
    return {"ana": ana, "tomas": tomas, "patient": patient}


@pytest.fixture
def desk(
    qtbot: QtBot,
    clinic: dict[str, int],
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
    cues: SilentCues,
) -> Workspace:
    settings.set("room", "Room 1")
    return shown_workspace(qtbot, database, clock, library, screen, settings, cues)


def sign_in(qtbot: QtBot, window: Workspace, secret: str, down: int = 0) -> None:
    """At the lock screen: ↓ to the clinician, type the secret, Enter — keys only (and the
    answer of the check, on a worker)."""
    page = window.session.lock_page
    wait_for_focus_in(qtbot, page)
    for _ in range(down):
        press(focused(), Qt.Key.Key_Down)
    type_text(focused(), secret)
    press(focused(), Qt.Key.Key_Return)
    finish_background()


def actions(window: Workspace) -> list[tuple[str, str]]:
    return [(e.action, e.clinician) for e in window.flow.audit.entries()]


def test_the_window_starts_locked_and_a_clinician_signs_in(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    session = desk.session
    assert session.locked and session.screens.currentWidget() is session.lock_page
    assert not desk.stack.isVisible()  # no patient data behind a locked window
    assert desk.clinician_id() is None
    sign_in(qtbot, desk, "135792")  # wrong
    assert session.locked and "not right" in session.lock_page.error.text()
    assert session.lock_page.secret.text() == ""
    sign_in(qtbot, desk, ANA_PIN)
    assert not session.locked and desk.stack.isVisible()
    assert desk.clinician_id() == clinic["ana"]
    assert "Dr Ana Ruiz" in desk.toolbar.signed_in.text()
    assert not desk.toolbar.clinician.isVisible()  # no list to pick anyone from
    assert ("sign-in-failed", "") in actions(desk) and ("sign-in", "Dr Ana Ruiz") in actions(desk)


def test_idle_locks_but_never_during_a_running_pass_and_unlocking_keeps_what_was_typed(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    into_treatment(qtbot, desk, patient=clinic["patient"])
    page = desk.treatment_page
    runner = desk.runner
    assert runner is not None
    press(page, Qt.Key.Key_Space)  # located: pass 1 runs
    clock.advance(10 * 60)  # hands on the tissue, nothing touched for ten minutes
    desk.session.check_idle()
    assert not desk.session.locked and runner.state.status is Status.RUNNING

    note = open_dialog(page, Qt.Key.Key_N, NoteDialog)  # writing holds the pass
    type_text(note.text, "tight band at mid-belly")
    assert runner.state.status is Status.PAUSED
    clock.advance(4 * 60)
    desk.session.check_idle()
    assert not desk.session.locked  # not idle long enough yet
    clock.advance(61)
    desk.session.check_idle()
    assert desk.session.locked and not note.isVisible() and not desk.stack.isVisible()

    sign_in(qtbot, desk, ANA_PIN)  # the same clinician: back exactly where it was
    assert not desk.session.locked
    qtbot.waitUntil(note.isVisible)
    wait_for_focus_in(qtbot, note)
    assert note.text.toPlainText() == "tight band at mid-belly"
    assert desk.dialog is note and desk.stack.currentWidget() is page
    press(note.text, Qt.Key.Key_Return, CTRL)  # the note is saved, the pass goes on
    assert runner.state.status is Status.RUNNING
    assert runner.state.current.notes[-1].text == "tight band at mid-belly"
    assert ("lock", "Dr Ana Ruiz") in actions(desk) and ("unlock", "Dr Ana Ruiz") in actions(desk)


def test_ctrl_l_locks_at_once_and_a_running_pass_is_paused_not_lost(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    press(focused(), Qt.Key.Key_L, CTRL)  # on the patient list
    assert desk.session.locked
    sign_in(qtbot, desk, ANA_PIN)
    into_treatment(qtbot, desk, patient=clinic["patient"])
    page, runner = desk.treatment_page, desk.runner
    assert runner is not None
    press(page, Qt.Key.Key_Space)
    clock.advance(20)
    press(page, Qt.Key.Key_L, CTRL)
    assert desk.session.locked and runner.state.status is Status.PAUSED
    passes = runner.state.pass_number
    clock.advance(120)  # away: paused time, not treatment
    sign_in(qtbot, desk, ANA_PIN)
    assert desk.stack.currentWidget() is page and runner.state.pass_number == passes
    wait_for_focus_in(qtbot, page)
    press(page, Qt.Key.Key_P)  # resume where it stopped
    assert runner.state.status is Status.RUNNING

    note = open_dialog(page, Qt.Key.Key_N, NoteDialog)  # from inside a dialog too
    type_text(note.text, "guarding eased")
    press(note.text, Qt.Key.Key_L, CTRL)
    assert desk.session.locked and not note.isVisible()
    assert note.text.toPlainText() == "guarding eased"  # no stray "l" typed either
    sign_in(qtbot, desk, ANA_PIN)
    qtbot.waitUntil(note.isVisible)
    wait_for_focus_in(qtbot, note)
    assert note.text.toPlainText() == "guarding eased"


def test_another_clinician_at_the_lock_screen_cannot_resume_the_open_visit_as_themselves(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    into_treatment(qtbot, desk, patient=clinic["patient"])
    visit = desk.visit_id
    assert visit is not None
    press(desk.treatment_page, Qt.Key.Key_Space)
    press(desk.treatment_page, Qt.Key.Key_L, CTRL)
    lock = desk.session.lock_page
    sign_in(qtbot, desk, TOMAS_PASSWORD, down=1)  # Tomás
    assert lock.asking() and "Dr Ana Ruiz's" in lock.question_text.text()
    press(focused(), Qt.Key.Key_Escape)  # cancel: still locked, nothing changed
    assert desk.session.locked and not lock.asking() and desk.treatment is not None
    sign_in(qtbot, desk, TOMAS_PASSWORD)
    assert lock.asking()
    press(focused(), Qt.Key.Key_Return)  # Sign in anyway
    assert not desk.session.locked and desk.clinician_id() == clinic["tomas"]
    assert desk.treatment is None and desk.stack.currentWidget() is desk.patients_page
    desk.open_visit(visit)  # from the history: shown, not resumed as Tomás's
    finish_background()  # read on a worker
    assert desk.treatment is None and desk.stack.currentWidget() is desk.view_page
    assert "Dr Ana Ruiz's" in desk.view_page.status.text()
    record = desk.flow.record(visit)
    assert not record.signed and record.clinician_id == clinic["ana"]
    assert record.state.status is Status.PAUSED  # left paused for Ana
    assert ("sign-out", "Dr Ana Ruiz") in actions(desk)

    desk.session.switch()  # Ana comes back: it is hers to carry on
    sign_in(qtbot, desk, ANA_PIN)
    desk.open_visit(visit)
    assert desk.treatment is not None and desk.stack.currentWidget() is desk.treatment_page


def _to_wrap_up(qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock) -> int:
    sign_in(qtbot, desk, ANA_PIN)
    into_treatment(qtbot, desk, patient=clinic["patient"])
    clock.advance(30)
    finish_treatment(desk.treatment_page)
    assert desk.stack.currentWidget() is desk.wrapup_page
    desk.wrapup_page.pain.set_value(3)
    wait_for_focus_in(qtbot, desk.wrapup_page)
    assert desk.visit_id is not None
    return desk.visit_id


def test_signing_shows_the_visit_and_refuses_a_wrong_pin(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    visit = _to_wrap_up(qtbot, desk, clinic, clock)
    press(focused(), Qt.Key.Key_Return, CTRL)  # the start key does not sign
    assert desk.dialog is None and not desk.flow.record(visit).signed
    press(focused(), Qt.Key.Key_S, CTRL | SHIFT)
    dialog = wait_for_dialog(qtbot, desk, SignDialog)
    shown = dialog.summary.text()
    assert "Γιώργος Παπαδόπουλος" in shown and "Pain 5 → 3" in shown and "Home care" in shown
    type_text(focused(), "135792")
    press(focused(), Qt.Key.Key_Return)
    finish_background()  # checked on a worker
    assert "not right" in dialog.error.text() and dialog.isVisible()
    assert not desk.flow.record(visit).signed  # nothing signed, nothing stored
    assert desk.stack.currentWidget() is desk.wrapup_page
    type_text(focused(), ANA_PIN)
    press(focused(), Qt.Key.Key_Return)
    finish_background()  # signed, then read back to show it, on workers
    assert desk.stack.currentWidget() is desk.view_page
    record = desk.flow.record(visit)
    assert record.signed and record.signed_with == "pin" and record.pain_after == 3


def test_amending_asks_for_the_pin_and_keeps_the_text_when_it_is_wrong(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    visit = _to_wrap_up(qtbot, desk, clinic, clock)
    press(focused(), Qt.Key.Key_S, CTRL | SHIFT)
    wait_for_dialog(qtbot, desk, SignDialog)
    type_text(focused(), ANA_PIN)
    press(focused(), Qt.Key.Key_Return)
    wait_for_focus_in(qtbot, desk.view_page)
    press(focused(), Qt.Key.Key_M, CTRL)
    dialog = wait_for_dialog(qtbot, desk, AmendDialog)
    dialog.reason.setText("late entry")
    dialog.text.setPlainText("Pain after was 4.")
    dialog.secret.setFocus()
    type_text(dialog.secret, "135792")
    dialog.save()
    finish_background()  # checked on a worker
    assert "not right" in dialog.error.text() and dialog.isVisible()
    assert dialog.text.toPlainText() == "Pain after was 4."
    assert desk.flow.record(visit).amendments == ()
    type_text(dialog.secret, ANA_PIN)
    dialog.save()
    qtbot.waitUntil(lambda: desk.dialog is None)
    (amendment,) = desk.flow.record(visit).amendments
    assert amendment.text == "Pain after was 4."


def test_the_patients_page_lists_who_saw_the_record(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    desk.show_patient(clinic["patient"])
    access = desk.patient_page.access
    lines = [access.item(i).text() for i in range(access.count())]
    assert lines and "Dr Ana Ruiz" in lines[0] and "viewed the patient" in lines[0]
    assert "Room 1" in lines[0]


def test_a_visit_live_in_another_room_is_read_only_until_taken_over(
    qtbot: QtBot,
    desk: Workspace,
    clinic: dict[str, int],
    clock: FakeClock,
    database: Database,
    library: Library,
    screen: Screen,
) -> None:
    room2 = VisitFlow(database, clock, screen, room="Room 2")
    there = room2.open_treatment(
        clinic["ana"], setup_for(library, clinic["patient"], screen=screen), "Γιώργος"
    )
    sign_in(qtbot, desk, ANA_PIN)
    desk.open_visit(there.visit_id)
    finish_background()  # read on a worker
    view = desk.view_page
    assert desk.treatment is None and desk.stack.currentWidget() is view
    assert "in progress in “Room 2” since" in view.elsewhere.text()
    assert view.take_over_button.isVisible() and not view.void_button.isVisible()

    view.take_over_button.click()
    box = wait_for_dialog(qtbot, desk, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    # Room 2 was active a moment ago: the refusal says why, and asks once more
    qtbot.waitUntil(lambda: isinstance(desk.dialog, QMessageBox) and desk.dialog is not box)
    again = desk.dialog
    assert isinstance(again, QMessageBox) and "Room 2" in again.text()
    again.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: desk.treatment is not None)
    assert desk.stack.currentWidget() is desk.treatment_page
    with pytest.raises(VisitElsewhere):
        there.runner.next()  # Room 2 cannot write into it any more
    assert Action.TAKE_OVER_VISIT.value in [a for a, _ in actions(desk)]
    QApplication.processEvents()
