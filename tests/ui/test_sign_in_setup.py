"""Issue 10 through the window, the setting-up side: the first clinician's PIN turns sign-in
on, the rules are said, your own PIN changes only with the current one, an admin resets a
colleague's, voiding asks a reason and the PIN, and this room keeps its hold on a live visit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from artdesk.treatment import FakeClock
from tests.ui.conftest import focused, wait_for_dialog
from tests.ui.helpers import finish_background, into_treatment
from tests.ui.keys import CTRL, finish_treatment, press, type_text
from tests.ui.test_who_did_what import ANA_PIN, TOMAS_PASSWORD, clinic, desk, sign_in
from ui.pages.first_run import FirstRunDialog
from ui.pages.secret_dialog import SecretDialog
from ui.pages.sign_dialog import SignDialog, VoidDialog
from ui.workspace import Workspace

__all__ = ["clinic", "desk"]  # the fixtures, shared with the sign-in tests

SHIFT = Qt.KeyboardModifier.ShiftModifier


def toolbar_action(window: Workspace, text: str):  # type: ignore[no-untyped-def]
    (action,) = [a for a in window.toolbar.actions() if a.text() == text]
    return action


def test_the_first_clinicians_pin_turns_sign_in_on_with_them_signed_in(
    qtbot: QtBot, window: Workspace
) -> None:
    assert not window.session.enabled and window.toolbar.clinician.isVisible()
    window.first_run()
    dialog = wait_for_dialog(qtbot, window, FirstRunDialog)
    assert dialog.secret is not None and "6 to 12 digits" in dialog.secret.rule.text()
    type_text(focused(), "Dr Kim Lee")
    type_text(dialog.secret.secret, "123456")  # a straight run: refused, with the rule
    type_text(dialog.secret.repeat, "123456")
    dialog.create_profile()
    assert dialog.isVisible() and "not a run" in dialog.error.text()
    assert window.clinicians.active() == []
    dialog.secret.clear()
    type_text(dialog.secret.secret, "246810")
    type_text(dialog.secret.repeat, "246810")
    dialog.create_profile()
    qtbot.waitUntil(lambda: window.dialog is None)
    assert window.session.enabled and not window.session.locked
    assert "Dr Kim Lee" in window.toolbar.signed_in.text()
    qtbot.waitUntil(lambda: not window.toolbar.clinician.isVisible())  # no list to pick from
    toolbar_action(window, "Add clinician…").trigger()  # now a colleague needs one too
    colleague = wait_for_dialog(qtbot, window, FirstRunDialog)
    colleague.name.setText("Tomás Ferreira")
    colleague.create_profile()
    assert colleague.isVisible() and "6 to 12 digits" in colleague.error.text()
    colleague.reject()
    qtbot.waitUntil(lambda: window.dialog is None and QApplication.activeWindow() is window)
    press(window, Qt.Key.Key_L, CTRL)
    assert window.session.locked


def test_your_pin_changes_only_with_the_current_one_and_an_admin_resets_a_colleagues(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    sign_in(qtbot, desk, ANA_PIN)  # Ana: the clinic's first clinician, its admin
    toolbar_action(desk, "Your PIN/password…").trigger()
    dialog = wait_for_dialog(qtbot, desk, SecretDialog)
    type_text(dialog.current, "135792")
    type_text(dialog.fields.secret, "975318")
    type_text(dialog.fields.repeat, "975318")
    dialog.save()
    assert dialog.isVisible() and "not right" in dialog.error.text()
    type_text(dialog.current, ANA_PIN)
    dialog.save()
    qtbot.waitUntil(lambda: desk.dialog is None)
    desk.flow.credentials.verify(clinic["ana"], "975318")  # raises if not changed

    toolbar_action(desk, "Your PIN/password…").trigger()  # Tomás forgot his password
    dialog = wait_for_dialog(qtbot, desk, SecretDialog)
    dialog.whose.setCurrentIndex(dialog.whose.findData(clinic["tomas"]))
    assert "admin" in dialog.current_caption.text()
    type_text(dialog.current, "975318")  # Ana's own PIN
    type_text(dialog.fields.secret, "864209")
    type_text(dialog.fields.repeat, "864209")
    dialog.save()
    qtbot.waitUntil(lambda: desk.dialog is None)
    desk.flow.credentials.verify(clinic["tomas"], "864209")
    actions = [e.action for e in desk.flow.audit.entries()]
    assert "credential-set" in actions and "credential-reset" in actions


def test_voiding_asks_a_reason_and_the_pin_and_the_visit_shows_voided(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    into_treatment(qtbot, desk, patient=clinic["patient"])  # the wrong patient, say
    visit = desk.visit_id
    assert visit is not None
    press(desk.treatment_page, Qt.Key.Key_Delete, CTRL | SHIFT)
    dialog = wait_for_dialog(qtbot, desk, VoidDialog)
    type_text(dialog.reason, "opened for the wrong patient")
    type_text(dialog.secret, TOMAS_PASSWORD)  # not Ana's
    dialog.save()
    finish_background()  # checked on a worker
    assert dialog.isVisible() and "Not voided" in dialog.error.text()
    assert not desk.flow.record(visit).voided
    type_text(dialog.secret, ANA_PIN)
    dialog.save()
    qtbot.waitUntil(lambda: desk.stack.currentWidget() is desk.view_page)
    assert desk.treatment is None and desk.flow.record(visit).voided
    assert "VOIDED" in desk.view_page.lock.text() and "VOIDED" in desk.view_page.body.toPlainText()
    assert not desk.view_page.void_button.isVisible()


def test_a_signed_visit_can_be_voided_from_its_view(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    into_treatment(qtbot, desk, patient=clinic["patient"])
    finish_treatment(desk.treatment_page)
    desk.wrapup_page.pain.set_value(2)
    desk.wrapup_page.sign()
    wait_for_dialog(qtbot, desk, SignDialog)
    type_text(focused(), ANA_PIN)
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.stack.currentWidget() is desk.view_page)
    desk.view_page.void_button.click()
    dialog = wait_for_dialog(qtbot, desk, VoidDialog)
    type_text(dialog.reason, "entered twice")
    type_text(dialog.secret, ANA_PIN)
    dialog.save()
    qtbot.waitUntil(lambda: desk.dialog is None)
    finish_background()  # the voided visit, read again to show it
    assert "VOIDED" in desk.view_page.lock.text()
    assert not desk.view_page.amend_button.isVisible()
    desk.show_patient(clinic["patient"])  # the patient's history labels it, with no minutes
    model = desk.patient_page.history
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[4].startswith("VOIDED") and cells[3] == "—"


@pytest.mark.parametrize("stage", ["treatment", "wrap-up"])
def test_this_room_keeps_its_hold_on_the_live_visit(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock, stage: str
) -> None:
    sign_in(qtbot, desk, ANA_PIN)
    into_treatment(qtbot, desk, patient=clinic["patient"])
    if stage == "wrap-up":
        finish_treatment(desk.treatment_page)
    visit = desk.visit_id
    assert visit is not None
    before = desk.flow.visits.holder(visit)
    assert before is not None and before.room == "Room 1"
    clock.advance(60)  # nothing happening: no journal write renews it
    assert desk.visit_actions.heartbeat_timer.isActive()
    desk.visit_actions.heartbeat()
    after = desk.flow.visits.holder(visit)
    assert after is not None and after.seen_at > before.seen_at


def test_adding_and_changing_a_patient_and_closing_are_in_the_audit_trail(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int]
) -> None:
    from ui.pages.patient_form import PatientForm

    sign_in(qtbot, desk, ANA_PIN)
    desk.edit_patient(clinic["patient"])
    form = wait_for_dialog(qtbot, desk, PatientForm)
    form.phone.setText("+30 694 000 1111")
    form.save()
    qtbot.waitUntil(lambda: desk.dialog is None)
    access = desk.patient_page.access
    lines = [access.item(i).text() for i in range(access.count())]
    assert any("changed the patient's details" in line for line in lines)
    desk.shutdown()
    last = desk.flow.audit.entries(newest_first=True, limit=1)[0]
    assert (last.action, last.clinician) == ("sign-out", "Dr Ana Ruiz")


def test_the_idle_minutes_come_from_settings_and_saving_settings_is_audited(
    qtbot: QtBot, desk: Workspace, clinic: dict[str, int], clock: FakeClock
) -> None:
    from ui.pages.settings_dialog import SettingsDialog

    sign_in(qtbot, desk, ANA_PIN)
    assert desk.session.idle_timer.isActive()  # the one-second check runs
    toolbar_action(desk, "Settings…").trigger()
    dialog = wait_for_dialog(qtbot, desk, SettingsDialog)
    dialog.editors["lock_minutes"].setValue(2)  # type: ignore[attr-defined]
    dialog.save()
    qtbot.waitUntil(lambda: desk.dialog is None)
    trail = [(e.action, e.clinician) for e in desk.flow.audit.entries()]
    assert ("settings", "Dr Ana Ruiz") in trail
    clock.advance(119)
    desk.session.check_idle()
    assert not desk.session.locked
    clock.advance(2)
    desk.session.check_idle()
    assert desk.session.locked
