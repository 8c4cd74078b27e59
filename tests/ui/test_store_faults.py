"""The database fails under the clinician's hands — locked by another program, a full disk, a
damaged file — during a pass, at signing, in an amendment. The window says so in one line,
the runner does not move, and nothing typed is lost; once the fault is gone the same key works."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.faults import FAULTS, SAYS, failing
from tests.ui.helpers import finish_background, into_treatment
from tests.ui.keys import finish_treatment
from ui.pages.visit_view_page import AmendDialog
from ui.workspace import Workspace

CTRL = Qt.KeyboardModifier.ControlModifier
SIGN = CTRL | Qt.KeyboardModifier.ShiftModifier  # Ctrl+Shift+S signs on the wrap-up


def shown(label: QLabel) -> str:
    text = label.text() if label.isVisibleTo(label.window()) else ""
    assert "\n" not in text and "Traceback" not in text and "sqlalchemy" not in text.lower()
    return text


@pytest.mark.parametrize("fault", FAULTS)
def test_a_pass_that_cannot_be_saved(qtbot: QtBot, window: Workspace, clock, fault: str) -> None:  # type: ignore[no-untyped-def]
    into_treatment(qtbot, window)
    page = window.treatment_page
    runner = window.runner
    assert runner is not None
    before = repr(runner.state)
    journal = window.flow.visits.events(window.visit_id)  # type: ignore[arg-type]
    clock.advance(5)
    with failing(fault, "INSERT INTO visit_events", window.database.engine):
        qtbot.keyClick(page, Qt.Key.Key_Space)
    said = shown(page.status)
    assert said.startswith("NOT SAVED") and SAYS[fault] in said and "Nothing was lost" in said
    assert repr(runner.state) == before and "Locate" in page.phase.text()
    assert window.flow.visits.events(window.visit_id) == journal  # type: ignore[arg-type]
    qtbot.keyClick(page, Qt.Key.Key_Space)  # the fault is gone: the same key goes on
    assert not shown(page.status) and runner.state.phase.value == "contact"


@pytest.mark.parametrize("fault", FAULTS)
def test_signing_that_cannot_be_saved(qtbot: QtBot, window: Workspace, clock, fault: str) -> None:  # type: ignore[no-untyped-def]
    into_treatment(qtbot, window)
    clock.advance(20)
    finish_treatment(window.treatment_page)
    page = window.wrapup_page
    assert window.stack.currentWidget() is page
    page.pain.set_value(2)
    page.home_notes.setPlainText("Easy runs only <b>&amp; no hills")
    rows = page.home_care.rowCount()
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()))
    with failing(fault, "UPDATE visits", window.database.engine) as hits:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, SIGN)
        finish_background()  # the sign runs on a worker
    assert hits  # the sign reached the database and failed there
    said = shown(page.general_error)
    assert said.startswith("Not signed") and SAYS[fault] in said
    assert window.stack.currentWidget() is page  # still here, everything typed too
    assert page.pain.value() == 2 and page.home_care.rowCount() == rows
    assert page.home_notes.toPlainText() == "Easy runs only <b>&amp; no hills"
    assert not window.flow.record(window.visit_id).signed  # type: ignore[arg-type]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, SIGN)
    finish_background()
    assert window.stack.currentWidget() is window.view_page
    record = window.flow.record(window.visit_id)  # type: ignore[arg-type]
    assert record.signed and record.pain_after == 2


@pytest.mark.parametrize("fault", FAULTS)
def test_an_amendment_that_cannot_be_saved(
    qtbot: QtBot, window: Workspace, clock, fault: str
) -> None:  # type: ignore[no-untyped-def]
    into_treatment(qtbot, window)
    finish_treatment(window.treatment_page)
    window.wrapup_page.pain.set_value(2)
    window.wrapup_page.sign()
    view = window.view_page
    finish_background()
    qtbot.waitUntil(lambda: view.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, CTRL)
    qtbot.waitUntil(lambda: isinstance(window.dialog, AmendDialog))
    dialog = window.dialog
    assert isinstance(dialog, AmendDialog)
    dialog.reason.setText("late entry")
    dialog.text.setPlainText("Pain after was 3, not 2. Ωmega <b>&")
    with failing(fault, "INSERT INTO amendments", window.database.engine):
        dialog.save()
        finish_background()  # saved on a worker
    said = shown(dialog.error)
    assert said.startswith("Not saved") and SAYS[fault] in said
    assert window.dialog is dialog and dialog.isVisible()  # the text is still in front of them
    assert dialog.text.toPlainText() == "Pain after was 3, not 2. Ωmega <b>&"
    assert window.flow.record(view.record.id).amendments == ()  # type: ignore[union-attr]
    dialog.save()
    qtbot.waitUntil(lambda: window.dialog is None)
    finish_background()  # the amended visit, read again to show it
    (amendment,) = window.flow.record(view.record.id).amendments  # type: ignore[union-attr]
    assert amendment.text == "Pain after was 3, not 2. Ωmega <b>&"
    assert "Amendment 1" in view.body.toPlainText()


def test_a_signed_visit_that_cannot_be_shown_is_still_signed_and_the_page_moves_on(
    qtbot: QtBot,
    window: Workspace,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    into_treatment(qtbot, window)
    clock.advance(20)
    finish_treatment(window.treatment_page)
    visit = window.visit_id
    page = window.wrapup_page
    page.pain.set_value(2)
    messages: list[str] = []
    window.message.connect(lambda text, _ms: messages.append(text))
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()))
    # the sign commits; reading the signed visit back to show it fails
    read = "SELECT visits.id, visits.patient_id, visits.clinician_id"  # the record, not the list
    with failing("malformed", read, after="UPDATE visits") as hits:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, SIGN)
        finish_background()  # signed, then read back to show it, on workers
    assert hits
    assert window.flow.record(visit).signed  # type: ignore[arg-type]
    assert window.stack.currentWidget() is window.patient_page  # not left on the wrap-up
    said = shown(window.patient_page.problem)
    assert (
        said.startswith("The visit is signed. The visit could not be shown") and "damaged" in said
    )
    assert messages and "nothing was saved" not in messages[-1]


def test_reads_that_fail_are_said_on_the_page_and_keep_what_it_showed(
    qtbot: QtBot,
    window: Workspace,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    from tests.ui.helpers import clinician_and_patient

    patient = clinician_and_patient(window, "Ana Núñez")
    window.show_patients()
    page = window.patients_page
    assert page.model.rowCount() == 1
    with failing("malformed", "SELECT"):  # whichever read the search starts with
        qtbot.keyClicks(page.search, "zz")  # every keystroke searches
    assert "could not be read" in shown(page.problem) and "damaged" in shown(page.problem)
    assert page.model.rowCount() == 1  # the list was not half-reset under the new text
    qtbot.keyClick(page.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(page.search, Qt.Key.Key_Backspace)
    assert not shown(page.problem) and page.model.rowCount() == 1
    with failing("locked", "SELECT visits.id, visits.patient_id, patients.full_name"):
        page.patient_opened.emit(patient)  # Enter on the list: the history cannot be read
    assert window.stack.currentWidget() is page
    assert "The patient could not be opened" in shown(page.problem)
    assert "busy in another program" in shown(page.problem)
    page.patient_opened.emit(patient)
    assert window.stack.currentWidget() is window.patient_page
    assert not shown(window.patient_page.problem)
